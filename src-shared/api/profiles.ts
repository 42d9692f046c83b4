/**
 * `/api/profiles`: provider profiles, the built-in presets (read-only, clonable) and the
 * user's own. A profile is the whole webhook style of one provider: envelope, signing,
 * headers, retries, timeout, auto-disable rule, handshake and URL policy (see catalog.ts).
 *
 * GET    /api/profiles                 → { items: Profile[], nextCursor: null }
 * GET    /api/profiles/:id             → Profile
 * POST   /api/profiles                 ProviderProfileInput → 201 Profile
 * POST   /api/profiles/:id/clone       CloneProfileInput → 201 Profile (copies its event types)
 * PATCH  /api/profiles/:id             ProviderProfilePatch → Profile (409 on a built-in)
 * DELETE /api/profiles/:id             → 204 (409 on a built-in or while webhooks use it)
 */
import { Type, type Static } from 'typebox'
import { ProviderProfileSchema, type EnvelopeTemplate } from '../catalog'
import { SIGNING_SCHEMES } from '../signing-schemes'
import { ListOf, NullableIsoTimeSchema, TokenQueryProps } from './sender-common'

export {
  ProviderProfileInputSchema,
  ProviderProfilePatchSchema,
  type ProviderProfileInput,
  type ProviderProfilePatch,
} from '../catalog'

/** How the profile's scheme signs, with its options applied (what a receiver must check). */
export const SchemeDescriptionSchema = Type.Object({
  scheme: Type.Unsafe<(typeof SIGNING_SCHEMES)[number]>({ type: 'string', enum: [...SIGNING_SCHEMES] }),
  signatureHeader: Type.String(),
  prefix: Type.String(),
  algorithm: Type.Union([Type.Literal('sha1'), Type.Literal('sha256'), Type.Literal('sha512')]),
  encoding: Type.Union([Type.Literal('hex'), Type.Literal('base64')]),
  secretFormat: Type.Union([Type.Literal('literal'), Type.Literal('whsec')]),
  template: Type.String({ description: 'Signed content, e.g. {id}.{timestamp}.{body}' }),
  idHeader: Type.Optional(Type.String()),
  timestampHeader: Type.Optional(Type.String()),
  timestampFormat: Type.Optional(Type.Union([Type.Literal('unix'), Type.Literal('unix-ms'), Type.Literal('iso')])),
  toleranceSec: Type.Optional(Type.Number()),
  multiSignature: Type.Boolean({ description: 'One signature per live secret during a rotation overlap' }),
  legacyHeader: Type.Optional(Type.String()),
})
export type SchemeDescription = Static<typeof SchemeDescriptionSchema>

/**
 * A profile as the API answers it. Core fields (DESIGN.md): id, name, builtIn, scheme,
 * retrySchedule (seconds), timeoutMs, disableAfter. The rest is the full profile plus counts.
 */
export const ProfileSchema = Type.Object({
  ...ProviderProfileSchema.properties,
  // Open objects: a response schema without `additionalProperties` would drop their keys.
  envelope: Type.Unsafe<EnvelopeTemplate>({ anyOf: [{ type: 'object', additionalProperties: true }, { type: 'string' }] }),
  /** The signature as sent, for the UI's signing panel. */
  signature: SchemeDescriptionSchema,
  eventTypeCount: Type.Integer({ minimum: 0 }),
  webhookCount: Type.Integer({ minimum: 0 }),
  /** The profile this one was cloned from (user profiles), else null. */
  clonedFrom: Type.Union([Type.String(), Type.Null()]),
  /** null for built-in presets. */
  createdAt: NullableIsoTimeSchema,
  updatedAt: NullableIsoTimeSchema,
})
export type Profile = Static<typeof ProfileSchema>

export const ProfileListSchema = ListOf(ProfileSchema)
export type ProfileList = Static<typeof ProfileListSchema>

export const ProfileListQuerySchema = Type.Object(
  { builtIn: Type.Optional(Type.Boolean({ description: 'Only presets (true) or only user profiles (false)' })), ...TokenQueryProps },
  { additionalProperties: false },
)
export type ProfileListQuery = Static<typeof ProfileListQuerySchema>

/** Body of `POST /api/profiles/:id/clone`. The id defaults to `<source>-copy` (made unique). */
export const CloneProfileInputSchema = Type.Object(
  {
    id: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9][a-z0-9-]*$' })),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
)
export type CloneProfileInput = Static<typeof CloneProfileInputSchema>
