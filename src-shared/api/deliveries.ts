/**
 * `/api/deliveries`: one delivery per event and webhook, and every attempt of it with the
 * exact request sent (URL, headers in order, body bytes) and the response (status, headers,
 * body up to 64 KiB with its true size), or the network error.
 *
 * GET  /api/deliveries?status=&webhookId=&eventId=&eventType=&profileId=&test=&cursor=&limit=
 *        → { items: DeliverySummary[], nextCursor }   (newest first)
 * GET  /api/deliveries/:id          → Delivery (with all attempts)
 * POST /api/deliveries/:id/retry    → Delivery. Pending: the next attempt goes now ("send next
 *        retry now"). Succeeded, failed or held: one manual attempt now (whatever the webhook's
 *        status). After a succeeded or failed delivery its result is final (no automatic retries
 *        after it); a held delivery whose manual attempt fails is held again, its schedule kept.
 * POST /api/deliveries/send-now     SendNowInput → { count }: every pending delivery (of one
 *        webhook or event) is due now: watch a whole retry schedule without waiting.
 */
import { Type, type Static } from 'typebox'
import {
  DeliveryStatusSchema,
  type DeliveryStatus,
  HeaderPairSchema,
  IsoTimeSchema,
  ListOf,
  NullableIsoTimeSchema,
  PageQueryProps,
  WireBodyProps,
} from './sender-common'

export { DeliveryStatusSchema, type DeliveryStatus } from './sender-common'

/**
 * Network failures: refused, dns, tls, timeout, reset, aborted, invalid_url, other;
 * `interrupted`: the engine stopped while the attempt was in flight (it was sent again on
 * restart); `signing`: the request could not be signed (e.g. a secret the scheme refuses).
 */
export const AttemptErrorSchema = Type.Object({ code: Type.String(), message: Type.String() })
export type AttemptError = Static<typeof AttemptErrorSchema>

export const AttemptRequestSchema = Type.Object({
  method: Type.String(),
  url: Type.String(),
  /** Exactly as sent, in order (Host and Content-Length included). */
  headers: Type.Array(HeaderPairSchema),
  ...WireBodyProps,
})
export type AttemptRequest = Static<typeof AttemptRequestSchema>

export const AttemptResponseSchema = Type.Object({
  status: Type.Integer(),
  headers: Type.Array(HeaderPairSchema),
  ...WireBodyProps,
})
export type AttemptResponse = Static<typeof AttemptResponseSchema>

/** Why an attempt was made: the retry schedule, a manual retry, "send now", or a resend after a crash. */
export const AttemptTriggerSchema = Type.Union([
  Type.Literal('schedule'),
  Type.Literal('manual'),
  Type.Literal('now'),
  Type.Literal('recovery'),
  Type.Literal('test'),
])
export type AttemptTrigger = Static<typeof AttemptTriggerSchema>

export const AttemptOutcomeSchema = Type.Union([
  Type.Literal('in_flight'),
  Type.Literal('succeeded'),
  Type.Literal('failed'),
  Type.Literal('interrupted'),
])
export type AttemptOutcome = Static<typeof AttemptOutcomeSchema>

export const AttemptSchema = Type.Object({
  /** 1-based. */
  n: Type.Integer({ minimum: 1 }),
  trigger: AttemptTriggerSchema,
  outcome: AttemptOutcomeSchema,
  /** When the schedule wanted it; `startedAt - scheduledAt` is the dispatcher's lag. */
  scheduledAt: IsoTimeSchema,
  startedAt: IsoTimeSchema,
  finishedAt: NullableIsoTimeSchema,
  durationMs: Type.Union([Type.Number(), Type.Null()]),
  request: AttemptRequestSchema,
  response: Type.Union([AttemptResponseSchema, Type.Null()]),
  /** Set for network failures (and interrupted attempts); null when an HTTP answer came back. */
  error: Type.Union([AttemptErrorSchema, Type.Null()]),
  /** When the retry after this attempt was scheduled; null when none followed. */
  nextAttemptAt: NullableIsoTimeSchema,
})
export type Attempt = Static<typeof AttemptSchema>

const summaryProps = {
  id: Type.String(),
  eventId: Type.String(),
  eventType: Type.String(),
  profileId: Type.String(),
  webhookId: Type.String(),
  webhookName: Type.String(),
  /** Where the last attempt was sent; the webhook's URL while none was made. */
  url: Type.String(),
  status: DeliveryStatusSchema,
  /** Sent by "send test": one attempt, no automatic retry, not counted for auto-disable. */
  test: Type.Boolean(),
  attemptCount: Type.Integer({ minimum: 0 }),
  /** When the next attempt is due (pending deliveries not in flight); else null. */
  nextAttemptAt: NullableIsoTimeSchema,
  lastAttemptAt: NullableIsoTimeSchema,
  lastResponseStatus: Type.Union([Type.Integer(), Type.Null()]),
  lastDurationMs: Type.Union([Type.Number(), Type.Null()]),
  lastError: Type.Union([AttemptErrorSchema, Type.Null()]),
  /** Why the delivery is held (paused or disabled webhook), with the time it was held. */
  heldReason: Type.Union([Type.String(), Type.Null()]),
  heldAt: NullableIsoTimeSchema,
  createdAt: IsoTimeSchema,
  /** When it became succeeded or failed. */
  finishedAt: NullableIsoTimeSchema,
}

export const DeliverySummarySchema = Type.Object(summaryProps)
export type DeliverySummary = Static<typeof DeliverySummarySchema>

export const DeliverySchema = Type.Object({
  ...summaryProps,
  /** The profile's retry delays in seconds (attempt 1 is immediate). */
  retrySchedule: Type.Array(Type.Integer()),
  /** Attempts the schedule allows: 1 + retrySchedule.length (1 for a test delivery). */
  maxAttempts: Type.Integer(),
  attempts: Type.Array(AttemptSchema),
})
export type Delivery = Static<typeof DeliverySchema>

export const DeliveryListSchema = ListOf(DeliverySummarySchema)
export type DeliveryList = Static<typeof DeliveryListSchema>

export const DeliveryListQuerySchema = Type.Object(
  {
    status: Type.Optional(DeliveryStatusSchema),
    webhookId: Type.Optional(Type.String({ maxLength: 200, description: "One webhook's deliveries; 404 when no webhook has this id (a deleted one's deliveries go with it)" })),
    eventId: Type.Optional(Type.String({ maxLength: 200, description: "One event's deliveries; 404 when no event has this id" })),
    eventType: Type.Optional(Type.String({ maxLength: 200, description: 'An event type, or a prefix ending in * as in a subscription (deal.*)' })),
    profileId: Type.Optional(Type.String({ maxLength: 64, description: "Deliveries of events fired with this profile; 404 when no profile, nor any event, has this id" })),
    test: Type.Optional(Type.Boolean()),
    ...PageQueryProps,
  },
  { additionalProperties: false },
)
export type DeliveryListQuery = Static<typeof DeliveryListQuerySchema>

/** Body of `POST /api/deliveries/send-now`; with neither field, every pending delivery. */
export const SendNowInputSchema = Type.Object(
  {
    webhookId: Type.Optional(Type.String({ maxLength: 200 })),
    eventId: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
)
export type SendNowInput = Static<typeof SendNowInputSchema>

export const SendNowResultSchema = Type.Object({ count: Type.Integer({ minimum: 0 }) })
export type SendNowResult = Static<typeof SendNowResultSchema>

// ---------------------------------------------------------------------------------------------
// Live feed (`/api/live`) messages of the sender. `topic` → `data`.

/** `delivery.created`, `delivery.updated` (status or schedule changed): the delivery in short. */
export type LiveDeliveryChanged = DeliverySummary

/** `delivery.attempted`: an attempt finished. */
export interface LiveDeliveryAttempted {
  deliveryId: string
  eventId: string
  webhookId: string
  n: number
  outcome: AttemptOutcome
  responseStatus: number | null
  error: AttemptError | null
  durationMs: number | null
  /** The delivery's status after this attempt. */
  status: DeliveryStatus
  nextAttemptAt: string | null
}
