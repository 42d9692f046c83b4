import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { EngineUrls } from '../../src-shared/api/info'

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

/**
 * The engine of another process running on this data folder: its runtime record names a live
 * process that answers on the record's API. A record left by a crash (its pid perhaps reused
 * since, by anything) is not one; neither is this process's own.
 */
export async function runningEngine(dataDir: string): Promise<RuntimeRecord | null> {
  const record = readRuntimeRecord(dataDir)
  if (!record || record.pid === process.pid) return null
  try {
    process.kill(record.pid, 0)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return null
  }
  try {
    return (await fetch(`${record.urls.api}/health`, { signal: AbortSignal.timeout(1_000) })).ok ? record : null
  } catch {
    return null
  }
}
