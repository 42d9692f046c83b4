/**
 * New secrets in the shape their provider hands out, for the engine (webhooks, inboxes) and the UI
 * (an inbox form's "generated secret", the loopback quick start) alike: one rule, so a secret made
 * in the UI looks like one the engine makes. Random bytes come from Web Crypto (Node and browsers).
 */
import type { SecretFormat, SigningOptions } from './signing-schemes'

/** A profile's documented secret shape (ProviderProfile `secret.format`). */
export type ProfileSecretShape = 'any' | 'whsec'

// Web Crypto and btoa, present in Node 20 and in browsers (src-shared is compiled with neither's types).
declare const crypto: { getRandomValues<T extends Uint8Array>(array: T): T }
declare function btoa(binary: string): string

const WHSEC_PREFIX = 'whsec_'

/** Schemes whose provider hands out `whsec_…` secrets: Standard Webhooks (key: the base64 after it) and Stripe (key: the whole text). */
const WHSEC_SCHEMES: ReadonlySet<string> = new Set(['standard-webhooks', 'stripe'])

/**
 * How a scheme turns a secret into key bytes (each engine recipe's `secretFormat`; a unit test
 * holds the two together): Standard Webhooks base64-decodes after `whsec_`, `custom` does as its
 * option says, the others use the text.
 */
export function schemeSecretFormat(scheme: string, options?: SigningOptions): SecretFormat {
  if (scheme === 'standard-webhooks') return 'whsec'
  if (scheme === 'custom') return options?.secretFormat ?? 'literal'
  return 'literal'
}

function randomBytes(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n))
}

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes))

/**
 * A `whsec_` secret: `whsec_` + base64 of 32 random bytes where the key is that base64; where the
 * whole string is the key (`literal`, as WorkFlows and Stripe use theirs), `whsec_` + 32 hex
 * characters, the shape such a provider shows ("whsec_xxxx…"), 128 random bits.
 */
export function whsecSecret(keyFormat: SecretFormat = 'whsec'): string {
  return WHSEC_PREFIX + (keyFormat === 'literal' ? hex(randomBytes(16)) : base64(randomBytes(32)))
}

/**
 * A new secret for a scheme: the profile's documented shape when there is a profile (WorkFlows
 * shows `whsec_` + 32 hex, Workestra and TaskHub take any string), else the scheme's own
 * convention. A scheme keyed by the base64 after `whsec_` takes nothing else, whatever a profile
 * says. "Any string" is 48 random hex characters.
 */
export function newSecret(scheme: string, options?: SigningOptions, profileShape?: ProfileSecretShape): string {
  const keyFormat = schemeSecretFormat(scheme, options)
  const whsec = keyFormat === 'whsec' || (profileShape ?? (WHSEC_SCHEMES.has(scheme) ? 'whsec' : 'any')) === 'whsec'
  return whsec ? whsecSecret(keyFormat) : hex(randomBytes(24))
}
