/**
 * `/api/webhooks`: where events are delivered. A webhook has a URL, a profile (how events are
 * wrapped, signed, retried and when the webhook is disabled), subscribed events, secrets
 * (rotation keeps the previous ones live for an overlap window) and a status.
 *
 * GET    /api/webhooks?profileId=&status=&q=&cursor=&limit=  → { items: Webhook[], nextCursor }
 * GET    /api/webhooks/:id                   → Webhook
 * POST   /api/webhooks                       WebhookInput → 201 WebhookCreated
 *          (profiles with a handshake, e.g. Workestra's endpoint.verify, send it first: the
 *          endpoint must answer the expected status, else 422 HB_ERR_WEBHOOK_VERIFICATION_FAILED,
 *          unless skipVerification is true)
 * PATCH  /api/webhooks/:id                   WebhookPatch → Webhook (a new URL is verified again)
 * DELETE /api/webhooks/:id                   → 204 (its deliveries and attempts go with it)
 * POST   /api/webhooks/:id/test              TestWebhookInput → 201 TestResult (one attempt, awaited)
 * POST   /api/webhooks/:id/rotate-secret     RotateSecretInput → Webhook (new secret revealed)
 * POST   /api/webhooks/:id/enable            → Webhook (resets the failure count, releases held deliveries)
 * POST   /api/webhooks/:id/pause             → Webhook (pending deliveries become held)
 * POST   /api/webhooks/:id/check             EndpointCheckInput → EndpointCheck (probes how the
 *          endpoint verifies signatures: a few requests signed right and wrong, judged by status)
 */
import { Type, type Static } from 'typebox'
import { AttemptRequestSchema, DeliverySchema } from './deliveries'
import { EventSchema } from './events'
import { ListOf, NullableIsoTimeSchema, IsoTimeSchema, PageQueryProps, WebhookStatusSchema } from './sender-common'

export { WebhookStatusSchema, type WebhookStatus } from './sender-common'

/**
 * Custom headers sent with every delivery of the webhook (e.g. an Authorization for a staging
 * app). Names and values are checked by the engine, which says what is wrong with each.
 */
export const CustomHeadersSchema = Type.Record(Type.String({ maxLength: 200 }), Type.String({ maxLength: 4000 }), { maxProperties: 50 })

/** A subscription: `*`, a prefix such as `deal.*`, or an exact event type name. */
export const EventFilterSchema = Type.String({ minLength: 1, maxLength: 200 })

const UrlSchema = Type.String({ minLength: 1, maxLength: 2048, description: 'Absolute http:// or https:// URL' })

/**
 * Why the profile's real provider would refuse this URL (HTTPS only, private/loopback
 * targets). Hookbench sends anyway: the warning stays visible, and `overridden` is true once
 * the webhook allows local testing (`allowLocal`).
 */
export const PolicyWarningSchema = Type.Object({
  code: Type.Union([
    Type.Literal('https_required'),
    Type.Literal('private_target'),
    Type.Literal('loopback_target'),
    Type.Literal('link_local_target'),
    Type.Literal('credentials_in_url'),
  ]),
  /** The whole warning for an API user: what the provider refuses and how to acknowledge it (`allowLocal`). */
  message: Type.String(),
  /**
   * What the provider refuses, without how to acknowledge it: for a host that shows its own
   * control beside it (the app's "Allow for local testing").
   */
  reason: Type.String(),
  overridden: Type.Boolean(),
})
export type PolicyWarning = Static<typeof PolicyWarningSchema>

/** One secret of the webhook. During a rotation overlap several are live and all sign. */
export const WebhookSecretSchema = Type.Object({
  /** The secret, or null when the profile shows secrets only once (WorkFlows). */
  value: Type.Union([Type.String(), Type.Null()]),
  /** Enough of the secret to recognise it, e.g. `whsec_MfKQ…`. */
  preview: Type.String(),
  label: Type.Union([Type.String(), Type.Null()]),
  createdAt: IsoTimeSchema,
  /** End of the overlap window for a rotated-out secret; null while it is current. */
  expiresAt: NullableIsoTimeSchema,
  live: Type.Boolean(),
})
export type WebhookSecret = Static<typeof WebhookSecretSchema>

export const WebhookStatsSchema = Type.Object({
  total: Type.Integer(),
  succeeded: Type.Integer(),
  failed: Type.Integer(),
  pending: Type.Integer(),
  held: Type.Integer(),
  /** succeeded / (succeeded + failed) over finished deliveries; null before the first one. */
  successRate: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]),
  lastDelivery: Type.Union([
    Type.Object({
      id: Type.String(),
      eventType: Type.String(),
      status: Type.String(),
      at: IsoTimeSchema,
      responseStatus: Type.Union([Type.Integer(), Type.Null()]),
      /** A test send (or the creation handshake): shown, but not in the counts above. */
      test: Type.Boolean(),
    }),
    Type.Null(),
  ]),
})
export type WebhookStats = Static<typeof WebhookStatsSchema>

export const WebhookSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  url: Type.String(),
  profileId: Type.String(),
  events: Type.Array(Type.String()),
  status: WebhookStatusSchema,
  /** The current secret (null: none, or hidden because the profile shows it once). */
  secret: Type.Union([Type.String(), Type.Null()]),
  /** The profile shows the secret only in the create and rotate answers. */
  secretShownOnce: Type.Boolean(),
  /**
   * Current secret first, then the rotated-out ones still live (all of them: each signs), then
   * the most recent expired ones (at most 10), newest first.
   */
  secrets: Type.Array(WebhookSecretSchema),
  /** Older expired secrets left out of `secrets`; 0 when it lists them all. */
  secretsOmitted: Type.Integer({ minimum: 0 }),
  headers: CustomHeadersSchema,
  allowLocal: Type.Boolean(),
  /** Deliveries started per second at most; null: no limit. */
  rateLimitPerSecond: Type.Union([Type.Number(), Type.Null()]),
  /** Attempts in flight at once for this webhook. */
  maxConcurrency: Type.Integer({ minimum: 1 }),
  consecutiveFailures: Type.Integer({ minimum: 0 }),
  /** The profile's rule: disabled after this many consecutive failed deliveries (null: never). */
  disableAfter: Type.Union([Type.Integer(), Type.Null()]),
  disabledReason: Type.Union([Type.String(), Type.Null()]),
  disabledAt: NullableIsoTimeSchema,
  pausedAt: NullableIsoTimeSchema,
  warnings: Type.Array(PolicyWarningSchema),
  stats: WebhookStatsSchema,
  createdAt: IsoTimeSchema,
  updatedAt: IsoTimeSchema,
})
export type Webhook = Static<typeof WebhookSchema>

/** What the verification handshake (e.g. `endpoint.verify`) got back. */
export const VerificationResultSchema = Type.Object({
  eventType: Type.String(),
  eventId: Type.String(),
  /** The delivery recording the handshake request and response. */
  deliveryId: Type.Union([Type.String(), Type.Null()]),
  expectStatus: Type.Integer(),
  responseStatus: Type.Union([Type.Integer(), Type.Null()]),
  error: Type.Union([Type.Object({ code: Type.String(), message: Type.String() }), Type.Null()]),
  durationMs: Type.Number(),
})
export type VerificationResult = Static<typeof VerificationResultSchema>

export const WebhookCreatedSchema = Type.Object({
  ...WebhookSchema.properties,
  /** The handshake, when the profile has one and it was not skipped; else null. */
  verification: Type.Union([VerificationResultSchema, Type.Null()]),
})
export type WebhookCreated = Static<typeof WebhookCreatedSchema>

export const WebhookListSchema = ListOf(WebhookSchema)
export type WebhookList = Static<typeof WebhookListSchema>

export const WebhookListQuerySchema = Type.Object(
  {
    profileId: Type.Optional(Type.String({ maxLength: 64 })),
    status: Type.Optional(WebhookStatusSchema),
    /** Case-insensitive search in name and URL. */
    q: Type.Optional(Type.String({ maxLength: 200 })),
    ...PageQueryProps,
  },
  { additionalProperties: false },
)
export type WebhookListQuery = Static<typeof WebhookListQuerySchema>

const webhookInputProps = {
  name: Type.String({ minLength: 1, maxLength: 500, description: "At most the profile's nameMaxLength" }),
  url: UrlSchema,
  profileId: Type.String({ minLength: 1, maxLength: 64 }),
  events: Type.Array(EventFilterSchema, { minItems: 1, maxItems: 500 }),
  /**
   * The signing secret. Absent: generated in the profile's format when the profile requires
   * one (whsec_… for WorkFlows and Standard Webhooks), none otherwise (ConnectGain, GitHub
   * send no signature without a secret). null: no secret (refused when the profile requires one).
   */
  secret: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 500 }), Type.Null()])),
  headers: Type.Optional(CustomHeadersSchema),
  /** Acknowledge the profile's URL policy warnings (http://, private targets) for local testing. */
  allowLocal: Type.Optional(Type.Boolean()),
  /** `paused` creates the webhook without delivering yet. Default `active`. */
  status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('paused')])),
  rateLimitPerSecond: Type.Optional(Type.Union([Type.Number({ exclusiveMinimum: 0, maximum: 10_000 }), Type.Null()])),
  maxConcurrency: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  /** Do not send the profile's verification handshake (e.g. for an endpoint not written yet). */
  skipVerification: Type.Optional(Type.Boolean()),
}

export const WebhookInputSchema = Type.Object(webhookInputProps, { additionalProperties: false })
export type WebhookInput = Static<typeof WebhookInputSchema>

/** Body of `PATCH /api/webhooks/:id`: any subset. `status: active` re-enables (like /enable). */
export const WebhookPatchSchema = Type.Object(
  {
    name: Type.Optional(webhookInputProps.name),
    url: Type.Optional(webhookInputProps.url),
    profileId: Type.Optional(webhookInputProps.profileId),
    events: Type.Optional(webhookInputProps.events),
    secret: webhookInputProps.secret,
    headers: webhookInputProps.headers,
    allowLocal: webhookInputProps.allowLocal,
    status: webhookInputProps.status,
    rateLimitPerSecond: webhookInputProps.rateLimitPerSecond,
    maxConcurrency: webhookInputProps.maxConcurrency,
    skipVerification: webhookInputProps.skipVerification,
  },
  { additionalProperties: false, minProperties: 1 },
)
export type WebhookPatch = Static<typeof WebhookPatchSchema>

/** Body of `POST /api/webhooks/:id/rotate-secret`. */
export const RotateSecretInputSchema = Type.Object(
  {
    /** The new secret; generated in the profile's format when absent. */
    secret: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    /** How long the previous secrets keep signing alongside the new one. Default 86400 (24 h). */
    overlapSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 30 * 86_400 })),
  },
  { additionalProperties: false },
)
export type RotateSecretInput = Static<typeof RotateSecretInputSchema>

/** Body of `POST /api/webhooks/:id/test`. */
export const TestWebhookInputSchema = Type.Object(
  {
    /** The event type to send; the first the webhook subscribes to when absent. */
    type: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    /** The data; generated from the event type's schema when absent. */
    data: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: false },
)
export type TestWebhookInput = Static<typeof TestWebhookInputSchema>

/**
 * A test delivery goes out whatever the webhook's status (to check an endpoint before
 * re-enabling it), is tried once, is never retried automatically, and does not count
 * towards the auto-disable rule.
 */
export const TestResultSchema = Type.Object({ event: EventSchema, delivery: DeliverySchema })
export type TestResult = Static<typeof TestResultSchema>

/** Body of `POST /api/webhooks/:id/check`. */
export const EndpointCheckInputSchema = Type.Object(
  {
    /** The event type the probes carry; the first the webhook subscribes to when absent. */
    type: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
)
export type EndpointCheckInput = Static<typeof EndpointCheckInputSchema>

/**
 * The probes of an endpoint check, in the order they are sent. `signed` and `pretty_body` are
 * correctly signed and must be accepted (2xx); the others must be refused (4xx), never accepted
 * and never crash the handler (5xx, a dropped connection, no answer). `bare_digest` (the signature
 * header without its prefix) is sent only when `signed` was refused with a 4xx, and only for a
 * scheme whose signature has a prefix: it looks for the cause, which `signed`'s finding names.
 */
export const EndpointProbeSchema = Type.Object({
  id: Type.Union([
    Type.Literal('signed'),
    Type.Literal('bare_digest'),
    Type.Literal('wrong_secret'),
    Type.Literal('no_signature'),
    Type.Literal('short_signature'),
    Type.Literal('pretty_body'),
    Type.Literal('stale_timestamp'),
  ]),
  /** What was sent, e.g. "Signed with another secret". */
  title: Type.String(),
  expect: Type.Union([Type.Literal('accepted'), Type.Literal('refused')]),
  /** The signature header's value as sent (null: none sent). */
  signature: Type.Union([Type.String(), Type.Null()]),
  /** The request as sent: method, URL, headers, body (the first 64 KiB); null when the probe was not sent. */
  request: Type.Union([AttemptRequestSchema, Type.Null()]),
  status: Type.Union([Type.Integer(), Type.Null()]),
  error: Type.Union([Type.Object({ code: Type.String(), message: Type.String() }), Type.Null()]),
  durationMs: Type.Number(),
  /** The first 2 KiB of the response body, as text. */
  responseBody: Type.String(),
  /**
   * `inconclusive`: the answer tells nothing more than the correctly signed probe's did (a
   * refusal when that one was refused too, an indented body failing as the compact one did, a
   * crash whose likely cause that probe's finding names, the bare-digest probe whose answer that
   * probe's finding cites), or the probe was not sent (that one got no answer from the app).
   */
  verdict: Type.Union([Type.Literal('pass'), Type.Literal('fail'), Type.Literal('inconclusive')]),
  /** What the answer says about the handler, in a sentence. */
  finding: Type.String(),
  /** What to change in the handler; null when it passed. */
  fix: Type.Union([Type.String(), Type.Null()]),
})
export type EndpointProbe = Static<typeof EndpointProbeSchema>
export type EndpointProbeId = EndpointProbe['id']

export const EndpointCheckSchema = Type.Object({
  webhookId: Type.String(),
  url: Type.String(),
  eventType: Type.String(),
  checkedAt: IsoTimeSchema,
  probes: Type.Array(EndpointProbeSchema),
  passed: Type.Integer(),
  failed: Type.Integer(),
  /** What the probes cannot tell, e.g. whether the comparison is constant-time. */
  notes: Type.Array(Type.String()),
  /**
   * The URL is one of this engine's own inboxes (as the loopback quick start sets up): it answers
   * per its response rules, not as a handler verifies. `note` says so, for hosts to show first.
   */
  inbox: Type.Union([Type.Object({ id: Type.String(), name: Type.String(), slug: Type.String(), note: Type.String() }), Type.Null()]),
})
export type EndpointCheck = Static<typeof EndpointCheckSchema>
