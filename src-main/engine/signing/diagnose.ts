import { createHash } from 'node:crypto'
import {
  DIAGNOSIS_CODES,
  type Diagnosis,
  type DiagnosisCode,
  type HashAlgorithm,
  type SignatureEncoding,
} from '../../../src-shared/signing-schemes'
import { codingsOf, decodeSync } from '../http/decode'
import {
  decodeLenient,
  decodeStrict,
  ellipsize,
  encodeDigest,
  headerValues,
  hmac,
  inDigestAlphabet,
  isUtf8,
  safeEqual,
  sampleOf,
  type HeaderList,
} from './bytes'
import { DIGEST_BYTES, KNOWN_PREFIX, timestampPhrase, type Recipe } from './recipe'
import { decodeWhsec, WHSEC_PREFIX } from './secrets'
import { BODY_ONLY, renderTemplate, withoutPlaceholder, type Template } from './template'
import { describeFormat, formatDuration, MS_THRESHOLD } from './timestamps'

/** One secret as verification sees it. `key` is null when the secret cannot be a key for the scheme. */
export interface KeyedSecret {
  value: string
  label: string
  key: Buffer | null
  expired: boolean
  expiresAt?: number
  /** The token this key signs the content to (live secrets only), computed once per check. */
  expected?: string
}

/** What diagnosis works from: a request that was read, and the correct signed content. */
export interface MismatchState {
  recipe: Recipe
  body: Buffer
  /** The request's headers: a diagnosis reads Content-Encoding from them. */
  headers: HeaderList
  tokens: string[]
  id?: string
  timestampText?: string
  content: Buffer
  secrets: KeyedSecret[]
  /** Expected tokens of the live secrets. */
  expected: string[]
  now: number
}

interface Tag {
  code: DiagnosisCode
  note?: string
  /** `truncated` only: how many digest characters arrived, and which end of the expected value they are, if either. */
  cut?: { chars: number; part?: 'beginning' | 'end' }
}

interface Computation {
  tags: Tag[]
  secret: KeyedSecret
  digest: Buffer
  /** The signed bytes, when they differ from the correct ones. */
  content?: Buffer
}

interface Reading {
  tags: Tag[]
  bytes: Buffer
  token: string
  /** Valid only together with this computation mistake (a `sha1=` prefix goes with SHA-1). */
  requires?: DiagnosisCode
}

const ALGORITHMS: HashAlgorithm[] = ['sha1', 'sha256', 'sha512']

/**
 * Tries the mistakes people really make, alone and in pairs (one in how the signature was
 * computed, one in how it was written; or the prefix and the encoding both written wrong), and
 * explains the simplest that reproduces a received signature; `no_match` when none does.
 */
export function explainMismatch(state: MismatchState): Diagnosis {
  const readings = state.tokens.flatMap((token) => readingsOf(token, state.recipe))
  const best = bestMatch(computationsOf(state, contentVariants(state)), readings)
  if (best) return build(best.tags, best.computation, state)
  return explainTruncation(state) ?? noMatch(state)
}

function bestMatch(computations: Computation[], readings: Reading[]) {
  let best: { tags: Tag[]; computation: Computation; reading: Reading } | undefined
  for (const computation of computations) {
    for (const reading of readings) {
      if (reading.requires && !computation.tags.some((t) => t.code === reading.requires)) continue
      const tags = [...computation.tags, ...reading.tags]
      if (tags.length === 0 || !safeEqual(computation.digest, reading.bytes)) continue
      if (!best || rank(tags) < rank(best.tags)) best = { tags, computation, reading }
    }
  }
  return best
}

/** When a matching signature's timestamp is out of tolerance because of its unit. */
export function timestampUnitDiagnosis(recipe: Recipe, text: string, now: number): Diagnosis | undefined {
  const ts = recipe.timestamp
  if (!ts || ts.format === 'iso') return undefined
  const raw = Number(text)
  if (ts.format === 'unix' && raw >= MS_THRESHOLD) {
    const off = now / 1000 - raw / 1000
    return {
      code: 'timestamp_ms',
      sentence:
        `The timestamp (${timestampPhrase(recipe, text)}) is in milliseconds, but this scheme expects unix seconds` +
        (Math.abs(off) <= 86400 ? `; read as milliseconds it would be ${formatDuration(off)} ${off >= 0 ? 'old' : 'ahead'}.` : '.'),
      fix: 'Send whole seconds, e.g. Math.floor(Date.now() / 1000), and sign that same value.',
    }
  }
  if (ts.format === 'unix-ms' && raw < MS_THRESHOLD) {
    return {
      code: 'timestamp_seconds',
      sentence: `The timestamp (${timestampPhrase(recipe, text)}) is in seconds, but this scheme expects unix milliseconds.`,
      fix: 'Send milliseconds, e.g. Date.now(), and sign that same value.',
    }
  }
  return undefined
}

/**
 * When the signature header arrived on several lines. Verification reads each line, so one right
 * signature matches; but Node's http (so Express, Fastify, Next.js) and many other servers give
 * a handler one value, the lines joined with ", ", which no verifier reads as the sender meant.
 * Several signatures inside ONE line (Standard Webhooks' space-separated `v1,…`, Stripe's `v1=`
 * list) are those schemes' own syntax and not this case: only a repeated line is.
 */
export function repeatedHeaderDiagnosis(recipe: Recipe, headers: HeaderList): Diagnosis | undefined {
  const values = headerValues(headers, recipe.signatureHeader).map((v) => v.trim())
  if (values.length < 2) return undefined
  const name = recipe.signatureHeader
  const joined = JSON.stringify(values.map((v) => ellipsize(v, 40)).join(', '))
  const seen = `Node (Express, Fastify, Next.js) and many other servers join a repeated header into one value with ", ", so a handler that reads ${name} sees ${joined}`
  if (!recipe.multiSignature) {
    return {
      code: 'header_repeated',
      sentence: `The ${name} header arrived ${values.length} times. Hookbench checked each line on its own, but ${seen}, which is not one signature, and rejects the request.`,
      fix: `Send ${name} once, with one signature ("${recipe.prefix}<${recipe.encoding} digest>").`,
    }
  }
  const [, oneLine] = recipe.writeHeaders([`${recipe.prefix}<sig 1>`, `${recipe.prefix}<sig 2>`], { id: '<id>', timestamp: '<t>' }).find(([n]) => n.toLowerCase() === name.toLowerCase()) ?? []
  return {
    code: 'header_repeated',
    sentence: `The ${name} header arrived ${values.length} times. Hookbench read the signatures of every line, but ${seen}: not one list in this scheme's syntax, and a verifier may misread or drop some of the signatures.`,
    fix: `Send one ${name} line that holds every signature${oneLine ? ` ("${oneLine}")` : ''}, as the scheme defines.`,
  }
}

// ---------------------------------------------------------------------------------------------
// Hypotheses

interface ContentVariant {
  tag: Tag
  content: Buffer
}

/** The most a compressed body is decoded to for the diagnosis (larger: that mistake is not looked for). */
export const DECODED_DIAGNOSIS_MAX = 64 * 1024

function contentVariants(state: MismatchState): ContentVariant[] {
  const { recipe, body } = state
  const render = (b: Uint8Array, template: Template = recipe.template, timestamp = state.timestampText) =>
    renderTemplate(template, { id: state.id, timestamp, body: b })
  const out: ContentVariant[] = []
  // Identical bytes are explained once, by the first (smallest) change that produces them.
  const seenContent = new Set<string>([fingerprint(state.content)])
  const add = (code: DiagnosisCode, content: Buffer, note?: string) => {
    const key = fingerprint(content)
    if (seenContent.has(key)) return
    seenContent.add(key)
    out.push({ tag: note === undefined ? { code } : { code, note }, content })
  }

  // A compressed body signed before it was compressed (or a receiver that decompresses first).
  // Bounded: a few hundred bytes of nested gzip can expand to megabytes, and a diagnosis runs on
  // the event loop both planes share.
  const codings = codingsOf(headerValues(state.headers, 'content-encoding').join(', ') || null)
  if (codings && body.length > 0) {
    const decoded = decodeSync(body, codings, DECODED_DIAGNOSIS_MAX)
    if (decoded.ok) add('signed_decoded_body', render(decoded.bytes), codings.slice().reverse().join(', '))
  }

  if (body.at(-1) === 0x0a) {
    const cut = body.at(-2) === 0x0d ? 2 : 1
    add('trailing_newline_removed', render(body.subarray(0, body.length - cut)))
    let end = body.length
    while (end > 0 && [0x20, 0x09, 0x0a, 0x0d].includes(body[end - 1]!)) end--
    if (end < body.length - cut) add('trailing_newline_removed', render(body.subarray(0, end)), 'trim')
  } else {
    add('trailing_newline_added', render(Buffer.concat([body, Buffer.from('\n')])), '\\n')
    add('trailing_newline_added', render(Buffer.concat([body, Buffer.from('\r\n')])), '\\r\\n')
  }

  if (body.some((b) => b >= 0x80)) {
    add('charset_latin1', render(Buffer.from(body.toString('latin1'), 'utf8')), 'read-as-latin1')
    if (isUtf8(body)) add('charset_latin1', render(Buffer.from(body.toString('utf8'), 'latin1')), 'encoded-as-latin1')
    else add('charset_latin1', render(Buffer.from(body.toString('utf8'), 'utf8')), 'decoded-as-utf8')
  }

  // After the newline and charset variants: when re-serializing gives the same bytes as a
  // smaller change (a stripped newline), the smaller change is the better explanation.
  if (isUtf8(body)) {
    let parsed: unknown
    try {
      parsed = JSON.parse(body.toString('utf8'))
    } catch {
      parsed = undefined
    }
    if (parsed !== undefined && typeof parsed === 'object' && parsed !== null) {
      add('reserialized_json', render(Buffer.from(JSON.stringify(parsed), 'utf8')))
      add('reserialized_json_pretty', render(Buffer.from(JSON.stringify(parsed, null, 2), 'utf8')))
      add('reserialized_json', render(Buffer.from(pythonDumps(parsed), 'utf8')), 'python')
    }
  }

  const templates = new Map<string, { code: DiagnosisCode; template: Template }>()
  const tpl = recipe.template
  if (tpl.usesId) templates.set('id', { code: 'content_without_id', template: withoutPlaceholder(tpl, 'id') })
  if (tpl.usesTimestamp) templates.set('ts', { code: 'content_without_timestamp', template: withoutPlaceholder(tpl, 'timestamp') })
  if (tpl.usesId && tpl.usesTimestamp) {
    templates.set('both', { code: 'content_body_only', template: withoutPlaceholder(withoutPlaceholder(tpl, 'id'), 'timestamp') })
    templates.set('body', { code: 'content_body_only', template: BODY_ONLY })
  } else if (tpl.usesId || tpl.usesTimestamp) {
    templates.set('body', { code: tpl.usesId ? 'content_without_id' : 'content_without_timestamp', template: BODY_ONLY })
  }
  const seen = new Set<string>([tpl.source])
  for (const { code, template } of templates.values()) {
    if (seen.has(template.source)) continue
    seen.add(template.source)
    add(code, render(body, template), template.source)
  }

  const text = state.timestampText
  // The clock read twice, once for the header and once to sign: a second or a few ms apart.
  if (tpl.usesTimestamp && text !== undefined && /^\d+$/.test(text)) {
    const n = Number(text)
    const steps = recipe.timestamp?.format === 'unix-ms' ? [1, 2, 3, 5, 10, 20, 50, 100] : [1, 2]
    for (const d of steps.flatMap((x) => [-x, x])) add('timestamp_mismatch', render(body, tpl, String(n + d)), String(n + d))
  }
  if (recipe.timestamp?.format === 'unix' && text !== undefined && /^\d+$/.test(text)) {
    const n = Number(text)
    if (n >= MS_THRESHOLD) {
      // The header carries milliseconds but the signature covers seconds.
      add('timestamp_ms', render(body, tpl, String(Math.floor(n / 1000))), `signed-seconds:${Math.floor(n / 1000)}`)
    } else {
      // The header carries seconds but the signature covers the same instant in milliseconds.
      add('timestamp_ms', render(body, tpl, String(n * 1000)), `signed-ms:${n * 1000}`)
    }
  }
  return out
}

function fingerprint(content: Buffer): string {
  return createHash('sha256').update(content).digest('base64')
}

function computationsOf(state: MismatchState, variants: ContentVariant[]): Computation[] {
  const { recipe } = state
  const out: Computation[] = []
  for (const secret of state.secrets) {
    const base: Tag[] = secret.expired ? [{ code: 'rotated_secret' }] : []
    const push = (tags: Tag[], key: Buffer, algorithm: HashAlgorithm, content?: Buffer) => {
      const c: Computation = { tags: [...tags, ...base], secret, digest: hmac(algorithm, key, content ?? state.content) }
      if (content) c.content = content
      out.push(c)
    }
    if (secret.key) {
      push([], secret.key, recipe.algorithm)
      for (const v of variants) push([v.tag], secret.key, recipe.algorithm, v.content)
      for (const algorithm of ALGORITHMS) {
        if (algorithm !== recipe.algorithm) push([{ code: `algorithm_${algorithm}` }], secret.key, algorithm)
      }
    }
    if (recipe.secretFormat === 'whsec') {
      push([{ code: 'whsec_literal', note: 'whole' }], Buffer.from(secret.value, 'utf8'), recipe.algorithm)
      if (secret.value.startsWith(WHSEC_PREFIX)) {
        push([{ code: 'whsec_literal', note: 'stripped' }], Buffer.from(secret.value.slice(WHSEC_PREFIX.length), 'utf8'), recipe.algorithm)
      }
    } else {
      if (secret.value.startsWith(WHSEC_PREFIX)) {
        const decoded = decodeWhsec(secret.value)
        if (decoded) push([{ code: 'whsec_decoded' }], decoded, recipe.algorithm)
      }
      // A secret read from a file or an environment variable keeps its newline unless trimmed.
      for (const [note, key] of whitespaceKeys(secret.value)) push([{ code: 'secret_whitespace', note }], Buffer.from(key, 'utf8'), recipe.algorithm)
    }
  }
  return out
}

/** A literal secret as a sender may really have used it: with a line ending, or trimmed. */
function whitespaceKeys(value: string): Array<[string, string]> {
  const trimmed = value.trim()
  if (trimmed !== value) return trimmed ? [['trimmed', trimmed]] : []
  return [
    ['\\n', `${value}\n`],
    ['\\r\\n', `${value}\r\n`],
    ['space', `${value} `],
  ]
}

function readingsOf(token: string, recipe: Recipe): Reading[] {
  const prefix = recipe.prefix
  const encoding = recipe.encoding
  const other: SignatureEncoding = encoding === 'hex' ? 'base64' : 'hex'
  const out: Reading[] = []
  const add = (tags: Tag[], bytes: Buffer | null, requires?: DiagnosisCode) => {
    if (bytes) out.push(requires ? { tags, bytes, token, requires } : { tags, bytes, token })
  }
  if (token.startsWith(prefix)) {
    const digest = token.slice(prefix.length)
    const strict = decodeStrict(digest, encoding)
    add([], strict)
    if (!strict) add([{ code: 'encoding_noncanonical' }], decodeLenient(digest, encoding))
    add([{ code: 'encoding_base64_vs_hex', note: other }], decodeLenient(digest, other))
    if (prefix !== '' && digest.startsWith(prefix)) add([{ code: 'prefix_doubled' }], decodeStrict(digest.slice(prefix.length), encoding))
  } else {
    add([{ code: 'prefix_missing' }], decodeStrict(token, encoding))
    // Both at once is common: a bare base64 digest (Shopify's style) where "sha256=<hex>" is expected.
    add([{ code: 'prefix_missing', note: other }, { code: 'encoding_base64_vs_hex', note: other }], decodeLenient(token, other))
    const foreign = /^(sha1|sha256|sha512)=/.exec(token)
    if (foreign?.[1]) add([], decodeStrict(token.slice(foreign[0].length), encoding), `algorithm_${foreign[1]}` as DiagnosisCode)
  }
  if (prefix === '') {
    const found = KNOWN_PREFIX.exec(token)
    if (found) {
      const digest = token.slice(found[0].length)
      add([{ code: 'prefix_unexpected', note: found[0] }], decodeStrict(digest, encoding))
      add([{ code: 'prefix_unexpected', note: found[0] }, { code: 'encoding_base64_vs_hex', note: other }], decodeLenient(digest, other))
    }
  }
  return out
}

/** Fewer mistakes first; among equals, the order of DIAGNOSIS_CODES (the issue's list). */
function rank(tags: Tag[]): number {
  return tags.length * 1000 + Math.min(...tags.map((t) => priority(t.code)))
}

function priority(code: DiagnosisCode): number {
  // A previous secret is the least surprising explanation to put first only when it is alone.
  return code === 'rotated_secret' ? 999 : DIAGNOSIS_CODES.indexOf(code)
}

// ---------------------------------------------------------------------------------------------
// A signature cut short

/** Fewest digest bits that make "it is the beginning of the expected value" more than chance. */
const PART_EVIDENCE_BITS = 32

/** A digest text as compared with another: hex in lower case, base64 in the standard alphabet without padding. */
function comparable(text: string, encoding: SignatureEncoding): string {
  return encoding === 'hex' ? text.toLowerCase() : text.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '')
}

/**
 * A received digest in the scheme's alphabet but shorter than its algorithm's digest: cut short
 * on the way (a header, column or log length limit) or by the sender. No mistake can reproduce
 * it, so it is looked for only when none did; when it is the beginning (or the end) of what a
 * secret gives, that secret and the signed bytes are right.
 */
function explainTruncation(state: MismatchState): Diagnosis | undefined {
  const { recipe } = state
  const full = comparable(encodeDigest(Buffer.alloc(DIGEST_BYTES[recipe.algorithm]), recipe.encoding), recipe.encoding).length
  for (const token of state.tokens) {
    if (!token.startsWith(recipe.prefix)) continue
    const digest = token.slice(recipe.prefix.length)
    const received = comparable(digest, recipe.encoding)
    if (!inDigestAlphabet(digest, recipe.encoding) || received.length === 0 || received.length >= full) continue
    const tag: Tag = { code: 'truncated', cut: { chars: digest.length } }
    const bits = received.length * (recipe.encoding === 'hex' ? 4 : 6)
    // Live secrets first (newest first), then the expired ones.
    const secrets = [...state.secrets.filter((s) => !s.expired), ...state.secrets.filter((s) => s.expired)]
    for (const secret of bits >= PART_EVIDENCE_BITS ? secrets : []) {
      if (!secret.key) continue
      const digestBytes = hmac(recipe.algorithm, secret.key, state.content)
      const expected = comparable(encodeDigest(digestBytes, recipe.encoding), recipe.encoding)
      const part = expected.startsWith(received) ? 'beginning' : expected.endsWith(received) ? 'end' : undefined
      if (!part) continue
      tag.cut = { chars: digest.length, part }
      const tags: Tag[] = secret.expired ? [tag, { code: 'rotated_secret' }] : [tag]
      return build(tags, { tags: [], secret, digest: digestBytes }, state)
    }
    const { sentence, fix } = truncationWords(tag, state)
    return { code: 'truncated', sentence, fix }
  }
  return undefined
}

function truncationWords(tag: Tag, state: MismatchState): Explained {
  const { recipe } = state
  const enc = recipe.encoding
  const hmacName = `HMAC-${recipe.algorithm.toUpperCase()}`
  const fullText = encodeDigest(Buffer.alloc(DIGEST_BYTES[recipe.algorithm]), enc).length
  const chars = tag.cut?.chars ?? 0
  const where = recipe.prefix ? ` after "${recipe.prefix}"` : ''
  const sentence = [
    `The signature in ${recipe.signatureHeader} is ${chars} ${enc} character${chars === 1 ? '' : 's'}${where}; ${hmacName} in ${enc} is ${fullText}.`,
    "It was cut short on the way or by the sender (a length limit on a header, a database column or a log line, or a slice of the digest in the sender's code).",
  ]
  const part = tag.cut?.part
  if (part) {
    sentence.push(
      `What arrived is the ${part} of the expected value, so the secret and the signed bytes are right: only the ${part === 'beginning' ? 'end' : 'beginning'} is missing.`,
    )
  } else if (chars * (enc === 'hex' ? 4 : 6) < PART_EVIDENCE_BITS) {
    sentence.push('It is too short to tell whether the secret and the signed bytes are right.')
  } else {
    const lookalike = (Object.keys(DIGEST_BYTES) as HashAlgorithm[]).find(
      (a) => a !== recipe.algorithm && encodeDigest(Buffer.alloc(DIGEST_BYTES[a]), enc).length === chars,
    )
    sentence.push(
      'It is neither the beginning nor the end of the expected value, so the secret or the signed bytes differ as well' +
        (lookalike ? ` (${chars} is also the length of an HMAC-${lookalike.toUpperCase()} digest, which no secret here reproduces either).` : '.'),
    )
  }
  return {
    sentence: sentence.join(' '),
    fix:
      `Send the whole digest (${recipe.prefix ? `"${recipe.prefix}" followed by ` : ''}${fullText} ${enc} characters); look for what cuts it: ` +
      'a length limit where the signature is built, stored, logged or proxied, or a slice()/substring() of the digest.',
  }
}

// ---------------------------------------------------------------------------------------------
// Sentences

interface Explained {
  sentence: string
  fix: string
}

function build(tags: Tag[], computation: Computation, state: MismatchState): Diagnosis {
  const ordered = [...tags].sort((a, b) => priority(a.code) - priority(b.code))
  const [primary, ...also] = ordered as [Tag, ...Tag[]]
  const parts = ordered.map((tag) => explain(tag, computation, state))
  const sentence = [parts[0]!.sentence, ...parts.slice(1).map((p) => `Also, ${lowerFirst(p.sentence)}`)].join(' ')
  const diagnosis: Diagnosis = {
    code: primary.code,
    sentence,
    fix: parts.map((p) => p.fix).join(' '),
    secret: computation.secret.label,
  }
  if (also.length > 0) diagnosis.also = also.map((t) => t.code)
  if (computation.content) diagnosis.reproducedContent = sampleOf(computation.content)
  return diagnosis
}

function explain(tag: Tag, computation: Computation, state: MismatchState): Explained {
  const { recipe } = state
  const header = recipe.signatureHeader
  const enc = recipe.encoding
  const prefix = recipe.prefix
  const raw = 'Sign and verify the raw body bytes exactly as they travel'
  switch (tag.code) {
    case 'reserialized_json':
      return tag.note === 'python'
        ? {
            sentence:
              'The signature was computed over the JSON body parsed and re-serialized the way Python\'s json.dumps() writes it (", " and ": " separators), not over the raw bytes that were sent.',
            fix: `${raw}: hash request.get_data() (Flask) or request.body (Django), never json.dumps(request.json).`,
          }
        : {
            sentence:
              'The signature was computed over the JSON body parsed and re-serialized (JSON.stringify(JSON.parse(body))), not over the raw bytes that were sent.',
            fix: `${raw}: never hash JSON.stringify(req.body); read the raw bytes (express.raw({ type: 'application/json' }), await req.text(), or the framework's rawBody).`,
          }
    case 'signed_decoded_body':
      return {
        sentence: `The signature was computed over the body before it was compressed (Content-Encoding: ${tag.note ?? 'gzip'}), not over the compressed bytes that were sent.`,
        fix: 'Sign the bytes exactly as they travel (after compressing), or verify the body after decompressing it if that is what this sender documents.',
      }
    case 'reserialized_json_pretty':
      return {
        sentence:
          'The signature was computed over the JSON body re-serialized with 2-space indentation (JSON.stringify(body, null, 2)), not over the raw bytes that were sent.',
        fix: `${raw}: sign the exact string you send, and verify the raw request body, never a re-formatted copy.`,
      }
    case 'trailing_newline_added':
      return {
        sentence: `The signature was computed over the body with a trailing newline (${tag.note ?? '\\n'}) added, but the bytes sent do not end with one.`,
        fix: `${raw}: don't append a newline to the signed content (echo adds one; use printf or echo -n), or send the newline too.`,
      }
    case 'trailing_newline_removed':
      return {
        sentence:
          tag.note === 'trim'
            ? 'The signature was computed over the body with its trailing whitespace trimmed, but the bytes sent end with whitespace and a newline.'
            : 'The signature was computed over the body with its trailing newline removed, but the bytes sent end with a newline.',
        fix: `${raw}: don't trim() the body or strip its final newline before hashing.`,
      }
    case 'charset_latin1':
      return {
        sentence:
          tag.note === 'encoded-as-latin1'
            ? "The signature was computed over the body's text encoded as Latin-1 (ISO-8859-1), but the bytes sent are UTF-8, so every non-ASCII character was signed as different bytes."
            : tag.note === 'decoded-as-utf8'
              ? 'The signature was computed over the body decoded as UTF-8 although it is not valid UTF-8 (probably Latin-1), so its non-ASCII bytes were signed as U+FFFD replacement characters.'
              : 'The signature was computed over the body after its UTF-8 bytes were read as Latin-1 (ISO-8859-1) and encoded again as UTF-8, so every non-ASCII character was signed as different bytes.',
        fix: `${raw}, or use one charset (UTF-8) on both sides: don't decode the body with toString('latin1'/'binary') or encode it as Latin-1 before hashing.`,
      }
    case 'encoding_base64_vs_hex':
      return {
        sentence: `The signature in ${header} is ${tag.note === 'base64' ? 'base64-encoded' : 'hex-encoded'}, but this scheme expects ${enc === 'hex' ? 'a hex' : 'a base64'} digest.`,
        fix: `Encode the HMAC digest as ${enc} (digest('${enc}')).`,
      }
    case 'encoding_noncanonical':
      return enc === 'hex'
        ? {
            sentence: `The signature in ${header} is upper-case hex, but verifiers compare the lower-case hex digest exactly.`,
            fix: "Send digest('hex') as it is, in lower case.",
          }
        : {
            sentence: `The signature in ${header} is base64url or unpadded base64, but verifiers compare standard padded base64 (+ / =) exactly.`,
            fix: "Send digest('base64') as it is: standard alphabet, with its = padding.",
          }
    case 'prefix_missing':
      return {
        // The note names the digest's own encoding when it is not the expected one.
        sentence: `The signature in ${header} is a bare ${tag.note ?? enc} digest without the "${prefix}" prefix this scheme expects.`,
        fix:
          `Send "${prefix}<${enc} digest>". A verifier must compare the whole value with "${prefix}" + its own digest: comparing a bare digest with the prefixed header (or the reverse) always fails, ` +
          'and crypto.timingSafeEqual throws on the two lengths: check the lengths first.',
      }
    case 'prefix_doubled':
      return {
        sentence: `The "${prefix}" prefix appears twice in ${header} ("${prefix}${prefix}…").`,
        fix: `Add the prefix once: "${prefix}" followed directly by the ${enc} digest.`,
      }
    case 'prefix_unexpected':
      return {
        sentence: `The signature in ${header} carries a "${tag.note}" prefix, but this scheme expects the bare ${enc} digest.`,
        fix: `Send the digest alone, or set the scheme's prefix to "${tag.note}" so both sides agree.`,
      }
    case 'whsec_literal':
      return {
        sentence: `The HMAC key was the literal text of the secret (${tag.note === 'stripped' ? 'the part after "whsec_"' : 'the whole "whsec_…" string'}), but ${recipe.scheme === 'standard-webhooks' ? 'Standard Webhooks uses' : 'this scheme uses'} the base64-decoded bytes after the "whsec_" prefix as the key.`,
        fix: 'Strip "whsec_" and base64-decode the rest to get the key, as the standardwebhooks libraries do: new Webhook(secret).',
      }
    case 'whsec_decoded':
      return {
        sentence:
          'The HMAC key was the base64-decoded bytes of the "whsec_…" secret, but this scheme uses the secret\'s literal text, "whsec_" included, as the key.',
        fix: `Use the whole secret string as the HMAC key, e.g. createHmac('${recipe.algorithm}', secret).`,
      }
    case 'secret_whitespace':
      return tag.note === 'trimmed'
        ? {
            sentence: `The HMAC key was the secret ${quoteLabel(computation.secret.label)} without the whitespace at its ends, but the secret configured here includes it.`,
            fix: 'Remove the whitespace from the secret configured here (it was most likely pasted with it); the key is exactly the characters both sides agree on.',
          }
        : {
            sentence: `The HMAC key was the secret with a trailing ${tag.note === 'space' ? 'space' : `line ending (${tag.note})`}: the sender read it from a file or an environment variable without trimming it.`,
            fix: "Trim the secret where the sender reads it (e.g. process.env.WEBHOOK_SECRET.trim()); the key is exactly the secret's characters.",
          }
    case 'rotated_secret': {
      const s = computation.secret
      const ago = s.expiresAt === undefined ? '' : `, which expired ${formatDuration((state.now - s.expiresAt) / 1000)} ago (${new Date(s.expiresAt).toISOString()})`
      return {
        sentence: `The signature was made with the previous secret ${quoteLabel(s.label)}${ago}; it was rotated out and is no longer accepted.`,
        fix: "Make the sender sign with the current secret, or extend the previous secret's expiry while the sender switches over.",
      }
    }
    case 'algorithm_sha1':
    case 'algorithm_sha256':
    case 'algorithm_sha512': {
      const used = tag.code.slice('algorithm_'.length).toUpperCase().replace('SHA', 'SHA-')
      const want = recipe.algorithm.toUpperCase().replace('SHA', 'SHA-')
      return {
        sentence: `The signature is an HMAC-${used} digest, but this scheme uses HMAC-${want}.`,
        fix: `Compute the HMAC with ${recipe.algorithm}, e.g. createHmac('${recipe.algorithm}', secret).`,
      }
    }
    case 'timestamp_ms': {
      const note = tag.note ?? ''
      const ts = recipe.timestamp
      const phrase = timestampPhrase(recipe, state.timestampText ?? '')
      if (note.startsWith('signed-seconds:')) {
        return {
          sentence: `The timestamp (${phrase}) is in milliseconds, but this scheme expects unix seconds (the signature itself covers ${note.slice(15)}, in seconds).`,
          fix: `Send whole seconds in ${ts?.header ?? 'the timestamp'}, e.g. Math.floor(Date.now() / 1000), and sign that same value.`,
        }
      }
      return {
        sentence: `The signature was computed over a timestamp in milliseconds (${note.slice(10)}), but the timestamp sent (${phrase}) is in seconds, and the scheme signs the value that is sent.`,
        fix: `Sign the same whole-seconds value you put in ${ts?.header ?? 'the timestamp'}, e.g. Math.floor(Date.now() / 1000).`,
      }
    }
    case 'timestamp_mismatch': {
      const sent = state.timestampText ?? ''
      const diff = Number(tag.note) - Number(sent)
      const unit = recipe.timestamp?.format === 'unix-ms' ? 'ms' : 's'
      return {
        sentence:
          `The signature covers the timestamp ${tag.note}, ${Math.abs(diff)} ${unit} ${diff < 0 ? 'before' : 'after'} the one sent (${timestampPhrase(recipe, sent)}): ` +
          'the sender read the clock twice, once to sign and once for the header.',
        fix: 'Read the time once and use that same value in the header and in the signed content.',
      }
    }
    case 'content_without_id':
    case 'content_without_timestamp':
    case 'content_body_only': {
      const left =
        tag.code === 'content_without_id' ? 'the message id' : tag.code === 'content_without_timestamp' ? 'the timestamp' : 'the message id and the timestamp'
      return {
        sentence: `The signed content left out ${left}: the signature covers "${tag.note}" instead of "${recipe.template.source}".`,
        fix: `Build the signed content as "${recipe.template.source}"${signedHeadersHint(recipe)}.`,
      }
    }
    case 'truncated':
      return truncationWords(tag, state)
    default:
      return { sentence: 'No known mistake reproduces the received signature.', fix: '' }
  }
}

function signedHeadersHint(recipe: Recipe): string {
  const from: string[] = []
  if (recipe.idHeader) from.push(`{id} from ${recipe.idHeader}`)
  if (recipe.timestamp) from.push(`{timestamp} from ${recipe.timestamp.inline ? `${recipe.timestamp.inline} in ` : ''}${recipe.timestamp.header} (${describeFormat(recipe.timestamp.format)})`)
  return from.length ? `, with ${from.join(' and ')}` : ''
}

function noMatch(state: MismatchState): Diagnosis {
  const { recipe } = state
  const signed = sampleOf(state.content)
  const expected = state.expected.length ? state.expected.join(' or ') : 'nothing (every secret has expired)'
  const shown = signed.encoding === 'utf8' ? JSON.stringify(ellipsize(signed.text, 160)) : `(binary, base64) ${ellipsize(signed.text, 120)}`
  return {
    code: 'no_match',
    sentence:
      'No known mistake reproduces the received signature (re-serialized JSON, a trailing newline, another charset, hex vs base64, ' +
      `the prefix, the secret's format, a previous secret, another algorithm, a timestamp in milliseconds, a different signed-content layout, a signature cut short), ` +
      'so the secret probably differs or the body changed on the way. ' +
      `Expected ${expected}; received ${state.tokens.join(', ')}. The signed bytes are the ${signed.bytes} bytes of "${recipe.template.source}": ${shown}.`,
    fix: `Check that sender and receiver hold the same secret, and that the sender signs exactly these bytes ("${recipe.template.source}") and sends them unchanged.`,
    expected: state.expected,
    received: state.tokens,
    signedContent: signed,
  }
}

function quoteLabel(label: string): string {
  return label.startsWith('#') ? label : `"${label}"`
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1)
}

/** Python's json.dumps() with its defaults: ", " and ": " separators, non-ASCII escaped. */
function pythonDumps(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    return (JSON.stringify(value) ?? 'null').replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  }
  if (Array.isArray(value)) return `[${value.map(pythonDumps).join(', ')}]`
  return `{${Object.entries(value)
    .map(([k, v]) => `${pythonDumps(k)}: ${pythonDumps(v)}`)
    .join(', ')}}`
}
