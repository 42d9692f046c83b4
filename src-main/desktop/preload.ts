/**
 * Preload (sandboxed, emitted as CommonJS). It exposes exactly { apiBase, token, platform }
 * and two named actions as `window.hookbench`; never ipcRenderer itself, so a compromised
 * page cannot reach any other IPC channel. The engine URL and token arrive as arguments
 * from the main process.
 */
import { contextBridge, ipcRenderer } from 'electron'
import { IPC, type DesktopBridge } from '../../src-shared/bridge'

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)

const bridge: Required<DesktopBridge> = {
  apiBase: arg('hookbench-api') ?? '',
  token: arg('hookbench-token') ?? '',
  platform: process.platform,
  openDataFolder: () => ipcRenderer.invoke(IPC.openDataFolder),
  saveFile: (suggestedName, contents) => ipcRenderer.invoke(IPC.saveFile, suggestedName, contents),
}

contextBridge.exposeInMainWorld('hookbench', bridge)
