import type { Delivery, Attempt } from '../../../src-shared/api/deliveries'
import type { RequestDetail } from '../../../src-shared/api/requests'
import { bodyAsText, fromBase64, headerValue, wireBytes } from './body'

/**
 * HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/), which Chrome DevTools, HTTP
 * Toolkit and Insomnia open. A captured request is an entry whose response is what the inbox
 * answered; each delivery attempt is an entry whose response is what the endpoint answered.
 * Bodies that are not valid UTF-8 are base64 (`content.encoding`, and `_encoding` on postData,
 * which HAR lacks), so an import gets the exact bytes back. Extra facts go in `_hookbench`.
 */
export interface HarHeader {
  name: string
  value: string
}

export interface HarEntry {
  startedDateTime: string
  time: number
  request: {
    method: string
    url: string
    httpVersion: string
    cookies: []
    headers: HarHeader[]
    queryString: HarHeader[]
    postData?: { mimeType: string; text: string; _encoding?: 'base64' }
    headersSize: -1
    bodySize: number
  }
  response: {
    status: number
    statusText: string
    httpVersion: string
    cookies: []
    headers: HarHeader[]
    content: { size: number; mimeType: string; text?: string; encoding?: 'base64' }
    redirectURL: string
    headersSize: -1
    bodySize: number
    _error?: string
  }
  cache: Record<string, never>
  timings: { send: number; wait: number; receive: number }
  _hookbench: Record<string, unknown>
}

export const REDACTED_COMMENT = 'Credential header values (Authorization, Cookie, API keys), credential query parameter values (api_key, token…) and URL passwords are redacted.'
export const harHeader = (creatorVersion: string, redacted = false) =>
  `{"log":{"version":"1.2","creator":{"name":"Hookbench","version":${JSON.stringify(creatorVersion)}},${redacted ? `"comment":${JSON.stringify(REDACTED_COMMENT)},` : ''}"entries":[`
export const HAR_FOOTER = ']}}\n'

const pairs = (headers: [string, string][]): HarHeader[] => headers.map(([name, value]) => ({ name, value }))

function postData(headers: [string, string][], body: Buffer): HarEntry['request']['postData'] {
  if (body.length === 0) return undefined
  const { text, encoding } = bodyAsText(body)
  const mimeType = headerValue(headers, 'content-type') ?? 'application/octet-stream'
  return encoding === 'base64' ? { mimeType, text, _encoding: 'base64' } : { mimeType, text }
}

function content(headers: [string, string][], body: Buffer, size: number): HarEntry['response']['content'] {
  const mimeType = headerValue(headers, 'content-type') ?? (body.length ? 'application/octet-stream' : '')
  if (body.length === 0) return { size, mimeType }
  const { text, encoding } = bodyAsText(body)
  return encoding === 'base64' ? { size, mimeType, text, encoding: 'base64' } : { size, mimeType, text }
}

function queryString(url: string): HarHeader[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }))
  } catch {
    return []
  }
}

/** One entry for a captured request; `ingestBase` is the inbox plane's origin. */
export function requestToHarEntry(r: RequestDetail, ingestBase: string): HarEntry {
  const url = `${ingestBase}${r.path}${r.query ? `?${r.query}` : ''}`
  const body = fromBase64(r.bodyBase64)
  const responseBody = fromBase64(r.response?.bodyBase64)
  const responseHeaders = r.response?.headers ?? []
  return {
    startedDateTime: r.receivedAt,
    time: r.response?.delayMs ?? 0,
    request: {
      method: r.method,
      url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: pairs(r.headers),
      queryString: r.queryParams.map(([name, value]) => ({ name, value })),
      ...(body.length ? { postData: postData(r.headers, body) } : {}),
      headersSize: -1,
      bodySize: r.size,
    },
    response: {
      status: r.response?.status ?? 0,
      statusText: r.response?.hang ? 'no answer (inbox set to hang)' : '',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: pairs(responseHeaders),
      content: content(responseHeaders, responseBody, responseBody.length),
      redirectURL: '',
      headersSize: -1,
      bodySize: responseBody.length,
    },
    cache: {},
    timings: { send: 0, wait: r.response?.delayMs ?? 0, receive: 0 },
    _hookbench: {
      kind: 'request',
      id: r.id,
      // HAR's status 0 means "no response" for any reason; this one hung on purpose.
      hung: r.response?.hang === true,
      inboxId: r.inboxId,
      remoteAddress: r.remoteAddress,
      remotePort: r.remotePort,
      verdict: r.analysis.verdict,
      reason: r.analysis.reason,
      diagnosis: r.analysis.diagnosis?.code ?? null,
      eventType: r.analysis.eventType,
      eventId: r.analysis.eventId,
      duplicate: r.analysis.duplicate,
      outOfOrder: r.analysis.outOfOrder,
    },
  }
}

/** One entry per attempt of a delivery. */
export function deliveryToHarEntries(d: Delivery): HarEntry[] {
  return d.attempts.map((a) => attemptToHarEntry(d, a))
}

function attemptToHarEntry(d: Delivery, a: Attempt): HarEntry {
  const body = wireBytes(a.request)
  const responseBody = wireBytes(a.response)
  const responseHeaders = a.response?.headers ?? []
  const time = a.durationMs ?? 0
  return {
    startedDateTime: a.startedAt,
    time,
    request: {
      method: a.request.method,
      url: a.request.url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: pairs(a.request.headers),
      queryString: queryString(a.request.url),
      ...(body.length ? { postData: postData(a.request.headers, body) } : {}),
      headersSize: -1,
      bodySize: a.request.size,
    },
    response: {
      status: a.response?.status ?? 0,
      statusText: '',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: pairs(responseHeaders),
      content: content(responseHeaders, responseBody, a.response?.size ?? responseBody.length),
      redirectURL: '',
      headersSize: -1,
      bodySize: a.response?.size ?? responseBody.length,
      ...(a.error ? { _error: `${a.error.code}: ${a.error.message}` } : {}),
    },
    cache: {},
    timings: { send: 0, wait: time, receive: 0 },
    _hookbench: {
      kind: 'attempt',
      deliveryId: d.id,
      eventId: d.eventId,
      eventType: d.eventType,
      webhookId: d.webhookId,
      webhookName: d.webhookName,
      attempt: a.n,
      scheduledAt: a.scheduledAt,
      outcome: a.outcome,
      deliveryStatus: d.status,
    },
  }
}
