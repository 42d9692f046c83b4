/**
 * What the Electron preload exposes as `window.hookbench`. Every member is optional so the
 * same renderer runs in a plain browser, with fallbacks in `src-renderer/desktop.ts`.
 */
export interface DesktopBridge {
  apiBase?: string
  token?: string
  platform?: string
  /** Opens the data folder in the OS file manager. */
  openDataFolder?: () => Promise<void>
  /** Shows a save dialog and writes `contents`; resolves to the chosen path or null. */
  saveFile?: (suggestedName: string, contents: string | Uint8Array) => Promise<string | null>
}

/** IPC channel names; the preload and `desktop/ipc.ts` both use these. */
export const IPC = {
  /** Sync: the preload asks for { apiBase, token } once, so the token never sits in a command line. */
  bootstrap: 'hookbench:bootstrap',
  openDataFolder: 'hookbench:open-data-folder',
  saveFile: 'hookbench:save-file',
} as const
