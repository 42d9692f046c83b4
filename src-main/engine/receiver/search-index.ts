import { isUtf8 } from 'node:buffer'
import { parseContentType } from '../../../src-shared/content-type'
import type { ReceiverCore } from './core'
import { codingsOf, decodeSync } from '../http/decode'

/**
 * Full-text indexing (FTS5 over path, headers and body text) runs behind capture instead of
 * inside it: tokenising a body costs as much as storing the request, and capture is what a
 * sender waits for. Rows are indexed in large batches (cheaper per row) once no capture has
 * committed for `IDLE_MS`, and every search first catches the index up, so results include
 * every captured request. Under a sustained burst the index lags by at most `MAX_LAG` rows;
 * beyond that it indexes small batches between captures, so the lag stops growing without a
 * long stall. A search catches up at most `MAX_LAG` rows at once (about a second): after a big
 * import or an index rebuild (migration 0007) the rest is indexed in the background, and the
 * search says how many requests it could not see yet.
 */
export const INDEX_BATCH = 500
export const MAX_LAG = 50_000
/** Rows indexed per turn of the loop while captures keep coming and the lag is over MAX_LAG. */
export const FORCED_BATCH = 50
/** Quiet time after the last commit before the index catches up. */
export const IDLE_MS = 200
/** Body text indexed per request. */
export const SEARCH_TEXT_LIMIT = 256 * 1024

export interface SearchIndexer {
  /** Called after each commit that added requests. */
  committed(): void
  /** Indexes what was captured so far, up to MAX_LAG rows (before a search); returns the rows still to index. */
  catchUp(): number
  /** Rows captured but not indexed yet. */
  lag(): number
}

export function createSearchIndexer(core: ReceiverCore): SearchIndexer {
  const { requests, ctx } = core
  let mark = requests.indexMark()
  let scheduled = false
  // Real time, not the engine clock: this is about the machine being busy, and a test's fake clock stands still.
  let lastCommit = performance.now()

  const indexBatch = ctx.db.transaction((limit: number): number => {
    const rows = requests.toIndex(mark, limit)
    for (const r of rows) {
      const headers = (JSON.parse(r.headers) as [string, string][]).map(([n, v]) => `${n}: ${v}`).join('\n')
      requests.addToIndex(r.seq, searchableTarget(r.path, r.query), headers, bodyText(r.body, r.content_type, r.content_encoding))
    }
    if (rows.length > 0) {
      mark = rows[rows.length - 1]!.seq
      requests.setIndexMark(mark)
    }
    return rows.length
  })

  const lag = () => Math.max(0, requests.maxSeqAll() - mark)

  // Every tick checks for shutdown first; the timers are unref'd so they never hold the process.
  const later = (ms: number) => {
    scheduled = true
    setTimeout(tick, ms).unref()
  }
  const soon = () => {
    scheduled = true
    setImmediate(tick)
  }
  const tick = () => {
    scheduled = false
    if (core.shutdown.signal.aborted) return
    const behind = lag()
    if (behind === 0) return
    const quietFor = performance.now() - lastCommit
    if (quietFor >= IDLE_MS) {
      indexBatch(INDEX_BATCH)
      soon()
    } else if (behind > MAX_LAG) {
      indexBatch(FORCED_BATCH)
      soon()
    } else {
      later(IDLE_MS - quietFor + 1)
    }
  }
  later(IDLE_MS)

  return {
    committed() {
      lastCommit = performance.now()
      if (!scheduled) later(IDLE_MS)
    },
    catchUp() {
      for (let done = 0; done < MAX_LAG; done += INDEX_BATCH) if (indexBatch(INDEX_BATCH) < INDEX_BATCH) return 0
      return lag()
    },
    lag,
  }
}

/**
 * The request target as received and, when it differs, as read: a path is stored percent-encoded
 * ("/hooks/caf%C3%A9"), and a user searches for what it says ("café"). A run of escapes that is
 * not UTF-8 (or a malformed "%zz") stays as it was.
 */
export function searchableTarget(path: string, query: string): string {
  const raw = query ? `${path}?${query}` : path
  const read = `${decodePercent(path)}${query ? `?${decodePercent(query.replace(/\+/g, ' '))}` : ''}`
  return read === raw ? raw : `${raw} ${read}`
}

const decodePercent = (text: string): string =>
  text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    const bytes = Buffer.from(run.replace(/%/g, ''), 'hex')
    return isUtf8(bytes) ? bytes.toString('utf8') : run
  })

/**
 * The searchable text of a body: UTF-8 text as is; of a multipart body (a form with a file
 * part), every part's headers (field and file names) and its text parts, so a form stays
 * searchable while the bytes of a binary file add no junk words; other binary bodies nothing.
 */
function bodyText(body: Buffer, contentType: string | null, contentEncoding: string | null): string {
  let bytes = body
  const codings = codingsOf(contentEncoding)
  if (codings && body.length > 0) {
    const decoded = decodeSync(body, codings)
    if (!decoded.ok) return ''
    bytes = decoded.bytes
  }
  if (bytes.length === 0) return ''
  if (isUtf8(bytes)) return bytes.subarray(0, SEARCH_TEXT_LIMIT).toString('utf8')
  const type = parseContentType(contentType)
  const boundary = type.mime.startsWith('multipart/') ? type.params.boundary : undefined
  return boundary ? multipartText(bytes, boundary) : ''
}

/**
 * The part headers and UTF-8 parts of a multipart body, split on its boundary (framing need not
 * be perfect), up to SEARCH_TEXT_LIMIT bytes in all.
 */
function multipartText(body: Buffer, boundary: string): string {
  const texts: Buffer[] = []
  let budget = SEARCH_TEXT_LIMIT
  for (const part of splitOn(body, Buffer.from(`--${boundary}`))) {
    let text = part
    if (!isUtf8(part)) {
      const crlf = part.indexOf('\r\n\r\n')
      const headerEnd = crlf >= 0 ? crlf : part.indexOf('\n\n')
      if (headerEnd <= 0 || !isUtf8(part.subarray(0, headerEnd))) continue
      text = part.subarray(0, headerEnd)
    }
    texts.push(text.subarray(0, budget))
    budget -= Math.min(text.length, budget)
    if (budget === 0) break
  }
  // A part cut by the budget may end inside a character: decoding replaces that one.
  return texts.map((t) => t.toString('utf8')).join('\n')
}

function splitOn(body: Buffer, delimiter: Buffer): Buffer[] {
  const parts: Buffer[] = []
  let start = 0
  for (let at = body.indexOf(delimiter); at >= 0; at = body.indexOf(delimiter, start)) {
    parts.push(body.subarray(start, at))
    start = at + delimiter.length
  }
  parts.push(body.subarray(start))
  return parts
}
