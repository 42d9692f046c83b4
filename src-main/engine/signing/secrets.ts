import type { ProviderProfile } from '../../../src-shared/catalog'
import { newSecret, whsecSecret } from '../../../src-shared/secret-shape'
import type { SecretFormat, SigningOptions, SigningSecret } from '../../../src-shared/signing-schemes'
import { SigningConfigError } from './errors'
import { recipeFor } from './registry'

export const WHSEC_PREFIX = 'whsec_'

/** A `whsec_` secret in the key format's shape (see src-shared/secret-shape). */
export const generateSecret = whsecSecret

/**
 * A new secret in the shape its provider hands out, for webhooks and inboxes alike (the rule is
 * shared with the UI: src-shared/secret-shape); throws SigningConfigError on a bad scheme or option.
 */
export function newSecretFor(scheme: string, options: SigningOptions | undefined, profileShape?: ProviderProfile['secret']['format']): string {
  recipeFor(scheme, options)
  return newSecret(scheme, options, profileShape)
}

/** The bytes after `whsec_` (or of the whole secret without it) when they are strict base64, else null. */
export function decodeWhsec(secret: string): Buffer | null {
  const b64 = secret.startsWith(WHSEC_PREFIX) ? secret.slice(WHSEC_PREFIX.length) : secret
  if (b64.length === 0 || b64.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return null
  return Buffer.from(b64, 'base64')
}

/** The HMAC key of a secret under a scheme's secret format; throws when it cannot be one. */
export function secretKey(secret: string, format: SecretFormat): Buffer {
  if (secret.length === 0) {
    throw new SigningConfigError('A secret is empty: give the webhook secret, or leave it out when you create a webhook or an inbox to have one generated.', '/secrets')
  }
  if (format === 'literal') return Buffer.from(secret, 'utf8')
  const key = decodeWhsec(secret)
  if (!key) {
    throw new SigningConfigError(
      `The secret "${mask(secret)}" is not whsec_ followed by base64, which this scheme needs: its HMAC key is the ` +
        'base64-decoded bytes after "whsec_". Use the secret exactly as the provider shows it, or leave it out when you create a webhook or an inbox to have one generated.',
      '/secrets',
    )
  }
  return key
}

/** How a secret is named in results: its label, else `#n` (1-based position in the list). */
export function secretLabel(secret: SigningSecret, index: number): string {
  return secret.label ?? `#${index + 1}`
}

/** A secret is live until its `expiresAt` (epoch ms); one without expiry never expires. */
export function isLive(secret: SigningSecret, now: number): boolean {
  return secret.expiresAt === undefined || secret.expiresAt > now
}

/** The values of the live secrets, newest first: what the sender signs with during an overlap. */
export function liveSecretValues(secrets: readonly SigningSecret[], now: number): string[] {
  return secrets.filter((s) => isLive(s, now)).map((s) => s.value)
}

export interface RotateOptions {
  /** Epoch ms. */
  now: number
  /** How long the previous secrets stay accepted, in ms (0: they stop at once). */
  graceMs: number
  /** The new secret; a fresh `generateSecret()` when absent. */
  next?: string
  label?: string
}

/** Expired secrets a rotation keeps, newest first: never accepted, only to say a signature used one. */
export const RETIRED_SECRETS_KEPT = 2

/**
 * Rotation: the new secret goes first with no expiry; every previous live secret stays
 * accepted until `now + graceMs` (or its own earlier expiry). Of the expired ones (a zero grace
 * expires the previous secret at once) the latest RETIRED_SECRETS_KEPT stay, so a sender still
 * signing with one is told so ("signed with a rotated secret") rather than "no known mistake".
 */
export function rotateSecrets(secrets: readonly SigningSecret[], options: RotateOptions): SigningSecret[] {
  const { now } = options
  const until = now + Math.max(0, options.graceMs)
  const next: SigningSecret = { value: options.next ?? generateSecret() }
  if (options.label !== undefined) next.label = options.label
  const previous = secrets
    .filter((s) => s.value !== next.value)
    .map((s) => (isLive(s, now) ? { ...s, expiresAt: Math.min(s.expiresAt ?? Infinity, until) } : { ...s, expiresAt: s.expiresAt! }))
  const live = previous.filter((s) => s.expiresAt > now)
  const retired = previous
    .filter((s) => s.expiresAt <= now)
    .sort((a, b) => b.expiresAt - a.expiresAt)
    .slice(0, RETIRED_SECRETS_KEPT)
  return [next, ...live, ...retired]
}

/** Shows enough of a secret to recognise it, never all of it. */
export function mask(secret: string): string {
  return `${secret.slice(0, Math.min(10, Math.floor(secret.length / 3)))}…`
}
