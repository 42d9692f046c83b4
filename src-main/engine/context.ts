import type { Logger } from 'pino'
import type { EngineUrls } from '../../src-shared/api/info'
import type { Clock } from './clock'
import type { Db } from './db/open'
import type { EventBus } from './events'

/**
 * What every domain factory receives: dependencies are passed, never imported as singletons,
 * so tests build the same engine on a temp folder with a fake clock.
 */
export interface EngineContext {
  db: Db
  clock: Clock
  events: EventBus
  log: Logger
  dataDir: string
  dbPath: string
  version: string
  /** Real URLs once both planes listen (ports chosen by the OS when 0 was asked). */
  urls(): EngineUrls
  ingestHost: string
  hostRuntime: 'node' | 'electron'
  startedAt: string
}
