/**
 * `/api/events`: fire an event as if Hookbench were the provider. The event is fanned out to
 * every active webhook of its profile subscribed to its type (or to the given webhooks): one
 * delivery each, the body built once per webhook and signed over those exact bytes. Subscribed
 * webhooks that are paused or disabled are listed in the answer's `skipped`.
 *
 * POST /api/events                          EventInput → 201 FiredEvent
 * GET  /api/events?profileId=&type=&source=&cursor=&limit=  → { items: EventListItem[], nextCursor }
 * GET  /api/events/:id                      → FiredEvent (with every delivery's current status)
 */
import { Type, type Static } from 'typebox'
import { DataErrorSchema } from './event-types'
import { DeliveryStatusSchema, EventSourceSchema, IsoTimeSchema, ListOf, NullableIsoTimeSchema, PageQueryProps } from './sender-common'

export { MAX_EVENT_DATA_BYTES } from './sender-common'

/**
 * Body of `POST /api/events`. `profileId` may be left out when the type is found in only one
 * profile that has webhooks subscribed to it (or when `webhookIds` all share one profile).
 * `data` is generated from the event type's schema when absent, else validated against it
 * (rejected with 400, or accepted with `warnings`, by the profile's `dataValidation`).
 * `webhookIds` sends to exactly these webhooks (of the event's profile), whether or not they
 * subscribe to the type; a named webhook that is paused or disabled gets a `held` delivery,
 * released when it is enabled.
 */
export const EventInputSchema = Type.Object(
  {
    type: Type.String({ minLength: 1, maxLength: 200 }),
    profileId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    data: Type.Optional(Type.Unknown()),
    webhookIds: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { minItems: 1, maxItems: 1000 })),
  },
  { additionalProperties: false },
)
export type EventInput = Static<typeof EventInputSchema>

export const EventSchema = Type.Object({
  /** In the profile's style (`evt_…`, `msg_…`, a UUID for GitHub); the same on every retry. */
  id: Type.String(),
  type: Type.String(),
  profileId: Type.String(),
  /** The body as the profile's envelope wraps the data (webhook-specific fields such as TaskHub's webhook_id are null here; each delivery's request shows its own bytes). */
  payload: Type.Unknown(),
  data: Type.Unknown(),
  source: EventSourceSchema,
  /** The schedule or scenario run that fired it, else null. */
  sourceId: Type.Union([Type.String(), Type.Null()]),
  /** Schema problems of the given data, when the profile only warns. */
  warnings: Type.Array(DataErrorSchema),
  createdAt: IsoTimeSchema,
})
export type Event = Static<typeof EventSchema>

/** One delivery of a fired event, in short. */
export const DeliveryRefSchema = Type.Object({
  id: Type.String(),
  webhookId: Type.String(),
  status: DeliveryStatusSchema,
  /** Why a delivery is held (its webhook is paused or disabled). */
  heldReason: Type.Union([Type.String(), Type.Null()]),
  nextAttemptAt: NullableIsoTimeSchema,
})
export type DeliveryRef = Static<typeof DeliveryRefSchema>

/** A webhook subscribed to a fired event that was not sent it, because it is paused or disabled. */
export const SkippedWebhookSchema = Type.Object({
  webhookId: Type.String(),
  webhookName: Type.String(),
  status: Type.Union([Type.Literal('paused'), Type.Literal('disabled')]),
})
export type SkippedWebhook = Static<typeof SkippedWebhookSchema>

export const FiredEventSchema = Type.Object({
  event: EventSchema,
  deliveries: Type.Array(DeliveryRefSchema),
  /**
   * On a fan-out (no webhookIds): the subscribed webhooks left out because they are paused or
   * disabled. Events go to active webhooks only; name a webhook in webhookIds to hold one for it.
   */
  skipped: Type.Optional(Type.Array(SkippedWebhookSchema)),
})

/** Body of `POST /api/events/:id/refire`: the same event (id, time, data) to these webhooks of its profile. */
export const RefireInputSchema = Type.Object(
  { webhookIds: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 500 }) },
  { additionalProperties: false },
)
export type RefireInput = Static<typeof RefireInputSchema>
export type FiredEvent = Static<typeof FiredEventSchema>

export const EventListItemSchema = Type.Object({
  id: Type.String(),
  type: Type.String(),
  profileId: Type.String(),
  source: EventSourceSchema,
  sourceId: Type.Union([Type.String(), Type.Null()]),
  createdAt: IsoTimeSchema,
  deliveries: Type.Object({
    total: Type.Integer(),
    pending: Type.Integer(),
    succeeded: Type.Integer(),
    failed: Type.Integer(),
    held: Type.Integer(),
  }),
})
export type EventListItem = Static<typeof EventListItemSchema>

export const EventListSchema = ListOf(EventListItemSchema)
export type EventList = Static<typeof EventListSchema>

export const EventListQuerySchema = Type.Object(
  {
    profileId: Type.Optional(Type.String({ maxLength: 64 })),
    type: Type.Optional(Type.String({ maxLength: 200 })),
    source: Type.Optional(EventSourceSchema),
    ...PageQueryProps,
  },
  { additionalProperties: false },
)
export type EventListQuery = Static<typeof EventListQuerySchema>
