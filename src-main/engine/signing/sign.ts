import { randomBytes } from 'node:crypto'
import type { SigningOptions, SigningSchemeId } from '../../../src-shared/signing-schemes'
import { encodeDigest, hmac } from './bytes'
import { cachedKey, cachedRecipe } from './cache'
import { SigningConfigError } from './errors'
import { renderTemplate } from './template'
import { formatTimestamp } from './timestamps'

export interface SignInput {
  scheme: SigningSchemeId
  options?: SigningOptions
  /** Live secrets, newest first. Multi-signature schemes sign with each; the others with one (see `single`). */
  secrets: string[]
  /**
   * Which secret a one-signature scheme signs with: the newest (default), or the oldest still
   * live, as a sender does during a rotation overlap so receivers have until it ends to switch.
   */
  single?: 'newest' | 'oldest'
  /** The raw body bytes, exactly as they will be sent. */
  body: Uint8Array
  /** Message id for schemes that sign one; a random `msg_…` id when absent. */
  id?: string
  /** Unix seconds, for schemes that sign a timestamp (required by them: pass clock.now() / 1000). */
  timestamp?: number
}

export interface SignedRequest {
  /** Headers to add to the request, in order. */
  headers: [string, string][]
  /** The exact bytes that were signed. */
  signedContent: Buffer
}

/** Signs a body: the headers to send and the bytes that were signed. Throws SigningConfigError on bad input. */
export function signRequest(input: SignInput): SignedRequest {
  const recipe = cachedRecipe(input.scheme, input.options)
  if (!Array.isArray(input.secrets) || input.secrets.length === 0) {
    throw new SigningConfigError('Signing needs at least one secret: give the webhook secret (leave it out when you create a webhook or an inbox to have one generated).', '/secrets')
  }
  const secrets = recipe.multiSignature ? input.secrets : input.single === 'oldest' ? input.secrets.slice(-1) : input.secrets.slice(0, 1)
  const keys = secrets.map((s) => cachedKey(s, recipe.secretFormat))

  const values: { id?: string; timestamp?: string } = {}
  if (recipe.template.usesId) {
    const id = input.id ?? newMessageId()
    if (id === '' || /[\u0000-\u001f\u007f]/.test(id)) {
      throw new SigningConfigError(`The message id ${JSON.stringify(id)} cannot travel in a header; use printable text such as msg_2mZ….`, '/id')
    }
    values.id = id
  }
  if (recipe.timestamp) {
    const ts = input.timestamp
    if (ts === undefined) {
      throw new SigningConfigError(`The ${input.scheme} scheme signs a timestamp: pass timestamp in unix seconds, e.g. Math.floor(clock.now() / 1000).`, '/timestamp')
    }
    if (!Number.isFinite(ts) || ts < 0) {
      throw new SigningConfigError(`The timestamp must be unix seconds (a number ≥ 0); got ${ts}.`, '/timestamp')
    }
    values.timestamp = formatTimestamp(ts, recipe.timestamp.format)
  }

  const signedContent = renderTemplate(recipe.template, { ...values, body: input.body })
  const tokens = keys.map((key) => recipe.prefix + encodeDigest(hmac(recipe.algorithm, key, signedContent), recipe.encoding))
  const headers = recipe.writeHeaders(tokens, values)
  const legacy = recipe.legacy
  if (legacy && keys[0]) {
    headers.push([legacy.header, legacy.prefix + encodeDigest(hmac(legacy.algorithm, keys[0], signedContent), recipe.encoding)])
  }
  return { headers, signedContent }
}

function newMessageId(): string {
  return `msg_${randomBytes(18).toString('base64url')}`
}
