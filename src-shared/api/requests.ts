/**
 * Captured requests: what arrived at an inbox, byte for byte, with its analysis, the response
 * Hookbench sent and the results of forwarding it.
 *
 * Routes (control plane, bearer token):
 * - `GET    /api/inboxes/:id/requests`   RequestListQuery → RequestList (newest first, keyset cursor)
 * - `DELETE /api/inboxes/:id/requests`   → { deleted } ("clear inbox")
 * - `GET    /api/requests/:id`           → RequestDetail
 * - `GET    /api/requests/:id/body`      → the raw body bytes (`?decoded=true`: the decoded view)
 * - `GET    /api/requests/compare?a=&b=` → RequestComparison (headers and JSON body diff)
 * - `DELETE /api/requests/:id`           → 204
 *
 * Live topics: see `REQUEST_TOPICS`.
 */
import { Type, type Static } from 'typebox'
import type { ContentSample, Diagnosis, VerificationDetails } from '../signing-schemes'
import { HeaderPairsSchema, SchemeIdSchema, VerdictSchema } from './inboxes'

// ---------------------------------------------------------------------------------------------
// Analysis

/** Body problems the analysis reports. */
export const BODY_PROBLEM_CODES = [
  /** Content-Type says JSON, the (decoded) body does not parse as JSON. */
  'invalid_json',
  /** The body claims or looks like text but is not well-formed UTF-8. */
  'invalid_utf8',
  /** The Content-Type names another format than the body has (JSON sent as form/text, form sent as JSON...). */
  'content_type_mismatch',
  /** A body arrived without any Content-Type. */
  'missing_content_type',
  /** Content-Encoding is gzip/br/deflate but the bytes do not decode. */
  'decode_failed',
  /** The decoded body would exceed the decoding bound (zip bomb guard); the view is cut. */
  'decoded_too_large',
  /** A method that carries a body (POST/PUT/PATCH) with a JSON Content-Type arrived empty. */
  'empty_body',
] as const
export type BodyProblemCode = (typeof BODY_PROBLEM_CODES)[number]

export const BodyProblemSchema = Type.Object({
  code: Type.Unsafe<BodyProblemCode>({ type: 'string', enum: [...BODY_PROBLEM_CODES] }),
  message: Type.String(),
})
export type BodyProblem = Static<typeof BodyProblemSchema>

/** Where a value was found, e.g. `header webhook-id`, `body.id`, `body.data.object.id`. */
const SourceSchema = Type.Union([Type.String(), Type.Null()])
const NullableString = Type.Union([Type.String(), Type.Null()])

export const DiagnosisSchema = Type.Unsafe<Diagnosis>({ type: 'object', additionalProperties: true, description: 'signing-schemes.ts Diagnosis' })
export const VerificationDetailsSchema = Type.Unsafe<VerificationDetails>({
  type: 'object',
  additionalProperties: true,
  description: 'signing-schemes.ts VerificationDetails (signed content, expected vs received, timestamp...)',
})

/**
 * Stored with each request; recomputed for all of an inbox's requests when its verification
 * changes. `duplicate`/`outOfOrder` compare with requests received earlier in the same inbox.
 */
export const AnalysisSchema = Type.Object({
  verdict: VerdictSchema,
  /** One sentence saying what happened. */
  reason: Type.String(),
  /**
   * Why the signature does not match (or why a timestamp is off), with the fix; on a matching
   * signature, a warning (`header_repeated`) or null; null when unchecked.
   */
  diagnosis: Type.Union([DiagnosisSchema, Type.Null()]),
  /**
   * True while the diagnosis of a mismatch is not computed yet: for a large body, an import or
   * a re-analysis only the verdict is computed at first; reading the request fills it in.
   */
  diagnosisPending: Type.Optional(Type.Boolean()),
  /** Label of the secret that matched (or `#n`). */
  matchedSecret: NullableString,
  scheme: Type.Union([SchemeIdSchema, Type.Null()]),
  profileId: NullableString,
  /** What verification looked at: signed content, expected vs received, timestamp and age. */
  details: Type.Union([VerificationDetailsSchema, Type.Null()]),

  eventId: NullableString,
  eventIdSource: SourceSchema,
  eventType: NullableString,
  eventTypeSource: SourceSchema,
  /** When the event happened, from the envelope (`created_at`, `timestamp`, `created`...). */
  eventTime: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  eventTimeSource: SourceSchema,
  /** The object the event is about (`data.object.id`, `data.id`...), for ordering checks. */
  objectId: NullableString,
  objectIdSource: SourceSchema,

  /** The idempotency key: the event id, else `type@time#objectId` when the envelope has no id. */
  dedupKey: NullableString,
  duplicate: Type.Boolean(),
  /** The first request of this inbox with the same key. */
  duplicateOf: NullableString,
  /** An event about `objectId` that is older than one already received. */
  outOfOrder: Type.Boolean(),
  /** The request that carried the newer event. */
  outOfOrderAfter: NullableString,

  problems: Type.Array(BodyProblemSchema),
  /** Null when the inbox has no allowlist. */
  allowlist: Type.Union([Type.Object({ matched: Type.Boolean(), rule: NullableString }), Type.Null()]),
  /** Wall-clock time the signature timestamp was judged against; under --time-scale receivedAt (engine time) runs ahead of it. */
  analyzedAt: Type.String({ format: 'date-time' }),
})
export type Analysis = Static<typeof AnalysisSchema>

// ---------------------------------------------------------------------------------------------
// Response sent, forwards

/** Why the inbox answered what it did. */
export const RESPONSE_SOURCES = ['rules', 'sequence', 'failure-rate', 'hang', 'forward', 'allowlist', 'import'] as const
export type ResponseSource = (typeof RESPONSE_SOURCES)[number]

export const SentResponseSchema = Type.Object({
  /** Null when the inbox hung (never answered). */
  status: Type.Union([Type.Integer(), Type.Null()]),
  headers: HeaderPairsSchema,
  bodyBase64: Type.String(),
  delayMs: Type.Integer(),
  hang: Type.Boolean(),
  source: Type.Unsafe<ResponseSource>({ type: 'string', enum: [...RESPONSE_SOURCES] }),
  /** Index of the sequence step used, when `source` is `sequence`. */
  step: Type.Union([Type.Integer(), Type.Null()]),
})
export type SentResponse = Static<typeof SentResponseSchema>

export const ForwardResultSchema = Type.Object({
  id: Type.String(),
  /** The full URL the request was sent to (target + path suffix + query). */
  url: Type.String(),
  target: Type.String(),
  state: Type.Union([Type.Literal('pending'), Type.Literal('done'), Type.Literal('error')]),
  startedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  durationMs: Type.Union([Type.Number(), Type.Null()]),
  response: Type.Union([
    Type.Object({ status: Type.Integer(), headers: HeaderPairsSchema, bodyBase64: Type.String(), bodyTruncated: Type.Boolean() }),
    Type.Null(),
  ]),
  /** Network failure: `code` is the classified error (ECONNREFUSED, timeout...). */
  error: Type.Union([Type.Object({ code: Type.String(), message: Type.String() }), Type.Null()]),
})
export type ForwardResult = Static<typeof ForwardResultSchema>

// ---------------------------------------------------------------------------------------------
// List and detail

const listItemProps = {
  id: Type.String(),
  inboxId: Type.String(),
  method: Type.String(),
  /** Full path as received, slug included, without the query. */
  path: Type.String(),
  /** The path below the slug (what forwarding appends), `/` at least. */
  pathSuffix: Type.String(),
  /** Raw query string without `?` ('' when none). */
  query: Type.String(),
  receivedAt: Type.String({ format: 'date-time' }),
  /** Body size in bytes, as received. */
  size: Type.Integer(),
  contentType: NullableString,
  contentEncoding: NullableString,
  remoteAddress: Type.String(),
  verdict: VerdictSchema,
  /**
   * For a stale_timestamp verdict, the analysis' `details.ageSec`: how old the signed timestamp
   * was when judged, negative when it is ahead of the clock (a list shows "future-dated" then,
   * as the detail does); null for any other verdict.
   */
  timestampAgeSec: Type.Union([Type.Number(), Type.Null()]),
  eventType: NullableString,
  eventId: NullableString,
  duplicate: Type.Boolean(),
  outOfOrder: Type.Boolean(),
  /** Null when no allowlist is configured. */
  allowlisted: Type.Union([Type.Boolean(), Type.Null()]),
  /** Codes of the body problems, [] when none. */
  problems: Type.Array(Type.String()),
  /** Status Hookbench answered; null when it hung or has not answered yet. */
  responseStatus: Type.Union([Type.Integer(), Type.Null()]),
  /**
   * Brought in from a file (HAR, NDJSON, JSON export), not captured here: its answer is the one
   * the file recorded, and none when the file recorded none (it is not waiting for one).
   */
  imported: Type.Boolean(),
}

export const RequestListItemSchema = Type.Object(listItemProps)
export type RequestListItem = Static<typeof RequestListItemSchema>

export const DecodedBodySchema = Type.Object({
  /** The Content-Encoding that was undone. */
  encoding: Type.String(),
  /** The decoded bytes (up to the bound), null when decoding failed. */
  bodyBase64: Type.Union([Type.String(), Type.Null()]),
  size: Type.Integer(),
  truncated: Type.Boolean(),
  error: NullableString,
})
export type DecodedBody = Static<typeof DecodedBodySchema>

export const RequestDetailSchema = Type.Object(
  {
    ...listItemProps,
    headers: HeaderPairsSchema,
    /** Parsed query, in order, duplicates kept. */
    queryParams: HeaderPairsSchema,
    bodyBase64: Type.String(),
    remotePort: Type.Union([Type.Integer(), Type.Null()]),
    /** The decoded view for gzip/br/deflate bodies; null when the body is not encoded. */
    decoded: Type.Union([DecodedBodySchema, Type.Null()]),
    analysis: AnalysisSchema,
    response: Type.Union([SentResponseSchema, Type.Null()]),
    forwards: Type.Array(ForwardResultSchema),
  },
)
export type RequestDetail = Static<typeof RequestDetailSchema>

/** Query of `GET /api/inboxes/:id/requests`. Repeated or comma-separated values are ORed. */
export const RequestListQuerySchema = Type.Object(
  {
    method: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 20 })),
    verdict: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 20 })),
    eventType: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 50 })),
    /** Response status sent: `200`, `5xx`, or `hang` (never answered). */
    status: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 20 })),
    /** Received at or after / before this instant. */
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    duplicate: Type.Optional(Type.Boolean()),
    outOfOrder: Type.Optional(Type.Boolean()),
    /**
     * Full-text search over path, headers and body text (words; `"exact phrase"`; each word
     * matches as a prefix). A body is searched in its first 256 KiB of text (decoded when
     * compressed; a multipart form's part headers and text parts).
     */
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    /** `newest` first (the default) or `oldest` first: the first captures of a 100 000-request inbox are one page away. */
    order: Type.Optional(Type.Union([Type.Literal('newest'), Type.Literal('oldest')])),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    /** The API token, accepted on GET links; checked by the control plane, ignored here. */
    token: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
)
export type RequestListQuery = Static<typeof RequestListQuerySchema>

export const RequestListSchema = Type.Object({
  items: Type.Array(RequestListItemSchema),
  /** Pass as `cursor` for the next page (older, or newer with order=oldest); null on the last page. */
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  /** How many requests match the filters in all. */
  total: Type.Integer(),
  /**
   * A search only: requests (of every inbox) not indexed yet, so not searched, after a big import
   * or an index rebuild; they are indexed in the background. Absent when the search saw them all.
   */
  searchPending: Type.Optional(Type.Integer()),
})
export type RequestList = Static<typeof RequestListSchema>

export const RequestIdParamsSchema = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false })

export const RequestBodyQuerySchema = Type.Object(
  { decoded: Type.Optional(Type.Boolean()), token: Type.Optional(Type.String()) },
  { additionalProperties: false },
)

// ---------------------------------------------------------------------------------------------
// Compare

export const CompareQuerySchema = Type.Object(
  { a: Type.String({ minLength: 1, maxLength: 100 }), b: Type.String({ minLength: 1, maxLength: 100 }), token: Type.Optional(Type.String()) },
  { additionalProperties: false },
)

export const HeaderDiffSchema = Type.Object({
  /** Lower-cased header name. */
  name: Type.String(),
  a: Type.Array(Type.String()),
  b: Type.Array(Type.String()),
  change: Type.Union([Type.Literal('same'), Type.Literal('changed'), Type.Literal('added'), Type.Literal('removed')]),
})
export type HeaderDiff = Static<typeof HeaderDiffSchema>

/** One difference between the JSON bodies; `path` is a JSON pointer (`/data/object/amount`). */
export const JsonChangeSchema = Type.Object({
  path: Type.String(),
  change: Type.Union([Type.Literal('added'), Type.Literal('removed'), Type.Literal('changed')]),
  a: Type.Optional(Type.Unknown()),
  b: Type.Optional(Type.Unknown()),
})
export type JsonChange = Static<typeof JsonChangeSchema>

export const RequestComparisonSchema = Type.Object({
  a: RequestDetailSchema,
  b: RequestDetailSchema,
  headers: Type.Array(HeaderDiffSchema),
  body: Type.Object({
    /** `json` when both (decoded) bodies parse as JSON: `changes` lists the differences. */
    kind: Type.Union([Type.Literal('json'), Type.Literal('text'), Type.Literal('binary')]),
    identical: Type.Boolean(),
    changes: Type.Array(JsonChangeSchema),
    /** Capped at 1000 changes. */
    truncated: Type.Boolean(),
  }),
})
export type RequestComparison = Static<typeof RequestComparisonSchema>

// ---------------------------------------------------------------------------------------------
// Live events

export const REQUEST_TOPICS = {
  /** data: RequestListItem — committed to the database (before its response is sent). */
  captured: 'request.captured',
  /** data: RequestListItem — its response status or analysis changed (answer from forward, re-analysis of one request). */
  updated: 'request.updated',
  /** data: RequestForwardedEvent — one forward finished (done or error). */
  forwarded: 'request.forwarded',
  /** data: RequestsDeletedEvent — deleted by hand, inbox cleared, or pruned by retention. */
  deleted: 'requests.deleted',
} as const

export interface RequestForwardedEvent {
  requestId: string
  inboxId: string
  forward: ForwardResult
}

export interface RequestsDeletedEvent {
  inboxId: string
  reason: 'deleted' | 'cleared' | 'pruned'
  /** Ids removed (empty when `all`). */
  ids: string[]
  /** Every request of the inbox is gone. */
  all: boolean
  count: number
}

/** Content samples (signed content etc.) are shown as text or base64. */
export type { ContentSample }
