import type { Statement } from 'better-sqlite3'
import type { Db } from './open'

/** The slim, filterable row of a captured request (`requests`). */
export interface RequestRow {
  seq: number
  id: string
  inbox_id: string
  method: string
  path: string
  path_suffix: string
  query: string
  received_at: number
  size: number
  content_type: string | null
  content_encoding: string | null
  remote_address: string
  remote_port: number | null
  verdict: string
  event_id: string | null
  event_type: string | null
  dedup_key: string | null
  object_id: string | null
  event_time: number | null
  duplicate: number
  out_of_order: number
  allowlisted: number | null
  problems: string
  response_status: number | null
  hung: number
  /** A stale_timestamp verdict's details.ageSec (negative: ahead of the clock); null for any other verdict. */
  timestamp_age_sec: number | null
  /** 1 for a request brought in from a file (receiver/import.ts), 0 for one captured here. */
  imported: number
}

/** Bytes and JSON of a request (`request_payloads`). */
export interface PayloadRow {
  headers: string
  body: Buffer
  analysis: string
  response: string | null
}


const ROW_COLUMNS = [
  'id', 'inbox_id', 'method', 'path', 'path_suffix', 'query', 'received_at', 'size', 'content_type', 'content_encoding',
  'remote_address', 'remote_port', 'verdict', 'event_id', 'event_type', 'dedup_key', 'object_id', 'event_time', 'duplicate',
  'out_of_order', 'allowlisted', 'problems', 'response_status', 'hung', 'timestamp_age_sec', 'imported',
] as const

/** A request waiting to be indexed for search. */
export interface IndexSource {
  seq: number
  path: string
  query: string
  content_type: string | null
  content_encoding: string | null
  headers: string
  body: Buffer
}

const FTS_MARK_KEY = 'receiver.fts_indexed_seq'

export interface ForwardRow {
  id: string
  request_seq: number
  position: number
  result: string
}

/** Filters of a request list; arrays are ORed, fields ANDed. */
export interface RequestFilter {
  methods?: string[]
  verdicts?: string[]
  eventTypes?: string[]
  /** Exact statuses, status ranges [lo, hi], and/or hung requests. */
  statuses?: { exact: number[]; ranges: Array<[number, number]>; hang: boolean }
  fromMs?: number
  toMs?: number
  duplicate?: boolean
  outOfOrder?: boolean
  /** An FTS5 MATCH expression. */
  match?: string
}

export type RequestsRepo = ReturnType<typeof createRequestsRepo>

/** Prepared statements over `requests`, `request_payloads`, `request_forwards` and `requests_fts`. */
export function createRequestsRepo(db: Db) {
  // Positional parameters: binding 24 named ones costs more than the insert itself on the hot path.
  const insertRow = db.prepare(`INSERT INTO requests (${ROW_COLUMNS.join(', ')}) VALUES (${ROW_COLUMNS.map(() => '?').join(', ')})`)
  const insertPayload = db.prepare('INSERT INTO request_payloads (seq, headers, body, analysis, response) VALUES (?, ?, ?, ?, ?)')
  const insertFts = db.prepare('INSERT INTO requests_fts (rowid, path, headers, body) VALUES (?, ?, ?, ?)')
  const firstWithKey = db.prepare('SELECT id FROM requests WHERE inbox_id = ? AND dedup_key = ? ORDER BY seq LIMIT 1')
  const newerForObject = db.prepare(
    'SELECT id FROM requests WHERE inbox_id = ? AND object_id = ? AND event_time > ? ORDER BY event_time DESC LIMIT 1',
  )
  const byId = db.prepare('SELECT * FROM requests WHERE id = ?')
  const payloadBySeq = db.prepare('SELECT headers, body, analysis, response FROM request_payloads WHERE seq = ?')
  const bodyBySeq = db.prepare('SELECT body FROM request_payloads WHERE seq = ?')
  const last = db.prepare('SELECT * FROM requests WHERE inbox_id = ? ORDER BY seq DESC LIMIT 1')
  const countAll = db.prepare('SELECT count(*) AS n FROM requests WHERE inbox_id = ?')
  const oldest = db.prepare('SELECT seq, id FROM requests WHERE inbox_id = ? ORDER BY seq LIMIT ?')
  const countsByInbox = db.prepare('SELECT inbox_id AS id, count(*) AS n FROM requests GROUP BY inbox_id')
  const oldestUpTo = db.prepare('SELECT seq, id FROM requests WHERE inbox_id = ? AND seq <= ? ORDER BY seq LIMIT ?')
  const deleteRow = db.prepare('DELETE FROM requests WHERE seq = ?')
  const deletePayload = db.prepare('DELETE FROM request_payloads WHERE seq = ?')
  const deleteFts = db.prepare('DELETE FROM requests_fts WHERE rowid = ?')
  const deleteForwards = db.prepare('DELETE FROM request_forwards WHERE request_seq = ?')
  const inboxIds = db.prepare('SELECT DISTINCT inbox_id AS id FROM requests')
  const batchAfter = db.prepare(
    `SELECT r.*, p.headers AS p_headers, p.body AS p_body, p.analysis AS p_analysis
     FROM requests r JOIN request_payloads p ON p.seq = r.seq
     WHERE r.inbox_id = ? AND r.seq > ? AND r.seq <= ? ORDER BY r.seq LIMIT ?`,
  )
  const maxSeq = db.prepare('SELECT max(seq) AS s FROM requests WHERE inbox_id = ?')
  const countUpTo = db.prepare('SELECT count(*) AS n FROM requests WHERE inbox_id = ? AND seq <= ?')
  const updateAnalysisRow = db.prepare(
    `UPDATE requests SET verdict = @verdict, event_id = @event_id, event_type = @event_type, dedup_key = @dedup_key,
       object_id = @object_id, event_time = @event_time, allowlisted = @allowlisted, problems = @problems,
       timestamp_age_sec = @timestamp_age_sec WHERE seq = @seq`,
  )
  const updateAnalysisPayload = db.prepare('UPDATE request_payloads SET analysis = ? WHERE seq = ?')
  const replaceAnalysisPayload = db.prepare('UPDATE request_payloads SET analysis = ? WHERE seq = ? AND analysis = ?')
  const updateResponseRow = db.prepare('UPDATE requests SET response_status = ?, hung = ? WHERE seq = ?')
  const updateResponsePayload = db.prepare('UPDATE request_payloads SET response = ? WHERE seq = ?')
  const insertForward = db.prepare('INSERT INTO request_forwards (id, request_seq, position, result) VALUES (?, ?, ?, ?)')
  const updateForward = db.prepare('UPDATE request_forwards SET result = ? WHERE id = ?')
  const forwardsOf = db.prepare('SELECT * FROM request_forwards WHERE request_seq = ? ORDER BY position')
  const pendingForwards = db.prepare(`SELECT * FROM request_forwards WHERE result LIKE '%"state":"pending"%'`)
  const toIndex = db.prepare(
    `SELECT r.seq, r.path, r.query, r.content_type, r.content_encoding, p.headers, p.body
     FROM requests r JOIN request_payloads p ON p.seq = r.seq WHERE r.seq > ? ORDER BY r.seq LIMIT ?`,
  )
  const maxSeqAll = db.prepare('SELECT max(seq) AS s FROM requests')
  const readMark = db.prepare('SELECT value FROM settings WHERE key = ?')
  const writeMark = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')

  const listCache = new Map<string, Statement>()
  const cached = (sql: string) => {
    let st = listCache.get(sql)
    if (!st) {
      st = db.prepare(sql)
      if (listCache.size > 200) listCache.clear()
      listCache.set(sql, st)
    }
    return st
  }

  function where(inboxId: string, f: RequestFilter): { sql: string; params: unknown[] } {
    const clauses = ['inbox_id = ?']
    const params: unknown[] = [inboxId]
    const list = (column: string, values: readonly unknown[] | undefined) => {
      if (!values || values.length === 0) return
      clauses.push(`${column} IN (${values.map(() => '?').join(', ')})`)
      params.push(...values)
    }
    list('method', f.methods)
    list('verdict', f.verdicts)
    list('event_type', f.eventTypes)
    if (f.statuses) {
      const ors: string[] = []
      if (f.statuses.exact.length) {
        ors.push(`response_status IN (${f.statuses.exact.map(() => '?').join(', ')})`)
        params.push(...f.statuses.exact)
      }
      for (const [lo, hi] of f.statuses.ranges) {
        ors.push('response_status BETWEEN ? AND ?')
        params.push(lo, hi)
      }
      if (f.statuses.hang) ors.push('hung = 1')
      if (ors.length) clauses.push(`(${ors.join(' OR ')})`)
    }
    if (f.fromMs !== undefined) {
      clauses.push('received_at >= ?')
      params.push(f.fromMs)
    }
    if (f.toMs !== undefined) {
      clauses.push('received_at < ?')
      params.push(f.toMs)
    }
    if (f.duplicate !== undefined) clauses.push(`duplicate = ${f.duplicate ? 1 : 0}`)
    if (f.outOfOrder !== undefined) clauses.push(`out_of_order = ${f.outOfOrder ? 1 : 0}`)
    if (f.match !== undefined) {
      clauses.push('seq IN (SELECT rowid FROM requests_fts WHERE requests_fts MATCH ?)')
      params.push(f.match)
    }
    return { sql: clauses.join(' AND '), params }
  }

  function remove(seq: number): void {
    deleteRow.run(seq)
    deletePayload.run(seq)
    deleteFts.run(seq)
    deleteForwards.run(seq)
  }

  return {
    /** Inserts a request with its payload; returns its seq. Call inside a transaction. Search indexing comes later. */
    insert(r: Omit<RequestRow, 'seq'>, payload: PayloadRow): number {
      const seq = Number(
        insertRow.run(
          r.id, r.inbox_id, r.method, r.path, r.path_suffix, r.query, r.received_at, r.size, r.content_type, r.content_encoding,
          r.remote_address, r.remote_port, r.verdict, r.event_id, r.event_type, r.dedup_key, r.object_id, r.event_time, r.duplicate,
          r.out_of_order, r.allowlisted, r.problems, r.response_status, r.hung, r.timestamp_age_sec, r.imported,
        ).lastInsertRowid,
      )
      insertPayload.run(seq, payload.headers, payload.body, payload.analysis, payload.response)
      return seq
    },

    /** Requests not yet in the search index (seq above the mark), oldest first. */
    toIndex: (afterSeq: number, limit: number) => toIndex.all(afterSeq, limit) as IndexSource[],
    addToIndex: (seq: number, path: string, headers: string, body: string) => void insertFts.run(seq, path, headers, body),
    /** The highest seq the search index has seen (kept in `settings`, written with the index). */
    indexMark: () => Number((readMark.get(FTS_MARK_KEY) as { value: string } | undefined)?.value ?? 0),
    setIndexMark: (seq: number) => void writeMark.run(FTS_MARK_KEY, String(seq)),
    maxSeqAll: () => (maxSeqAll.get() as { s: number | null }).s ?? 0,
    firstWithKey: (inboxId: string, key: string) => (firstWithKey.get(inboxId, key) as { id: string } | undefined)?.id,
    newerForObject: (inboxId: string, objectId: string, eventTime: number) =>
      (newerForObject.get(inboxId, objectId, eventTime) as { id: string } | undefined)?.id,

    get: (id: string) => byId.get(id) as RequestRow | undefined,
    payload: (seq: number) => payloadBySeq.get(seq) as PayloadRow | undefined,
    body: (seq: number) => (bodyBySeq.get(seq) as { body: Buffer } | undefined)?.body,
    last: (inboxId: string) => last.get(inboxId) as RequestRow | undefined,
    count: (inboxId: string) => (countAll.get(inboxId) as { n: number }).n,

    /**
     * Newest first, strictly older than the cursor `afterSeq`; oldest first, strictly newer. `limit + 1`
     * rows tell whether there is a next page.
     */
    list(inboxId: string, f: RequestFilter, afterSeq: number | undefined, limit: number, order: 'newest' | 'oldest' = 'newest'): RequestRow[] {
      const w = where(inboxId, f)
      const cursor = afterSeq === undefined ? '' : order === 'oldest' ? ' AND seq > ?' : ' AND seq < ?'
      const params = afterSeq === undefined ? w.params : [...w.params, afterSeq]
      return cached(`SELECT * FROM requests WHERE ${w.sql}${cursor} ORDER BY seq ${order === 'oldest' ? 'ASC' : 'DESC'} LIMIT ?`).all(...params, limit) as RequestRow[]
    },
    countMatching(inboxId: string, f: RequestFilter): number {
      const w = where(inboxId, f)
      return (cached(`SELECT count(*) AS n FROM requests WHERE ${w.sql}`).get(...w.params) as { n: number }).n
    },

    /** Deletes the `n` oldest requests of an inbox; returns their ids. Call inside a transaction. */
    deleteOldestN(inboxId: string, n: number): string[] {
      const rows = oldest.all(inboxId, n) as { seq: number; id: string }[]
      for (const r of rows) remove(r.seq)
      return rows.map((r) => r.id)
    },
    countsByInbox: () => countsByInbox.all() as { id: string; n: number }[],
    /** Deletes up to `limit` of the oldest requests with seq ≤ `upTo`; returns their ids. Call inside a transaction. */
    deleteOldest(inboxId: string, upTo: number, limit: number): string[] {
      const rows = oldestUpTo.all(inboxId, upTo, limit) as { seq: number; id: string }[]
      for (const r of rows) remove(r.seq)
      return rows.map((r) => r.id)
    },
    deleteOne: (seq: number) => remove(seq),
    inboxIds: () => (inboxIds.all() as { id: string }[]).map((r) => r.id),
    maxSeq: (inboxId: string) => (maxSeq.get(inboxId) as { s: number | null }).s,
    countUpTo: (inboxId: string, seq: number) => (countUpTo.get(inboxId, seq) as { n: number }).n,

    /** Rows with payload for re-analysis, seq in (afterSeq, upToSeq], oldest first. */
    batchAfter: (inboxId: string, afterSeq: number, upToSeq: number, limit: number) =>
      batchAfter.all(inboxId, afterSeq, upToSeq, limit) as Array<RequestRow & { p_headers: string; p_body: Buffer; p_analysis: string }>,
    updateAnalysis(
      seq: number,
      fields: Pick<RequestRow, 'verdict' | 'event_id' | 'event_type' | 'dedup_key' | 'object_id' | 'event_time' | 'allowlisted' | 'problems' | 'timestamp_age_sec'>,
      analysis: string,
    ): void {
      updateAnalysisRow.run({ ...fields, seq })
      updateAnalysisPayload.run(analysis, seq)
    },
    /** Replaces the stored analysis only if it is still `expected` (a re-analysis in between wins). */
    replaceAnalysis(seq: number, expected: string, analysis: string): void {
      replaceAnalysisPayload.run(analysis, seq, expected)
    },
    updateResponse(seq: number, status: number | null, hung: boolean, response: string): void {
      updateResponseRow.run(status, hung ? 1 : 0, seq)
      updateResponsePayload.run(response, seq)
    },

    insertForward: (f: ForwardRow) => void insertForward.run(f.id, f.request_seq, f.position, f.result),
    updateForward: (id: string, result: string) => void updateForward.run(result, id),
    forwards: (seq: number) => forwardsOf.all(seq) as ForwardRow[],
    pendingForwards: () => pendingForwards.all() as ForwardRow[],
  }
}
