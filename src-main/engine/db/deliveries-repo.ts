import type { AttemptOutcome, AttemptTrigger } from '../../../src-shared/api/deliveries'
import type { DeliveryStatus } from '../../../src-shared/api/sender-common'
import type { Db } from './open'

/** A delivery without its body, with its event's type and its webhook's name and URL. */
export interface DeliveryRow {
  id: string
  eventId: string
  eventType: string
  profileId: string
  webhookId: string
  webhookName: string
  webhookUrl: string
  status: DeliveryStatus
  test: boolean
  attemptCount: number
  failedAttempts: number
  nextAttemptAt: number | null
  nextTrigger: AttemptTrigger
  finalAfterNext: boolean
  heldReason: string | null
  heldAt: number | null
  lastAttemptAt: number | null
  lastStatus: number | null
  lastDurationMs: number | null
  lastErrorCode: string | null
  lastErrorMessage: string | null
  createdAt: number
  finishedAt: number | null
}

export interface NewDelivery {
  id: string
  eventId: string
  webhookId: string
  status: DeliveryStatus
  body: Buffer
  test: boolean
  nextAttemptAt: number | null
  nextTrigger: AttemptTrigger
  finalAfterNext: boolean
  heldReason: string | null
  createdAt: number
}

export interface AttemptRow {
  deliveryId: string
  n: number
  trigger: AttemptTrigger
  outcome: AttemptOutcome
  scheduledAt: number
  startedAt: number
  finishedAt: number | null
  durationMs: number | null
  requestMethod: string
  requestUrl: string
  requestHeaders: [string, string][]
  /** null: the delivery's body. */
  requestBody: Buffer | null
  responseStatus: number | null
  responseHeaders: [string, string][] | null
  responseBody: Buffer | null
  responseSize: number | null
  errorCode: string | null
  errorMessage: string | null
  nextAttemptAt: number | null
}

/** What the dispatcher needs to send one due delivery. */
export interface DueDelivery {
  /** The row's rowid: the dispatcher's writes find the row by it, without the id index. */
  rowid: number
  id: string
  eventId: string
  eventType: string
  profileId: string
  createdAt: number
  webhookId: string
  body: Buffer
  attemptCount: number
  failedAttempts: number
  nextAttemptAt: number
  nextTrigger: AttemptTrigger
  finalAfterNext: boolean
  test: boolean
}

/** The outcome of one attempt and the delivery state that follows from it. */
export interface AttemptResult {
  deliveryId: string
  /** The delivery's rowid (DueDelivery.rowid): the row is found without the id index. */
  deliveryRowid: number
  n: number
  outcome: Exclude<AttemptOutcome, 'in_flight'>
  finishedAt: number
  durationMs: number | null
  responseStatus: number | null
  responseHeaders: [string, string][] | null
  responseBody: Buffer | null
  responseSize: number | null
  errorCode: string | null
  errorMessage: string | null
  /** The delivery after the attempt. */
  status: DeliveryStatus
  nextAttemptAt: number | null
  failedAttempts: number
  heldReason: string | null
  finishedDeliveryAt: number | null
}

export interface DeliveryQuery {
  status?: string
  webhookId?: string
  eventId?: string
  eventType?: string
  profileId?: string
  test?: boolean
  before?: string
  limit: number
}

// The URL is where the last attempt went (a webhook's URL may have changed since), else the webhook's.
const SUMMARY_COLUMNS = `d.id, d.event_id, e.type AS event_type, e.profile_id, d.webhook_id, w.name AS webhook_name,
  coalesce((SELECT a.request_url FROM attempts a WHERE a.delivery_id = d.id ORDER BY a.n DESC LIMIT 1), w.url) AS webhook_url,
  d.status, d.test, d.attempt_count, d.failed_attempts, d.next_attempt_at, d.next_trigger,
  d.final_after_next, d.held_reason, d.held_at, d.last_attempt_at, d.last_status, d.last_duration_ms,
  d.last_error_code, d.last_error_message, d.created_at, d.finished_at`

const FROM = 'FROM deliveries d JOIN events e ON e.id = d.event_id JOIN webhooks w ON w.id = d.webhook_id'

interface RawSummary {
  id: string
  event_id: string
  event_type: string
  profile_id: string
  webhook_id: string
  webhook_name: string
  webhook_url: string
  status: DeliveryStatus
  test: number
  attempt_count: number
  failed_attempts: number
  next_attempt_at: number | null
  next_trigger: AttemptTrigger
  final_after_next: number
  held_reason: string | null
  held_at: number | null
  last_attempt_at: number | null
  last_status: number | null
  last_duration_ms: number | null
  last_error_code: string | null
  last_error_message: string | null
  created_at: number
  finished_at: number | null
}

const toSummary = (r: RawSummary): DeliveryRow => ({
  id: r.id,
  eventId: r.event_id,
  eventType: r.event_type,
  profileId: r.profile_id,
  webhookId: r.webhook_id,
  webhookName: r.webhook_name,
  webhookUrl: r.webhook_url,
  status: r.status,
  test: r.test === 1,
  attemptCount: r.attempt_count,
  failedAttempts: r.failed_attempts,
  nextAttemptAt: r.next_attempt_at,
  nextTrigger: r.next_trigger,
  finalAfterNext: r.final_after_next === 1,
  heldReason: r.held_reason,
  heldAt: r.held_at,
  lastAttemptAt: r.last_attempt_at,
  lastStatus: r.last_status,
  lastDurationMs: r.last_duration_ms,
  lastErrorCode: r.last_error_code,
  lastErrorMessage: r.last_error_message,
  createdAt: r.created_at,
  finishedAt: r.finished_at,
})

interface RawAttempt {
  delivery_id: string
  n: number
  trigger: AttemptTrigger
  outcome: AttemptOutcome
  scheduled_at: number
  started_at: number
  finished_at: number | null
  duration_ms: number | null
  request_method: string
  request_url: string
  request_headers: string
  request_body: Buffer | null
  response_status: number | null
  response_headers: string | null
  response_body: Buffer | null
  response_size: number | null
  error_code: string | null
  error_message: string | null
  next_attempt_at: number | null
}

const toAttempt = (r: RawAttempt): AttemptRow => ({
  deliveryId: r.delivery_id,
  n: r.n,
  trigger: r.trigger,
  outcome: r.outcome,
  scheduledAt: r.scheduled_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  durationMs: r.duration_ms,
  requestMethod: r.request_method,
  requestUrl: r.request_url,
  requestHeaders: JSON.parse(r.request_headers) as [string, string][],
  requestBody: r.request_body,
  responseStatus: r.response_status,
  responseHeaders: r.response_headers ? (JSON.parse(r.response_headers) as [string, string][]) : null,
  responseBody: r.response_body,
  responseSize: r.response_size,
  errorCode: r.error_code,
  errorMessage: r.error_message,
  nextAttemptAt: r.next_attempt_at,
})

// The due rows come as arrays (better-sqlite3 raw mode), in DUE_COLUMNS order: building an
// object per row from column names costs more than the row itself at dispatch rates.
const DUE_COLUMNS = `d.rowid, d.id, d.event_id, e.type, e.profile_id, d.webhook_id, b.body, d.attempt_count, d.failed_attempts,
              d.next_attempt_at, d.next_trigger, d.final_after_next, d.test, d.created_at`

type RawDue = [
  rowid: number,
  id: string,
  eventId: string,
  eventType: string,
  profileId: string,
  webhookId: string,
  body: Buffer,
  attemptCount: number,
  failedAttempts: number,
  nextAttemptAt: number,
  nextTrigger: AttemptTrigger,
  finalAfterNext: number,
  test: number,
  createdAt: number,
]

const toDue = (r: RawDue): DueDelivery => ({
  rowid: r[0],
  id: r[1],
  eventId: r[2],
  eventType: r[3],
  profileId: r[4],
  createdAt: r[13],
  webhookId: r[5],
  body: r[6],
  attemptCount: r[7],
  failedAttempts: r[8],
  nextAttemptAt: r[9],
  nextTrigger: r[10],
  finalAfterNext: r[11] === 1,
  test: r[12] === 1,
})

/** A delivery's state after an attempt; by rowid (fast) or, should the rowid have moved, by id. */
const COMPLETE_DELIVERY = `UPDATE deliveries SET status = ?, next_attempt_at = ?, next_trigger = 'schedule', final_after_next = 0,
   failed_attempts = ?, held_reason = ?, held_at = CASE WHEN ? IS NULL THEN NULL ELSE ? END,
   last_status = ?, last_duration_ms = ?, last_error_code = ?, last_error_message = ?, finished_at = ?`

/**
 * Deliveries and attempts. A pending delivery with `next_attempt_at` NULL has an attempt in
 * flight; the dispatcher claims a delivery by clearing it in the same transaction that writes
 * the in-flight attempt, so a crash leaves a trace that recovery turns back into a due delivery.
 */
export function createDeliveriesRepo(db: Db) {
  const s = {
    insert: db.prepare(
      `INSERT INTO deliveries (id, event_id, webhook_id, status, test, next_attempt_at, next_trigger, final_after_next,
         held_reason, held_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertBody: db.prepare('INSERT INTO delivery_bodies (delivery_id, body) VALUES (?, ?)'),
    get: db.prepare<[string], RawSummary>(`SELECT ${SUMMARY_COLUMNS} ${FROM} WHERE d.id = ?`),
    body: db.prepare<[string], { body: Buffer }>('SELECT body FROM delivery_bodies WHERE delivery_id = ?'),
    byEvent: db.prepare<[string], RawSummary>(`SELECT ${SUMMARY_COLUMNS} ${FROM} WHERE d.event_id = ? ORDER BY d.id`),
    attempts: db.prepare<[string], RawAttempt>('SELECT * FROM attempts WHERE delivery_id = ? ORDER BY n'),
    due: db
      .prepare<[string, number, number], RawDue>(
        `SELECT ${DUE_COLUMNS}
           FROM deliveries d JOIN events e ON e.id = d.event_id JOIN delivery_bodies b ON b.delivery_id = d.id
          WHERE d.webhook_id = ? AND d.status = 'pending' AND d.next_attempt_at IS NOT NULL AND d.next_attempt_at <= ?
          ORDER BY d.next_attempt_at, d.rowid LIMIT ?`,
      )
      .raw(true),
    // A paused or disabled webhook still sends what a user asked for: tests and manual attempts.
    dueManualOnly: db
      .prepare<[string, number, number], RawDue>(
        `SELECT ${DUE_COLUMNS}
           FROM deliveries d JOIN events e ON e.id = d.event_id JOIN delivery_bodies b ON b.delivery_id = d.id
          WHERE d.webhook_id = ? AND d.status = 'pending' AND d.next_attempt_at IS NOT NULL AND d.next_attempt_at <= ?
            AND (d.final_after_next = 1 OR d.next_trigger = 'manual')
          ORDER BY d.next_attempt_at, d.rowid LIMIT ?`,
      )
      .raw(true),
    // INDEXED BY: left to itself the planner walks every pending row through deliveries_status.
    nextDue: db.prepare<[number], { t: number | null }>(
      `SELECT next_attempt_at AS t FROM deliveries INDEXED BY deliveries_due
        WHERE status = 'pending' AND next_attempt_at IS NOT NULL AND next_attempt_at > ?
        ORDER BY next_attempt_at LIMIT 1`,
    ),
    claim: db.prepare(
      `UPDATE deliveries SET next_attempt_at = NULL, attempt_count = ?, last_attempt_at = ?
        WHERE rowid = ? AND status = 'pending' AND next_attempt_at IS NOT NULL`,
    ),
    insertAttempt: db.prepare(
      `INSERT INTO attempts (delivery_id, n, trigger, outcome, scheduled_at, started_at, finished_at, duration_ms,
         request_method, request_url, request_headers, request_body, response_status, response_headers, response_body,
         response_size, error_code, error_message, next_attempt_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    completeAttempt: db.prepare(
      `UPDATE attempts SET outcome = ?, finished_at = ?, duration_ms = ?, response_status = ?, response_headers = ?,
         response_body = ?, response_size = ?, error_code = ?, error_message = ?, next_attempt_at = ?
        WHERE delivery_id = ? AND n = ? AND outcome = 'in_flight'`,
    ),
    completeDelivery: db.prepare(`${COMPLETE_DELIVERY} WHERE rowid = ? AND id = ?`),
    completeDeliveryById: db.prepare(`${COMPLETE_DELIVERY} WHERE id = ?`),
    hold: db.prepare(
      `UPDATE deliveries SET status = 'held', held_reason = ?, held_at = ?
        WHERE webhook_id = ? AND status = 'pending' AND next_attempt_at IS NOT NULL AND final_after_next = 0 AND next_trigger <> 'manual'`,
    ),
    release: db.prepare(
      `UPDATE deliveries SET status = 'pending', held_reason = NULL, held_at = NULL, next_attempt_at = ?, next_trigger = 'schedule'
        WHERE webhook_id = ? AND status = 'held'`,
    ),
    sendNowAll: db.prepare(
      `UPDATE deliveries SET next_attempt_at = :now, next_trigger = 'now'
        WHERE status = 'pending' AND next_attempt_at IS NOT NULL AND next_attempt_at > :now
          AND (:webhook IS NULL OR webhook_id = :webhook) AND (:event IS NULL OR event_id = :event)`,
    ),
    sendNowOne: db.prepare(
      `UPDATE deliveries SET next_attempt_at = ?, next_trigger = 'now'
        WHERE id = ? AND status = 'pending' AND next_attempt_at IS NOT NULL`,
    ),
    manual: db.prepare(
      `UPDATE deliveries SET status = 'pending', next_attempt_at = ?, next_trigger = 'manual',
         final_after_next = CASE WHEN status = 'held' THEN 0 ELSE 1 END, held_reason = NULL, held_at = NULL
        WHERE id = ? AND status IN ('succeeded', 'failed', 'held')`,
    ),
    interruptAttempts: db.prepare(
      `UPDATE attempts SET outcome = 'interrupted', finished_at = :now, error_code = 'interrupted',
         error_message = 'The engine stopped before the response arrived; the delivery was sent again on restart (at-least-once).'
        WHERE outcome = 'in_flight'`,
    ),
    recoverDeliveries: db.prepare(
      `UPDATE deliveries SET next_attempt_at = ?, next_trigger = 'recovery'
        WHERE status = 'pending' AND next_attempt_at IS NULL`,
    ),
    summarize: db.prepare(
      `UPDATE deliveries SET attempt_count = 1, last_attempt_at = ?, last_status = ?, last_duration_ms = ?, last_error_code = ?,
         last_error_message = ?, finished_at = ? WHERE id = ?`,
    ),
  }

  const pageStatements = new Map<string, ReturnType<typeof db.prepare>>()
  const pageStatement = (q: DeliveryQuery) => {
    const where: string[] = []
    if (q.status !== undefined) where.push('d.status = :status')
    if (q.webhookId !== undefined) where.push('d.webhook_id = :webhookId')
    if (q.eventId !== undefined) where.push('d.event_id = :eventId')
    // `deal.*` as in a subscription: the types under that prefix.
    if (q.eventType !== undefined) where.push(q.eventType.endsWith('*') ? "e.type LIKE :eventType ESCAPE '\\'" : 'e.type = :eventType')
    if (q.profileId !== undefined) where.push('e.profile_id = :profileId')
    if (q.test !== undefined) where.push('d.test = :test')
    if (q.before !== undefined) where.push('d.id < :before')
    const key = where.join(' AND ')
    let stmt = pageStatements.get(key)
    if (!stmt) {
      stmt = db.prepare(`SELECT ${SUMMARY_COLUMNS} ${FROM} ${where.length ? `WHERE ${key}` : ''} ORDER BY d.id DESC LIMIT :limit`)
      pageStatements.set(key, stmt)
    }
    return stmt
  }

  const insertAttempt = (a: AttemptRow) =>
    s.insertAttempt.run(
      a.deliveryId,
      a.n,
      a.trigger,
      a.outcome,
      a.scheduledAt,
      a.startedAt,
      a.finishedAt,
      a.durationMs,
      a.requestMethod,
      a.requestUrl,
      JSON.stringify(a.requestHeaders),
      a.requestBody,
      a.responseStatus,
      a.responseHeaders ? JSON.stringify(a.responseHeaders) : null,
      a.responseBody,
      a.responseSize,
      a.errorCode,
      a.errorMessage,
      a.nextAttemptAt,
    )

  return {
    /** Inserts a delivery and its body (call inside a transaction). */
    insert: (d: NewDelivery) => {
      s.insert.run(
        d.id,
        d.eventId,
        d.webhookId,
        d.status,
        d.test ? 1 : 0,
        d.nextAttemptAt,
        d.nextTrigger,
        d.finalAfterNext ? 1 : 0,
        d.heldReason,
        d.heldReason ? d.createdAt : null,
        d.createdAt,
      )
      s.insertBody.run(d.id, d.body)
    },
    get: (id: string): DeliveryRow | undefined => {
      const r = s.get.get(id)
      return r && toSummary(r)
    },
    body: (id: string): Buffer | undefined => s.body.get(id)?.body,
    byEvent: (eventId: string): DeliveryRow[] => s.byEvent.all(eventId).map(toSummary),
    page: (q: DeliveryQuery): DeliveryRow[] => {
      const params: Record<string, unknown> = { limit: q.limit }
      for (const k of ['status', 'webhookId', 'eventId', 'eventType', 'profileId', 'before'] as const) if (q[k] !== undefined) params[k] = q[k]
      if (q.eventType?.endsWith('*')) params.eventType = `${q.eventType.slice(0, -1).replace(/[\\%_]/g, (c) => `\\${c}`)}%`
      if (q.test !== undefined) params.test = q.test ? 1 : 0
      return (pageStatement(q).all(params) as RawSummary[]).map(toSummary)
    },
    attempts: (deliveryId: string): AttemptRow[] => s.attempts.all(deliveryId).map(toAttempt),
    insertAttempt,

    // --- dispatcher ------------------------------------------------------------------------
    /** Due deliveries of one webhook, oldest due first. `manualOnly`: tests and manual attempts only (a paused or disabled webhook). */
    due: (webhookId: string, now: number, limit: number, manualOnly: boolean): DueDelivery[] =>
      (manualOnly ? s.dueManualOnly : s.due).all(webhookId, now, limit).map(toDue),
    /** The earliest due time strictly after `now`, or null. */
    nextDueAfter: (now: number): number | null => s.nextDue.get(now)?.t ?? null,
    /**
     * Marks a due delivery in flight and writes its in-flight attempt (call inside a
     * transaction); false when it was no longer due.
     */
    claimOne: (a: AttemptRow, rowid: number): boolean => {
      if (s.claim.run(a.n, a.startedAt, rowid).changes !== 1) return false
      insertAttempt(a)
      return true
    },
    /** Writes one attempt's result and its delivery's new state (call inside a transaction); false when the delivery is gone. */
    complete: (r: AttemptResult): boolean => {
      const changed = s.completeAttempt.run(
        r.outcome,
        r.finishedAt,
        r.durationMs,
        r.responseStatus,
        r.responseHeaders ? JSON.stringify(r.responseHeaders) : null,
        r.responseBody,
        r.responseSize,
        r.errorCode,
        r.errorMessage,
        r.nextAttemptAt,
        r.deliveryId,
        r.n,
      ).changes
      if (changed === 0) return false // deleted meanwhile, or recovered by another start
      const params = [
        r.status,
        r.nextAttemptAt,
        r.failedAttempts,
        r.heldReason,
        r.heldReason,
        r.finishedAt,
        r.responseStatus,
        r.durationMs,
        r.errorCode,
        r.errorMessage,
        r.finishedDeliveryAt,
      ]
      // By rowid, checked against the id: were rowids ever renumbered (VACUUM) since the claim, by id.
      if (s.completeDelivery.run(...params, r.deliveryRowid, r.deliveryId).changes === 0) s.completeDeliveryById.run(...params, r.deliveryId)
      return true
    },
    /** Holds every pending delivery of a webhook that is not in flight (in-flight ones are held when they return). */
    hold: (webhookId: string, reason: string, now: number) => s.hold.run(reason, now, webhookId).changes,
    /** Held deliveries of a webhook become due now. */
    release: (webhookId: string, now: number) => s.release.run(now, webhookId).changes,
    sendNow: (q: { webhookId?: string; eventId?: string }, now: number) =>
      s.sendNowAll.run({ now, webhook: q.webhookId ?? null, event: q.eventId ?? null }).changes,
    sendNowOne: (id: string, now: number) => s.sendNowOne.run(now, id).changes > 0,
    /** A finished or held delivery gets one manual attempt now; its result is final. */
    manualRetry: (id: string, now: number) => s.manual.run(now, id).changes > 0,
    /** After a crash: in-flight attempts are marked interrupted and their deliveries are due now. */
    recover: db.transaction((now: number) => {
      const attempts = s.interruptAttempts.run({ now }).changes
      const deliveries = s.recoverDeliveries.run(now).changes
      return { attempts, deliveries }
    }),
    /** The last-attempt columns of a delivery made of one attempt written directly (the handshake). */
    summarizeSingleAttempt: (id: string, a: AttemptRow) =>
      s.summarize.run(a.startedAt, a.responseStatus, a.durationMs, a.errorCode, a.errorMessage, a.finishedAt, id),
  }
}

export type DeliveriesRepo = ReturnType<typeof createDeliveriesRepo>
