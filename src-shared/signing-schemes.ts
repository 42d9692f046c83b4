/** Signature scheme ids, shared by the engine, the API schemas and the UI. */
export const SIGNING_SCHEMES = [
  'hmac-sha256',
  'standard-webhooks',
  'stripe',
  'github',
  'slack',
  'shopify',
  'custom',
] as const
export type SigningSchemeId = (typeof SIGNING_SCHEMES)[number]

export const SIGNING_SCHEME_LABELS: Record<SigningSchemeId, string> = {
  'hmac-sha256': 'HMAC-SHA256 (one header)',
  'standard-webhooks': 'Standard Webhooks',
  stripe: 'Stripe',
  github: 'GitHub',
  slack: 'Slack',
  shopify: 'Shopify',
  custom: 'Custom',
}

/** Verdicts of a verification. `not_configured`: the inbox verifies nothing. */
export const VERDICTS = [
  'valid',
  'invalid',
  'missing_signature',
  'malformed_header',
  'stale_timestamp',
  'no_secret',
  'not_configured',
] as const
export type Verdict = (typeof VERDICTS)[number]

export type HashAlgorithm = 'sha1' | 'sha256' | 'sha512'
export type SignatureEncoding = 'hex' | 'base64'
export type TimestampFormat = 'unix' | 'unix-ms' | 'iso'

/**
 * Options of a scheme. Every field is optional; each scheme has its own defaults
 * (e.g. `hmac-sha256` signs the raw body into `X-Webhook-Signature`, hex, no prefix).
 */
export interface SigningOptions {
  /** Signature header name (hmac-sha256, custom). */
  headerName?: string
  /** Literal prefix before the digest, e.g. `sha256=` (hmac-sha256, custom). */
  prefix?: string
  algorithm?: HashAlgorithm
  encoding?: SignatureEncoding
  /** Signed-content template over `{id}`, `{timestamp}` and `{body}` (custom). */
  template?: string
  /** Header carrying the timestamp, and its format (custom). */
  timestampHeader?: string
  timestampFormat?: TimestampFormat
  /** Header carrying the message id (custom). */
  idHeader?: string
  /** Tolerance for signed timestamps in seconds; 0 turns the check off. Default 300. */
  toleranceSec?: number
  /** How the secret becomes key bytes (custom; default `literal`). */
  secretFormat?: SecretFormat
}

/**
 * How a secret string becomes HMAC key bytes. `literal`: its UTF-8 bytes, even for a
 * `whsec_…` secret (Stripe, GitHub, Slack, Shopify and the one-header schemes do this).
 * `whsec`: strip `whsec_` and base64-decode the rest (Standard Webhooks).
 */
export type SecretFormat = 'literal' | 'whsec'

/** Default tolerance for signed timestamps, in seconds (5 minutes). */
export const DEFAULT_TOLERANCE_SEC = 300

/** The `SigningOptions` each scheme reads; the others are ignored for that scheme. */
export const SCHEME_OPTIONS: Record<SigningSchemeId, readonly (keyof SigningOptions)[]> = {
  'hmac-sha256': ['headerName', 'prefix'],
  'standard-webhooks': ['toleranceSec'],
  stripe: ['toleranceSec'],
  github: [],
  slack: ['toleranceSec'],
  shopify: [],
  custom: [
    'headerName',
    'prefix',
    'algorithm',
    'encoding',
    'template',
    'timestampHeader',
    'timestampFormat',
    'idHeader',
    'toleranceSec',
    'secretFormat',
  ],
}

/** A secret held by a webhook or an inbox. Rotation keeps previous ones until `expiresAt`. */
export interface SigningSecret {
  value: string
  /** Shown when this secret matched, e.g. "current" or "rotated 2026-01-02". */
  label?: string
  /** Epoch milliseconds after which verification no longer accepts this secret. */
  expiresAt?: number
}

/**
 * Stable codes of the mistakes signature diagnosis recognises. `truncated`: the digest arrived
 * shorter than its algorithm's (cut short), which no mistake reproduces. `no_match`: none of
 * them reproduces the received signature. `header_repeated`: a warning on a signature that
 * matches: its header arrived on several lines, which most handlers see joined into one value.
 */
export const DIAGNOSIS_CODES = [
  'reserialized_json',
  'reserialized_json_pretty',
  'trailing_newline_added',
  'trailing_newline_removed',
  'charset_latin1',
  'signed_decoded_body',
  'encoding_base64_vs_hex',
  'encoding_noncanonical',
  'prefix_missing',
  'prefix_doubled',
  'prefix_unexpected',
  'whsec_literal',
  'whsec_decoded',
  'secret_whitespace',
  'rotated_secret',
  'algorithm_sha1',
  'algorithm_sha256',
  'algorithm_sha512',
  'timestamp_ms',
  'timestamp_seconds',
  'timestamp_mismatch',
  'content_without_id',
  'content_without_timestamp',
  'content_body_only',
  'truncated',
  'no_match',
  'header_repeated',
] as const
export type DiagnosisCode = (typeof DIAGNOSIS_CODES)[number]

/** Bytes shown to a person: UTF-8 text when they decode as UTF-8, else base64. */
export interface ContentSample {
  text: string
  encoding: 'utf8' | 'base64'
  /** Length of the full content in bytes. */
  bytes: number
  /** True when `text` holds only the first 64 KiB. */
  truncated?: boolean
}

/** Why a signature did not match, in plain words, and what to change. */
export interface Diagnosis {
  code: DiagnosisCode
  /** Names the mistake, e.g. "The signature was computed over the JSON body re-serialized …". */
  sentence: string
  fix: string
  /** Further mistakes that had to be combined with `code` to reproduce the signature. */
  also?: DiagnosisCode[]
  /** The secret (label or `#n`) with which the mistake reproduces the signature. */
  secret?: string
  /** The bytes that, signed, give the received signature (when they differ from the correct ones). */
  reproducedContent?: ContentSample
  /** `no_match` only: what was expected, what arrived, and the bytes that were signed. */
  expected?: string[]
  received?: string[]
  signedContent?: ContentSample
}

/** What a verification looked at; every field is optional because a failure can come early. */
export interface VerificationDetails {
  scheme: SigningSchemeId
  /** The header carrying the signature(s), as the scheme names it. */
  signatureHeader: string
  /** The signed-content template, e.g. `{id}.{timestamp}.{body}`. */
  template?: string
  /** The bytes the signature must cover, as text in `signedContentEncoding` (first 64 KiB). */
  signedContent?: string
  signedContentEncoding?: 'utf8' | 'base64'
  signedContentBytes?: number
  signedContentTruncated?: boolean
  /** Expected signatures as they would appear in the header, one per live secret (newest first). */
  expected?: string[]
  /** Labels (or `#n`) of the secrets behind `expected`, in the same order. */
  expectedSecrets?: string[]
  /** Signature values found in the request, as received. */
  received?: string[]
  /** Signed timestamp in unix seconds, its raw header text, and `now - timestamp` in seconds. */
  timestamp?: number
  timestampText?: string
  ageSec?: number
  toleranceSec?: number
  /** Message id that was signed (Standard Webhooks, custom `{id}`). */
  id?: string
}

/** The outcome of verifying one request. Serialisable: no Buffers. */
export interface VerificationResult {
  verdict: Verdict
  /** One human sentence saying what happened. */
  reason: string
  /** Label of the secret that matched, else `#n` (1-based position in the secrets list). */
  matchedSecret?: string
  details: VerificationDetails
  /** Filled when the verdict is `invalid` (and for a timestamp sent in the wrong unit, or a signature header sent twice). */
  diagnosis?: Diagnosis
}

/** A scheme with its options applied: what is signed, how, and where it travels. */
export interface SchemeDescription {
  scheme: SigningSchemeId
  signatureHeader: string
  prefix: string
  algorithm: HashAlgorithm
  encoding: SignatureEncoding
  secretFormat: SecretFormat
  /** Signed-content template, e.g. `{timestamp}.{body}`. */
  template: string
  idHeader?: string
  timestampHeader?: string
  timestampFormat?: TimestampFormat
  toleranceSec?: number
  /** One signature per live secret during a rotation overlap. */
  multiSignature: boolean
  /** An older header sent alongside (GitHub's `X-Hub-Signature`). */
  legacyHeader?: string
}
