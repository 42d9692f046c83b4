/**
 * Small building blocks shared by the sender's API schemas (profiles, event types, webhooks,
 * events, deliveries, schedules, scenarios): lists, ids, times, headers and bodies on the wire.
 */
import { Type, type Static, type TSchema } from 'typebox'

/** ISO 8601 instant in UTC, e.g. `2026-01-01T00:00:00.000Z`. */
export const IsoTimeSchema = Type.String({ format: 'date-time' })
export const NullableIsoTimeSchema = Type.Union([IsoTimeSchema, Type.Null()])

/** One HTTP header as sent or received, in order; duplicates are separate pairs. */
export const HeaderPairSchema = Type.Tuple([Type.String(), Type.String()])
export type HeaderPair = Static<typeof HeaderPairSchema>

/**
 * Bytes shown on the wire: UTF-8 text when they decode as UTF-8, else base64.
 * `size` is the true length in bytes; `truncated` says the stored copy was capped (64 KiB).
 */
export const WireBodyProps = {
  body: Type.String({ description: 'The bytes as text (bodyEncoding utf8) or base64' }),
  bodyEncoding: Type.Union([Type.Literal('utf8'), Type.Literal('base64')]),
  size: Type.Integer({ minimum: 0, description: 'True size in bytes' }),
  truncated: Type.Boolean({ description: 'Only the first 64 KiB were kept' }),
}

/** `{ items, nextCursor }`: pass `nextCursor` as `?cursor=` to get the next page; null at the end. */
export const ListOf = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) })

/** GET links may carry the bearer token as ?token= (downloads, a browser tab). */
export const TokenQueryProps = {
  token: Type.Optional(Type.String({ description: 'The bearer token, for GET links' })),
}

export const PageQueryProps = {
  ...TokenQueryProps,
  cursor: Type.Optional(Type.String({ maxLength: 200, description: 'nextCursor of the previous page' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
}

export const IdParamsSchema = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
)
export type IdParams = Static<typeof IdParamsSchema>

/** A webhook status: active, paused by the user, or disabled by the auto-disable rule. */
export const WebhookStatusSchema = Type.Union([Type.Literal('active'), Type.Literal('paused'), Type.Literal('disabled')])
export type WebhookStatus = Static<typeof WebhookStatusSchema>

/** A delivery status. `held`: waiting while its webhook is paused or disabled (not lost). */
export const DeliveryStatusSchema = Type.Union([
  Type.Literal('pending'),
  Type.Literal('succeeded'),
  Type.Literal('failed'),
  Type.Literal('held'),
])
export type DeliveryStatus = Static<typeof DeliveryStatusSchema>

/** Where an event came from. */
export const EventSourceSchema = Type.Union([
  Type.Literal('api'),
  Type.Literal('test'),
  Type.Literal('schedule'),
  Type.Literal('scenario'),
  Type.Literal('handshake'),
])
export type EventSource = Static<typeof EventSourceSchema>

/** Any JSON value (event data, schemas, examples). */
export const AnyJsonSchema = Type.Unknown()

/** Maximum size of one event's `data`, serialized as JSON. */
export const MAX_EVENT_DATA_BYTES = 1024 * 1024
/**
 * How many levels of objects and arrays one event's `data` may nest. Deeper data overflows the
 * engine's stack in JSON.stringify and the schema validator, and receivers' parsers stop sooner
 * (Jackson at 1000, serde_json at 128).
 */
export const MAX_EVENT_DATA_DEPTH = 1000
