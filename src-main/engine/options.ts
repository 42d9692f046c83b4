import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Clock } from './clock'

export interface EngineOptions {
  /** Data folder; see `resolveDataDir` for the default. */
  dataDir?: string
  /** Control plane host. Loopback only: the control API is never exposed. */
  host?: string
  /** Control plane port (0 picks a free one). Default 4310. */
  port?: number
  /** Ingest plane host; a LAN address lets a staging app reach the inboxes. Default 127.0.0.1, or what Settings saved. */
  ingestHost?: string
  /** Ingest plane port (0 picks a free one). Default 4320, or what Settings saved. */
  ingestPort?: number
  /** Serve the inboxes over HTTPS with the data folder's self-signed certificate. */
  ingestTls?: boolean
  clock?: Clock
  /** Folder of the built renderer (index.html); the UI is not served when absent. */
  uiDir?: string
  /** Path of a better-sqlite3 binary built for this runtime (Electron passes its own). */
  nativeBinding?: string
  /** `electron` when hosted by the desktop shell; shown in Settings. */
  host_runtime?: 'node' | 'electron'
}

export const DEFAULT_PORT = 4310
export const DEFAULT_INGEST_PORT = 4320
export const LOOPBACK = '127.0.0.1'

/** The platform's app-data folder for Hookbench (Electron passes its `userData` instead). */
export function platformDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'hookbench')
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'hookbench')
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'hookbench')
}

/** `--data-dir`, else `HOOKBENCH_DATA_DIR`, else the platform's app-data folder. */
export function resolveDataDir(flag?: string, env: NodeJS.ProcessEnv = process.env, fallback?: string): string {
  if (flag) return resolve(flag)
  if (env.HOOKBENCH_DATA_DIR) return resolve(env.HOOKBENCH_DATA_DIR)
  return fallback ?? platformDataDir(env)
}
