/**
 * The durable dispatcher. Deliveries are rows; a pending row with `next_attempt_at` is due at
 * that time, and one with NULL has an attempt in flight. A single loop, driven by the engine
 * clock, wakes at the earliest due time (deliveries, schedules, scenario steps), claims due
 * deliveries within the global and per-webhook concurrency limits (and the optional per-webhook
 * rate limit), writes each in-flight attempt, and sends it on the shared undici pool.
 *
 * Crash safety (at-least-once): the claim and its in-flight attempt are committed before the
 * request leaves. On start, attempts still in flight are marked `interrupted` and their
 * deliveries are due at once; the resend carries the same body, event id and webhook-id.
 *
 * Throughput: attempt results are queued and written in one transaction per turn of the event
 * loop, then a pass fills the freed slots, also in one transaction. A result not yet written
 * when the process dies leaves its attempt in flight, so it is resent: never lost.
 */
import type { LiveDeliveryAttempted } from '../../../src-shared/api/deliveries'
import type { ProviderProfile } from '../../../src-shared/catalog'
import type { ClockTimer } from '../clock'
import type { AttemptResult, AttemptRow, DeliveryRow, DueDelivery } from '../db/deliveries-repo'
import type { SecretRow, WebhookRow } from '../db/webhooks-repo'
import type { OutboundClient, OutboundResult } from '../http/outbound'
import { isLive } from '../signing'
import { describeFailure, disabledReason, heldReason, shouldDisable } from './auto-disable'
import { iso, type SenderContext } from './context'
import { toDeliverySummary } from './mappers'
import { buildOutgoingRequest, type OutgoingRequest } from './outgoing'
import type { Profiles } from './profiles'
import { isSuccessStatus, nextRetryAt } from './retry-policy'

export interface DispatcherOptions {
  /** Attempts in flight at once, all webhooks together. */
  maxInFlight?: number
}

/** Something else the loop drives: schedules and scenario runs. */
export interface TickSource {
  /** Fires whatever is due at `now`. */
  runDue(now: number): void
  /** The next time something is due, or null. */
  nextDue(): number | null
}

interface WebhookRuntime {
  row: WebhookRow
  secrets: SecretRow[]
}

interface InFlight {
  due: DueDelivery
  attempt: AttemptRow
  webhook: WebhookRow
  profile: ProviderProfile
  request: OutgoingRequest | null
  /** Why nothing could be sent (the attempt is recorded as failed). */
  failure: { code: string; message: string } | null
}

interface Finished {
  flight: InFlight
  result: OutboundResult
}

export const DEFAULT_MAX_IN_FLIGHT = 256

export function createDispatcher(
  { ctx, repos }: SenderContext,
  deps: { http: OutboundClient; profiles: Profiles },
  options: DispatcherOptions = {},
) {
  const maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT
  const userAgent = `Hookbench/${ctx.version} (+webhooks)`
  const inFlight = new Map<string, InFlight>()
  const perWebhook = new Map<string, number>()
  const buckets = new Map<string, { tokens: number; at: number }>()
  const finished: Finished[] = []
  const waiters = new Map<string, Array<() => void>>()
  const sources: TickSource[] = []
  const sends = new Set<Promise<void>>()
  // One signal for every request: stop() abandons them all at once (a controller per request
  // cost more than signing it).
  const shutdown = new AbortController()
  let webhooks: Map<string, WebhookRuntime> | null = null
  let rotation = 0
  let timer: ClockTimer | null = null
  let timerAt = Infinity
  let kickQueued = false
  let stopped = false

  const log = ctx.log.child({ domain: 'dispatcher' })

  function webhookMap(): Map<string, WebhookRuntime> {
    if (!webhooks) {
      webhooks = new Map()
      for (const row of repos.webhooks.all()) webhooks.set(row.id, { row, secrets: repos.webhooks.secrets(row.id) })
    }
    return webhooks
  }

  /** Runs a pass soon: after the current I/O callbacks, so results that arrive together are written together. */
  function kick(): void {
    if (stopped || kickQueued) return
    kickQueued = true
    setImmediate(pass)
  }

  /**
   * One turn of the loop: fire due triggers, then write the queued attempt results and claim
   * the deliveries that fit in the freed slots in one transaction (one commit per turn, however
   * many results arrived together), then send, then sleep until the next due time.
   */
  function pass(): void {
    kickQueued = false
    if (stopped) return
    const now = ctx.clock.now()
    for (const source of sources) {
      try {
        source.runDue(now)
      } catch (err) {
        log.error({ err }, 'trigger source failed')
      }
    }
    if (!commit(now, true)) return
    arm(now)
  }

  /** Writes queued results (and claims due deliveries); false when the transaction failed. */
  function commit(now: number, claimToo: boolean): boolean {
    const batch = finished.splice(0, finished.length)
    let emits: Array<() => void> = []
    let toSend: InFlight[] = []
    try {
      ctx.db.transaction(() => {
        emits = batch.map((f) => applyResult(f, now)).filter((e): e is () => void => e !== null)
        if (claimToo) toSend = claim(now)
      })()
    } catch (err) {
      // The loop must survive a busy database or a bad row: keep the results and try again soon.
      finished.unshift(...batch)
      webhooks = null
      log.error({ err }, 'dispatch pass failed')
      armIn(now, 1000)
      return false
    }
    for (const e of emits) e()
    for (const f of batch) {
      const list = waiters.get(f.flight.due.id)
      if (list) {
        waiters.delete(f.flight.due.id)
        for (const resolve of list) resolve()
      }
    }
    for (const c of toSend) {
      const b = buckets.get(c.webhook.id)
      if (b) b.tokens -= 1
      send(c)
    }
    return true
  }

  function tokensFor(w: WebhookRow, now: number): number {
    if (!w.rateLimitPerSec) return Infinity
    const capacity = Math.max(1, w.rateLimitPerSec)
    const b = buckets.get(w.id) ?? { tokens: capacity, at: now }
    b.tokens = Math.min(capacity, b.tokens + ((now - b.at) / 1000) * w.rateLimitPerSec)
    b.at = now
    buckets.set(w.id, b)
    return b.tokens
  }

  /** Claims due deliveries within the limits (call inside the pass's transaction). */
  function claim(now: number): InFlight[] {
    let free = maxInFlight - inFlight.size
    if (free <= 0) return []
    const all = [...webhookMap().values()]
    if (all.length === 0) return []
    const start = rotation++ % all.length
    const claims: InFlight[] = []
    for (let i = 0; i < all.length && free > 0; i++) {
      const rt = all[(start + i) % all.length]!
      const w = rt.row
      let cap = Math.min(free, w.maxConcurrency - (perWebhook.get(w.id) ?? 0))
      if (cap <= 0) continue
      const tokens = tokensFor(w, now)
      cap = Math.min(cap, Math.floor(tokens))
      if (cap <= 0) continue
      // A paused or disabled webhook only sends manual retries and tests.
      const due = repos.deliveries.due(w.id, now, cap, w.status !== 'active')
      for (const d of due) {
        claims.push(prepare(d, rt, now))
        free--
      }
    }
    return claims.filter((c) => repos.deliveries.claimOne(c.attempt, c.due.rowid))
  }

  function prepare(d: DueDelivery, rt: WebhookRuntime, now: number): InFlight {
    const profile = deps.profiles.get(rt.row.profileId)
    let request: OutgoingRequest | null = null
    let failure: { code: string; message: string } | null = null
    if (!profile) {
      failure = { code: 'profile', message: `The profile "${rt.row.profileId}" no longer exists; move the webhook to another profile.` }
    } else {
      try {
        const secrets = rt.secrets
          .filter((s) => isLive({ value: s.value, ...(s.expiresAt !== null ? { expiresAt: s.expiresAt } : {}) }, now))
          .map((s) => s.value)
        const wallNow = ctx.clock.wallNow()
        request = buildOutgoingRequest({ profile, webhook: rt.row, eventId: d.eventId, eventType: d.eventType, body: d.body, secrets, wallNow, userAgent })
      } catch (err) {
        failure = { code: 'signing', message: (err as Error).message }
      }
    }
    const attempt: AttemptRow = {
      deliveryId: d.id,
      n: d.attemptCount + 1,
      trigger: d.nextTrigger,
      outcome: 'in_flight',
      scheduledAt: d.nextAttemptAt,
      startedAt: now,
      finishedAt: null,
      durationMs: null,
      requestMethod: 'POST',
      requestUrl: rt.row.url,
      requestHeaders: request?.wireHeaders ?? [],
      requestBody: null,
      responseStatus: null,
      responseHeaders: null,
      responseBody: null,
      responseSize: null,
      errorCode: null,
      errorMessage: null,
      nextAttemptAt: null,
    }
    return { due: d, attempt, webhook: rt.row, profile: profile ?? fallbackProfile, request, failure }
  }

  function send(flight: InFlight): void {
    inFlight.set(flight.due.id, flight)
    perWebhook.set(flight.webhook.id, (perWebhook.get(flight.webhook.id) ?? 0) + 1)
    const { request } = flight
    if (!request) {
      // Nothing can be sent (no profile, unusable secret): the attempt fails at once and follows the schedule.
      finish(flight, { ok: false, error: flight.failure as never, durationMs: 0 })
      return
    }
    const p = deps.http
      .send({
        method: request.method,
        url: request.url,
        headers: request.headers,
        body: flight.due.body,
        timeoutMs: flight.profile.timeoutMs,
        signal: shutdown.signal,
      })
      .then((result) => finish(flight, result))
    sends.add(p)
    void p.finally(() => sends.delete(p))
  }

  function finish(flight: InFlight, result: OutboundResult): void {
    inFlight.delete(flight.due.id)
    const left = (perWebhook.get(flight.webhook.id) ?? 1) - 1
    if (left > 0) perWebhook.set(flight.webhook.id, left)
    else perWebhook.delete(flight.webhook.id)
    // Aborted by shutdown: leave the attempt in flight; the next start resends it.
    if (stopped && !result.ok && result.error.code === 'aborted') return
    finished.push({ flight, result })
    kick()
  }

  function applyResult({ flight, result }: Finished, now: number): (() => void) | null {
    const { due, attempt, profile } = flight
    const webhook = webhookMap().get(flight.webhook.id)?.row
    const response = result.ok ? result.response : null
    const error = result.ok ? null : result.error
    const ok = response !== null && isSuccessStatus(response.status)
    let status: DeliveryRow['status']
    let nextAttemptAt: number | null = null
    let failedAttempts = due.failedAttempts
    let held: string | null = null
    let finishedAt: number | null = null
    let countsFailure = false
    if (ok) {
      status = 'succeeded'
      finishedAt = now
    } else if (due.finalAfterNext) {
      status = 'failed'
      finishedAt = now
    } else {
      // A manual attempt of a held delivery is extra: its schedule stays where it was.
      if (due.nextTrigger !== 'manual') failedAttempts += 1
      nextAttemptAt = nextRetryAt(profile, failedAttempts, now)
      if (nextAttemptAt === null) {
        status = 'failed'
        finishedAt = now
        countsFailure = true
      } else if (webhook && webhook.status !== 'active') {
        status = 'held'
        held = webhook.status === 'disabled' ? heldReason.disabled(webhook.disabledReason ?? '') : heldReason.paused(iso(webhook.pausedAt) ?? '')
      } else {
        status = 'pending'
      }
    }
    const r: AttemptResult = {
      deliveryId: due.id,
      deliveryRowid: due.rowid,
      n: attempt.n,
      outcome: ok ? 'succeeded' : 'failed',
      finishedAt: now,
      durationMs: result.durationMs,
      responseStatus: response?.status ?? null,
      responseHeaders: response?.headers ?? null,
      responseBody: response?.body ?? null,
      responseSize: response?.size ?? null,
      errorCode: error?.code ?? null,
      errorMessage: error?.message ?? null,
      status,
      nextAttemptAt,
      failedAttempts,
      heldReason: held,
      finishedDeliveryAt: finishedAt,
    }
    if (!repos.deliveries.complete(r)) return null // the webhook (and its deliveries) was deleted meanwhile

    let disabledNow: string | null = null
    if (!due.test && webhook) {
      if (ok) {
        // The cached row follows every change this process makes, so a no-op UPDATE is skipped.
        if (webhook.consecutiveFailures !== 0 && repos.webhooks.recordSuccess(webhook.id, now)) webhook.consecutiveFailures = 0
      } else if (countsFailure) {
        const counted = repos.webhooks.recordFailure(webhook.id, now)
        if (counted) {
          webhook.consecutiveFailures = counted.consecutiveFailures
          if (counted.status === 'active' && shouldDisable(profile, counted.consecutiveFailures)) {
            const reason = disabledReason(profile, counted.consecutiveFailures, describeFailure(r.responseStatus, error))
            repos.webhooks.disable(webhook.id, reason, now)
            repos.deliveries.hold(webhook.id, heldReason.disabled(reason), now)
            Object.assign(webhook, { status: 'disabled', disabledReason: reason, disabledAt: now, updatedAt: now })
            disabledNow = reason
          }
        }
      }
    }

    const webhookId = flight.webhook.id
    // No live-feed subscriber (no UI open; the CLI, tests, benches): build no payloads. Emitting
    // them would be a no-op, and building two objects per delivery is not free at this rate.
    if (!ctx.events.hasSubscribers()) return disabledNow ? () => log.info({ webhookId, reason: disabledNow }, 'webhook disabled') : null

    const summary = toDeliverySummary({
      id: due.id,
      eventId: due.eventId,
      eventType: due.eventType,
      profileId: due.profileId,
      webhookId: flight.webhook.id,
      webhookName: webhook?.name ?? flight.webhook.name,
      webhookUrl: flight.webhook.url, // where this attempt went, as the list shows it
      status,
      test: due.test,
      attemptCount: attempt.n,
      failedAttempts,
      nextAttemptAt,
      nextTrigger: 'schedule',
      finalAfterNext: false,
      heldReason: held,
      heldAt: held ? now : null,
      lastAttemptAt: attempt.startedAt,
      lastStatus: r.responseStatus,
      lastDurationMs: r.durationMs,
      lastErrorCode: r.errorCode,
      lastErrorMessage: r.errorMessage,
      createdAt: due.createdAt,
      finishedAt,
    })
    const attempted: LiveDeliveryAttempted = {
      deliveryId: due.id,
      eventId: due.eventId,
      webhookId: flight.webhook.id,
      n: attempt.n,
      outcome: r.outcome,
      responseStatus: r.responseStatus,
      error,
      durationMs: r.durationMs,
      status,
      nextAttemptAt: iso(nextAttemptAt),
    }
    return () => {
      ctx.events.emit('delivery.attempted', attempted)
      ctx.events.emit('delivery.updated', summary)
      if (disabledNow) {
        log.info({ webhookId, reason: disabledNow }, 'webhook disabled')
        ctx.events.emit('webhook.disabled', { id: webhookId, status: 'disabled', disabledReason: disabledNow, disabledAt: iso(now) })
      }
    }
  }

  function arm(now: number): void {
    const candidates: number[] = []
    const d = repos.deliveries.nextDueAfter(now)
    if (d !== null) candidates.push(d)
    for (const s of sources) {
      const t = s.nextDue()
      // Still due after this pass means it failed (logged): try again in a second, not in a loop.
      if (t !== null) candidates.push(t > now ? t : now + 1000)
    }
    for (const [id, b] of buckets) {
      const w = webhookMap().get(id)?.row
      if (w?.rateLimitPerSec && b.tokens < 1) candidates.push(now + Math.ceil(((1 - b.tokens) / w.rateLimitPerSec) * 1000))
    }
    if (candidates.length === 0) {
      clearTimer()
      return
    }
    armAt(Math.min(...candidates), now)
  }

  function armIn(now: number, ms: number) {
    armAt(now + ms, now)
  }

  function armAt(at: number, now: number) {
    if (timer && timerAt === at) return
    clearTimer()
    timerAt = at
    timer = ctx.clock.setTimeout(() => {
      timer = null
      timerAt = Infinity
      pass()
    }, Math.max(0, at - now))
  }

  function clearTimer() {
    if (timer) ctx.clock.clearTimeout(timer)
    timer = null
    timerAt = Infinity
  }

  /** Start: in-flight attempts of a previous run are marked interrupted and resent. */
  function start(): { attempts: number; deliveries: number } {
    const recovered = repos.deliveries.recover(ctx.clock.now())
    if (recovered.deliveries > 0) log.warn(recovered, 'recovered deliveries that were in flight when the engine stopped')
    kick()
    return recovered
  }

  return {
    start,
    kick,
    addSource(source: TickSource) {
      sources.push(source)
    },
    /** A webhook was created, changed or deleted: reload it on the next pass. */
    webhookChanged() {
      webhooks = null
      kick()
    },
    /** Resolves when the next attempt of a delivery has been written (or the dispatcher stops). */
    waitForAttempt(deliveryId: string): Promise<void> {
      return new Promise((resolve) => {
        if (stopped) return resolve()
        const list = waiters.get(deliveryId) ?? []
        list.push(resolve)
        waiters.set(deliveryId, list)
      })
    },
    stats: () => ({ inFlight: inFlight.size, queuedResults: finished.length, maxInFlight }),
    /** Stops the loop; attempts in flight are abandoned and resent on the next start. */
    async stop(): Promise<void> {
      stopped = true
      clearTimer()
      shutdown.abort()
      await Promise.allSettled([...sends])
      // Results that arrived before the stop are still written.
      commit(ctx.clock.now(), false)
      for (const list of waiters.values()) for (const resolve of list) resolve()
      waiters.clear()
    },
  }
}

// Stands in for a deleted profile so a failed attempt can still be recorded (no retries).
const fallbackProfile = {
  retrySchedule: [],
  disableAfter: null,
  timeoutMs: 1000,
  name: 'deleted profile',
} as unknown as ProviderProfile

export type Dispatcher = ReturnType<typeof createDispatcher>
