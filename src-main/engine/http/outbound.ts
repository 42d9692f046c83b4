import { Agent, errors as undiciErrors, request, type Dispatcher } from 'undici'

/** One header as sent or received, in order; duplicates are separate entries. */
export type HeaderPair = [name: string, value: string]

export type NetworkErrorCode = 'refused' | 'dns' | 'tls' | 'timeout' | 'reset' | 'aborted' | 'invalid_url' | 'other'

export interface OutboundRequest {
  method: string
  url: string
  headers: HeaderPair[]
  body?: Buffer
  /** Whole-exchange limit in real milliseconds (connect + headers + body). */
  timeoutMs: number
  /** Response bytes kept; the true size is still counted. Default 64 KiB. */
  maxResponseBytes?: number
  /** Accept self-signed or otherwise untrusted TLS certificates (local staging servers). */
  insecureTls?: boolean
  signal?: AbortSignal
}

export interface OutboundResponse {
  status: number
  headers: HeaderPair[]
  /** At most maxResponseBytes of the body. */
  body: Buffer
  /** The body's real size in bytes. */
  size: number
  truncated: boolean
}

export type OutboundResult =
  | { ok: true; response: OutboundResponse; durationMs: number }
  | { ok: false; error: { code: NetworkErrorCode; message: string }; durationMs: number }

export interface OutboundClient {
  /** Sends one request: never throws, never follows redirects; network failures are results. */
  send(req: OutboundRequest): Promise<OutboundResult>
  close(): Promise<void>
}

export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024

/** Hop-by-hop headers (RFC 9110 §7.6.1) and Host: never copied when a request is re-sent. */
export const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
])

export function withoutHopByHop(headers: HeaderPair[]): HeaderPair[] {
  const named = new Set(
    headers
      .filter(([n]) => n.toLowerCase() === 'connection')
      .flatMap(([, v]) => v.split(',').map((s) => s.trim().toLowerCase())),
  )
  return headers.filter(([n]) => !HOP_BY_HOP.has(n.toLowerCase()) && !named.has(n.toLowerCase()))
}

/**
 * The engine's one HTTP client for dispatch, forwarding and replay: a keep-alive connection
 * pool per origin (undici), no redirects, a hard timeout, response bodies capped.
 */
export function createOutboundClient(options: { connectionsPerOrigin?: number } = {}): OutboundClient {
  const make = (rejectUnauthorized: boolean) =>
    new Agent({
      connections: options.connectionsPerOrigin ?? 64,
      keepAliveTimeout: 10_000,
      connect: { rejectUnauthorized },
    })
  const secure = make(true)
  let insecure: Agent | undefined

  return {
    async send(req) {
      const started = performance.now()
      const elapsed = () => Math.round((performance.now() - started) * 10) / 10
      let url: URL
      try {
        url = new URL(req.url)
        if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('only http and https URLs can be called')
      } catch (err) {
        return { ok: false, error: { code: 'invalid_url', message: `${req.url}: ${(err as Error).message}` }, durationMs: 0 }
      }
      const timeout = AbortSignal.timeout(req.timeoutMs)
      const signal = req.signal ? AbortSignal.any([timeout, req.signal]) : timeout
      const dispatcher: Dispatcher = req.insecureTls ? (insecure ??= make(false)) : secure
      try {
        const res = await request(url, {
          method: req.method as Dispatcher.HttpMethod,
          headers: req.headers.flat(),
          body: req.body && req.body.length > 0 ? req.body : req.method === 'GET' || req.method === 'HEAD' ? undefined : req.body,
          dispatcher,
          signal,
          responseHeaders: 'raw',
          headersTimeout: req.timeoutMs,
          bodyTimeout: req.timeoutMs,
        })
        const cap = req.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES
        const chunks: Buffer[] = []
        let kept = 0
        let size = 0
        for await (const chunk of res.body as AsyncIterable<Buffer>) {
          size += chunk.length
          if (kept < cap) {
            const part = chunk.subarray(0, cap - kept)
            chunks.push(part)
            kept += part.length
          }
        }
        const raw = res.headers as unknown as Buffer[]
        const headers: HeaderPair[] = []
        for (let i = 0; i + 1 < raw.length; i += 2) headers.push([raw[i]!.toString('latin1'), raw[i + 1]!.toString('latin1')])
        return {
          ok: true,
          response: { status: res.statusCode, headers, body: Buffer.concat(chunks), size, truncated: size > kept },
          durationMs: elapsed(),
        }
      } catch (err) {
        return { ok: false, error: classifyNetworkError(err, timeout.aborted, req.timeoutMs), durationMs: elapsed() }
      }
    },
    async close() {
      await Promise.allSettled([secure.close(), insecure?.close()])
    },
  }
}

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_SSL|HOSTNAME/i

/** Maps Node/undici failures to the codes the delivery log shows, with a sentence. */
export function classifyNetworkError(err: unknown, timedOut: boolean, timeoutMs: number): { code: NetworkErrorCode; message: string } {
  const e = err as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException }
  const code = e?.code ?? e?.cause?.code ?? ''
  const detail = e?.cause?.message ?? e?.message ?? String(err)
  if (timedOut || err instanceof undiciErrors.HeadersTimeoutError || err instanceof undiciErrors.BodyTimeoutError || err instanceof undiciErrors.ConnectTimeoutError || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return { code: 'timeout', message: `no complete response within ${timeoutMs} ms` }
  }
  if (e?.name === 'AbortError' || code === 'ABORT_ERR' || err instanceof undiciErrors.RequestAbortedError) return { code: 'aborted', message: 'the request was cancelled' }
  if (code === 'ECONNREFUSED') return { code: 'refused', message: `connection refused: nothing listens there (${detail})` }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { code: 'dns', message: `the host name does not resolve (${detail})` }
  if (TLS_CODES.test(code) || TLS_CODES.test(detail)) return { code: 'tls', message: `TLS failed: ${detail}` }
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET' || err instanceof undiciErrors.SocketError) {
    return { code: 'reset', message: `the connection was closed before a complete response (${detail})` }
  }
  return { code: 'other', message: detail }
}
