/**
 * Webhooks: where events go. Create (with the profile's verification handshake), edit, pause,
 * enable (which resets the failure count and releases held deliveries), delete, rotate the
 * secret with an overlap window, and send a test event.
 */
import { pointerToken } from '../../../src-shared/api/errors'
import type {
  EndpointCheck,
  EndpointCheckInput,
  TestResult,
  TestWebhookInput,
  VerificationResult,
  Webhook,
  WebhookCreated,
  WebhookInput,
  WebhookPatch,
  WebhookSecret,
} from '../../../src-shared/api/webhooks'
import { HEADER_NAME_MAX, type ProviderProfile } from '../../../src-shared/catalog'
import { eventFilterProblem } from '../../../src-shared/event-filters'
import { buildHandshakePayload, newEventId } from '../catalog/envelope'
import type { AttemptRow } from '../db/deliveries-repo'
import type { SecretRow, WebhookRow } from '../db/webhooks-repo'
import { EngineError, badRequest, notFound } from '../errors'
import { headerNameProblem, headerValueProblem } from '../http/header-syntax'
import type { OutboundClient } from '../http/outbound'
import { newId } from '../ids'
import { newSecretFor, SigningConfigError, validateSigningConfig } from '../signing'
import { mask } from '../signing/secrets'
import { heldReason } from './auto-disable'
import { iso, isoAt, type SenderContext } from './context'
import type { Deliveries } from './deliveries'
import type { Dispatcher } from './dispatcher'
import { checkEndpoint } from './endpoint-check'
import { generateEventData, unknownEventType } from './event-types'
import { inboxTarget, ownInboxAt, type InboxLister } from './own-inbox'
import { buildOutgoingRequest, reservedHeaderNames } from './outgoing'
import { parseTargetUrl, policyWarnings } from './policy'
import type { Profiles } from './profiles'
import type { Triggers } from './triggers'

const DEFAULT_NAME_MAX = 500
const DEFAULT_MAX_CONCURRENCY = 10
const DEFAULT_OVERLAP_SECONDS = 86_400
/** Expired secrets listed after the live ones (the most recent); every live one is always listed. */
const EXPIRED_SECRETS_SHOWN = 10

export function createWebhooks(
  { ctx, repos }: SenderContext,
  deps: { profiles: Profiles; dispatcher: Dispatcher; triggers: Triggers; deliveries: Deliveries; http: OutboundClient },
) {
  const { profiles } = deps
  const userAgent = `Hookbench/${ctx.version} (+webhooks)`
  // The receiver is built after the sender: it hands its inbox list over once it exists.
  let listInboxes: InboxLister = () => []

  function require(id: string): WebhookRow {
    const w = repos.webhooks.get(id)
    if (!w) throw notFound('webhook', id)
    return w
  }

  function checkName(name: string, profile: ProviderProfile): string {
    const trimmed = name.trim()
    if (!trimmed) throw badRequest('HB_ERR_WEBHOOK_NAME', 'The name is empty: give the webhook a name, e.g. "Staging CRM".', '/name')
    const max = profile.policy.nameMaxLength ?? DEFAULT_NAME_MAX
    const length = [...trimmed].length // characters, not UTF-16 units: an emoji is one
    if (length > max) {
      throw badRequest('HB_ERR_WEBHOOK_NAME', `${profile.name} webhook names are at most ${max} characters; this one has ${length}. Shorten it.`, '/name')
    }
    return trimmed
  }

  function checkEvents(events: string[], profile: ProviderProfile): string[] {
    const names = profiles.eventTypes(profile.id).map((t) => t.name)
    const out: string[] = []
    events.forEach((raw, i) => {
      const f = raw.trim()
      const problem = eventFilterProblem(f, names, profile.name)
      if (problem) {
        const list = problem.kind === 'not-a-filter' ? '' : ` GET /api/event-types?profileId=${profile.id} lists them.`
        throw badRequest('HB_ERR_WEBHOOK_EVENTS', `${problem.message}${list}`, `/events/${i}`)
      }
      if (!out.includes(f)) out.push(f)
    })
    return out
  }

  function checkHeaders(headers: Record<string, string>, profile: ProviderProfile): Record<string, string> {
    const reserved = reservedHeaderNames(profile)
    for (const [name, value] of Object.entries(headers)) {
      const field = `/headers/${pointerToken(name)}`
      if (name.length > HEADER_NAME_MAX) {
        throw badRequest('HB_ERR_WEBHOOK_HEADERS', `A header name is at most ${HEADER_NAME_MAX} characters; this one has ${name.length}. Shorten it.`, field)
      }
      const problem = headerNameProblem(name) ?? headerValueProblem(name, value)
      if (problem) throw badRequest('HB_ERR_WEBHOOK_HEADERS', problem, field)
      if (reserved.has(name.toLowerCase())) {
        throw badRequest(
          'HB_ERR_WEBHOOK_HEADERS',
          `The header "${name}" is set by Hookbench or by the ${profile.name} profile (or its signature) on every delivery; choose another name, or clone the profile to change it.`,
          field,
        )
      }
    }
    return headers
  }

  const generatedSecret = (profile: ProviderProfile): string => newSecretFor(profile.scheme, profile.signing, profile.secret.format)

  function checkSecret(secret: string, profile: ProviderProfile): string {
    try {
      validateSigningConfig({ scheme: profile.scheme, options: profile.signing, secrets: [secret] })
    } catch (err) {
      if (err instanceof SigningConfigError) throw badRequest('HB_ERR_WEBHOOK_SECRET', err.message, '/secret')
      throw err
    }
    return secret
  }

  const liveSecrets = (secrets: SecretRow[], now: number) => secrets.filter((s) => s.expiresAt === null || s.expiresAt > now)

  function toApi(w: WebhookRow, reveal = false): Webhook {
    const profile = profiles.get(w.profileId)
    const now = ctx.clock.now()
    const hide = !reveal && (profile?.secret.showOnce ?? false)
    const secrets = repos.webhooks.secrets(w.id)
    const live = liveSecrets(secrets, now)
    const current = live.find((s) => s.expiresAt === null) ?? null
    const stats = repos.webhooks.stats(w.id)
    const last = repos.webhooks.lastDelivery(w.id)
    const finished = stats.succeeded + stats.failed
    // Every secret that still signs is listed, however many rotations overlap: only the history is cut.
    const expired = secrets.filter((s) => !live.includes(s))
    const listed = [...live, ...expired.slice(0, EXPIRED_SECRETS_SHOWN)]
    const shown: WebhookSecret[] = listed.map((s) => ({
      value: hide ? null : s.value,
      preview: mask(s.value),
      label: s.label,
      createdAt: isoAt(s.createdAt),
      expiresAt: iso(s.expiresAt),
      live: s.expiresAt === null || s.expiresAt > now,
    }))
    let warnings: Webhook['warnings'] = []
    try {
      if (profile) warnings = policyWarnings(new URL(w.url), profile, w.allowLocal)
    } catch {
      // stored URLs were parsed on the way in
    }
    return {
      id: w.id,
      name: w.name,
      url: w.url,
      profileId: w.profileId,
      events: w.events,
      status: w.status,
      secret: current && !hide ? current.value : null,
      secretShownOnce: profile?.secret.showOnce ?? false,
      secrets: shown,
      secretsOmitted: secrets.length - listed.length,
      headers: w.headers,
      allowLocal: w.allowLocal,
      rateLimitPerSecond: w.rateLimitPerSec,
      maxConcurrency: w.maxConcurrency,
      consecutiveFailures: w.consecutiveFailures,
      disableAfter: profile?.disableAfter ?? null,
      disabledReason: w.status === 'disabled' ? w.disabledReason : null,
      disabledAt: w.status === 'disabled' ? iso(w.disabledAt) : null,
      pausedAt: w.status === 'paused' ? iso(w.pausedAt) : null,
      warnings,
      stats: {
        ...stats,
        successRate: finished === 0 ? null : stats.succeeded / finished,
        lastDelivery: last ? { id: last.id, eventType: last.type, status: last.status, at: isoAt(last.at), responseStatus: last.last_status, test: last.test === 1 } : null,
      },
      createdAt: isoAt(w.createdAt),
      updatedAt: isoAt(w.updatedAt),
    }
  }

  interface Handshake {
    result: VerificationResult
    ok: boolean
    write: () => void
  }

  /**
   * Sends the profile's verification event (Workestra's endpoint.verify) and says whether the
   * endpoint answered as required. `write` records it as an event, a delivery and an attempt.
   */
  async function handshake(w: WebhookRow, secrets: string[], profile: ProviderProfile): Promise<Handshake | null> {
    const hs = profile.handshake
    if (!hs) return null
    const now = ctx.clock.now()
    const eventId = newEventId(profile, hs.idPrefix ?? profile.idPrefix)
    const payload = buildHandshakePayload({ profile, eventId, timestamp: now, webhookId: w.id })
    const body = Buffer.from(JSON.stringify(payload))
    const request = buildOutgoingRequest({ profile, webhook: w, eventId, eventType: hs.eventType, body, secrets, wallNow: ctx.clock.wallNow(), userAgent })
    const res = await deps.http.send({ method: 'POST', url: request.url, headers: request.headers, body, timeoutMs: profile.timeoutMs })
    const done = ctx.clock.now()
    const status = res.ok ? res.response.status : null
    const ok = status === hs.expectStatus
    const deliveryId = newId('dlv', now)
    const result: VerificationResult = {
      eventType: hs.eventType,
      eventId,
      deliveryId: ok ? deliveryId : null,
      expectStatus: hs.expectStatus,
      responseStatus: status,
      error: res.ok ? null : res.error,
      durationMs: res.durationMs,
    }
    const write = () => {
      repos.events.insert({ id: eventId, profileId: profile.id, type: hs.eventType, data: null, payload, source: 'handshake', sourceId: w.id, warnings: [], occurredAt: now })
      repos.deliveries.insert({ id: deliveryId, eventId, webhookId: w.id, status: ok ? 'succeeded' : 'failed', body, test: true, nextAttemptAt: null, nextTrigger: 'test', finalAfterNext: false, heldReason: null, createdAt: now })
      const attempt: AttemptRow = {
        deliveryId,
        n: 1,
        trigger: 'test',
        outcome: ok ? 'succeeded' : 'failed',
        scheduledAt: now,
        startedAt: now,
        finishedAt: done,
        durationMs: res.durationMs,
        requestMethod: 'POST',
        requestUrl: request.url,
        requestHeaders: request.wireHeaders,
        requestBody: null,
        responseStatus: status,
        responseHeaders: res.ok ? res.response.headers : null,
        responseBody: res.ok ? res.response.body : null,
        responseSize: res.ok ? res.response.size : null,
        errorCode: res.ok ? null : res.error.code,
        errorMessage: res.ok ? null : res.error.message,
        nextAttemptAt: null,
      }
      repos.deliveries.insertAttempt(attempt)
      repos.deliveries.summarizeSingleAttempt(deliveryId, attempt)
    }
    return { result, ok, write }
  }

  function verificationFailed(profile: ProviderProfile, url: string, h: Handshake): EngineError {
    const hs = profile.handshake!
    const what = h.result.error
      ? `the request failed (${h.result.error.code}: ${h.result.error.message})`
      : `it answered ${h.result.responseStatus}`
    return new EngineError(
      'HB_ERR_WEBHOOK_VERIFICATION_FAILED',
      422,
      `${profile.name} sends its ${hs.eventType} event to a new webhook URL and needs ${hs.expectStatus} in reply, but ${url} did not: ${what}. ` +
        `Make the endpoint answer ${hs.expectStatus} to ${hs.eventType}, or skip the handshake to use this URL for local testing without the check ` +
        `(skipVerification: true; in the app: "Skip the ${hs.eventType} handshake").`,
      '/url',
    )
  }

  function emitChanged(topic: string, w: WebhookRow) {
    deps.dispatcher.webhookChanged()
    ctx.events.emit(topic, toApi(w))
  }

  function pauseRow(w: WebhookRow, now: number): WebhookRow {
    const next: WebhookRow = { ...w, status: 'paused', pausedAt: now, updatedAt: now }
    ctx.db.transaction(() => {
      repos.webhooks.update(next)
      const held = repos.deliveries.hold(w.id, heldReason.paused(isoAt(now)), now)
      if (held) ctx.events.emit('deliveries.held', { webhookId: w.id, count: held })
    })()
    return next
  }

  function enableRow(w: WebhookRow, now: number): WebhookRow {
    const next: WebhookRow = { ...w, status: 'active', consecutiveFailures: 0, disabledReason: null, disabledAt: null, pausedAt: null, updatedAt: now }
    ctx.db.transaction(() => {
      repos.webhooks.update(next)
      const released = repos.deliveries.release(w.id, now)
      if (released) ctx.events.emit('deliveries.released', { webhookId: w.id, count: released })
    })()
    return next
  }

  return {
    toApi,

    get: (id: string): Webhook => toApi(require(id)),

    list(q: { profileId?: string; status?: string; q?: string; cursor?: string; limit?: number }): { items: Webhook[]; nextCursor: string | null } {
      const limit = q.limit ?? 50
      const rows = repos.webhooks.page({ ...q, after: q.cursor, limit: limit + 1 })
      const page = rows.slice(0, limit)
      return { items: page.map((w) => toApi(w)), nextCursor: rows.length > limit ? page[page.length - 1]!.id : null }
    },

    async create(input: WebhookInput): Promise<WebhookCreated> {
      const profile = profiles.require(input.profileId)
      const name = checkName(input.name, profile)
      const url = parseTargetUrl(input.url)
      const events = checkEvents(input.events, profile)
      const headers = checkHeaders(input.headers ?? {}, profile)
      let secret: string | null
      if (input.secret === undefined) secret = profile.secret.required ? generatedSecret(profile) : null
      else if (input.secret === null) {
        if (profile.secret.required) throw badRequest('HB_ERR_WEBHOOK_SECRET', `${profile.name} webhooks always have a secret: leave secret out to have one generated, or give one.`, '/secret')
        secret = null
      } else secret = checkSecret(input.secret, profile)

      const now = ctx.clock.now()
      const row: WebhookRow = {
        id: newId('wh', now),
        name,
        url: url.toString(),
        profileId: profile.id,
        events,
        headers,
        allowLocal: input.allowLocal ?? false,
        status: input.status ?? 'active',
        consecutiveFailures: 0,
        disabledReason: null,
        disabledAt: null,
        pausedAt: input.status === 'paused' ? now : null,
        rateLimitPerSec: input.rateLimitPerSecond ?? null,
        maxConcurrency: input.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY,
        createdAt: now,
        updatedAt: now,
      }
      const verification = input.skipVerification ? null : await handshake(row, secret ? [secret] : [], profile)
      if (verification && !verification.ok) throw verificationFailed(profile, row.url, verification)
      // No webhook used the profile during the handshake, so it may have been deleted meanwhile.
      if (verification) profiles.require(profile.id)
      ctx.db.transaction(() => {
        repos.webhooks.insert(row)
        if (secret) repos.webhooks.addSecret(row.id, secret, 'created', now, now)
        verification?.write()
      })()
      deps.dispatcher.webhookChanged()
      const out: WebhookCreated = { ...toApi(row, true), verification: verification?.result ?? null }
      ctx.events.emit('webhook.created', toApi(row))
      return out
    },

    async update(id: string, patch: WebhookPatch): Promise<Webhook> {
      const current = require(id)
      const profile = patch.profileId ? profiles.require(patch.profileId) : profiles.require(current.profileId, '/profileId')
      // Their events are of the old profile: a schedule or scenario naming it would fail on every run.
      if (profile.id !== current.profileId) refuseIfUsed(current, `moved to the ${profile.name} profile`, '/profileId')
      // The patch over a row: applied again after a handshake, over the row as it is by then.
      const patched = (w: WebhookRow, at: number): WebhookRow => {
        const out: WebhookRow = { ...w, updatedAt: at, profileId: profile.id }
        if (patch.name !== undefined) out.name = checkName(patch.name, profile)
        else if (patch.profileId) out.name = checkName(w.name, profile)
        if (patch.url !== undefined) out.url = parseTargetUrl(patch.url).toString()
        if (patch.events !== undefined) out.events = checkEvents(patch.events, profile)
        else if (patch.profileId && patch.profileId !== w.profileId) out.events = checkEvents(w.events, profile)
        if (patch.headers !== undefined) out.headers = checkHeaders(patch.headers, profile)
        else if (patch.profileId && patch.profileId !== w.profileId) out.headers = checkHeaders(w.headers, profile)
        if (patch.allowLocal !== undefined) out.allowLocal = patch.allowLocal
        if (patch.rateLimitPerSecond !== undefined) out.rateLimitPerSec = patch.rateLimitPerSecond
        if (patch.maxConcurrency !== undefined) out.maxConcurrency = patch.maxConcurrency
        return out
      }
      let now = ctx.clock.now()
      let next = patched(current, now)
      let newSecret: string | null | undefined
      if (patch.secret === null) {
        if (profile.secret.required) throw badRequest('HB_ERR_WEBHOOK_SECRET', `${profile.name} webhooks always have a secret; rotate it instead of removing it.`, '/secret')
        newSecret = null
      } else if (patch.secret !== undefined) newSecret = checkSecret(patch.secret, profile)
      else if (patch.profileId && patch.profileId !== current.profileId) {
        // The secrets must suit the new profile's scheme: said of the move, which is what the patch asked.
        const live = liveSecrets(repos.webhooks.secrets(id), now)
        for (const s of live) {
          try {
            checkSecret(s.value, profile)
          } catch (err) {
            if (!(err instanceof EngineError)) throw err
            throw badRequest(
              'HB_ERR_WEBHOOK_SECRET',
              `The webhook's secret does not suit the ${profile.name} profile: ${err.message} Give a new "secret" in the same PATCH.`,
              '/profileId',
            )
          }
        }
        if (live.length === 0 && profile.secret.required) newSecret = generatedSecret(profile)
      }

      let verification: Handshake | null = null
      if (!patch.skipVerification && (next.url !== current.url || next.profileId !== current.profileId) && profile.handshake) {
        const secrets = newSecret !== undefined ? (newSecret ? [newSecret] : []) : liveSecrets(repos.webhooks.secrets(id), now).map((s) => s.value)
        verification = await handshake(next, secrets, profile)
        if (verification && !verification.ok) throw verificationFailed(profile, next.url, verification)
        // While the endpoint answered, the webhook may have been paused, auto-disabled, edited or
        // deleted, and the profile deleted: keep that state, and write only what this patch changes.
        const fresh = repos.webhooks.get(id)
        if (!fresh) throw notFound('webhook', id)
        profiles.require(profile.id)
        now = ctx.clock.now()
        next = patched(fresh, now)
      }

      ctx.db.transaction(() => {
        repos.webhooks.update(next)
        if (newSecret === null) repos.webhooks.clearSecrets(id, now)
        else if (newSecret !== undefined) repos.webhooks.addSecret(id, newSecret, 'set', now, now)
        verification?.write()
      })()
      if (patch.status === 'paused' && next.status !== 'paused') next = pauseRow(next, now)
      if (patch.status === 'active' && next.status !== 'active') next = enableRow(next, now)
      emitChanged('webhook.updated', next)
      return toApi(next, newSecret !== undefined && newSecret !== null)
    },

    remove(id: string): void {
      // A schedule or scenario naming the webhook would fail on every run from then on.
      refuseIfUsed(require(id), 'deleted')
      repos.webhooks.delete(id)
      deps.dispatcher.webhookChanged()
      ctx.events.emit('webhook.deleted', { id })
    },

    pause(id: string): Webhook {
      const w = require(id)
      if (w.status === 'paused') return toApi(w)
      const next = pauseRow(w, ctx.clock.now())
      emitChanged('webhook.paused', next)
      return toApi(next)
    },

    /** Active again: the failure count starts from 0 and held deliveries are sent. */
    enable(id: string): Webhook {
      const w = require(id)
      const next = enableRow(w, ctx.clock.now())
      emitChanged('webhook.enabled', next)
      return toApi(next)
    },

    rotateSecret(id: string, input: { secret?: string; overlapSeconds?: number }): Webhook {
      const w = require(id)
      const profile = profiles.require(w.profileId, '/profileId')
      const secret = input.secret !== undefined ? checkSecret(input.secret, profile) : generatedSecret(profile)
      const now = ctx.clock.now()
      const until = now + (input.overlapSeconds ?? DEFAULT_OVERLAP_SECONDS) * 1000
      ctx.db.transaction(() => {
        repos.webhooks.addSecret(id, secret, `rotated ${isoAt(now).slice(0, 10)}`, now, until)
        repos.webhooks.update({ ...w, updatedAt: now })
      })()
      deps.dispatcher.webhookChanged()
      ctx.events.emit('webhook.secret_rotated', { id, previousExpireAt: isoAt(until) })
      return toApi({ ...w, updatedAt: now }, true)
    },

    /** Sends one event to this webhook whatever its status and waits for the attempt. */
    async test(id: string, input: TestWebhookInput): Promise<TestResult> {
      const w = require(id)
      const profile = profiles.require(w.profileId, '/profileId')
      const type = typeToSend(w, profile, input.type)
      const fired = deps.triggers.fire({ type, profileId: profile.id, webhookIds: [id], ...(input.data !== undefined ? { data: input.data } : {}) }, { source: 'test', test: true })
      const deliveryId = fired.deliveries[0]!.id
      await deps.dispatcher.waitForAttempt(deliveryId)
      return { event: fired.event, delivery: deps.deliveries.get(deliveryId) }
    },

    /** Probes how the endpoint verifies signatures (see endpoint-check.ts); nothing is stored. */
    async check(id: string, input: EndpointCheckInput): Promise<EndpointCheck> {
      const w = require(id)
      const profile = profiles.require(w.profileId, '/profileId')
      const secrets = liveSecrets(repos.webhooks.secrets(id), ctx.clock.now()).map((s) => s.value)
      if (secrets.length === 0) {
        throw badRequest(
          'HB_ERR_WEBHOOK_UNSIGNED',
          `This webhook has no secret, so its deliveries go unsigned and there is no verification to check: set a secret (PATCH ${'/api/webhooks/'}${id} {"secret": …}) first.`,
          '/secret',
        )
      }
      const type = typeToSend(w, profile, input.type)
      const data = generateEventData(profiles.eventType(profile.id, type)!)
      const checked = await checkEndpoint(
        { profile, webhook: w, secrets, eventType: type, data, newEventId: () => newEventId(profile) },
        { http: deps.http, userAgent, wallNow: () => ctx.clock.wallNow() },
      )
      const inbox = ownInboxAt(w.url, listInboxes())
      return inbox ? { ...checked, inbox: inboxTarget(inbox) } : checked
    },

    /** How the endpoint check recognises a URL that is one of this engine's inboxes. */
    useInboxes(lister: InboxLister): void {
      listInboxes = lister
    },
  }

  /** A 409 when a schedule or a scenario sends to the webhook, which cannot be `change`d under them. */
  function refuseIfUsed(w: WebhookRow, change: string, field?: string): void {
    const users = [
      ...repos.schedules.all().filter((s) => s.webhookIds?.includes(w.id)).map((s) => `the schedule "${s.name}" (${s.id})`),
      ...repos.schedules.scenarios().filter((s) => s.steps.some((step) => step.webhookIds?.includes(w.id))).map((s) => `the scenario "${s.name}" (${s.id})`),
    ]
    if (users.length === 0) return
    const them = new Intl.ListFormat('en').format(users)
    throw new EngineError(
      'HB_ERR_WEBHOOK_IN_USE',
      409,
      `${upperFirst(them)} send${users.length === 1 ? 's' : ''} to the webhook "${w.name}", so it cannot be ${change}: remove it from ${users.length === 1 ? 'that one' : 'them'}, or delete ${users.length === 1 ? 'it' : 'them'}, first.`,
      field,
    )
  }

  /** The event type a test or check sends: the one asked for, else the first the webhook subscribes to. */
  function typeToSend(w: WebhookRow, profile: ProviderProfile, asked: string | undefined): string {
    const names = profiles.eventTypes(profile.id).map((t) => t.name)
    if (asked !== undefined && !names.includes(asked)) throw unknownEventType(asked, profile.name, profile.id, names)
    const type = asked ?? w.events.find((f) => names.includes(f)) ?? names.find((n) => deps.triggers.subscribes(w.events, n))
    if (type) return type
    if (names.length === 0) throw badRequest('HB_ERR_EVENT_TYPE_UNKNOWN', `The ${profile.name} profile has no event types to send: add one first.`, '/type')
    // Its subscriptions outlived the catalog (a replacing import removed their types): sending some
    // other type of the catalog would test an event the webhook never receives.
    throw badRequest(
      'HB_ERR_WEBHOOK_SUBSCRIBES_TO_NONE',
      `The webhook "${w.name}" subscribes to ${w.events.join(', ')}, which match${w.events.length === 1 ? 'es' : ''} no event type of the ${profile.name} profile's catalog now: ` +
        "name an event type of the catalog to send (\"type\"), or edit the webhook's events to subscribe to the catalog's types.",
      '/type',
    )
  }
}

export type Webhooks = ReturnType<typeof createWebhooks>

const upperFirst = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)
