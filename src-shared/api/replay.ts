/**
 * Replay: resend a captured request (or a delivery attempt) to any URL, byte for byte, with
 * optional edits and re-signing; bulk replay of a filter or a selection.
 *
 * Routes (control plane, bearer token):
 * - `POST /api/requests/:id/replay`        ReplayInput → Replay
 * - `GET  /api/requests/:id/replays`       → { items: Replay[], nextCursor }
 * - `POST /api/deliveries/:id/resend`      ResendInput → Replay | Delivery (no url: to its webhook)
 * - `POST /api/replays/bulk`               BulkReplayInput → 202 BulkReplayJob
 * - `GET  /api/replays/bulk/:id`           → BulkReplayJob
 * - `POST /api/replays/bulk/:id/stop`      → BulkReplayJob
 * Live topics: `replay.completed` (Replay), `replay.bulk.progress` (BulkReplayJob).
 */
import { Type, type Static } from 'typebox'
import { SIGNING_SCHEMES, type SigningSchemeId } from '../signing-schemes'
import { HeaderPairSchema, IsoTimeSchema, WireBodyProps } from './sender-common'
import { RequestListQuerySchema } from './requests'

const SchemeSchema = Type.Unsafe<SigningSchemeId>({ type: 'string', enum: [...SIGNING_SCHEMES] })

export const ResignSchema = Type.Object(
  {
    /** Sign as this provider profile (its scheme and options). */
    profileId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    /** Or as this scheme with these options. */
    scheme: Type.Optional(SchemeSchema),
    options: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    /** The secret to sign with (e.g. the receiving app's webhook secret). */
    secret: Type.String({ minLength: 1, maxLength: 1000 }),
  },
  { additionalProperties: false, description: 'Re-sign with a fresh timestamp: one of profileId or scheme, and the secret' },
)
export type Resign = Static<typeof ResignSchema>

const replayOptions = {
  /** Target URL, used as given (http or https). */
  url: Type.String({ minLength: 1, maxLength: 4000 }),
  /** Replaces the original method. */
  method: Type.Optional(Type.String({ minLength: 1, maxLength: 20, pattern: '^[A-Za-z]+$' })),
  /** Replaces the original headers (hop-by-hop headers and Host are always dropped). */
  headers: Type.Optional(Type.Array(HeaderPairSchema, { maxItems: 500 })),
  /** Replaces the original body. */
  bodyBase64: Type.Optional(Type.String({ maxLength: 15_000_000 })),
  resign: Type.Optional(ResignSchema),
  /** `keep` (default) sends the original event id; `new` issues a fresh one in the same style. */
  eventId: Type.Optional(Type.Union([Type.Literal('keep'), Type.Literal('new')])),
  timeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 300_000 })),
  /** Accept a self-signed certificate at the target (a local staging server). */
  insecureTls: Type.Optional(Type.Boolean()),
}

export const ReplayInputSchema = Type.Object(replayOptions, { additionalProperties: false })
export type ReplayInput = Static<typeof ReplayInputSchema>

export const ResendInputSchema = Type.Object(
  {
    ...replayOptions,
    url: Type.Optional(replayOptions.url),
    /** Which attempt's request to resend (default: the last one). */
    attempt: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
)
export type ResendInput = Static<typeof ResendInputSchema>

const WireSchema = Type.Object(WireBodyProps)

export const ReplaySchema = Type.Object({
  id: Type.String(),
  sourceKind: Type.Union([Type.Literal('request'), Type.Literal('attempt')]),
  /** The captured request id, or `<deliveryId>#<attempt n>`. */
  sourceId: Type.String(),
  bulkId: Type.Union([Type.String(), Type.Null()]),
  createdAt: IsoTimeSchema,
  request: Type.Object({ method: Type.String(), url: Type.String(), headers: Type.Array(HeaderPairSchema), ...WireBodyProps }),
  response: Type.Union([Type.Object({ status: Type.Integer(), headers: Type.Array(HeaderPairSchema), ...WireSchema.properties }), Type.Null()]),
  error: Type.Union([Type.Object({ code: Type.String(), message: Type.String() }), Type.Null()]),
  durationMs: Type.Number(),
  resigned: Type.Boolean(),
  /** The event id sent (the original or the new one); null when none was found. */
  eventId: Type.Union([Type.String(), Type.Null()]),
  /** Things the user should know, e.g. the body changed but was not re-signed. */
  warnings: Type.Array(Type.String()),
})
export type Replay = Static<typeof ReplaySchema>

export const ReplayListSchema = Type.Object({ items: Type.Array(ReplaySchema), nextCursor: Type.Union([Type.String(), Type.Null()]) })

const { cursor: _c, limit: _l, token: _t, order: _o, ...filterProps } = RequestListQuerySchema.properties

export const BulkReplayInputSchema = Type.Object(
  {
    inboxId: Type.String({ minLength: 1, maxLength: 100 }),
    /** A selection; when absent, every request matching `filter` (all of the inbox when both are absent). */
    requestIds: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 100_000 })),
    filter: Type.Optional(Type.Object(filterProps, { additionalProperties: false })),
    url: replayOptions.url,
    /** Requests per second (default 5). */
    ratePerSecond: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1000 })),
    resign: Type.Optional(ResignSchema),
    eventId: replayOptions.eventId,
    timeoutMs: replayOptions.timeoutMs,
    insecureTls: replayOptions.insecureTls,
  },
  { additionalProperties: false },
)
export type BulkReplayInput = Static<typeof BulkReplayInputSchema>

export const BulkReplayJobSchema = Type.Object({
  id: Type.String(),
  inboxId: Type.String(),
  url: Type.String(),
  state: Type.Union([Type.Literal('running'), Type.Literal('done'), Type.Literal('stopped')]),
  total: Type.Integer(),
  sent: Type.Integer(),
  /** Answered 2xx. */
  ok: Type.Integer(),
  /** Answered non-2xx or failed on the network. */
  failed: Type.Integer(),
  ratePerSecond: Type.Number(),
  startedAt: IsoTimeSchema,
  finishedAt: Type.Union([IsoTimeSchema, Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
})
export type BulkReplayJob = Static<typeof BulkReplayJobSchema>

export const REPLAY_TOPICS = { completed: 'replay.completed', bulkProgress: 'replay.bulk.progress' } as const
