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
import { EngineError, PortInUseError } from './errors'
import { ingestBaseUrls, isLoopbackHost, isWildcardHost, listLanAddresses } from './network'
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

export function createIngestController(deps: RouteDeps, initial: IngestBinding): IngestController {
  const { ctx } = deps
  let binding = initial
  let app: FastifyInstance | null = null
  let cert: IngestCertificate | null = null

  const actualPort = (a: FastifyInstance | null) => (a?.server.address() as AddressInfo | null)?.port ?? binding.port

  async function listenOn(b: IngestBinding): Promise<{ app: FastifyInstance; cert: IngestCertificate | null }> {
    checkHost(b.host)
    let certificate: IngestCertificate | null = null
    if (b.tls) {
      const hosts = isWildcardHost(b.host) ? listLanAddresses().map((a) => a.address) : isLoopbackHost(b.host) ? [] : [b.host]
      certificate = await ensureIngestCertificate(ctx.dataDir, hosts)
    }
    ctx.ingestHost = b.host
    const next = await buildIngestPlane(deps, certificate ? { https: { key: certificate.key, cert: certificate.cert } } : {})
    try {
      await next.listen({ host: b.host, port: b.port })
    } catch (err) {
      await next.close()
      const code = (err as NodeJS.ErrnoException).code
      if (code === 'EADDRINUSE') throw new PortInUseError('ingest', b.host, b.port)
      if (code === 'EADDRNOTAVAIL') throw new EngineError('HB_ERR_HOST_UNAVAILABLE', 400, `${b.host} is not an address of this machine: pick one of the listed addresses.`, '/host')
      throw err
    }
    return { app: next, cert: certificate }
  }

  function settings(): IngestSettings {
    const port = actualPort(app)
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
      const started = await listenOn(binding)
      app = started.app
      cert = started.cert
    },

    async rebind(input) {
      const next: IngestBinding = { host: input.host, port: input.port ?? binding.port, tls: input.tls }
      const previous = binding
      const old = app
      const samePort = next.port !== 0 && next.port === actualPort(old)
      // The same port cannot be held twice: free it first, and take it back if the move fails.
      if (samePort) await old?.close()
      try {
        const started = await listenOn(next)
        if (!samePort) await old?.close()
        app = started.app
        cert = started.cert
        binding = next
      } catch (err) {
        ctx.ingestHost = previous.host
        if (samePort) {
          const restored = await listenOn({ ...previous, port: actualPort(old) })
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
    },

    settings,
    certificate: () => cert,
    baseUrl() {
      const scheme = binding.tls ? 'https' : 'http'
      const host = isWildcardHost(binding.host) || binding.host === 'localhost' ? LOOPBACK : binding.host
      return `${scheme}://${isIP(host) === 6 ? `[${host}]` : host}:${actualPort(app)}`
    },
    async close() {
      await app?.close()
    },
  }
}

function checkHost(host: string): void {
  if (isLoopbackHost(host) || isWildcardHost(host)) return
  if (!isIP(host)) throw new EngineError('HB_ERR_INGEST_HOST', 400, `"${host}" is not an IP address: use 127.0.0.1, 0.0.0.0 or one of this machine's addresses.`, '/host')
}

export const DEFAULT_BINDING: IngestBinding = { host: LOOPBACK, port: DEFAULT_INGEST_PORT, tls: false }
