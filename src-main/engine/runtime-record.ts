import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { EngineUrls } from '../../src-shared/api/info'
import { TOKEN_FILE } from './token'

export const RUNTIME_FILE = 'engine.json'

/** Where a running engine can be found; CLI commands read it when no --api is given. */
export interface RuntimeRecord {
  pid: number
  version: string
  startedAt: string
  urls: EngineUrls
}

export function writeRuntimeRecord(dataDir: string, record: RuntimeRecord): void {
  writeFileSync(join(dataDir, RUNTIME_FILE), JSON.stringify(record, null, 2) + '\n', { mode: 0o600 })
}

export function readRuntimeRecord(dataDir: string): RuntimeRecord | null {
  try {
    return JSON.parse(readFileSync(join(dataDir, RUNTIME_FILE), 'utf8')) as RuntimeRecord
  } catch {
    return null
  }
}

/** Removes the record only if it is ours (another engine may have started since). */
export function removeRuntimeRecord(dataDir: string, pid: number): void {
  if (readRuntimeRecord(dataDir)?.pid === pid) rmSync(join(dataDir, RUNTIME_FILE), { force: true })
}

/** Whether a process with this pid exists (EPERM: it does, owned by someone else). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Where the engine holding this data folder's lock (data-dir-lock.ts) can be found, to name it in
 * the refusal: its runtime record names a live process, and the engine at the record's API takes
 * this folder's token and says it serves this folder. A record left by a crash (its pid perhaps
 * reused since, its port now another engine's) is not one; nor is any while the holder is still
 * starting (it writes its record last).
 */
export async function runningEngine(dataDir: string): Promise<RuntimeRecord | null> {
  const record = readRuntimeRecord(dataDir)
  if (!record || !isAlive(record.pid)) return null
  let token: string
  try {
    token = readFileSync(join(dataDir, TOKEN_FILE), 'utf8').trim()
  } catch {
    return null // no token: no engine ever ran here
  }
  try {
    const res = await fetch(`${record.urls.api}/info`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(1_000) })
    if (!res.ok) return null
    const info = (await res.json()) as { dataDir?: unknown }
    return info.dataDir === dataDir ? record : null
  } catch {
    return null
  }
}
