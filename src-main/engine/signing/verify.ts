import type {
  Diagnosis,
  SigningOptions,
  SigningSchemeId,
  SigningSecret,
  VerificationDetails,
  VerificationResult,
} from '../../../src-shared/signing-schemes'
import { encodeDigest, hmac, safeEqual, sampleOf, type HeaderList } from './bytes'
import { explainMismatch, repeatedHeaderDiagnosis, timestampUnitDiagnosis, type KeyedSecret, type MismatchState } from './diagnose'
import { timestampPhrase, type ReadOk, type Recipe } from './recipe'
import { cachedKey, cachedRecipe } from './cache'
import { isLive, secretLabel } from './secrets'
import { renderTemplate } from './template'
import { formatDuration, parseTimestamp } from './timestamps'

export interface VerifyInput {
  scheme: SigningSchemeId
  options?: SigningOptions
  /** The secrets the receiver holds, newest first; expired ones only feed diagnosis. */
  secrets: SigningSecret[]
  /** The raw body bytes, exactly as received. */
  body: Uint8Array
  /** Headers as received: any case, duplicates allowed. */
  headers: HeaderList
  /** Epoch milliseconds of the check (the clock's now). */
  now: number
  /**
   * Explain a mismatch (default true). The explanation re-hashes the body a dozen ways, far
   * more than the verdict costs; bulk callers skip it and ask diagnoseSignature later.
   */
  diagnose?: boolean
}

/** Verifies a request's signature and, when it does not match, says why. Throws SigningConfigError on a bad configuration. */
export function verifySignature(input: VerifyInput): VerificationResult {
  const base = cachedRecipe(input.scheme, input.options)
  // A live secret that cannot be a key is a configuration error, whatever the request holds.
  for (const secret of input.secrets) if (isLive(secret, input.now)) cachedKey(secret.value, base.secretFormat)
  const read = base.readHeaders(input.headers)
  const recipe = read.ok && read.recipe ? read.recipe : base
  const details: VerificationDetails = {
    scheme: input.scheme,
    signatureHeader: recipe.signatureHeader,
    template: recipe.template.source,
  }
  if (read.tokens) details.received = read.tokens

  if (input.secrets.length === 0) {
    return {
      verdict: 'no_secret',
      reason: 'No secret is configured, so the signature cannot be checked; add the signing secret to verify requests.',
      details,
    }
  }
  if (!read.ok) return { verdict: read.verdict, reason: read.reason, details }

  const state = prepare(recipe, read, input)
  fillDetails(details, state, input.now)

  const matched = findMatch(state)
  const timing = staleness(recipe, read.timestampText, input.now)
  const legacyNote = recipe !== base ? ` (the legacy ${recipe.signatureHeader}, HMAC-${recipe.algorithm.toUpperCase()}; ${base.signatureHeader} is absent)` : ''

  if (matched) {
    const who = describeSecret(matched, state)
    if (timing) {
      const result: VerificationResult = {
        verdict: 'stale_timestamp',
        reason: `The signature matches ${who}${legacyNote}, but ${timing.sentence}`,
        matchedSecret: matched.label,
        details,
      }
      const warning = timestampUnitDiagnosis(recipe, read.timestampText ?? '', input.now) ?? repeatedHeaderDiagnosis(recipe, input.headers)
      if (warning) result.diagnosis = warning
      return result
    }
    const result: VerificationResult = { verdict: 'valid', reason: `The signature${legacyNote} matches ${who}.`, matchedSecret: matched.label, details }
    // The verdict stays valid (a line carries the right signature), but the handler may not see it that way.
    const repeated = repeatedHeaderDiagnosis(recipe, input.headers)
    if (repeated) result.diagnosis = repeated
    return result
  }

  const live = state.secrets.filter((s) => !s.expired).length
  const count = state.tokens.length === 1 ? 'The signature' : `None of the ${state.tokens.length} signatures`
  const against =
    live === 0 ? 'any live secret: every configured secret has expired' : live === 1 ? 'the secret' : `any of the ${live} live secrets`
  const stale = timing ? ` Besides, ${timing.sentence}` : ''
  const result: VerificationResult = {
    verdict: 'invalid',
    reason: `${count} in ${recipe.signatureHeader}${legacyNote} ${state.tokens.length === 1 ? 'does' : 'do'} not match ${against}.${stale}`,
    details,
  }
  if (input.diagnose !== false) result.diagnosis = explainMismatch(state)
  return result
}

/** Explains why a request's signature does not match (or warns about one that matches); null when there is nothing to say. */
export function diagnoseSignature(input: VerifyInput): Diagnosis | null {
  const base = cachedRecipe(input.scheme, input.options)
  const read = base.readHeaders(input.headers)
  if (!read.ok || input.secrets.length === 0) return null
  const state = prepare(read.recipe ?? base, read, input)
  if (findMatch(state)) {
    const unit = staleness(state.recipe, read.timestampText, input.now)
      ? timestampUnitDiagnosis(state.recipe, read.timestampText ?? '', input.now)
      : undefined
    return unit ?? repeatedHeaderDiagnosis(state.recipe, input.headers) ?? null
  }
  return explainMismatch(state)
}

function prepare(recipe: Recipe, read: ReadOk, input: VerifyInput): MismatchState {
  const body = Buffer.from(input.body.buffer, input.body.byteOffset, input.body.byteLength)
  const secrets: KeyedSecret[] = input.secrets.map((secret, index) => {
    const expired = !isLive(secret, input.now)
    let key: Buffer | null
    try {
      key = cachedKey(secret.value, recipe.secretFormat)
    } catch (err) {
      // A live secret that cannot be a key is a configuration error; an expired one only loses diagnosis.
      if (!expired) throw err
      key = null
    }
    const keyed: KeyedSecret = { value: secret.value, label: secretLabel(secret, index), key, expired }
    if (secret.expiresAt !== undefined) keyed.expiresAt = secret.expiresAt
    return keyed
  })
  const content = renderTemplate(recipe.template, { id: read.id, timestamp: read.timestampText, body })
  const expected: string[] = []
  for (const s of secrets) {
    if (s.expired || !s.key) continue
    s.expected = recipe.prefix + encodeDigest(hmac(recipe.algorithm, s.key, content), recipe.encoding)
    expected.push(s.expected)
  }
  const state: MismatchState = { recipe, body, headers: input.headers, tokens: read.tokens, content, secrets, expected, now: input.now }
  if (read.id !== undefined) state.id = read.id
  if (read.timestampText !== undefined) state.timestampText = read.timestampText
  return state
}

/**
 * The first live secret whose digest equals a received signature, compared in constant time.
 * A token matches only in the digest's canonical text (what official verifiers compare), so
 * comparing the text with the expected token is the same as decoding it strictly.
 */
function findMatch(state: MismatchState): KeyedSecret | undefined {
  const { recipe } = state
  const received = state.tokens.filter((t) => t.startsWith(recipe.prefix)).map((t) => Buffer.from(t, 'utf8'))
  for (const secret of state.secrets) {
    if (secret.expected === undefined) continue
    const expected = Buffer.from(secret.expected, 'utf8')
    let hit = false
    for (const candidate of received) hit = safeEqual(candidate, expected) || hit
    if (hit) return secret
  }
  return undefined
}

function fillDetails(details: VerificationDetails, state: MismatchState, now: number): void {
  const sample = sampleOf(state.content)
  details.signedContent = sample.text
  details.signedContentEncoding = sample.encoding
  details.signedContentBytes = sample.bytes
  if (sample.truncated) details.signedContentTruncated = true
  details.expected = state.expected
  details.expectedSecrets = state.secrets.filter((s) => !s.expired && s.key).map((s) => s.label)
  details.received = state.tokens
  if (state.id !== undefined) details.id = state.id
  const ts = state.recipe.timestamp
  if (ts && state.timestampText !== undefined) {
    details.timestampText = state.timestampText
    const seconds = parseTimestamp(state.timestampText, ts.format)
    if (seconds !== null) {
      details.timestamp = seconds
      details.ageSec = Math.round((now / 1000 - seconds) * 1000) / 1000
    }
    details.toleranceSec = ts.toleranceSec
  }
}

/** A sentence when the signed timestamp is outside the tolerance, else undefined. */
function staleness(recipe: Recipe, text: string | undefined, now: number): { sentence: string } | undefined {
  const ts = recipe.timestamp
  if (!ts || ts.toleranceSec === 0 || text === undefined) return undefined
  const seconds = parseTimestamp(text, ts.format)
  if (seconds === null) return undefined
  const age = now / 1000 - seconds
  if (Math.abs(age) <= ts.toleranceSec) return undefined
  const phrase = timestampPhrase(recipe, text)
  const tolerance = `the ${formatDuration(ts.toleranceSec)} tolerance`
  // In the wrong unit, it is thousands of years off: the unit is the news, not the duration
  // (the timestamp_ms / timestamp_seconds diagnosis gives the details).
  const unit = timestampUnitDiagnosis(recipe, text, now)?.code
  if (unit) {
    const looks = unit === 'timestamp_ms' ? 'milliseconds where this scheme expects unix seconds' : 'seconds where this scheme expects unix milliseconds'
    return { sentence: `the timestamp (${phrase}) is far ${age > 0 ? 'in the past' : 'in the future'}, beyond ${tolerance}: it looks like ${looks}.` }
  }
  const when = age > 0 ? `${formatDuration(age)} old` : `${formatDuration(age)} in the future`
  // Days and many tolerances out, the excess is the age again in other digits: say it once.
  const far = Math.abs(age) > Math.max(86400, 10 * ts.toleranceSec)
  const beyond = far ? `far beyond ${tolerance}` : `${formatDuration(Math.abs(age) - ts.toleranceSec)} beyond ${tolerance}`
  return { sentence: `the timestamp (${phrase}) is ${when}, ${beyond}.` }
}

function describeSecret(secret: KeyedSecret, state: MismatchState): string {
  const name = secret.label.startsWith('#') ? `secret ${secret.label}` : `the secret "${secret.label}"`
  const newest = state.secrets.find((s) => !s.expired && s.key)
  if (newest === secret) return name
  const until = secret.expiresAt === undefined ? '' : ` (accepted until ${new Date(secret.expiresAt).toISOString()})`
  return `${name}, an older secret${until}: the sender has not switched to the newest one yet`
}
