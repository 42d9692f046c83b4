/**
 * Event catalog and provider profiles: the types and JSON schemas (TypeBox) shared by the
 * engine (`src-main/engine/catalog`), the API routes and the renderer.
 *
 * A provider profile is one provider's webhook style: where the event id, type, timestamp and
 * `data` go in the body (the envelope template), how the body is signed, which headers go
 * with it, when a failed delivery is retried, when a webhook is disabled, and the policy on
 * target URLs. An event type belongs to a profile: name, category, description, the JSON
 * schema of its `data`, and an example `data`.
 */
import { Type, type Static } from 'typebox'
import {
  SIGNING_SCHEMES,
  type SigningOptions,
  type SigningSchemeId,
} from './signing-schemes'

/** Ids of the built-in presets; each reproduces one documented system. */
export const PRESET_PROFILE_IDS = [
  'workestra',
  'connectgain',
  'workflows',
  'taskhub',
  'standard-webhooks',
  'stripe',
  'github',
] as const
export type PresetProfileId = (typeof PRESET_PROFILE_IDS)[number]

// ---------------------------------------------------------------------------------------------
// Envelope template

/** Any JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue }

/**
 * Placeholders of an envelope template. A string that is exactly one placeholder is replaced by
 * a typed value (`"{{timestamp.unix}}"` becomes a number, `"{{data}}"` the data object); a
 * placeholder inside a longer string is interpolated as text (`"evt-{{event.id}}"`).
 */
export const ENVELOPE_PLACEHOLDERS = {
  '{{event.id}}': 'the event id (string), the same on every attempt and retry',
  '{{event.type}}': 'the event type name, e.g. contact.created',
  '{{timestamp.iso}}': 'when the event occurred, ISO 8601 UTC to the second: 2024-03-15T10:30:00Z',
  '{{timestamp.iso_ms}}': 'when the event occurred, ISO 8601 UTC with milliseconds: 2024-03-15T10:30:00.000Z',
  '{{timestamp.unix}}': 'when the event occurred, integer seconds since the epoch (a number)',
  '{{timestamp.unix_ms}}': 'when the event occurred, integer milliseconds since the epoch (a number)',
  '{{webhook.id}}': 'the id of the webhook the delivery goes to (null when built without one)',
  '{{data}}': 'the event data, validated against the event type schema',
} as const
export type EnvelopePlaceholder = keyof typeof ENVELOPE_PLACEHOLDERS

/**
 * The body of an event as a JSON template: every value that is not a placeholder string is a
 * constant (e.g. a workspace id or `"object": "event"`), and key order is kept as written.
 * `"{{data}}"` on its own is a body that is the data itself (GitHub style).
 */
export type EnvelopeTemplate = { [key: string]: JsonValue } | '{{data}}'

export const EnvelopeTemplateSchema = Type.Unsafe<EnvelopeTemplate>({
  description:
    'JSON template of the event body. Strings that are exactly "{{event.id}}", "{{event.type}}", ' +
    '"{{timestamp.iso}}", "{{timestamp.iso_ms}}", "{{timestamp.unix}}", "{{timestamp.unix_ms}}", ' +
    '"{{webhook.id}}" or "{{data}}" are replaced by typed values; anything else is a constant. ' +
    'Must contain "{{data}}" exactly once; the string "{{data}}" alone sends the data as the body.',
  anyOf: [
    { type: 'object', minProperties: 1, additionalProperties: true },
    { type: 'string', const: '{{data}}' },
  ],
})

// ---------------------------------------------------------------------------------------------
// Provider profile

const SigningOptionsSchema = Type.Object(
  {
    headerName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    prefix: Type.Optional(Type.String({ maxLength: 100 })),
    algorithm: Type.Optional(Type.Union([Type.Literal('sha1'), Type.Literal('sha256'), Type.Literal('sha512')])),
    encoding: Type.Optional(Type.Union([Type.Literal('hex'), Type.Literal('base64')])),
    template: Type.Optional(Type.String({ maxLength: 500 })),
    timestampHeader: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    timestampFormat: Type.Optional(
      Type.Union([Type.Literal('unix'), Type.Literal('unix-ms'), Type.Literal('iso')]),
    ),
    idHeader: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    toleranceSec: Type.Optional(Type.Integer({ minimum: 0, maximum: 31_536_000 })),
    secretFormat: Type.Optional(Type.Union([Type.Literal('literal'), Type.Literal('whsec')])),
  },
  { additionalProperties: false, description: 'Options of the signing scheme (see signing-schemes.ts)' },
)

const SchemeSchema = Type.Unsafe<SigningSchemeId>({
  type: 'string',
  enum: [...SIGNING_SCHEMES],
  description: 'Signing scheme id',
})

/** A header name: an RFC 9110 token. Shared by the engine's checks, the CLI and the renderer. */
export const HEADER_NAME_PATTERN = "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"
export const HEADER_NAME_MAX = 200

const HeaderNameSchema = Type.String({ minLength: 1, maxLength: HEADER_NAME_MAX, pattern: HEADER_NAME_PATTERN })

const HeadersSchema = Type.Object(
  {
    /** Header carrying the event type, e.g. `X-Webhook-Event`. */
    eventType: Type.Optional(HeaderNameSchema),
    /** Header carrying the time of the attempt, in unix seconds or ISO 8601. */
    timestamp: Type.Optional(
      Type.Object(
        { name: HeaderNameSchema, format: Type.Union([Type.Literal('unix'), Type.Literal('iso')]) },
        { additionalProperties: false },
      ),
    ),
    /** Header carrying the id of the webhook (endpoint) the delivery goes to. */
    webhookId: Type.Optional(HeaderNameSchema),
    /**
     * Header carrying the event's delivery GUID: the event id, the same on every attempt and
     * retry (GitHub's `X-GitHub-Delivery`).
     */
    deliveryId: Type.Optional(HeaderNameSchema),
    /** `User-Agent` value; the sender's default when absent. */
    userAgent: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    /** Constant headers sent with every delivery. */
    extra: Type.Optional(Type.Record(Type.String(), Type.String({ maxLength: 2000 }))),
  },
  {
    additionalProperties: false,
    description:
      'Headers added to every delivery besides those the signing scheme emits itself ' +
      '(e.g. webhook-id/-timestamp/-signature, Stripe-Signature, X-Hub-Signature-256)',
  },
)

// Free-form JSON objects say `additionalProperties: true` so response serialisers keep every key.
const FreeObject = Type.Unsafe<{ [key: string]: unknown }>({ type: 'object', additionalProperties: true })

const HandshakeSchema = Type.Object(
  {
    /** Event type sent to a new webhook, e.g. `endpoint.verify`. Not part of the catalog. */
    eventType: Type.String({ minLength: 1, maxLength: 200 }),
    /** Status the endpoint must answer for the webhook to be created. */
    expectStatus: Type.Integer({ minimum: 100, maximum: 599 }),
    /** Prefix of the handshake event id (e.g. `evt_test_`); the profile's `idPrefix` if absent. */
    idPrefix: Type.Optional(Type.String({ maxLength: 40 })),
    /** Body of the handshake; it carries no data, so `{{data}}` is not used here. */
    envelope: FreeObject,
    /** The documented handshake body, verbatim. */
    example: Type.Optional(FreeObject),
  },
  { additionalProperties: false },
)

const PolicySchema = Type.Object(
  {
    /** The provider accepts https:// URLs only. Hookbench warns; a webhook may allow local testing. */
    httpsOnly: Type.Boolean(),
    /** The provider refuses private, loopback and link-local targets (SSRF protection). */
    blockPrivate: Type.Boolean(),
    /** Longest webhook name the provider accepts. */
    nameMaxLength: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
  },
  { additionalProperties: false },
)

const SecretRuleSchema = Type.Object(
  {
    /** Every webhook has a secret (generated when the user gives none). */
    required: Type.Boolean(),
    /** `whsec`: `whsec_` + base64 of random bytes; `any`: whatever the user types. */
    format: Type.Union([Type.Literal('whsec'), Type.Literal('any')]),
    /** The provider shows the secret once, at creation. */
    showOnce: Type.Boolean(),
  },
  { additionalProperties: false },
)

/** Fields shared by a stored profile and a user's input. */
const profileProps = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  description: Type.String({ maxLength: 4000 }),
  /** Which documentation the profile reproduces (seed file, URL). */
  docs: Type.Optional(Type.String({ maxLength: 2000 })),
  /** Facts the profile relies on, with their source, and the choices made where the docs are silent. */
  notes: Type.Optional(Type.Array(Type.String({ maxLength: 2000 }), { maxItems: 100 })),
  scheme: SchemeSchema,
  signing: SigningOptionsSchema,
  secret: SecretRuleSchema,
  envelope: EnvelopeTemplateSchema,
  headers: HeadersSchema,
  /** Prefix of generated event ids, e.g. `evt_` (empty for GitHub's GUIDs). */
  idPrefix: Type.String({ maxLength: 40, pattern: '^[A-Za-z0-9_-]*$' }),
  /** `alphanumeric` (default): prefix + random [A-Za-z0-9]; `uuid`: prefix + a v4 UUID. */
  idFormat: Type.Optional(Type.Union([Type.Literal('alphanumeric'), Type.Literal('uuid')])),
  /** Seconds to wait before each retry after a failed attempt; empty: no automatic retry. */
  retrySchedule: Type.Array(Type.Integer({ minimum: 0, maximum: 30 * 86_400 }), { maxItems: 50 }),
  /** Time allowed for one attempt (connect + response), in milliseconds. */
  timeoutMs: Type.Integer({ minimum: 100, maximum: 300_000 }),
  /** Which responses count as a success. */
  successRule: Type.Literal('2xx'),
  /** Consecutive failed deliveries after which the webhook is disabled; null: never. */
  disableAfter: Type.Union([Type.Integer({ minimum: 1, maximum: 10_000 }), Type.Null()]),
  /** Event sent when a webhook is created, which the endpoint must answer; null: none. */
  handshake: Type.Union([HandshakeSchema, Type.Null()]),
  policy: PolicySchema,
  /** Documented source IP ranges (CIDR) of the provider's deliveries. */
  sourceIpRanges: Type.Array(Type.String({ minLength: 3, maxLength: 64 }), { maxItems: 200 }),
  /** What happens when user-given data fails the event type schema. */
  dataValidation: Type.Union([Type.Literal('reject'), Type.Literal('warn')]),
}

const ProfileIdSchema = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '^[a-z0-9][a-z0-9-]*$',
  description: 'lowercase letters, digits and dashes',
})

export const ProviderProfileSchema = Type.Object(
  { id: ProfileIdSchema, builtIn: Type.Boolean(), ...profileProps },
  { $id: 'ProviderProfile', additionalProperties: false },
)
export type ProviderProfile = Static<typeof ProviderProfileSchema>

/**
 * The auto-disable rule in words, counting attempts so a rule of 1 reads right: "after a delivery
 * fails all 5 attempts", "after 3 consecutive deliveries fail all 4 of their attempts", "never".
 */
export function disableRuleText(p: Pick<ProviderProfile, 'disableAfter' | 'retrySchedule'>): string {
  const n = p.disableAfter
  if (n == null) return 'never'
  const attempts = p.retrySchedule.length + 1
  if (n === 1) return `after a delivery fails ${attempts === 1 ? 'its only attempt' : `all ${attempts} attempts`}`
  return `after ${n} consecutive deliveries fail ${attempts === 1 ? 'their only attempt' : `all ${attempts} of their attempts`}`
}

/** Body of `POST /api/profiles`: a user-defined profile (`builtIn` is always false). */
export const ProviderProfileInputSchema = Type.Object(
  { id: Type.Optional(ProfileIdSchema), ...profileProps },
  { $id: 'ProviderProfileInput', additionalProperties: false },
)
export type ProviderProfileInput = Static<typeof ProviderProfileInputSchema>

/** Body of a profile edit: any subset of the input fields. */
export const ProviderProfilePatchSchema = Type.Object(
  Object.fromEntries(Object.entries(profileProps).map(([k, v]) => [k, Type.Optional(v)])) as {
    [K in keyof typeof profileProps]: ReturnType<typeof Type.Optional<(typeof profileProps)[K]>>
  },
  { $id: 'ProviderProfilePatch', additionalProperties: false, minProperties: 1 },
)
export type ProviderProfilePatch = Static<typeof ProviderProfilePatchSchema>

/** `GET /api/profiles` core fields (DESIGN.md). */
export type ProviderProfileSummary = Pick<
  ProviderProfile,
  'id' | 'name' | 'builtIn' | 'scheme' | 'retrySchedule' | 'timeoutMs' | 'disableAfter'
>

// ---------------------------------------------------------------------------------------------
// Event types

/** A JSON Schema (2020-12) object. `x-faker` hints (a faker method) guide data generation. */
export type JsonSchema = { [key: string]: unknown } | boolean

export const EventTypeSchema = Type.Object(
  {
    /** Dot-delimited event name, e.g. `deal.stage_changed`. */
    name: Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9_][A-Za-z0-9_.:/-]*$' }),
    category: Type.String({ minLength: 1, maxLength: 100 }),
    description: Type.String({ maxLength: 2000 }),
    /** JSON Schema of the event's `data`. */
    schema: Type.Unsafe<{ [key: string]: unknown }>({ type: 'object', additionalProperties: true }),
    /** Example `data`; it validates against `schema`. */
    example: Type.Unknown(),
  },
  { $id: 'EventType', additionalProperties: false },
)
export type EventType = Static<typeof EventTypeSchema>

/** A built-in catalog file (`resources/catalogs/<profileId>.json`). */
export const CatalogFileSchema = Type.Object(
  {
    profileId: ProfileIdSchema,
    eventTypes: Type.Array(EventTypeSchema, { minItems: 1, maxItems: 1000 }),
  },
  { $id: 'CatalogFile', additionalProperties: false },
)
export type CatalogFile = Static<typeof CatalogFileSchema>

// The TypeBox schema of signing options and the shared interface must describe the same thing:
// same keys, and each side assignable to the other (a drift is a compile error here).
type SchemaSigningOptions = Static<typeof SigningOptionsSchema>
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : never) : never
type Assignable<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never
const _signingOptionsInSync: [SameKeys<SchemaSigningOptions, SigningOptions>, Assignable<SchemaSigningOptions, SigningOptions>] = [true, true]
void _signingOptionsInSync
