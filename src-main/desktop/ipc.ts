import { dialog, ipcMain, shell, type BrowserWindow, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron'
import { writeFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { IPC } from '../../src-shared/bridge'

const MAX_SAVE_BYTES = 1024 * 1024 * 1024

/**
 * The desktop-only actions. Each handler accepts calls from our own window only and
 * validates its arguments: the renderer shows hostile captured data, so it is not trusted.
 */
export function registerIpc(getWindow: () => BrowserWindow | null, engine: { dataDir: string; apiBase: string; token: string }, uiOrigin: string): void {
  const { dataDir } = engine
  const fromOurWindow = (event: IpcMainInvokeEvent | IpcMainEvent) => {
    const url = event.senderFrame?.url
    return event.sender === getWindow()?.webContents && !!url && new URL(url).origin === uiOrigin
  }

  ipcMain.on(IPC.bootstrap, (event) => {
    event.returnValue = fromOurWindow(event) ? { apiBase: engine.apiBase, token: engine.token } : null
  })

  ipcMain.handle(IPC.openDataFolder, async (event) => {
    if (!fromOurWindow(event)) throw new Error('refused: not the Hookbench window')
    const error = await shell.openPath(dataDir)
    if (error) throw new Error(error)
  })

  ipcMain.handle(IPC.saveFile, async (event, suggestedName: unknown, contents: unknown) => {
    if (!fromOurWindow(event)) throw new Error('refused: not the Hookbench window')
    if (typeof suggestedName !== 'string' || suggestedName.length > 255) throw new Error('a file name of up to 255 characters is required')
    if (typeof contents !== 'string' && !(contents instanceof Uint8Array)) throw new Error('contents must be text or bytes')
    if (contents.length > MAX_SAVE_BYTES) throw new Error('file too large to save from the UI; use `hookbench export`')
    const win = getWindow()
    const options = { defaultPath: basename(suggestedName) }
    const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options)
    if (result.canceled || !result.filePath) return null
    await writeFile(result.filePath, contents)
    return result.filePath
  })
}
