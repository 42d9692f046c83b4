/**
 * Where the ingest plane listens, and over what: the address (this machine only, one LAN
 * address, or every interface), the port, and plain HTTP or HTTPS with the self-signed
 * certificate kept in the data folder. The choice made in Settings is saved and survives a
 * restart; explicit --ingest-host/--ingest-port flags win over it. Rebinding starts a new
 * listener and only then drops the old one, so a bad choice leaves the inboxes reachable.
 * The control plane is never affected: it stays on loopback.
 */
import type { FastifyInstance } from 'fastify'
import type { AddressInfo } from 'node:net'
import { isIP } from 'node:net'
import type { IngestSettings, IngestSettingsInput } from '../../src-shared/api/settings'
import { buildIngestPlane } from './api/ingest-plane'
import type { RouteDeps } from './api/types'
import { listenOrExplain } from './api/listen'
import { EngineError, PortInUseError } from './errors'
import { ingestBaseUrls, isLoopbackHost, isWildcardHost, listLanAddresses, urlHost } from './network'
import { DEFAULT_INGEST_PORT, LOOPBACK } from './options'
import { ensureIngestCertificate, type IngestCertificate } from './tls/certificate'

export interface IngestBinding {
  host: string
  port: number
  tls: boolean
}

const SETTINGS_KEY = 'ingest.binding'

export interface IngestController {
  /** Starts listening on the initial binding (throws PortInUseError like any listener). */
  start(): Promise<void>
  /** Moves the listener; on failure the previous one keeps serving and the error says why. */
  rebind(input: IngestSettingsInput): Promise<IngestSettings>
  settings(): IngestSettings
  certificate(): IngestCertificate | null
  /** The primary base URL of the inboxes (loopback when it answers there). */
  baseUrl(): string
  close(): Promise<void>
}

export function savedBinding(deps: RouteDeps): Partial<IngestBinding> {
  const row = deps.ctx.db.prepare('SELECT value FROM settings WHERE key = ?').get(SETTINGS_KEY) as { value: string } | undefined
  if (!row) return {}
  try {
    return JSON.parse(row.value) as Partial<IngestBinding>
  } catch {
    return {}
  }
}

export interface IngestControllerOptions {
  /**
   * When the initial binding came from Settings (not from flags) and cannot be had at start —
   * the LAN address is gone after a network change, or the port is taken — listen on
   * loopback instead of refusing to start: Settings stays reachable to fix it.
   */
  fallBackToLoopback?: boolean
}

export function createIngestController(deps: RouteDeps, initial: IngestBinding, options: IngestControllerOptions = {}): IngestController {
  const { ctx } = deps
  let binding = initial
  let app: FastifyInstance | null = null
  let cert: IngestCertificate | null = null
  // Rebinds run one at a time: two at once would each close "the old" listener and leak one.
  let queue: Promise<unknown> = Promise.resolve()

  const portOf = (a: FastifyInstance | null) => (a?.server.address() as AddressInfo | null)?.port

  async function listenOn(b: IngestBinding): Promise<{ app: FastifyInstance; cert: IngestCertificate | null }> {
    checkHost(b.host)
    let certificate: IngestCertificate | null = null
    if (b.tls) {
      const hosts = isWildcardHost(b.host) ? listLanAddresses().map((a) => a.address) : isLoopbackHost(b.host) ? [] : [b.host]
      certificate = await ensureIngestCertificate(ctx.dataDir, hosts)
    }
    const previousHost = ctx.ingestHost
    ctx.ingestHost = b.host // the ingest plane reads it when built
    const next = await buildIngestPlane(deps, certificate ? { https: { key: certificate.key, cert: certificate.cert } } : {})
    try {
      await listenOrExplain(next, b.host, b.port, 'ingest')
    } catch (err) {
      ctx.ingestHost = previousHost
      await next.close()
      throw err
    }
    return { app: next, cert: certificate }
  }

  async function rebind(input: IngestSettingsInput): Promise<IngestSettings> {
    const oldPort = portOf(app) ?? binding.port
    // Leaving the port out keeps the inboxes where senders already post (the actual port, even if 0 was asked).
    const next: IngestBinding = { host: input.host, port: input.port ?? oldPort, tls: input.tls }
    const previous = binding
    const old = app
    const samePort = next.port !== 0 && next.port === oldPort
    // The same port cannot be held twice: free it first, and take it back if the move fails.
    if (samePort) await old?.close()
    try {
      const started = await listenOn(next)
      if (!samePort) await old?.close()
      app = started.app
      cert = started.cert
      binding = next
    } catch (err) {
      if (samePort) {
        const restored = await listenOn({ ...previous, port: oldPort })
        app = restored.app
        cert = restored.cert
      }
      if (err instanceof PortInUseError) throw new EngineError('HB_ERR_PORT_IN_USE', 409, `Port ${err.port} is in use on ${err.host}: pick another port (0 picks a free one).`, '/port')
      throw err
    }
    ctx.db
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(SETTINGS_KEY, JSON.stringify(binding))
    const out = settings()
    ctx.events.emit('settings.ingest', out)
    return out
  }

  function settings(): IngestSettings {
    const port = portOf(app) ?? binding.port
    const urls = ingestBaseUrls(binding.host, port, binding.tls ? 'https' : 'http')
    return {
      host: binding.host,
      port,
      tls: binding.tls,
      urls,
      lanAddresses: listLanAddresses(),
      exposed: !isLoopbackHost(binding.host),
      certificate: cert ? { fingerprint256: cert.fingerprint256, notAfter: cert.notAfter, hosts: cert.hosts, downloadPath: '/api/settings/ingest/certificate' } : null,
    }
  }

  return {
    async start() {
      let started
      try {
        started = await listenOn(binding)
      } catch (err) {
        if (!options.fallBackToLoopback || isLoopbackHost(binding.host) && !(err instanceof PortInUseError)) throw err
        const wanted = binding
        binding = { host: LOOPBACK, port: err instanceof PortInUseError ? 0 : wanted.port, tls: wanted.tls }
        started = await listenOn(binding).catch(() => listenOn((binding = { ...binding, port: 0 })))
        ctx.log.warn({ wanted, got: binding, err: (err as Error).message }, 'the saved inbox binding is unavailable; listening on loopback until Settings changes it')
      }
      app = started.app
      cert = started.cert
    },

    rebind(input) {
      const run = queue.then(() => rebind(input))
      queue = run.catch(() => undefined)
      return run
    },

    settings,
    certificate: () => cert,
    baseUrl() {
      const scheme = binding.tls ? 'https' : 'http'
      const host = isWildcardHost(binding.host) || binding.host === 'localhost' ? LOOPBACK : binding.host
      return `${scheme}://${urlHost(host)}:${portOf(app) ?? binding.port}`
    },
    async close() {
      await queue
      await app?.close()
    },
  }
}

function checkHost(host: string): void {
  if (isLoopbackHost(host) || isWildcardHost(host) || isIP(host)) return
  throw new EngineError('HB_ERR_INGEST_HOST', 400, `"${host}" is not an IP address: use 127.0.0.1, 0.0.0.0 or one of this machine's addresses (${listLanAddresses().map((a) => a.address).join(', ') || 'none found'}).`, '/host')
}

export const DEFAULT_BINDING: IngestBinding = { host: LOOPBACK, port: DEFAULT_INGEST_PORT, tls: false }
