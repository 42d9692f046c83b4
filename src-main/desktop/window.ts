/**
 * The desktop window. The renderer loads the control plane's URL like any browser, so it is
 * locked down as one: context isolation, the Chromium sandbox, no Node integration, no
 * navigation away from the engine's origin, no new windows (links to other sites open in the
 * user's browser), and every permission request (camera, notifications...) denied. The
 * preload hands over only { apiBase, token, platform } (asked over IPC, never put on a command
 * line other users could read) and two named actions.
 */
import { BrowserWindow, shell } from 'electron'

export interface WindowOptions {
  uiUrl: string
  preloadPath: string
}

export function createMainWindow({ uiUrl, preloadPath }: WindowOptions): BrowserWindow {
  const origin = new URL(uiUrl).origin
  const win = new BrowserWindow({
    width: 1360,
    height: 880,
    minWidth: 900,
    minHeight: 600,
    title: 'Hookbench',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      spellcheck: false,
    },
  })

  const openOutside = (url: string) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url)
  }
  win.webContents.on('will-navigate', (event, url) => {
    if (new URL(url).origin !== origin) {
      event.preventDefault()
      openOutside(url)
    }
  })
  win.webContents.on('will-redirect', (event, url) => {
    if (new URL(url).origin !== origin) event.preventDefault()
  })
  win.webContents.setWindowOpenHandler(({ url }) => {
    openOutside(url)
    return { action: 'deny' }
  })
  win.webContents.session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  win.once('ready-to-show', () => win.show())
  void win.loadURL(uiUrl)
  return win
}
