import m0001 from './0001-init.sql?raw'

export interface Migration {
  version: number
  name: string
  sql: string
}

/**
 * Forward-only, numbered migrations: never edit one that has been released; add the next
 * number. Listed explicitly (no folder scanning) because the engine is bundled.
 */
export const MIGRATIONS: readonly Migration[] = [{ version: 1, name: 'init', sql: m0001 }]
