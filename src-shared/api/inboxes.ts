/**
 * Inboxes: local URLs on the ingest plane (`<ingest>/<slug>/...`) that capture any request,
 * verify its signature, answer with scripted responses, forward it and explain it.
 *
 * Routes (control plane, bearer token):
 * - `POST   /api/inboxes`                      InboxInput          → 201 Inbox (core: { id, slug, url })
 * - `GET    /api/inboxes`                      → InboxList { items: Inbox[], nextCursor: null }
 * - `GET    /api/inboxes/:id`                  → Inbox
 * - `PATCH  /api/inboxes/:id`                  InboxPatch          → Inbox (verification change ⇒ re-analysis)
 * - `DELETE /api/inboxes/:id`                  → 204 (its requests go too)
 * - `POST   /api/inboxes/:id/rotate-secret`    RotateInboxSecretInput → Inbox
 * - `POST   /api/inboxes/:id/reanalyze`        → ReanalyzeResult (re-run analysis of every stored request)
 * - `GET    /api/inboxes/:id/requests`         RequestListQuery    → RequestList (see requests.ts)
 * - `DELETE /api/inboxes/:id/requests`         → ClearInboxResult ("clear inbox")
 *
 * Live topics (`/api/live`, `{ type: 'event', topic, data }`): see `INBOX_TOPICS`.
 * Times are ISO 8601 UTC strings; ids are strings; errors are `{ error, message, field? }`.
 */
import { Type, type Static } from 'typebox'
import {
  SIGNING_SCHEMES,
  VERDICTS,
  type SchemeDescription,
  type SigningOptions,
  type SigningSchemeId,
  type Verdict,
} from '../signing-schemes'

// ---------------------------------------------------------------------------------------------
// Building blocks

/** Inbox slugs: what follows the ingest origin, `<ingest>/<slug>`. */
export const SLUG_PATTERN = '^[a-z0-9][a-z0-9_-]{0,62}$'
export const SLUG_RULE = '1 to 63 characters: lowercase letters, digits, "-" and "_", starting with a letter or a digit'

/** Default and largest per-inbox body size (the ingest plane's own ceiling is 64 MiB). */
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024
export const MAX_MAX_BODY_BYTES = 64 * 1024 * 1024
/** Default number of requests an inbox keeps (the newest). */
export const DEFAULT_RETENTION = 10_000
export const MAX_RETENTION = 1_000_000
/** Default time allowed for one forward (connect + full response). */
export const DEFAULT_FORWARD_TIMEOUT_MS = 10_000
export const MAX_FORWARD_TARGETS = 10

export const VerdictSchema = Type.Unsafe<Verdict>({ type: 'string', enum: [...VERDICTS], description: 'Signature verdict' })
export const SchemeIdSchema = Type.Unsafe<SigningSchemeId>({ type: 'string', enum: [...SIGNING_SCHEMES], description: 'Signing scheme id' })

/** `[name, value]` pairs in received order, duplicates kept. */
export const HeaderPairsSchema = Type.Array(Type.Tuple([Type.String(), Type.String()]), {
  description: 'Headers as [name, value] pairs, in order, duplicates kept',
})
export type HeaderPairs = Static<typeof HeaderPairsSchema>

export const SigningOptionsInputSchema = Type.Object(
  {
    headerName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    prefix: Type.Optional(Type.String({ maxLength: 100 })),
    algorithm: Type.Optional(Type.Union([Type.Literal('sha1'), Type.Literal('sha256'), Type.Literal('sha512')])),
    encoding: Type.Optional(Type.Union([Type.Literal('hex'), Type.Literal('base64')])),
    template: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    timestampHeader: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    timestampFormat: Type.Optional(Type.Union([Type.Literal('unix'), Type.Literal('unix-ms'), Type.Literal('iso')])),
    idHeader: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    toleranceSec: Type.Optional(Type.Integer({ minimum: 0, maximum: 31_536_000 })),
    secretFormat: Type.Optional(Type.Union([Type.Literal('literal'), Type.Literal('whsec')])),
  },
  { additionalProperties: false, description: 'Options of the signing scheme; see SCHEME_OPTIONS for which a scheme reads' },
)

/** A secret as given: the bare string, or with a label and an expiry (rotation overlap). */
export const SecretInputSchema = Type.Union([
  Type.String({ minLength: 1, maxLength: 1000 }),
  Type.Object(
    {
      value: Type.String({ minLength: 1, maxLength: 1000 }),
      label: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
      /** After this instant the secret only feeds diagnosis ("signed with an expired secret"). */
      expiresAt: Type.Optional(Type.String({ format: 'date-time' })),
    },
    { additionalProperties: false },
  ),
])
export type SecretInput = Static<typeof SecretInputSchema>

/** Secrets an inbox keeps at most (the newest is tried first). */
export const MAX_INBOX_SECRETS = 20

/**
 * How an inbox verifies signatures: as a provider profile (`profileId`, e.g. `stripe`,
 * `workestra`; its scheme and signing options) or a bare `scheme`; give one of the two.
 * `options` override the profile's signing options. Secrets are tried newest first; without
 * `secrets`, an edit keeps the inbox's secrets and a new verification gets one generated,
 * labelled "generated", in the shape a webhook of that profile gets (WorkFlows `whsec_` + 32 hex,
 * Standard Webhooks `whsec_` + base64, Workestra 48 hex…; a bare scheme: Stripe and Standard
 * Webhooks `whsec_…`, the others 48 hex); `secrets: []` keeps none (verdict `no_secret`).
 */
export const VerificationInputSchema = Type.Object(
  {
    profileId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    scheme: Type.Optional(SchemeIdSchema),
    secrets: Type.Optional(Type.Array(SecretInputSchema, { maxItems: MAX_INBOX_SECRETS })),
    options: Type.Optional(SigningOptionsInputSchema),
  },
  { additionalProperties: false },
)
export type VerificationInput = Static<typeof VerificationInputSchema>

/** The body an inbox answers unless told otherwise (the form starts from it too). */
export const DEFAULT_RESPONSE_BODY = '{"ok":true,"requestId":"{{request.id}}"}'

/**
 * The body of a sequence step with an error status (400 and up) and no body of its own, while the
 * inbox's body is the default one: a scripted failure does not answer "ok": true.
 */
export const defaultErrorBody = (status: number): string => `{"ok":false,"status":${status},"requestId":"{{request.id}}"}`

/**
 * One step of a response sequence; unset fields fall back to the inbox's base response, except
 * an error step's body while the base body is the default one (see `defaultErrorBody`).
 */
export const ResponseStepSchema = Type.Object(
  {
    status: Type.Integer({ minimum: 200, maximum: 599 }),
    headers: Type.Optional(Type.Record(Type.String({ minLength: 1, maxLength: 200 }), Type.String({ maxLength: 8000 }))),
    body: Type.Optional(Type.String({ maxLength: 1_048_576 })),
    delayMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 600_000 })),
    /** Never answer this request (the sender times out). */
    hang: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)
export type ResponseStep = Static<typeof ResponseStepSchema>

/**
 * What an inbox answers. Header values and `body` are templates: `{{method}}`, `{{path}}`
 * (below the slug), `{{query.name}}`, `{{header.x-request-id}}`, `{{body.id}}` /
 * `{{body.data.object.id}}` (JSON body paths), `{{event.id}}`, `{{event.type}}`,
 * `{{request.id}}` (the captured request's id), `{{now}}` (ISO time). Unknown paths render ''.
 * A body that begins with `{` or `[` stays valid JSON: a placeholder inside a string literal is
 * escaped (`"{{body.name}}"`), one outside is written as a JSON value (`{{body.data}}`, `null`
 * when missing). In a header, a value beyond ASCII is percent-encoded as UTF-8; `{{header.X}}`
 * echoes the request's header byte for byte.
 *
 * Order of precedence for one request: `fromForward` > `hang` > `sequence` step > `failureRate`
 * draw > base; a setting that would never apply under that order is refused (ignoredResponseSetting).
 * `sequence`: request n (0-based, counted since the rules were last set) gets `steps[n]`;
 * once the steps are used up, the base response (or, with `repeat`, the steps again:
 * `[500, 500, 200]` repeating). "Fail the first 3, then succeed" is three 500 steps, no repeat.
 * `failureRate`: that share of requests gets `failureStatus`; with `seed` the draws are
 * deterministic (request n's draw depends on seed and n only).
 * `fromForward`: answer with the first forward target's response (status, headers, body);
 * 502 when it cannot be reached. Captures are still committed first.
 */
export const ResponseRulesSchema = Type.Object(
  {
    status: Type.Integer({ minimum: 200, maximum: 599 }),
    headers: Type.Optional(Type.Record(Type.String({ minLength: 1, maxLength: 200 }), Type.String({ maxLength: 8000 }))),
    body: Type.Optional(Type.String({ maxLength: 1_048_576 })),
    delayMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 600_000 })),
    sequence: Type.Optional(
      Type.Object(
        {
          steps: Type.Array(ResponseStepSchema, { minItems: 1, maxItems: 1000 }),
          repeat: Type.Optional(Type.Boolean({ default: false })),
        },
        { additionalProperties: false },
      ),
    ),
    failureRate: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    failureStatus: Type.Optional(Type.Integer({ minimum: 200, maximum: 599 })),
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 4_294_967_295 })),
    hang: Type.Optional(Type.Boolean()),
    fromForward: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)
export type ResponseRules = Static<typeof ResponseRulesSchema>

/**
 * A setting of `rules` that could never take effect, because another one always comes first:
 * `fromForward` answers every request with the target's response, `hang` answers none, and a
 * repeating `sequence` answers every request from its steps (no failure draw is left). The
 * pointer names the setting that would be ignored; null when every setting can apply.
 */
export function ignoredResponseSetting(rules: ResponseRules): { field: string; message: string } | null {
  const failure = (rules.failureRate ?? 0) > 0
  const first = rules.fromForward
    ? { name: 'fromForward', why: "every request is answered with the first forward target's response" }
    : rules.hang
      ? { name: 'hang', why: 'no request is answered at all' }
      : null
  if (first) {
    const ignored = rules.fromForward && rules.hang ? 'hang' : rules.sequence ? 'sequence' : failure ? 'failureRate' : null
    if (!ignored) return null
    const fix = ignored === 'hang' ? 'Turn one of the two off' : `${ignored === 'sequence' ? 'Remove the sequence' : 'Set failureRate to 0'}, or turn ${first.name} off`
    return { field: `/response/${ignored}`, message: `response.${ignored} would never be used while response.${first.name} is on: ${first.why}. ${fix}.` }
  }
  if (rules.sequence?.repeat && failure) {
    return {
      field: '/response/failureRate',
      message: 'response.failureRate would never be used with a repeating response.sequence: its steps answer every request. Set failureRate to 0, or turn repeat off so the draws start once the steps are used up.',
    }
  }
  return null
}

/** CIDR list (IPv4 and IPv6; IPv4-mapped IPv6 sources match IPv4 ranges). */
export const AllowlistSchema = Type.Object(
  {
    cidrs: Type.Array(Type.String({ minLength: 2, maxLength: 64 }), { maxItems: 500 }),
    /** Answer 403 to a source outside the list (the request is still captured and marked). */
    enforce: Type.Boolean(),
  },
  { additionalProperties: false },
)
export type Allowlist = Static<typeof AllowlistSchema>

export const LimitsInputSchema = Type.Object(
  {
    /** Larger bodies get 413 JSON and nothing is stored. Default 10 MiB. */
    maxBodyBytes: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_MAX_BODY_BYTES })),
    /** Keep the newest N requests; older ones are pruned in the background. Default 10 000. */
    retention: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_RETENTION })),
  },
  { additionalProperties: false },
)

const ForwardToSchema = Type.Array(Type.String({ minLength: 1, maxLength: 2000 }), {
  maxItems: MAX_FORWARD_TARGETS,
  description: 'http(s) URLs; each captured request goes to each, with its path suffix and query appended',
})

const inboxInputProps = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  slug: Type.Optional(Type.String({ minLength: 1, maxLength: 63, description: `URL-safe: ${SLUG_RULE}` })),
  verification: Type.Optional(Type.Union([VerificationInputSchema, Type.Null()])),
  response: Type.Optional(ResponseRulesSchema),
  forwardTo: Type.Optional(ForwardToSchema),
  forwardTimeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 300_000 })),
  allowlist: Type.Optional(Type.Union([AllowlistSchema, Type.Null()])),
  limits: Type.Optional(LimitsInputSchema),
}

/** Body of `POST /api/inboxes`. */
export const InboxInputSchema = Type.Object(inboxInputProps, { $id: 'InboxInput', additionalProperties: false })
export type InboxInput = Static<typeof InboxInputSchema>

/** Body of `PATCH /api/inboxes/:id`: any subset; `null` removes verification / allowlist. */
export const InboxPatchSchema = Type.Object(
  { ...inboxInputProps, name: Type.Optional(inboxInputProps.name) },
  { $id: 'InboxPatch', additionalProperties: false, minProperties: 1 },
)
export type InboxPatch = Static<typeof InboxPatchSchema>

/** Body of `POST /api/inboxes/:id/rotate-secret`. */
export const RotateInboxSecretInputSchema = Type.Object(
  {
    /** The new secret; generated in the shape of the inbox's profile or scheme when absent. */
    secret: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
    label: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    /** How long the previous secrets stay accepted. Default 86 400 (24 h); 0 drops them now. */
    graceSec: Type.Optional(Type.Integer({ minimum: 0, maximum: 30 * 86_400 })),
  },
  { $id: 'RotateInboxSecretInput', additionalProperties: false },
)
export type RotateInboxSecretInput = Static<typeof RotateInboxSecretInputSchema>

// ---------------------------------------------------------------------------------------------
// Answers

export const SecretViewSchema = Type.Object({
  value: Type.String(),
  label: Type.Union([Type.String(), Type.Null()]),
  expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  /** False once `expiresAt` has passed (kept for diagnosis only). */
  live: Type.Boolean(),
})
export type SecretView = Static<typeof SecretViewSchema>

/** A scheme with its options applied (signing module's `describeScheme`). */
export const SchemeDescriptionSchema = Type.Unsafe<SchemeDescription>({ type: 'object', additionalProperties: true })

export const InboxVerificationSchema = Type.Object({
  /** The profile whose signing the inbox reproduces, or null for a bare scheme. */
  profileId: Type.Union([Type.String(), Type.Null()]),
  scheme: SchemeIdSchema,
  /** The effective options (profile's signing options merged with the inbox's overrides). */
  options: Type.Unsafe<SigningOptions>({ type: 'object', additionalProperties: true }),
  /** The inbox's own overrides, as given. */
  overrides: Type.Unsafe<SigningOptions>({ type: 'object', additionalProperties: true }),
  secrets: Type.Array(SecretViewSchema),
  description: SchemeDescriptionSchema,
})
export type InboxVerification = Static<typeof InboxVerificationSchema>

/** The effective response rules (defaults filled in). */
export const InboxResponseSchema = Type.Object({
  status: Type.Integer(),
  headers: Type.Record(Type.String(), Type.String()),
  body: Type.String(),
  delayMs: Type.Integer(),
  sequence: Type.Union([
    Type.Object({
      steps: Type.Array(
        Type.Object({
          status: Type.Integer(),
          headers: Type.Optional(Type.Record(Type.String(), Type.String())),
          body: Type.Optional(Type.String()),
          delayMs: Type.Optional(Type.Integer()),
          hang: Type.Optional(Type.Boolean()),
        }),
      ),
      repeat: Type.Boolean(),
    }),
    Type.Null(),
  ]),
  failureRate: Type.Number(),
  failureStatus: Type.Integer(),
  seed: Type.Union([Type.Integer(), Type.Null()]),
  hang: Type.Boolean(),
  fromForward: Type.Boolean(),
  /** Requests answered since the rules were last set (drives `sequence` and seeded draws). */
  counter: Type.Integer(),
})
export type InboxResponse = Static<typeof InboxResponseSchema>

export const InboxStatsSchema = Type.Object({
  requestCount: Type.Integer(),
  lastRequest: Type.Union([
    Type.Object({
      id: Type.String(),
      method: Type.String(),
      path: Type.String(),
      receivedAt: Type.String({ format: 'date-time' }),
      verdict: VerdictSchema,
      responseStatus: Type.Union([Type.Integer(), Type.Null()]),
    }),
    Type.Null(),
  ]),
})
export type InboxStats = Static<typeof InboxStatsSchema>

export const InboxSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    slug: Type.String(),
    /** `<ingest>/<slug>`, on the address the ingest plane reports (loopback unless bound elsewhere). */
    url: Type.String(),
    /** Every URL a sender can use: loopback, plus the LAN addresses when the ingest plane binds them. */
    urls: Type.Array(Type.Object({ url: Type.String(), kind: Type.Union([Type.Literal('loopback'), Type.Literal('lan')]) })),
    verification: Type.Union([InboxVerificationSchema, Type.Null()]),
    response: InboxResponseSchema,
    forwardTo: Type.Array(Type.String()),
    forwardTimeoutMs: Type.Integer(),
    allowlist: Type.Union([AllowlistSchema, Type.Null()]),
    limits: Type.Object({ maxBodyBytes: Type.Integer(), retention: Type.Integer() }),
    stats: InboxStatsSchema,
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
)
export type Inbox = Static<typeof InboxSchema>

export const InboxListSchema = Type.Object({
  items: Type.Array(InboxSchema),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
})
export type InboxList = Static<typeof InboxListSchema>

export const InboxIdParamsSchema = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false })

export const ClearInboxResultSchema = Type.Object({ deleted: Type.Integer() })
export type ClearInboxResult = Static<typeof ClearInboxResultSchema>

export const ReanalyzeResultSchema = Type.Object({
  /** Requests that will be re-analysed, in batches, in the background (`inbox.reanalyzed` reports progress). */
  queued: Type.Integer(),
})
export type ReanalyzeResult = Static<typeof ReanalyzeResultSchema>

// ---------------------------------------------------------------------------------------------
// Live events

export const INBOX_TOPICS = {
  /** data: Inbox */
  created: 'inbox.created',
  /** data: Inbox */
  updated: 'inbox.updated',
  /** data: { id } */
  deleted: 'inbox.deleted',
  /** data: InboxReanalyzedEvent; one per batch, the last with `finished: true` */
  reanalyzed: 'inbox.reanalyzed',
} as const

export interface InboxDeletedEvent {
  id: string
}

export interface InboxReanalyzedEvent {
  inboxId: string
  done: number
  total: number
  finished: boolean
}
