import type { Database } from 'better-sqlite3'
import { DbFromFutureError } from '../errors'
import { MIGRATIONS, type Migration } from './migrations'

export const latestSchemaVersion = (migrations: readonly Migration[] = MIGRATIONS) =>
  migrations.reduce((max, m) => Math.max(max, m.version), 0)

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number
}

/**
 * Refuses a database made by a newer version before anything writes to it. Called right after
 * opening, before any pragma that could rewrite the file header.
 */
export function assertNotFromFuture(db: Database, path: string, migrations: readonly Migration[] = MIGRATIONS) {
  const found = schemaVersion(db)
  const known = latestSchemaVersion(migrations)
  if (found > known) throw new DbFromFutureError(path, found, known)
}

/** Applies pending migrations in one transaction: either all of them land or none does. */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): { from: number; to: number } {
  const ordered = [...migrations].sort((a, b) => a.version - b.version)
  ordered.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migrations must be numbered 1..n without gaps; found ${m.version} at ${i + 1}`)
  })
  const from = schemaVersion(db)
  const pending = ordered.filter((m) => m.version > from)
  if (pending.length === 0) return { from, to: from }
  db.transaction(() => {
    for (const m of pending) {
      db.exec(m.sql)
      db.pragma(`user_version = ${m.version}`)
    }
  })()
  return { from, to: schemaVersion(db) }
}
