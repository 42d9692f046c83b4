import Database from 'better-sqlite3'
import { join } from 'node:path'
import { EngineError } from './errors'
import type { RuntimeRecord } from './runtime-record'

export const LOCK_FILE = 'engine.lock'

export interface DataDirLock {
  /** Lets another engine start on the folder. Idempotent. */
  release(): void
}

/**
 * Takes the data folder's engine lock, held until `release()` or the end of the process; null
 * when another engine, of this process or another, holds it.
 *
 * Why an SQLite exclusive lock on a file of its own rather than a pid file: the OS drops the lock
 * when its holder dies, SIGKILL included, so a crash leaves nothing to detect as stale or to take
 * over (a pid file needs a takeover that is itself racy, and a reused pid keeps it "alive"), and
 * SQLite makes two connections of one process exclude each other, which POSIX locks alone do not.
 * The file is never deleted: once unlinked, two engines could each lock a different file of that
 * name. Nothing else in the process may open it either: closing any descriptor of a file drops
 * the process's POSIX locks on it.
 */
export function lockDataDir(dataDir: string, nativeBinding?: string): DataDirLock | null {
  const path = join(dataDir, LOCK_FILE)
  let db: Database.Database | undefined
  try {
    // timeout 0: a held lock is an answer, not something to wait for.
    db = new Database(path, { timeout: 0, ...(nativeBinding ? { nativeBinding } : {}) })
    db.pragma('locking_mode = EXCLUSIVE') // keeps the lock past the transaction, until close
    db.exec('BEGIN EXCLUSIVE; COMMIT')
  } catch (err) {
    db?.close()
    const code = (err as { code?: string }).code
    if (code === 'SQLITE_BUSY') return null
    throw new EngineError('HB_ERR_DATA_DIR_LOCK', 500, `Could not lock the data folder ${dataDir} through ${path}: ${(err as Error).message}. ${lockFix(code, dataDir, path)}`)
  }
  const handle = db
  held.add(handle)
  return {
    release() {
      held.delete(handle)
      if (handle.open) handle.close()
    },
  }
}

/**
 * The open lock handles. An engine a caller dropped without closing still runs (its servers keep
 * it alive), but a handle nothing references would be closed by the garbage collector, and with it the lock.
 */
const held = new Set<Database.Database>()

/** What to do about a lock file that cannot be used, by SQLite's answer. */
function lockFix(code: string | undefined, dataDir: string, path: string): string {
  if (code === 'SQLITE_CANTOPEN') return `Make sure ${dataDir} is a folder this user can write to and ${path} a file it can open, or give another --data-dir.`
  if (code === 'SQLITE_READONLY') return `Make ${path} writable by this user (or delete it if no Hookbench engine runs on this folder).`
  return `If no Hookbench engine runs on this folder, delete ${path} and start again.`
}

/** The refusal of a second engine; `running` (from `runningEngine`) says where the first one is, when it answers yet. */
export function dataDirInUse(dataDir: string, running: RuntimeRecord | null): EngineError {
  const which = running ? `pid ${running.pid}, started ${running.startedAt}; UI ${running.urls.ui}` : 'starting or stopping right now'
  return new EngineError(
    'HB_ERR_DATA_DIR_IN_USE',
    409,
    `The data folder ${dataDir} is in use by another Hookbench engine (${which}). Use that one, stop it first, or give another --data-dir.`,
  )
}
