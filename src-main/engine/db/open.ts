import Database from 'better-sqlite3'
import { assertNotFromFuture, migrate } from './migrate'
import { MIGRATIONS, type Migration } from './migrations'

export type Db = Database.Database

export interface OpenDatabaseOptions {
  /** better-sqlite3 binary for this runtime (the desktop shell passes its Electron build). */
  nativeBinding?: string
  migrations?: readonly Migration[]
}

/**
 * Opens (creating if needed) and migrates the database. WAL lets the UI read while capture
 * and dispatch write; synchronous=NORMAL keeps every committed transaction across a process
 * crash (only an OS crash can lose the last ones) at a fraction of FULL's fsync cost.
 */
export function openDatabase(path: string, options: OpenDatabaseOptions = {}): Db {
  const db = new Database(path, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
  try {
    assertNotFromFuture(db, path, options.migrations ?? MIGRATIONS)
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    // Checkpoint every ~40 MiB of WAL rather than SQLite's 4 MiB: capture and dispatch rewrite
    // the same hot pages (indexes, counters) many times between checkpoints, and a checkpoint
    // copies each page once, so fewer checkpoints copy far less (ingest bench: +16 % captures/s).
    // The WAL file is cut back to 16 MiB after each one. The engine also copies frames from a
    // worker thread as they come (checkpointer.ts), so this one mostly finds the work done.
    db.pragma('wal_autocheckpoint = 10000')
    db.pragma(`journal_size_limit = ${16 * 1024 * 1024}`)
    // SQLite's lower() folds ASCII only: "Ärger" would never match "ärger". NFC too, so a name
    // typed with a combining accent (macOS input, pasted text) matches the precomposed one.
    db.function('unicode_lower', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? unicodeLower(text) : text))
    migrate(db, options.migrations ?? MIGRATIONS)
    return db
  } catch (err) {
    db.close()
    throw err
  }
}

/** Closes cleanly: folds the WAL back into the main file so the folder holds one file. */
export function closeDatabase(db: Db): void {
  if (!db.open) return
  try {
    db.pragma('wal_checkpoint(TRUNCATE)')
  } finally {
    db.close()
  }
}

/** The case- and composition-folded form text searches compare (the SQL function unicode_lower). */
export const unicodeLower = (text: string): string => text.normalize('NFC').toLowerCase()
