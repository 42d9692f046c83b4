/**
 * Firing events: the profile and event type are resolved, the data is generated or validated,
 * and the event is fanned out to every active webhook of the profile subscribed to its type
 * (or to the webhooks named; paused and disabled ones subscribed are named in the answer). The event, its deliveries and their bodies (built and serialised
 * once per webhook: the exact bytes every attempt sends) are written in one transaction, so a
 * bad input leaves no partial rows.
 */
import type { DataError } from '../../../src-shared/api/event-types'
import type { Event, EventInput, EventListItem, FiredEvent } from '../../../src-shared/api/events'
import type { EventSource } from '../../../src-shared/api/sender-common'
import type { EventType, ProviderProfile } from '../../../src-shared/catalog'
import { subscribes } from '../../../src-shared/event-filters'
import { buildEventPayload, envelopePlaceholders, newEventId } from '../catalog/envelope'
import { oversizeProblem, SMALLER_DATA_HINT, validateData } from '../catalog/payloads'
import type { NewDelivery } from '../db/deliveries-repo'
import type { EventRow } from '../db/events-repo'
import type { WebhookRow } from '../db/webhooks-repo'
import { badRequest, notFound } from '../errors'
import { newId } from '../ids'
import { heldReason } from './auto-disable'
import { iso, isoAt, type SenderContext } from './context'
import type { Dispatcher } from './dispatcher'
import { generateEventData, unknownEventType } from './event-types'
import { toDeliverySummary } from './mappers'
import type { Profiles } from './profiles'

export interface FireOptions {
  source: EventSource
  sourceId?: string | null
  /** A test delivery: one attempt, whatever the webhook's status, not counted for auto-disable. */
  test?: boolean
  /** JSON pointer prefix for error fields (scenario steps, schedules). */
  fieldPrefix?: string
}

export function createTriggers({ ctx, repos }: SenderContext, deps: { profiles: Profiles; dispatcher: Dispatcher }) {
  const { profiles } = deps

  /** The profile of an event when `profileId` is left out, or a 400 saying why it cannot be told. */
  function inferProfile(input: EventInput, field: (p: string) => string): ProviderProfile {
    if (input.webhookIds?.length) {
      const ids = new Set<string>()
      input.webhookIds.forEach((id, i) => {
        const w = repos.webhooks.get(id)
        if (!w) throw badRequest('HB_ERR_WEBHOOK_UNKNOWN', `No webhook with id "${id}". GET /api/webhooks lists them.`, field(`/webhookIds/${i}`))
        ids.add(w.profileId)
      })
      if (ids.size > 1) {
        throw badRequest('HB_ERR_EVENT_PROFILE_AMBIGUOUS', `The webhooks named use different profiles (${[...ids].join(', ')}); an event belongs to one profile: fire one event per profile.`, field('/webhookIds'))
      }
      return profiles.require([...ids][0]!, field('/webhookIds'))
    }
    const all = profiles.list()
    const having = all.filter((p) => profiles.eventType(p.id, input.type))
    if (having.length === 0) {
      throw badRequest('HB_ERR_EVENT_TYPE_UNKNOWN', `No profile has an event type "${input.type}". GET /api/event-types lists them; give profileId to say which profile fires it.`, field('/type'))
    }
    if (having.length === 1) return profiles.require(having[0]!.id)
    const subscribedBy = (active: boolean) =>
      having.filter((p) => repos.webhooks.byProfile(p.id).some((w) => (!active || w.status === 'active') && subscribes(w.events, input.type)))
    // Active webhooks decide; else any subscribed one (paused or disabled: the answer then says it was skipped).
    const active = subscribedBy(true)
    if (active.length === 1) return profiles.require(active[0]!.id)
    const subscribed = active.length ? active : subscribedBy(false)
    if (subscribed.length === 1) return profiles.require(subscribed[0]!.id)
    const among = (subscribed.length ? subscribed : having).map((p) => p.id)
    throw badRequest(
      'HB_ERR_EVENT_PROFILE_AMBIGUOUS',
      `"${input.type}" is an event type of several profiles${subscribed.length ? ' with subscribed webhooks' : ''} (${among.join(', ')}): give profileId to say which one fires it.`,
      field('/profileId'),
    )
  }

  /** Generated data, or the given data checked for size and against the schema. */
  function resolveData(profile: ProviderProfile, type: EventType, input: EventInput, field: (p: string) => string): { data: unknown; warnings: DataError[] } {
    if (!('data' in input) || input.data === undefined) return { data: generateEventData(type, undefined, field('/type')), warnings: [] }
    const oversize = oversizeProblem(input.data, 'The event data', SMALLER_DATA_HINT)
    if (oversize) throw badRequest('HB_ERR_EVENT_DATA_TOO_LARGE', oversize, field('/data'))
    const check = validateData(type.schema, input.data)
    if (check.ok) return { data: input.data, warnings: [] }
    if (profile.dataValidation === 'warn') return { data: input.data, warnings: check.errors }
    const shown = check.errors.slice(0, 5).map((e) => e.message)
    const more = check.errors.length > 5 ? ` (and ${check.errors.length - 5} more)` : ''
    // API users know the field, app users the profile form's control: the sentence names both. A preset is read-only.
    const warnInstead = profile.builtIn ? `clone ${profile.name} and set the clone's dataValidation to "warn"` : `set the profile's dataValidation to "warn"`
    throw badRequest(
      'HB_ERR_EVENT_DATA_INVALID',
      `The data does not match the schema of ${type.name}: ${shown.join(' ')}${more} Fix the data, leave it out to have it generated, or ${warnInstead} (in the app's profile form: "Event data failing the schema" → "Send with a warning").`,
      field(`/data${check.errors[0]?.path ?? ''}`),
    )
  }

  function targets(profile: ProviderProfile, input: EventInput, field: (p: string) => string): WebhookRow[] {
    if (!input.webhookIds?.length) {
      return repos.webhooks.byProfile(profile.id).filter((w) => w.status === 'active' && subscribes(w.events, input.type))
    }
    const seen = new Set<string>()
    return input.webhookIds.flatMap((id, i) => {
      if (seen.has(id)) return []
      seen.add(id)
      const w = repos.webhooks.get(id)
      if (!w) throw badRequest('HB_ERR_WEBHOOK_UNKNOWN', `No webhook with id "${id}". GET /api/webhooks lists them.`, field(`/webhookIds/${i}`))
      if (w.profileId !== profile.id) {
        throw badRequest('HB_ERR_EVENT_PROFILE_MISMATCH', `The webhook "${w.name}" (${id}) uses the ${w.profileId} profile, not ${profile.id}: fire the event with profileId "${w.profileId}" or leave profileId out.`, field(`/webhookIds/${i}`))
      }
      return [w]
    })
  }

  function toEvent(e: EventRow): Event {
    return {
      id: e.id,
      type: e.type,
      profileId: e.profileId,
      payload: e.payload,
      data: e.data,
      source: e.source,
      sourceId: e.sourceId,
      warnings: e.warnings,
      createdAt: isoAt(e.occurredAt),
    }
  }

  /** Fires an event; throws a 400 (and writes nothing) on any bad input. */
  function fire(input: EventInput, options: FireOptions): FiredEvent {
    const field = (p: string) => `${options.fieldPrefix ?? ''}${p}`
    const profile = input.profileId ? profiles.require(input.profileId, field('/profileId')) : inferProfile(input, field)
    const type = profiles.eventType(profile.id, input.type)
    if (!type) throw unknownEventType(input.type, profile.name, profile.id, profiles.eventTypes(profile.id).map((t) => t.name), field('/type'))
    const { data, warnings } = resolveData(profile, type, input, field)
    const to = targets(profile, input, field)

    const now = ctx.clock.now()
    const eventId = newEventId(profile)
    const payload = buildEventPayload({ profile, eventType: type.name, eventId, timestamp: now, webhookId: null, data })
    const event: EventRow = { id: eventId, profileId: profile.id, type: type.name, data, payload, source: options.source, sourceId: options.sourceId ?? null, warnings, occurredAt: now }
    const deliveries = newDeliveries(profile, event, to, now, options.test ?? false)
    ctx.db.transaction(() => {
      repos.events.insert(event)
      for (const d of deliveries) repos.deliveries.insert(d)
    })()
    deps.dispatcher.kick()
    const fired = announce(profile, event, to, deliveries, now, 'event.created')
    // Said, not silent: a paused or disabled webhook subscribed to the type gets nothing.
    if (!input.webhookIds?.length) {
      const skipped = repos.webhooks
        .byProfile(profile.id)
        .filter((w) => w.status !== 'active' && subscribes(w.events, input.type))
        .map((w) => ({ webhookId: w.id, webhookName: w.name, status: w.status as 'paused' | 'disabled' }))
      if (skipped.length > 0) fired.skipped = skipped
    }
    return fired
  }

  /**
   * One delivery per webhook, each with the exact bytes every attempt will send: the same
   * envelope for all, unless the envelope names the webhook (TaskHub's webhook_id).
   */
  function newDeliveries(profile: ProviderProfile, event: EventRow, to: WebhookRow[], now: number, test: boolean): NewDelivery[] {
    const perWebhook = envelopePlaceholders(profile.envelope).includes('{{webhook.id}}')
    const build = (webhookId: string | null) =>
      Buffer.from(JSON.stringify(buildEventPayload({ profile, eventType: event.type, eventId: event.id, timestamp: event.occurredAt, webhookId, data: event.data })))
    const shared = perWebhook ? null : build(null)
    return to.map((w) => {
      const sendable = test || w.status === 'active'
      return {
        id: newId('dlv', now),
        eventId: event.id,
        webhookId: w.id,
        status: sendable ? 'pending' : 'held',
        body: shared ?? build(w.id),
        test,
        nextAttemptAt: now,
        nextTrigger: test ? 'test' : 'schedule',
        finalAfterNext: test,
        heldReason: sendable ? null : w.status === 'disabled' ? heldReason.disabled(w.disabledReason ?? '') : heldReason.paused(iso(w.pausedAt) ?? ''),
        createdAt: now,
      }
    })
  }

  /** The answer for fired deliveries, and the live-feed messages that announce them. */
  function announce(profile: ProviderProfile, event: EventRow, to: WebhookRow[], deliveries: NewDelivery[], now: number, topic: string): FiredEvent {
    const byId = new Map(to.map((w) => [w.id, w]))
    const summaries = deliveries.map((d) => {
      const w = byId.get(d.webhookId)!
      return toDeliverySummary({
        id: d.id,
        eventId: event.id,
        eventType: event.type,
        profileId: profile.id,
        webhookId: w.id,
        webhookName: w.name,
        webhookUrl: w.url,
        status: d.status,
        test: d.test,
        attemptCount: 0,
        failedAttempts: 0,
        nextAttemptAt: d.nextAttemptAt,
        nextTrigger: d.nextTrigger,
        finalAfterNext: d.finalAfterNext,
        heldReason: d.heldReason,
        heldAt: d.heldReason ? now : null,
        lastAttemptAt: null,
        lastStatus: null,
        lastDurationMs: null,
        lastErrorCode: null,
        lastErrorMessage: null,
        createdAt: now,
        finishedAt: null,
      })
    })
    const out: FiredEvent = {
      event: toEvent(event),
      deliveries: summaries.map((s) => ({ id: s.id, webhookId: s.webhookId, status: s.status, heldReason: s.heldReason, nextAttemptAt: s.nextAttemptAt })),
    }
    ctx.events.emit(topic, { event: { ...out.event, payload: undefined, data: undefined }, deliveries: out.deliveries })
    for (const s of summaries) ctx.events.emit('delivery.created', s)
    return out
  }

  /**
   * Sends an event that was already fired to other webhooks (of its profile): the same event
   * id, time and data, so a receiver sees the very same event, e.g. to test its idempotency.
   */
  function refire(eventId: string, input: { webhookIds: string[] }): FiredEvent {
    const event = repos.events.get(eventId)
    if (!event) throw notFound('event', eventId)
    const profile = profiles.require(event.profileId)
    const to = targets(profile, { type: event.type, webhookIds: input.webhookIds }, (p) => p)
    const now = ctx.clock.now()
    const deliveries = newDeliveries(profile, event, to, now, false)
    ctx.db.transaction(() => {
      for (const d of deliveries) repos.deliveries.insert(d)
    })()
    deps.dispatcher.kick()
    return announce(profile, event, to, deliveries, now, 'event.refired')
  }

  return {
    fire,
    refire,
    subscribes,

    get(id: string): FiredEvent {
      const e = repos.events.get(id)
      if (!e) throw notFound('event', id)
      return {
        event: toEvent(e),
        deliveries: repos.deliveries.byEvent(id).map((d) => {
          const s = toDeliverySummary(d)
          return { id: s.id, webhookId: s.webhookId, status: s.status, heldReason: s.heldReason, nextAttemptAt: s.nextAttemptAt }
        }),
      }
    },

    list(q: { profileId?: string; type?: string; source?: EventSource; cursor?: string; limit?: number }): { items: EventListItem[]; nextCursor: string | null } {
      const limit = q.limit ?? 50
      const before = q.cursor === undefined ? undefined : Number(q.cursor)
      if (before !== undefined && !Number.isInteger(before)) throw badRequest('HB_ERR_CURSOR_INVALID', 'The cursor is not one this API gave: pass nextCursor from the previous page.', '/cursor')
      const rows = repos.events.page({ ...q, before, limit: limit + 1 })
      const page = rows.slice(0, limit)
      return {
        items: page.map((r) => ({
          id: r.id,
          type: r.type,
          profileId: r.profileId,
          source: r.source,
          sourceId: r.sourceId,
          createdAt: isoAt(r.occurredAt),
          deliveries: { total: r.total, pending: r.pending, succeeded: r.succeeded, failed: r.failed, held: r.held },
        })),
        nextCursor: rows.length > limit ? String(page[page.length - 1]!.rid) : null,
      }
    },
  }
}

export type Triggers = ReturnType<typeof createTriggers>
