import m0001 from './0001-init.sql?raw'
import m0002 from './0002-sender.sql?raw'
import m0003 from './0003-receiver.sql?raw'
import m0004 from './0004-replay.sql?raw'
import m0005 from './0005-request-seq.sql?raw'
import m0006 from './0006-deliveries-by-test.sql?raw'
import m0007 from './0007-search-symbols.sql?raw'
import m0008 from './0008-search-decoded-paths.sql?raw'
import m0009 from './0009-deliveries-by-last-attempt.sql?raw'
import m0010 from './0010-request-timestamp-age.sql?raw'
import m0011 from './0011-request-imported.sql?raw'

export interface Migration {
  version: number
  name: string
  sql: string
}

/**
 * Forward-only, numbered migrations: never edit one that has been released; add the next
 * number. Listed explicitly (no folder scanning) because the engine is bundled.
 */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'init', sql: m0001 },
  { version: 2, name: 'sender', sql: m0002 },
  { version: 3, name: 'receiver', sql: m0003 },
  { version: 4, name: 'replay', sql: m0004 },
  { version: 5, name: 'request-seq', sql: m0005 },
  { version: 6, name: 'deliveries-by-test', sql: m0006 },
  { version: 7, name: 'search-symbols', sql: m0007 },
  { version: 8, name: 'search-decoded-paths', sql: m0008 },
  { version: 9, name: 'deliveries-by-last-attempt', sql: m0009 },
  { version: 10, name: 'request-timestamp-age', sql: m0010 },
  { version: 11, name: 'request-imported', sql: m0011 },
]
