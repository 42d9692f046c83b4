import {
  DEFAULT_TOLERANCE_SEC,
  type HashAlgorithm,
  type SecretFormat,
  type SignatureEncoding,
  type SigningSchemeId,
  type TimestampFormat,
  type Verdict,
} from '../../../src-shared/signing-schemes'
import { HEADER_NAME } from '../http/header-syntax'
import { decodeLenient, ellipsize, headerValues, inDigestAlphabet, type HeaderList } from './bytes'
import { SigningConfigError } from './errors'
import type { Template } from './template'

/**
 * Everything the generic sign/verify/diagnose code needs to know about one scheme with its
 * options applied. Each scheme family module turns `SigningOptions` into a Recipe.
 */
export interface Recipe {
  scheme: SigningSchemeId
  algorithm: HashAlgorithm
  encoding: SignatureEncoding
  secretFormat: SecretFormat
  template: Template
  /** Text before each signature value: `sha256=`, `v1,`, `v1=`, `v0=` or ''. */
  prefix: string
  /** The header carrying the signature(s). */
  signatureHeader: string
  /** Set when the template signs a timestamp. */
  timestamp?: {
    header: string
    format: TimestampFormat
    toleranceSec: number
    /** Key of the timestamp inside the signature header (`t=` for Stripe), when it is not a header of its own. */
    inline?: string
  }
  /** Set when the template signs a message id. */
  idHeader?: string
  /** The header holds one signature per live secret (Standard Webhooks, Stripe). */
  multiSignature: boolean
  /** A second, older signature header sent alongside (GitHub's `X-Hub-Signature: sha1=`). */
  legacy?: { header: string; algorithm: HashAlgorithm; prefix: string }
  /** The headers to send, given one full signature token (prefix included) per secret. */
  writeHeaders(tokens: string[], values: { id?: string; timestamp?: string }): [string, string][]
  /** What the request carries, or why it cannot be checked. */
  readHeaders(headers: HeaderList): ReadResult
}

export type ReadResult = ReadOk | ReadFailure

export interface ReadOk {
  ok: true
  /** Signature tokens as received (prefix included): the candidates. */
  tokens: string[]
  id?: string
  timestampText?: string
  /** The request was checked against another header than the usual one (GitHub legacy sha1). */
  recipe?: Recipe
}

export interface ReadFailure {
  ok: false
  verdict: Extract<Verdict, 'missing_signature' | 'malformed_header'>
  reason: string
  /** Whatever signature values were present. */
  tokens?: string[]
}

export const missing = (reason: string): ReadFailure => ({ ok: false, verdict: 'missing_signature', reason })
export const malformed = (reason: string, tokens?: string[]): ReadFailure => ({
  ok: false,
  verdict: 'malformed_header',
  reason,
  ...(tokens ? { tokens } : {}),
})

/** The prefixes signatures commonly carry, this scheme's or another's (`sha1=` in a SHA-256 header). */
export const KNOWN_PREFIX = /^(sha1|sha256|sha512|v0|v1)[=,]/i

/** Digest length in bytes of each HMAC. */
export const DIGEST_BYTES: Record<HashAlgorithm, number> = { sha1: 20, sha256: 32, sha512: 64 }

/**
 * Whether a value that lacks the scheme's prefix can still be a signature that diagnosis can
 * explain: a bare digest, one behind another known prefix, or (for a scheme without a prefix)
 * any run of its digest alphabet, which may have been cut short. Anything else ("garbage") is
 * no signature at all, and a header holding nothing else is malformed rather than invalid.
 */
export function isSignatureLike(value: string, prefix: string, encoding: SignatureEncoding): boolean {
  const digest = value.replace(KNOWN_PREFIX, '')
  if (prefix === '' && inDigestAlphabet(digest, encoding)) return true
  return (['hex', 'base64'] as const).some((e) => Object.values(DIGEST_BYTES).includes(decodeLenient(digest, e)?.length ?? -1))
}

/** Received values for a sentence: quoted (control characters escaped), long ones shortened. */
export function quoteValues(values: string[]): string {
  return values.map((v) => JSON.stringify(ellipsize(v, 40))).join(', ')
}

/** Reads a scheme whose header holds one signature value (each occurrence is a candidate). */
export function readSingleHeader(headers: HeaderList, name: string, prefix: string, encoding: SignatureEncoding): ReadResult {
  const values = headerValues(headers, name)
  if (values.length === 0) return missing(`The request has no ${name} header, so it carries no signature.`)
  const tokens = values.map((v) => v.trim()).filter((v) => v !== '')
  if (tokens.length === 0) return malformed(`The ${name} header is empty; it should hold the signature.`)
  if (prefix !== '' && tokens.every((t) => t === prefix)) {
    return malformed(`The ${name} header is "${prefix}" with nothing after it; the digest is missing.`, tokens)
  }
  if (!tokens.some((t) => (prefix !== '' && t.startsWith(prefix)) || isSignatureLike(t, prefix, encoding))) {
    return malformed(`The ${name} header holds ${quoteValues(tokens)}, which is not a signature; it should read "${prefix}<${encoding} digest>".`, tokens)
  }
  return { ok: true, tokens }
}

export function checkHeaderName(name: unknown, field: string): string {
  if (typeof name !== 'string' || !HEADER_NAME.test(name)) {
    throw new SigningConfigError(`${JSON.stringify(name)} is not a valid header name; use letters, digits and dashes, e.g. X-Webhook-Signature.`, field)
  }
  return name
}

export function checkPrefix(prefix: unknown): string {
  if (typeof prefix !== 'string' || /[\r\n]/.test(prefix)) {
    throw new SigningConfigError('The signature prefix must be text on one line, e.g. "sha256=" or "" for none.', '/options/prefix')
  }
  return prefix
}

export function checkTolerance(value: unknown): number {
  if (value === undefined) return DEFAULT_TOLERANCE_SEC
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new SigningConfigError(`The tolerance must be a number of seconds ≥ 0 (0 turns the timestamp check off); got ${JSON.stringify(value)}.`, '/options/toleranceSec')
  }
  return value
}

export function checkOneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T, field: string, what: string): T {
  if (value === undefined) return fallback
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw new SigningConfigError(`${JSON.stringify(value)} is not a ${what}; use one of ${allowed.join(', ')}.`, field)
  }
  return value as T
}

/** How a received timestamp is named in sentences: "webhook-timestamp 1614265330", "t=1614265330 in Stripe-Signature". */
export function timestampPhrase(recipe: Recipe, text: string): string {
  const ts = recipe.timestamp
  if (!ts) return text
  return ts.inline ? `${ts.inline}${text} in ${ts.header}` : `${ts.header} ${text}`
}
