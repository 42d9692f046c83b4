import { isUtf8 } from 'node:buffer'
import type { ReceiverCore } from './core'
import { codingsOf, decodeSync } from './decode'

/**
 * Full-text indexing (FTS5 over path, headers and body text) runs behind capture instead of
 * inside it: tokenising a body costs as much as storing the request, and capture is what a
 * sender waits for. Rows are indexed in large batches (cheaper per row) in turns of the event
 * loop where nothing was captured, and every search first catches the index up, so results
 * always include every captured request. Under a sustained burst the index lags by at most
 * `MAX_LAG` rows (beyond that it indexes between captures).
 */
export const INDEX_BATCH = 500
export const MAX_LAG = 20_000
/** Body text indexed per request. */
export const SEARCH_TEXT_LIMIT = 256 * 1024

export interface SearchIndexer {
  /** Called after each commit that added requests (the count is informative). */
  committed(): void
  /** Indexes everything captured so far (before a search). */
  catchUp(): void
  /** Rows captured but not indexed yet. */
  lag(): number
}

export function createSearchIndexer(core: ReceiverCore): SearchIndexer {
  const { requests, ctx } = core
  let mark = requests.indexMark()
  let scheduled = false
  let commitsSinceTick = 0

  const indexBatch = ctx.db.transaction((limit: number): number => {
    const rows = requests.toIndex(mark, limit)
    for (const r of rows) {
      const headers = (JSON.parse(r.headers) as [string, string][]).map(([n, v]) => `${n}: ${v}`).join('\n')
      requests.addToIndex(r.seq, r.query ? `${r.path}?${r.query}` : r.path, headers, bodyText(r.body, r.content_encoding))
    }
    if (rows.length > 0) {
      mark = rows[rows.length - 1]!.seq
      requests.setIndexMark(mark)
    }
    return rows.length
  })

  const lag = () => Math.max(0, requests.maxSeqAll() - mark)

  const tick = () => {
    scheduled = false
    if (core.shutdown.signal.aborted) return
    if (lag() === 0) return
    // Senders are waiting whenever a capture committed since the last turn: let them go first.
    const busy = commitsSinceTick > 0
    commitsSinceTick = 0
    if (!busy || lag() > MAX_LAG) indexBatch(INDEX_BATCH)
    schedule()
  }
  const schedule = () => {
    if (scheduled) return
    scheduled = true
    setImmediate(tick)
  }
  schedule()

  return {
    committed() {
      commitsSinceTick++
      schedule()
    },
    catchUp() {
      while (indexBatch(INDEX_BATCH) === INDEX_BATCH);
    },
    lag,
  }
}

function bodyText(body: Buffer, contentEncoding: string | null): string {
  let bytes = body
  const codings = codingsOf(contentEncoding)
  if (codings && body.length > 0) {
    const decoded = decodeSync(body, codings)
    if (!decoded.ok) return ''
    bytes = decoded.bytes
  }
  if (bytes.length === 0 || !isUtf8(bytes)) return ''
  return bytes.subarray(0, SEARCH_TEXT_LIMIT).toString('utf8')
}
