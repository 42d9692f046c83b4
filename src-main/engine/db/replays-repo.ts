import type { Db } from './open'

export interface ReplayRow {
  id: string
  source_kind: 'request' | 'attempt'
  source_id: string
  bulk_id: string | null
  created_at: number
  method: string
  url: string
  request_headers: string
  request_body: Buffer
  response_status: number | null
  response_headers: string | null
  response_body: Buffer | null
  response_size: number | null
  error_code: string | null
  error_message: string | null
  duration_ms: number
  resigned: number
  event_id: string | null
  warnings: string
}

export type ReplaysRepo = ReturnType<typeof createReplaysRepo>

/** Prepared statements over `replays`. */
export function createReplaysRepo(db: Db) {
  const insert = db.prepare(`INSERT INTO replays (id, source_kind, source_id, bulk_id, created_at, method, url, request_headers, request_body,
      response_status, response_headers, response_body, response_size, error_code, error_message, duration_ms, resigned, event_id, warnings)
    VALUES (@id, @source_kind, @source_id, @bulk_id, @created_at, @method, @url, @request_headers, @request_body,
      @response_status, @response_headers, @response_body, @response_size, @error_code, @error_message, @duration_ms, @resigned, @event_id, @warnings)`)
  const bySource = db.prepare('SELECT * FROM replays WHERE source_kind = ? AND source_id = ? AND (? IS NULL OR id < ?) ORDER BY id DESC LIMIT ?')
  // Attempt sources are `<deliveryId>#<n>`: a range on the prefix uses the index.
  const byDelivery = db.prepare(
    "SELECT * FROM replays WHERE source_kind = 'attempt' AND source_id >= ? AND source_id < ? AND (? IS NULL OR id < ?) ORDER BY id DESC LIMIT ?",
  )
  return {
    insert: (row: ReplayRow) => void insert.run(row),
    /** Newest first; `before` is the keyset cursor (a replay id). */
    ofSource: (kind: ReplayRow['source_kind'], sourceId: string, before: string | null, limit: number) =>
      bySource.all(kind, sourceId, before, before, limit) as ReplayRow[],
    ofDelivery: (deliveryId: string, before: string | null, limit: number) =>
      byDelivery.all(`${deliveryId}#`, `${deliveryId}$`, before, before, limit) as ReplayRow[],
  }
}
