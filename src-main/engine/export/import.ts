/**
 * Parses an import file into requests for an inbox: a HAR 1.2 file (ours or another tool's)
 * or a Hookbench NDJSON export of requests. Everything is checked before anything is stored,
 * and a problem names the line or entry it is on, so a corrupt file is refused whole.
 */
import { codePointOf, HEADER_NAME, headerNameProblem, headerValueProblem } from '../http/header-syntax'
import { writtenTarget, type HeaderPair } from '../http/outbound'
import { COLLECTION_FORMAT, RECORD_FORMAT } from './stream'
import { isBase64 } from './body'

export interface ImportedRequest {
  method: string
  /** The path below the inbox slug, `/` at least. */
  pathSuffix: string
  query: string
  headers: HeaderPair[]
  body: Buffer
  receivedAtMs: number
  remoteAddress: string
  remotePort: number | null
  /** The answer the file records (the HAR's response, the export's sent response), if any. */
  response: ImportedResponse | null
}

export interface ImportedResponse {
  /** Null with `hang`: the inbox never answered (set to hang). */
  status: number | null
  hang: boolean
  headers: HeaderPair[]
  body: Buffer
}

const HUNG: ImportedResponse = { status: null, hang: true, headers: [], body: Buffer.alloc(0) }

export class ImportError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ImportError'
  }
}

export const MAX_IMPORT_REQUESTS = 200_000

/** Detects the format and parses the whole file, or throws an ImportError saying where and why. */
export function parseImport(bytes: Buffer): { format: 'har' | 'ndjson' | 'json'; requests: ImportedRequest[] } {
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '')
  const trimmed = text.trimStart()
  if (!trimmed) throw new ImportError('The file is empty: export requests from Hookbench (NDJSON or HAR) or save a HAR from your browser or proxy.')
  if (trimmed.startsWith('{"log"') || /^\{\s*"log"\s*:/.test(trimmed)) return { format: 'har', requests: parseHar(text) }
  const firstLine = trimmed.slice(0, trimmed.indexOf('\n') === -1 ? undefined : trimmed.indexOf('\n'))
  let first: unknown
  try {
    first = JSON.parse(firstLine)
  } catch {
    // a pretty-printed HAR whose first line is `{`
    let whole: unknown
    try {
      whole = JSON.parse(text)
    } catch {
      throw new ImportError('This is neither a HAR 1.2 file nor a Hookbench NDJSON export: it is not JSON (line 1).')
    }
    if (whole && typeof whole === 'object' && 'log' in whole) return { format: 'har', requests: parseHar(text) }
    if (isCollection(whole)) return { format: 'json', requests: parseJsonExport(whole) }
    throw new ImportError('This JSON file is neither a HAR 1.2 file (no "log") nor a Hookbench export (NDJSON or JSON).')
  }
  if (first && typeof first === 'object' && 'log' in first) return { format: 'har', requests: parseHar(text) }
  if (isCollection(first)) return { format: 'json', requests: parseJsonExport(first) }
  return { format: 'ndjson', requests: parseNdjson(text) }
}

const isCollection = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && Object.values(COLLECTION_FORMAT).includes((v as { format?: never }).format as never)

function parseNdjson(text: string): ImportedRequest[] {
  const out: ImportedRequest[] = []
  // Line by line, not split('\n'): a copy of every line at once doubles a big file in memory.
  for (let start = 0, i = 0; start < text.length; i++) {
    const newline = text.indexOf('\n', start)
    const end = newline === -1 ? text.length : newline
    const line = text.slice(start, end).trim()
    start = end + 1
    if (!line) continue
    const where = `line ${i + 1}`
    let rec: Record<string, unknown>
    try {
      rec = JSON.parse(line) as Record<string, unknown>
    } catch (err) {
      throw new ImportError(`${where} is not JSON (${(err as Error).message}); nothing was imported.`)
    }
    if (rec.format === RECORD_FORMAT.deliveries) throw new ImportError(`${where} is a delivery, not a captured request: import a requests export (hookbench export requests); nothing was imported.`)
    if (rec.format !== RECORD_FORMAT.requests) throw new ImportError(`${where} is not a Hookbench request (its "format" should be "${RECORD_FORMAT.requests}"); nothing was imported.`)
    out.push(parseRecord(rec, where))
    if (out.length > MAX_IMPORT_REQUESTS) throw new ImportError(`More than ${MAX_IMPORT_REQUESTS} requests: split the file; nothing was imported.`)
  }
  if (out.length === 0) throw new ImportError('The file holds no request: nothing was imported.')
  return out
}

/** A Hookbench JSON export: `{format: "hookbench.requests/v1", items: [request, …]}`. */
function parseJsonExport(doc: Record<string, unknown>): ImportedRequest[] {
  if (doc.format === COLLECTION_FORMAT.deliveries) throw new ImportError('This is an export of deliveries, not of captured requests: import a requests export (hookbench export requests); nothing was imported.')
  const items = doc.items
  if (!Array.isArray(items)) throw new ImportError('This Hookbench JSON export has no "items" array; nothing was imported.')
  if (items.length === 0) throw new ImportError('The file holds no request: nothing was imported.')
  if (items.length > MAX_IMPORT_REQUESTS) throw new ImportError(`More than ${MAX_IMPORT_REQUESTS} requests: split the file; nothing was imported.`)
  return items.map((item: unknown, i) => {
    const where = `items[${i}]`
    if (!item || typeof item !== 'object' || Array.isArray(item)) throw new ImportError(`${where} is not a request object; nothing was imported.`)
    return parseRecord(item as Record<string, unknown>, where)
  })
}

/** One exported request (an NDJSON line or an item of a JSON export). */
function parseRecord(rec: Record<string, unknown>, where: string): ImportedRequest {
  const method = str(rec.method, `${where}: method`)
  const headers = headerPairs(rec.headers, `${where}: headers`)
  const body = base64Field(rec.bodyBase64, `${where}: bodyBase64`)
  checkSendable(method, headers, where)
  const pathSuffix = normalisePath(typeof rec.pathSuffix === 'string' ? rec.pathSuffix : '/')
  const query = typeof rec.query === 'string' ? rec.query : ''
  checkTarget(pathSuffix, query, where)
  return {
    method,
    pathSuffix,
    query,
    headers,
    body,
    receivedAtMs: time(rec.receivedAt, `${where}: receivedAt`),
    remoteAddress: typeof rec.remoteAddress === 'string' ? rec.remoteAddress : '',
    remotePort: typeof rec.remotePort === 'number' ? rec.remotePort : null,
    response: recordResponse(rec.response, `${where}: response`),
  }
}

/** The response an exported request records: null, or one that was sent (a hang sent none). */
function recordResponse(v: unknown, where: string): ImportedResponse | null {
  if (v === null || v === undefined) return null
  const r = v as { status?: unknown; headers?: unknown; bodyBase64?: unknown; hang?: unknown }
  if (typeof r !== 'object' || (r.status !== null && !isStatus(r.status))) throw new ImportError(`${where} needs a status from 100 to 599 (or null); nothing was imported.`)
  if (r.status === null) return r.hang === true ? HUNG : null
  return { status: r.status as number, hang: false, headers: headerPairs(r.headers ?? [], `${where}: headers`), body: base64Field(r.bodyBase64, `${where}: bodyBase64`) }
}

/** An export's `bodyBase64` (empty when absent). */
function base64Field(v: unknown, what: string): Buffer {
  const text = str(v ?? '', what, true)
  if (!isBase64(text)) throw new ImportError(`${what} is not base64; nothing was imported.`)
  return Buffer.from(text, 'base64')
}

/** A HAR entry's response: null when there was none (status 0, as browsers record a failure; our own export marks a hang). */
function harResponse(v: unknown, where: string, hung: boolean): ImportedResponse | null {
  const r = v as { status?: unknown; headers?: unknown; content?: { text?: unknown; encoding?: unknown } } | undefined
  if (!r || typeof r !== 'object' || r.status === 0 || r.status === undefined) return hung ? HUNG : null
  if (!isStatus(r.status)) throw new ImportError(`${where}: response.status must be from 100 to 599 (or 0: no response); nothing was imported.`)
  const headers = harHeaders(r.headers, `${where}: response.headers`)
  const text = r.content?.text
  const body = typeof text === 'string' ? harText(text, r.content?.encoding === 'base64', `${where}: response.content.text`) : Buffer.alloc(0)
  return { status: r.status as number, hang: false, headers: withoutPseudoHeaders(headers), body }
}

/** A HAR list of `{name, value}` headers (none when absent). */
function harHeaders(list: unknown, what: string): HeaderPair[] {
  return (Array.isArray(list) ? list : []).map((h: unknown, k: number): HeaderPair => {
    const hh = h as { name?: unknown; value?: unknown }
    if (typeof hh?.name !== 'string' || typeof hh.value !== 'string') throw new ImportError(`${what}[${k}] needs a string name and value; nothing was imported.`)
    return [hh.name, hh.value]
  })
}

/** A HAR text field: its bytes, decoded from base64 when the file marks it so. */
function harText(text: string, base64: boolean, what: string): Buffer {
  if (base64 && !isBase64(text)) throw new ImportError(`${what} is marked base64 but is not base64; nothing was imported.`)
  return Buffer.from(text, base64 ? 'base64' : 'utf8')
}

const isStatus = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 100 && (v as number) <= 599

function parseHar(text: string): ImportedRequest[] {
  let doc: { log?: { version?: unknown; entries?: unknown } }
  try {
    doc = JSON.parse(text)
  } catch (err) {
    throw new ImportError(`The HAR file is not valid JSON (${(err as Error).message}); nothing was imported.`)
  }
  const entries = doc.log?.entries
  if (!Array.isArray(entries)) throw new ImportError('The HAR file has no log.entries array; nothing was imported.')
  if (entries.length === 0) throw new ImportError('The HAR file has no entries: nothing was imported.')
  if (entries.length > MAX_IMPORT_REQUESTS) throw new ImportError(`More than ${MAX_IMPORT_REQUESTS} entries: split the file; nothing was imported.`)
  return entries.map((entry: unknown, i) => {
    const where = `entry ${i + 1}`
    const e = entry as { startedDateTime?: unknown; request?: Record<string, unknown>; response?: unknown; _hookbench?: { kind?: unknown; remoteAddress?: unknown; remotePort?: unknown; hung?: unknown } }
    if (!e || typeof e !== 'object' || !e.request || typeof e.request !== 'object') throw new ImportError(`${where} has no request object; nothing was imported.`)
    const r = e.request
    const method = str(r.method, `${where}: request.method`)
    const urlText = str(r.url, `${where}: request.url`)
    if (!URL.canParse(urlText)) throw new ImportError(`${where}: request.url "${urlText}" is not a URL; nothing was imported.`)
    const listed = harHeaders(r.headers, `${where}: request.headers`)
    checkSendable(method, listed, `${where}: request`) // numbered as in the file
    const headers = withoutPseudoHeaders(listed)
    const body = harBody(r.postData, where)
    // The path and query as written (new URL() resolves dot segments and re-encodes): what was captured.
    // "http:example.com/x" is a URL too (WHATWG), without the // writtenTarget looks for.
    const written = writtenTarget(urlText) ?? pathAndQuery(new URL(urlText))
    const q = written.indexOf('?')
    const path = normalisePath(q < 0 ? written : written.slice(0, q))
    // Our own export: the URL is <ingest>/<slug>/<suffix>; another tool's: the whole path is the suffix.
    const ours = e._hookbench?.kind === 'request'
    const pathSuffix = ours ? normalisePath(path.split('/').slice(2).join('/')) : path
    const query = q < 0 ? '' : written.slice(q + 1)
    checkTarget(pathSuffix, query, `${where}: request.url`)
    return {
      method: method.toUpperCase(),
      pathSuffix,
      query,
      headers,
      body,
      receivedAtMs: time(e.startedDateTime, `${where}: startedDateTime`),
      remoteAddress: ours && typeof e._hookbench?.remoteAddress === 'string' ? e._hookbench.remoteAddress : '',
      remotePort: ours && typeof e._hookbench?.remotePort === 'number' ? e._hookbench.remotePort : null,
      response: harResponse(e.response, where, ours && e._hookbench?.hung === true),
    }
  })
}

/**
 * The body of a HAR request: postData.text (base64 when marked so); else, as HAR 1.2 allows,
 * postData.params, rebuilt as the URL-encoded form a browser posts. A multipart form cannot be
 * rebuilt from its params exactly (boundary, file bytes), so that file is refused.
 */
function harBody(postData: unknown, where: string): Buffer {
  const post = postData as { text?: unknown; _encoding?: unknown; encoding?: unknown; params?: unknown; mimeType?: unknown } | undefined
  if (!post || typeof post !== 'object') return Buffer.alloc(0)
  if (typeof post.text === 'string') return harText(post.text, post._encoding === 'base64' || post.encoding === 'base64', `${where}: request.postData.text`)
  if (!Array.isArray(post.params) || post.params.length === 0) return Buffer.alloc(0)
  const mime = typeof post.mimeType === 'string' ? post.mimeType.toLowerCase() : ''
  if (mime && !mime.startsWith('application/x-www-form-urlencoded')) {
    throw new ImportError(
      `${where}: request.postData has params but no text, and a ${mime.split(';')[0]} body cannot be rebuilt from its params byte for byte; ` +
        'save the HAR with request bodies (the text), or import a Hookbench export; nothing was imported.',
    )
  }
  const form = new URLSearchParams()
  post.params.forEach((p: unknown, k: number) => {
    const param = p as { name?: unknown; value?: unknown }
    if (typeof param?.name !== 'string') throw new ImportError(`${where}: request.postData.params[${k}] has no name; nothing was imported.`)
    form.append(param.name, typeof param.value === 'string' ? param.value : '')
  })
  return Buffer.from(form.toString(), 'utf8')
}

/**
 * HTTP/2 and HTTP/3 HARs (Chrome's, Firefox's) list the pseudo-headers `:method`, `:path`,
 * `:scheme` and `:authority` among the headers; they are not headers an HTTP/1.1 request can
 * carry (method and URL are their own fields), except `:authority`, which is the Host header.
 */
const PSEUDO_HEADER = /^:[a-z]+$/

function withoutPseudoHeaders(headers: HeaderPair[]): HeaderPair[] {
  if (!headers.some(([n]) => n.startsWith(':'))) return headers
  const authority = headers.find(([n]) => n.toLowerCase() === ':authority')
  const kept = headers.filter(([n]) => !n.startsWith(':'))
  if (authority && !kept.some(([n]) => n.toLowerCase() === 'host')) kept.unshift(['host', authority[1]])
  return kept
}

const pathAndQuery = (url: URL) => url.pathname + url.search

/** A path and query that could have arrived on a request line: no spaces or control characters. */
function checkTarget(pathSuffix: string, query: string, where: string): void {
  const bad = /[\x00-\x20\x7f]/.exec(pathSuffix + query)
  if (bad) {
    throw new ImportError(`${where}: the path or query holds ${bad[0] === ' ' ? 'a space' : `the control character ${codePointOf(bad[0])}`}, which no request line carries (percent-encode it); nothing was imported.`)
  }
}

const normalisePath = (p: string) => (p.startsWith('/') ? p : `/${p}`)


/** A method and headers that can go on the wire again (a replay resends them): tokens, and values without line breaks or controls. */
function checkSendable(method: string, headers: HeaderPair[], where: string): void {
  if (!HEADER_NAME.test(method)) throw new ImportError(`${where}: the method ${JSON.stringify(method)} is not an HTTP method name; nothing was imported.`)
  headers.forEach(([name, value], k) => {
    const problem = (PSEUDO_HEADER.test(name) ? null : headerNameProblem(name)) ?? headerValueProblem(name, value)
    if (problem) throw new ImportError(`${where}: header ${k + 1}: ${problem} Nothing was imported.`)
  })
}

function str(v: unknown, what: string, allowEmpty = false): string {
  if (typeof v !== 'string' || (!allowEmpty && v === '')) throw new ImportError(`${what} is missing or not text; nothing was imported.`)
  return v
}

function headerPairs(v: unknown, what: string): HeaderPair[] {
  if (!Array.isArray(v) || !v.every((h) => Array.isArray(h) && h.length === 2 && typeof h[0] === 'string' && typeof h[1] === 'string')) {
    throw new ImportError(`${what} must be a list of [name, value] pairs; nothing was imported.`)
  }
  return v as HeaderPair[]
}

function time(v: unknown, what: string): number {
  const ms = typeof v === 'string' ? Date.parse(v) : NaN
  if (Number.isNaN(ms)) throw new ImportError(`${what} is not an ISO 8601 time; nothing was imported.`)
  return ms
}
