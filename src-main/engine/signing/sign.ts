import { randomBytes } from 'node:crypto'
import type { SecretFormat, SigningOptions, SigningSchemeId } from '../../../src-shared/signing-schemes'
import { encodeDigest, hmac } from './bytes'
import { SigningConfigError } from './errors'
import type { Recipe } from './recipe'
import { recipeFor } from './registry'
import { secretKey } from './secrets'
import { renderTemplate } from './template'
import { formatTimestamp } from './timestamps'

export interface SignInput {
  scheme: SigningSchemeId
  options?: SigningOptions
  /** Live secrets, newest first. Multi-signature schemes sign with each; the others with the first. */
  secrets: string[]
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
    throw new SigningConfigError('Signing needs at least one secret; give the webhook secret, or generate one with generateSecret().', '/secrets')
  }
  const secrets = recipe.multiSignature ? input.secrets : input.secrets.slice(0, 1)
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

/*
 * The dispatcher signs every attempt with the same few schemes, options and secrets, so the
 * recipe (its template parsed, its options checked) and each secret's decoded key are kept
 * rather than rebuilt per call. Keys are the option values (JSON) and the secret text, not
 * object identity, so a changed profile or a rotated secret never meets a stale entry; both
 * maps are small and emptied when they fill. Errors are never cached: bad input throws each time.
 */
const CACHE_LIMIT = 256
const recipes = new Map<string, Recipe>()
const keyCache = new Map<string, Buffer>()

function cachedRecipe(scheme: SigningSchemeId, options: SigningOptions | undefined): Recipe {
  const id = options === undefined ? scheme : `${scheme}\u0000${JSON.stringify(options)}`
  let recipe = recipes.get(id)
  if (!recipe) {
    recipe = recipeFor(scheme, options)
    if (recipes.size >= CACHE_LIMIT) recipes.clear()
    recipes.set(id, recipe)
  }
  return recipe
}

function cachedKey(secret: string, format: SecretFormat): Buffer {
  const id = `${format}\u0000${secret}`
  let key = keyCache.get(id)
  if (!key) {
    key = secretKey(secret, format)
    if (keyCache.size >= CACHE_LIMIT) keyCache.clear()
    keyCache.set(id, key)
  }
  return key
}

function newMessageId(): string {
  return `msg_${randomBytes(18).toString('base64url')}`
}
