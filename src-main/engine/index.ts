import { mkdirSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { urlHost } from './network'
import { join } from 'node:path'
import pino from 'pino'
import type { EngineUrls } from '../../src-shared/api/info'
import { buildControlPlane } from './api/control-plane'
import { listenOrExplain } from './api/listen'
import { realClock } from './clock'
import type { EngineContext } from './context'
import { startCheckpointer } from './db/checkpointer'
import { closeDatabase, openDatabase } from './db/open'
import { dataDirInUse, lockDataDir, type DataDirLock } from './data-dir-lock'
import { EngineError } from './errors'
import { createEventBus } from './events'
import { createIngestController, DEFAULT_BINDING, savedBinding, type IngestController } from './ingest-binding'
import { DEFAULT_PORT, LOOPBACK, resolveDataDir, type EngineOptions } from './options'
import { removeRuntimeRecord, runningEngine, writeRuntimeRecord } from './runtime-record'
import { createServices, type EngineServices } from './services'
import { trackTimeLead } from './time-lead'
import { readOrCreateToken } from './token'
import { VERSION } from './version'

export type { EngineOptions } from './options'

export interface Engine {
  /** Current URLs (the ingest one follows a rebind from Settings). */
  readonly urls: EngineUrls
  token: string
  dataDir: string
  ctx: EngineContext
  services: EngineServices
  /** Stops both listeners and the domain services, then closes the database. Idempotent. */
  close(): Promise<void>
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1'])

/** Starts the engine: database, domain services, control plane and ingest plane. */
export async function createEngine(options: EngineOptions = {}): Promise<Engine> {
  const host = options.host ?? LOOPBACK
  if (!LOOPBACK_HOSTS.has(host)) {
    throw new EngineError(
      'HB_ERR_CONTROL_HOST',
      400,
      `The control plane only binds a loopback address (127.0.0.1, ::1 or localhost), not "${host}". Use --ingest-host to expose the inboxes instead.`,
    )
  }
  const dataDir = resolveDataDir(options.dataDir)
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  // One engine per data folder: a second would fire every schedule twice, resend the first one's
  // attempts in flight as if after a crash, and take its runtime record away when it stops. The
  // lock comes before anything reads or writes the folder, so two engines started at the same
  // moment cannot both get past it; the runtime record only says where the holder is.
  const lock = lockDataDir(dataDir, options.nativeBinding)
  if (!lock) throw dataDirInUse(dataDir, await runningEngine(dataDir))
  try {
    return await startOnLockedFolder(options, host, dataDir, lock)
  } catch (err) {
    lock.release()
    throw err
  }
}

async function startOnLockedFolder(options: EngineOptions, host: string, dataDir: string, lock: DataDirLock): Promise<Engine> {
  const clock = options.clock ?? realClock
  const log = pino(
    { level: process.env.HOOKBENCH_LOG_LEVEL ?? 'info', base: { pid: process.pid } },
    pino.destination({ dest: join(dataDir, 'engine.log'), sync: false, mkdir: true }),
  )
  const dbPath = join(dataDir, 'hookbench.db')
  const db = openDatabase(dbPath, { nativeBinding: options.nativeBinding })
  const checkpointer = startCheckpointer(dbPath, {
    nativeBinding: options.nativeBinding,
    onError: (err) => log.warn({ err }, 'the background WAL checkpointer stopped; the database still checkpoints as it writes'),
  })
  const token = readOrCreateToken(dataDir)
  // Before any service reads a due time: a scaled session's schedule is moved back to this clock.
  const timeLead = trackTimeLead(db, clock, log)

  let controlOrigin = ''
  let ingest: IngestController | undefined
  const urls = (): EngineUrls => ({ ui: `${controlOrigin}/`, api: `${controlOrigin}/api`, ingest: ingest?.baseUrl() ?? '' })
  const ctx: EngineContext = {
    db,
    clock,
    events: createEventBus(clock),
    log,
    dataDir,
    dbPath,
    version: VERSION,
    urls,
    ingestHost: options.ingestHost ?? LOOPBACK,
    hostRuntime: options.host_runtime ?? 'node',
    startedAt: new Date(clock.now()).toISOString(),
  }
  const services = createServices(ctx)
  const deps = { ctx, services }

  const control = await buildControlPlane(deps, { token, uiDir: options.uiDir })
  // Explicit options (CLI flags) win over the binding saved from Settings.
  const saved = savedBinding(deps)
  const explicit = options.ingestHost !== undefined || options.ingestPort !== undefined || options.ingestTls !== undefined
  ingest = createIngestController(
    deps,
    {
      host: options.ingestHost ?? saved.host ?? DEFAULT_BINDING.host,
      port: options.ingestPort ?? saved.port ?? DEFAULT_BINDING.port,
      tls: options.ingestTls ?? saved.tls ?? DEFAULT_BINDING.tls,
    },
    { fallBackToLoopback: !explicit },
  )
  services.ingest = ingest

  let closed: Promise<void> | undefined
  const close = () =>
    (closed ??= (async () => {
      try {
        await Promise.allSettled([control.close(), ingest?.close()])
        for (const stop of [...services.stoppers].reverse()) await stop()
        await checkpointer.close()
        timeLead.stop()
        closeDatabase(db)
        removeRuntimeRecord(dataDir, process.pid)
        await new Promise<void>((resolve) => log.flush(() => resolve()))
      } finally {
        // Last, and even when a step above failed: the folder is not left locked by an engine that stopped.
        lock.release()
      }
    })())

  try {
    await listenOrExplain(control, host, options.port ?? DEFAULT_PORT, 'control')
    controlOrigin = `http://${urlHost(host)}:${(control.server.address() as AddressInfo).port}`
    await ingest.start()
  } catch (err) {
    await close()
    throw err
  }

  writeRuntimeRecord(dataDir, { pid: process.pid, version: VERSION, startedAt: ctx.startedAt, urls: urls() })
  log.info({ urls: urls(), dataDir }, 'engine started')
  return {
    get urls() {
      return urls()
    },
    token,
    dataDir,
    ctx,
    services,
    close,
  }
}

