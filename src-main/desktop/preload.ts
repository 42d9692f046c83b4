/**
 * Preload (sandboxed, emitted as CommonJS). It exposes exactly { apiBase, token, platform }
 * and two named actions as `window.hookbench`; never ipcRenderer itself, so a compromised
 * page cannot reach any other IPC channel. The engine URL and token are asked of the main
 * process once, synchronously (it answers our own window only).
 */
import { contextBridge, ipcRenderer } from 'electron'
import { IPC, type DesktopBridge } from '../../src-shared/bridge'

const connection = (ipcRenderer.sendSync(IPC.bootstrap) ?? { apiBase: '', token: '' }) as { apiBase: string; token: string }

const bridge: Required<DesktopBridge> = {
  apiBase: connection.apiBase,
  token: connection.token,
  platform: process.platform,
  openDataFolder: () => ipcRenderer.invoke(IPC.openDataFolder),
  saveFile: (suggestedName, contents) => ipcRenderer.invoke(IPC.saveFile, suggestedName, contents),
}

contextBridge.exposeInMainWorld('hookbench', bridge)
