import { Agent, errors as undiciErrors, type Dispatcher } from 'undici'
import { withoutCredentials } from '../../../src-shared/http-url'

const { RequestAbortedError } = undiciErrors

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

/** Headers that frame a message on its connection: set by the HTTP stack, never by a rule or a copy. */
export const FRAMING_HEADERS: ReadonlySet<string> = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'upgrade', 'trailer'])

/** Hop-by-hop headers (RFC 9110 §7.6.1), framing, Expect (a 100-continue is agreed per hop) and Host: never copied when a message is re-sent. */
export const HOP_BY_HOP: ReadonlySet<string> = new Set([...FRAMING_HEADERS, 'expect', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'host'])

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
 *
 * Cost per request matters here (the dispatcher sends thousands a second), so requests go
 * through undici's `dispatch` with a handler of our own instead of `request()`: no response
 * stream and no async iterator, and no AbortSignal per request. AbortSignal.timeout plus
 * AbortSignal.any cost about as much CPU as the whole HTTP exchange on loopback (measured:
 * ~50 µs of ~110 µs per request); the whole-exchange deadline is one plain timer that aborts
 * the request through the handle undici gives the handler, and a caller's signal gets one
 * listener however many requests share it (the dispatcher and the forwarder each pass one
 * shutdown signal for all their requests).
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
    send(req) {
      const started = performance.now()
      const target = parseTarget(req.url)
      if (typeof target === 'string') {
        return Promise.resolve({ ok: false, error: { code: 'invalid_url', message: `${withoutCredentials(req.url)}: ${target}` }, durationMs: 0 })
      }
      const signal = req.signal
      if (signal?.aborted) return Promise.resolve({ ok: false, error: aborted(), durationMs: 0 })
      const dispatcher: Dispatcher = req.insecureTls ? (insecure ??= make(false)) : secure
      const cap = req.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES
      return new Promise<OutboundResult>((resolve) => {
        let settled = false
        let abort: ((err?: Error) => void) | null = null
        let status = 0
        let rawHeaders: Buffer[] = []
        const chunks: Buffer[] = []
        let kept = 0
        let size = 0
        const elapsed = () => Math.round((performance.now() - started) * 10) / 10
        const settle = (result: OutboundResult) => {
          if (settled) return
          settled = true
          clearTimeout(timer)
          if (signal) unwatch(signal, cancel)
          resolve(result)
        }
        // Deadline or caller's abort: answer now, and stop the request (at once, or as soon as
        // undici hands it a socket if it is still waiting for one).
        const stop = (error: { code: NetworkErrorCode; message: string }) => {
          if (settled) return
          settle({ ok: false, error, durationMs: elapsed() })
          abort?.(new RequestAbortedError())
        }
        const timer = setTimeout(() => stop(timedOut(req.timeoutMs)), req.timeoutMs)
        const cancel = () => stop(aborted())
        if (signal) watch(signal, cancel)
        const flat: string[] = []
        for (const [name, value] of req.headers) flat.push(name, value)
        if (target.basicAuth !== null && !hasAuthorization(req.headers)) flat.push('Authorization', target.basicAuth)
        const handler: Dispatcher.DispatchHandler = {
          onConnect(a) {
            if (settled) a(new RequestAbortedError())
            else abort = a
          },
          onHeaders(statusCode, headers) {
            if (statusCode < 200) return true // 1xx informational: the final response follows
            status = statusCode
            rawHeaders = headers
            return true
          },
          onData(chunk) {
            size += chunk.length
            if (kept < cap) {
              const part = chunk.length <= cap - kept ? chunk : chunk.subarray(0, cap - kept)
              chunks.push(part)
              kept += part.length
            }
            return true
          },
          onComplete() {
            const headers: HeaderPair[] = []
            for (let i = 0; i + 1 < rawHeaders.length; i += 2) headers.push([rawHeaders[i]!.toString('latin1'), rawHeaders[i + 1]!.toString('latin1')])
            settle({
              ok: true,
              response: { status, headers, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), size, truncated: size > kept },
              durationMs: elapsed(),
            })
          },
          onError(err) {
            settle({ ok: false, error: classifyNetworkError(err, req.timeoutMs), durationMs: elapsed() })
          },
        }
        try {
          dispatcher.dispatch(
            {
              origin: target.origin,
              path: target.path,
              method: req.method as Dispatcher.HttpMethod,
              headers: flat,
              body: req.body && req.body.length > 0 ? req.body : req.method === 'GET' || req.method === 'HEAD' ? undefined : req.body,
              headersTimeout: req.timeoutMs,
              bodyTimeout: req.timeoutMs,
            },
            handler,
          )
        } catch (err) {
          handler.onError!(err as Error)
        }
      })
    },
    async close() {
      await Promise.allSettled([secure.close(), insecure?.close()])
    },
  }
}

const aborted = () => ({ code: 'aborted' as const, message: 'the request was cancelled' })
const timedOut = (ms: number) => ({ code: 'timeout' as const, message: `no complete response within ${ms} ms` })

export interface CallTarget {
  origin: string
  /** The request target: path and query as written (see requestTarget). */
  path: string
  /** The Host header value. */
  host: string
  /** `Basic …` for credentials written in the URL (`https://user:pass@host/`), else null. */
  basicAuth: string | null
}

/** Origin, path, Host and credentials of a URL, or why it cannot be called. Parsed once per URL string (webhooks repeat theirs). */
const targets = new Map<string, CallTarget | string>()
export function parseTarget(raw: string): CallTarget | string {
  let target = targets.get(raw)
  if (target === undefined) {
    try {
      const url = new URL(raw)
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('only http and https URLs can be called')
      const credentials = url.username || url.password ? Buffer.concat([percentBytes(url.username), Buffer.from(':'), percentBytes(url.password)]) : null
      target = {
        origin: url.origin,
        path: requestTarget(raw) ?? url.pathname + url.search,
        host: url.host,
        basicAuth: credentials === null ? null : `Basic ${credentials.toString('base64')}`,
      }
    } catch (err) {
      target = (err as Error).message
    }
    if (targets.size >= 1000) targets.clear()
    targets.set(raw, target)
  }
  return target
}

/**
 * The bytes a percent-encoded URL component stands for, as curl decodes credentials: `%XX` is one
 * byte, anything else (`%zz` too) its UTF-8 bytes. (querystring.unescapeBuffer does this but is
 * not a documented API.)
 */
function percentBytes(text: string): Buffer {
  if (!text.includes('%')) return Buffer.from(text, 'utf8')
  const bytes: number[] = []
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '%' && /^[0-9a-f]{2}$/i.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16))
      i += 2
    } else bytes.push(...Buffer.from(text[i]!, 'utf8'))
  }
  return Buffer.from(bytes)
}

/**
 * `headers` plus the Basic authorization of credentials written in `url`, as curl and browsers
 * send them; an Authorization header already there wins. Callers that log the request they
 * send add it themselves so the log shows it; send() adds it for the others.
 */
export function withUrlCredentials(url: string, headers: HeaderPair[]): HeaderPair[] {
  const target = parseTarget(url)
  if (typeof target === 'string' || target.basicAuth === null || hasAuthorization(headers)) return headers
  return [...headers, ['Authorization', target.basicAuth]]
}

/** Methods undici sends a Content-Length for even with no body (the others get none for an empty one). */
const PAYLOAD_METHODS: ReadonlySet<string> = new Set(['PUT', 'POST', 'PATCH', 'QUERY', 'PROPFIND', 'PROPPATCH'])

/**
 * The headers of a request as send() puts it on the wire, in order, for a log of the exact
 * request: undici writes `host` and `connection` before the given headers (`close` for a HEAD,
 * after which it does not reuse the socket) and `content-length` after them, except for an empty
 * body of a method that does not carry one (GET, DELETE...). Credentials in the URL go as
 * Authorization unless the headers have one (see withUrlCredentials).
 */
export function wireHeaders(method: string, url: string, headers: HeaderPair[], bodyLength: number): HeaderPair[] {
  const target = parseTarget(url)
  const wire: HeaderPair[] = [['host', typeof target === 'string' ? '' : target.host], ['connection', method === 'HEAD' ? 'close' : 'keep-alive'], ...withUrlCredentials(url, headers)]
  if (bodyLength > 0 || PAYLOAD_METHODS.has(method)) wire.push(['content-length', String(bodyLength)])
  return wire
}

export const hasAuthorization = (headers: HeaderPair[]): boolean => headers.some(([n]) => n.toLowerCase() === 'authorization')

/** The path and query of an absolute URL as written (`/a/../b?x=1`), '' when it has neither, null when `raw` has no scheme and authority. */
export function writtenTarget(raw: string): string | null {
  const authority = /^[a-z][a-z0-9+.-]*:\/\/[^/?#\\]*/i.exec(raw.trim())
  if (!authority) return null
  const rest = raw.trim().slice(authority[0].length)
  const hash = rest.indexOf('#')
  return hash >= 0 ? rest.slice(0, hash) : rest
}

/**
 * The request target as written in `raw`: new URL() resolves dot segments and re-encodes some
 * characters, but a forward or a replay sends the request target exactly as it was received.
 * Null when the written form cannot go on a request line as is (spaces, non-ASCII...): the
 * URL's encoded form is sent instead.
 */
function requestTarget(raw: string): string | null {
  let rest = writtenTarget(raw)
  if (rest === null) return null
  if (rest === '') return '/'
  if (rest.startsWith('?')) rest = `/${rest}`
  return rest.startsWith('/') && /^[\x21-\x7e]+$/.test(rest) ? rest : null
}

/** One abort listener per signal, shared by every request watching it. */
const watchers = new WeakMap<AbortSignal, Set<() => void>>()
function watch(signal: AbortSignal, onAbort: () => void): void {
  let set = watchers.get(signal)
  if (!set) {
    const created = new Set<() => void>()
    set = created
    watchers.set(signal, created)
    signal.addEventListener('abort', () => {
      for (const f of [...created]) f()
      created.clear()
    }, { once: true })
  }
  set.add(onAbort)
}
function unwatch(signal: AbortSignal, onAbort: () => void): void {
  watchers.get(signal)?.delete(onAbort)
}

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_SSL|HOSTNAME/i

/** How the message of an 'other' failure begins when the answer's first bytes are not HTTP (another service on that port). */
export const NOT_HTTP = 'the answer is not HTTP'
export const isNotHttp = (error: { code: NetworkErrorCode; message: string }): boolean => error.code === 'other' && error.message.startsWith(NOT_HTTP)

/** Maps Node/undici failures to the codes the delivery log shows, with a sentence. */
export function classifyNetworkError(err: unknown, timeoutMs: number): { code: NetworkErrorCode; message: string } {
  const e = err as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException }
  const code = e?.code ?? e?.cause?.code ?? ''
  const detail = e?.cause?.message ?? e?.message ?? String(err)
  if (err instanceof undiciErrors.HeadersTimeoutError || err instanceof undiciErrors.BodyTimeoutError || err instanceof undiciErrors.ConnectTimeoutError || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return timedOut(timeoutMs)
  }
  if (e?.name === 'AbortError' || code === 'ABORT_ERR' || err instanceof undiciErrors.RequestAbortedError) return aborted()
  if (code === 'ECONNREFUSED') return { code: 'refused', message: `connection refused: nothing listens there (${detail})` }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { code: 'dns', message: `the host name does not resolve (${detail})` }
  if (TLS_CODES.test(code) || TLS_CODES.test(detail)) return { code: 'tls', message: `TLS failed: ${detail}` }
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET' || err instanceof undiciErrors.SocketError) {
    return { code: 'reset', message: `the connection was closed before a complete response (${detail})` }
  }
  if (err instanceof undiciErrors.HTTPParserError) {
    // llhttp's complaint about the status line: the first bytes back are not "HTTP/" (an SSH or
    // database banner); what they were says which service it is.
    const data = (err as { data?: string }).data
    if (/Expected HTTP\//.test(detail) && data) return { code: 'other', message: `${NOT_HTTP}, it began ${JSON.stringify(data.slice(0, 64))}` }
    return { code: 'other', message: `the answer is malformed HTTP (${detail})` }
  }
  return { code: 'other', message: detail }
}
