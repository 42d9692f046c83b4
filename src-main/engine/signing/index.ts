/**
 * Webhook signatures, both sides: the sender signs raw body bytes, the receiver verifies them
 * and, on a mismatch, explains which common mistake reproduces the received signature.
 * One module per scheme family (standard-webhooks, stripe, slack, hmac-generic for the
 * one-header schemes), all driven by the generic sign/verify/diagnose code through a Recipe.
 * Time is always a parameter; comparisons are constant-time; bytes are never re-serialized.
 */
import type { SchemeDescription, SigningOptions, SigningSecret } from '../../../src-shared/signing-schemes'
import { recipeFor } from './registry'
import { secretKey } from './secrets'

export { signRequest, type SignInput, type SignedRequest } from './sign'
export { verifySignature, diagnoseSignature, type VerifyInput } from './verify'
export { generateSecret, newSecretFor, rotateSecrets, liveSecretValues, isLive, type RotateOptions } from './secrets'
export { SigningConfigError } from './errors'
export { isSchemeId } from './registry'
export type { HeaderList } from './bytes'

/** Checks a scheme, its options and its secrets up front; throws SigningConfigError with a fix-it message. */
export function validateSigningConfig(input: { scheme: string; options?: SigningOptions; secrets?: readonly (string | SigningSecret)[] }): void {
  const recipe = recipeFor(input.scheme, input.options)
  for (const secret of input.secrets ?? []) secretKey(typeof secret === 'string' ? secret : secret.value, recipe.secretFormat)
}

/** A scheme with its options applied (defaults filled in), for the UI and the API. */
export function describeScheme(scheme: string, options?: SigningOptions): SchemeDescription {
  const r = recipeFor(scheme, options)
  const out: SchemeDescription = {
    scheme: r.scheme,
    signatureHeader: r.signatureHeader,
    prefix: r.prefix,
    algorithm: r.algorithm,
    encoding: r.encoding,
    secretFormat: r.secretFormat,
    template: r.template.source,
    multiSignature: r.multiSignature,
  }
  if (r.idHeader) out.idHeader = r.idHeader
  if (r.timestamp) {
    out.timestampHeader = r.timestamp.header
    out.timestampFormat = r.timestamp.format
    out.toleranceSec = r.timestamp.toleranceSec
  }
  if (r.legacy) out.legacyHeader = r.legacy.header
  return out
}
