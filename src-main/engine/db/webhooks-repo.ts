import type { WebhookStatus } from '../../../src-shared/api/sender-common'
import { unicodeLower, type Db } from './open'

export interface WebhookRow {
  id: string
  name: string
  url: string
  profileId: string
  events: string[]
  headers: Record<string, string>
  allowLocal: boolean
  status: WebhookStatus
  consecutiveFailures: number
  disabledReason: string | null
  disabledAt: number | null
  pausedAt: number | null
  rateLimitPerSec: number | null
  maxConcurrency: number
  createdAt: number
  updatedAt: number
}

export interface SecretRow {
  seq: number
  value: string
  label: string | null
  createdAt: number
  expiresAt: number | null
}

export interface WebhookStatsRow {
  total: number
  succeeded: number
  failed: number
  pending: number
  held: number
}

export interface LastDeliveryRow {
  id: string
  type: string
  status: string
  at: number
  last_status: number | null
  test: 0 | 1
}

interface Raw {
  id: string
  name: string
  url: string
  profile_id: string
  events: string
  headers: string
  allow_local: number
  status: WebhookStatus
  consecutive_failures: number
  disabled_reason: string | null
  disabled_at: number | null
  paused_at: number | null
  rate_limit_per_sec: number | null
  max_concurrency: number
  created_at: number
  updated_at: number
}

const toRow = (r: Raw): WebhookRow => ({
  id: r.id,
  name: r.name,
  url: r.url,
  profileId: r.profile_id,
  events: JSON.parse(r.events) as string[],
  headers: JSON.parse(r.headers) as Record<string, string>,
  allowLocal: r.allow_local === 1,
  status: r.status,
  consecutiveFailures: r.consecutive_failures,
  disabledReason: r.disabled_reason,
  disabledAt: r.disabled_at,
  pausedAt: r.paused_at,
  rateLimitPerSec: r.rate_limit_per_sec,
  maxConcurrency: r.max_concurrency,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
})

const toParams = (w: WebhookRow) => ({
  id: w.id,
  name: w.name,
  url: w.url,
  profile_id: w.profileId,
  events: JSON.stringify(w.events),
  headers: JSON.stringify(w.headers),
  allow_local: w.allowLocal ? 1 : 0,
  status: w.status,
  consecutive_failures: w.consecutiveFailures,
  disabled_reason: w.disabledReason,
  disabled_at: w.disabledAt,
  paused_at: w.pausedAt,
  rate_limit_per_sec: w.rateLimitPerSec,
  max_concurrency: w.maxConcurrency,
  created_at: w.createdAt,
  updated_at: w.updatedAt,
})

/** Webhooks and their secret history. */
export function createWebhooksRepo(db: Db) {
  const s = {
    get: db.prepare<[string], Raw>('SELECT * FROM webhooks WHERE id = ?'),
    all: db.prepare<[], Raw>('SELECT * FROM webhooks ORDER BY id'),
    page: db.prepare<{ profile: string | null; status: string | null; q: string | null; after: string | null; limit: number }, Raw>(
      `SELECT * FROM webhooks
        WHERE (:profile IS NULL OR profile_id = :profile)
          AND (:status IS NULL OR status = :status)
          AND (:q IS NULL OR instr(unicode_lower(name), :q) > 0 OR instr(unicode_lower(url), :q) > 0)
          AND (:after IS NULL OR id < :after)
        ORDER BY id DESC LIMIT :limit`,
    ),
    byProfile: db.prepare<[string], Raw>('SELECT * FROM webhooks WHERE profile_id = ? ORDER BY id'),
    countByProfile: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM webhooks WHERE profile_id = ?'),
    insert: db.prepare(
      `INSERT INTO webhooks (id, name, url, profile_id, events, headers, allow_local, status, consecutive_failures,
         disabled_reason, disabled_at, paused_at, rate_limit_per_sec, max_concurrency, created_at, updated_at)
       VALUES (:id, :name, :url, :profile_id, :events, :headers, :allow_local, :status, :consecutive_failures,
         :disabled_reason, :disabled_at, :paused_at, :rate_limit_per_sec, :max_concurrency, :created_at, :updated_at)`,
    ),
    update: db.prepare(
      `UPDATE webhooks SET name = :name, url = :url, profile_id = :profile_id, events = :events, headers = :headers,
         allow_local = :allow_local, status = :status, consecutive_failures = :consecutive_failures,
         disabled_reason = :disabled_reason, disabled_at = :disabled_at, paused_at = :paused_at,
         rate_limit_per_sec = :rate_limit_per_sec, max_concurrency = :max_concurrency, updated_at = :updated_at
       WHERE id = :id`,
    ),
    delete: db.prepare('DELETE FROM webhooks WHERE id = ?'),
    fail: db.prepare<[number, string], { consecutive_failures: number; status: WebhookStatus }>(
      'UPDATE webhooks SET consecutive_failures = consecutive_failures + 1, updated_at = ? WHERE id = ? RETURNING consecutive_failures, status',
    ),
    succeed: db.prepare('UPDATE webhooks SET consecutive_failures = 0, updated_at = ? WHERE id = ? AND consecutive_failures <> 0'),
    disable: db.prepare(
      `UPDATE webhooks SET status = 'disabled', disabled_reason = ?, disabled_at = ?, updated_at = ? WHERE id = ? AND status = 'active'`,
    ),
    secrets: db.prepare<[string], { seq: number; value: string; label: string | null; created_at: number; expires_at: number | null }>(
      'SELECT seq, value, label, created_at, expires_at FROM webhook_secrets WHERE webhook_id = ? ORDER BY seq DESC',
    ),
    maxSeq: db.prepare<[string], { s: number | null }>('SELECT max(seq) AS s FROM webhook_secrets WHERE webhook_id = ?'),
    insertSecret: db.prepare('INSERT INTO webhook_secrets (webhook_id, seq, value, label, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)'),
    expireSecrets: db.prepare(
      'UPDATE webhook_secrets SET expires_at = min(coalesce(expires_at, :until), :until) WHERE webhook_id = :id AND (expires_at IS NULL OR expires_at > :now)',
    ),
    stats: db.prepare<[string], WebhookStatsRow>(
      `SELECT count(*) AS total,
              coalesce(sum(status = 'succeeded'), 0) AS succeeded,
              coalesce(sum(status = 'failed'), 0) AS failed,
              coalesce(sum(status = 'pending'), 0) AS pending,
              coalesce(sum(status = 'held'), 0) AS held
         FROM deliveries WHERE webhook_id = ? AND test = 0`,
    ),
    // The delivery (or test) whose latest attempt went out last, or, never attempted, the one
    // created last: a manual retry of an older delivery makes it the last one. One seek on
    // deliveries_webhook_last read backwards; within one millisecond, the one written last.
    last: db.prepare<{ webhook: string }, LastDeliveryRow>(
      `SELECT d.id, e.type, d.status, coalesce(d.last_attempt_at, d.created_at) AS at, d.last_status, d.test
         FROM deliveries d INDEXED BY deliveries_webhook_last JOIN events e ON e.id = d.event_id
        WHERE d.webhook_id = :webhook
        ORDER BY coalesce(d.last_attempt_at, d.created_at) DESC, d.rowid DESC LIMIT 1`,
    ),
  }

  return {
    get: (id: string): WebhookRow | undefined => {
      const r = s.get.get(id)
      return r && toRow(r)
    },
    all: (): WebhookRow[] => s.all.all().map(toRow),
    page: (q: { profileId?: string; status?: string; q?: string; after?: string; limit: number }): WebhookRow[] =>
      s.page
        .all({ profile: q.profileId ?? null, status: q.status ?? null, q: q.q === undefined ? null : unicodeLower(q.q), after: q.after ?? null, limit: q.limit })
        .map(toRow),
    byProfile: (profileId: string): WebhookRow[] => s.byProfile.all(profileId).map(toRow),
    countByProfile: (profileId: string) => s.countByProfile.get(profileId)!.n,
    insert: (w: WebhookRow) => s.insert.run(toParams(w)),
    update: (w: WebhookRow) => s.update.run(toParams(w)).changes > 0,
    delete: (id: string) => s.delete.run(id).changes > 0,
    /** One more consecutive failed delivery; returns the new count and the status. */
    recordFailure: (id: string, now: number) => {
      const r = s.fail.get(now, id)
      return r ? { consecutiveFailures: r.consecutive_failures, status: r.status } : undefined
    },
    /** A delivery succeeded: the consecutive-failure count starts again from 0. */
    recordSuccess: (id: string, now: number) => s.succeed.run(now, id).changes > 0,
    /** Auto-disable (only an active webhook). */
    disable: (id: string, reason: string, now: number) => s.disable.run(reason, now, now, id).changes > 0,

    /** Newest first: the first is the current secret. */
    secrets: (webhookId: string): SecretRow[] =>
      s.secrets.all(webhookId).map((r) => ({ seq: r.seq, value: r.value, label: r.label, createdAt: r.created_at, expiresAt: r.expires_at })),
    /** Adds a new current secret; the previous live ones keep signing until `until` (overlap). */
    addSecret: (webhookId: string, value: string, label: string | null, now: number, previousUntil: number) => {
      s.expireSecrets.run({ id: webhookId, until: previousUntil, now })
      const seq = (s.maxSeq.get(webhookId)?.s ?? 0) + 1
      s.insertSecret.run(webhookId, seq, value, label, now, null)
    },
    /** Ends every live secret now (the webhook stops signing). */
    clearSecrets: (webhookId: string, now: number) => s.expireSecrets.run({ id: webhookId, until: now, now }),
    stats: (webhookId: string): WebhookStatsRow => s.stats.get(webhookId)!,
    lastDelivery: (webhookId: string): LastDeliveryRow | undefined => s.last.get({ webhook: webhookId }),
  }
}

export type WebhooksRepo = ReturnType<typeof createWebhooksRepo>
