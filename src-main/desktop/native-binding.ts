import { existsSync } from 'node:fs'
import { join } from 'node:path'

/**
 * better-sqlite3 is compiled for Node by `npm install`; Electron needs a build for its own
 * ABI. The launcher (scripts/start.mjs) builds that one once into .cache/electron-native/,
 * and the engine loads it through better-sqlite3's `nativeBinding` option, so `npm test`
 * (Node) and the desktop app never fight over one binary.
 */
export function electronNativeBindingPath(appRoot: string, electronVersion: string): string {
  return join(appRoot, '.cache', 'electron-native', electronVersion, 'better_sqlite3.node')
}

export function findElectronNativeBinding(appRoot: string): string | undefined {
  const version = process.versions.electron
  if (!version) return undefined
  const path = electronNativeBindingPath(appRoot, version)
  return existsSync(path) ? path : undefined
}
