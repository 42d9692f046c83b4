import { app, BrowserWindow, dialog, Menu } from 'electron'
import { fileURLToPath } from 'node:url'
import { createEngine, type Engine } from '../engine'
import { PortInUseError } from '../engine/errors'
import { resolveDataDir } from '../engine/options'
import { registerIpc } from './ipc'
import { buildMenu } from './menu'
import { findElectronNativeBinding } from './native-binding'
import { createMainWindow } from './window'

const here = (rel: string) => fileURLToPath(new URL(rel, import.meta.url))
const appRoot = here('../..')

let engine: Engine | null = null
let win: BrowserWindow | null = null

/** Inbox URLs should stay stable across launches; fall back to any free port if 4320 is taken. */
async function startEngine(): Promise<Engine> {
  const base = {
    dataDir: resolveDataDir(undefined, process.env, app.getPath('userData')),
    port: 0, // the window is handed its URL; no fixed port needed for the control plane
    uiDir: here('../renderer'),
    nativeBinding: findElectronNativeBinding(appRoot),
    host_runtime: 'electron' as const,
  }
  try {
    return await createEngine(base)
  } catch (err) {
    if (!(err instanceof PortInUseError) || err.plane !== 'ingest') throw err
    const started = await createEngine({ ...base, ingestPort: 0 })
    void dialog.showMessageBox({
      type: 'warning',
      message: `Port ${err.port} is in use, so the inboxes listen on ${started.urls.ingest} for this session.`,
    })
    return started
  }
}

function openWindow(e: Engine) {
  win = createMainWindow({ uiUrl: e.urls.ui, preloadPath: here('../preload/preload.cjs') })
  win.on('closed', () => (win = null))
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (win?.isMinimized()) win.restore()
    win?.focus()
  })

  app.whenReady().then(async () => {
    try {
      engine = await startEngine()
    } catch (err) {
      dialog.showErrorBox('Hookbench could not start', (err as Error).message)
      app.exit(1)
      return
    }
    Menu.setApplicationMenu(buildMenu(engine.dataDir))
    registerIpc(() => win, { dataDir: engine.dataDir, apiBase: engine.urls.api, token: engine.token }, new URL(engine.urls.ui).origin)
    openWindow(engine)
    app.on('activate', () => {
      if (!win && engine) openWindow(engine)
    })
  })

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })

  let quitting = false
  app.on('before-quit', (event) => {
    if (quitting || !engine) return
    event.preventDefault()
    quitting = true
    void engine.close().finally(() => app.quit())
  })
}
