import type { Analysis, BodyProblem } from '../../../src-shared/api/requests'
import type { SigningOptions, SigningSchemeId, SigningSecret, VerificationDetails, VerificationResult } from '../../../src-shared/signing-schemes'
import { verifySignature } from '../signing'
import type { CidrRule } from '../http/ip'
import { matchAllowlist } from './allowlist'
import { codingsOf, decodeSync, isUtf8 } from '../http/decode'

/**
 * Analysis of one captured request: signature verdict (signing module), event id / type /
 * time / object from the common envelopes and headers, and body problems. Pure and cheap:
 * it runs on the capture hot path. The parts that compare with earlier requests (duplicate,
 * out of order) are filled in by the write queue, inside the transaction that stores the row.
 * Explaining a mismatch costs far more than the verdict (it re-hashes the body a dozen ways),
 * so above `diagnoseUpTo` bytes only the verdict is computed here; the diagnosis is marked
 * pending and computed when the request is first read (diagnosis.ts).
 */

/** How an inbox verifies, resolved (profile applied). Null: it verifies nothing. */
export interface ResolvedVerification {
  profileId: string | null
  scheme: SigningSchemeId
  options: SigningOptions
  secrets: SigningSecret[]
}

export interface RequestFacts {
  method: string
  headers: readonly (readonly [string, string])[]
  body: Buffer
  remoteAddress: string
}

/** Everything but the history-relative flags. */
export interface PreAnalysis {
  analysis: Omit<Analysis, 'duplicate' | 'duplicateOf' | 'outOfOrder' | 'outOfOrderAfter'>
  /** Epoch ms of the event, for the out-of-order check. */
  eventTimeMs: number | null
  /** The parsed JSON body (decoded when compressed), for response templates. */
  json: unknown
  contentType: string | null
  contentEncoding: string | null
}

/**
 * Bodies up to this size are diagnosed at capture. A mismatch's diagnosis takes ~2 ms for
 * 1 KB of JSON, ~15 ms for 5 KB, ~50 ms for 20 KB and seconds for a few MB, on the loop both
 * planes share; most webhook payloads are a few KB.
 */
export const DIAGNOSE_AT_CAPTURE_MAX_BYTES = 4 * 1024

/** Imports and re-analyses diagnose only bodies this small: a batch of mismatches would hold the loop. */
export const DIAGNOSE_IN_BULK_MAX_BYTES = 1024

const NOT_CONFIGURED_REASON = 'This inbox verifies nothing: give it a profile or a scheme and the secret to check signatures.'

/** Checks a request's signature with an inbox's resolved verification. Throws SigningConfigError. */
export function verifyAgainst(
  v: ResolvedVerification,
  req: Pick<RequestFacts, 'body' | 'headers'>,
  now: number,
  diagnose = true,
): VerificationResult {
  return verifySignature({ scheme: v.scheme, options: v.options, secrets: v.secrets, body: req.body, headers: req.headers, now, diagnose })
}

/** Analyses one request against an inbox's verification and allowlist. */
export function analyzeRequest(
  req: RequestFacts,
  verification: ResolvedVerification | null,
  allowlist: CidrRule[] | null,
  /** What signature timestamps are judged against: wall-clock time (clock.wallNow()), or the receipt time of an import. */
  now: number,
  verificationProblem: string | null = null,
  /** Diagnose a mismatch now for bodies up to this many bytes; above, the diagnosis is left pending. */
  diagnoseUpTo = DIAGNOSE_AT_CAPTURE_MAX_BYTES,
): PreAnalysis {
  const contentType = header(req.headers, 'content-type')
  const contentEncoding = header(req.headers, 'content-encoding')
  const body = inspectBody(req.method, req.body, contentType, contentEncoding)

  let verdict: Omit<VerificationResult, 'details'> & { details: VerificationDetails | null }
  if (!verification) {
    verdict = { verdict: 'not_configured', reason: verificationProblem ?? NOT_CONFIGURED_REASON, details: null }
  } else {
    try {
      verdict = verifyAgainst(verification, req, now, req.body.length <= diagnoseUpTo)
    } catch (err) {
      // The configuration was validated when it was saved; a secret that became unusable is reported, not thrown.
      verdict = { verdict: 'no_secret', reason: (err as Error).message, details: null }
    }
  }

  const ev = extractEvent(req.headers, body.json)
  let allow: Analysis['allowlist'] = null
  if (allowlist) {
    const rule = matchAllowlist(allowlist, req.remoteAddress)
    allow = { matched: rule !== null, rule: rule?.text ?? null }
  }
  const dedupKey = ev.eventId ?? (ev.eventType && ev.eventTime !== null && ev.objectId ? `${ev.eventType}@${new Date(ev.eventTime).toISOString()}#${ev.objectId}` : null)

  return {
    analysis: {
      verdict: verdict.verdict,
      reason: verdict.reason,
      diagnosis: verdict.diagnosis ?? null,
      ...(verdict.verdict === 'invalid' && !verdict.diagnosis ? { diagnosisPending: true } : {}),
      matchedSecret: verdict.matchedSecret ?? null,
      scheme: verification?.scheme ?? null,
      profileId: verification?.profileId ?? null,
      details: verdict.details ?? null,
      eventId: ev.eventId,
      eventIdSource: ev.eventIdSource,
      eventType: ev.eventType,
      eventTypeSource: ev.eventTypeSource,
      eventTime: ev.eventTime === null ? null : new Date(ev.eventTime).toISOString(),
      eventTimeSource: ev.eventTimeSource,
      objectId: ev.objectId,
      objectIdSource: ev.objectIdSource,
      dedupKey,
      problems: body.problems,
      allowlist: allow,
      analyzedAt: new Date(now).toISOString(),
    },
    eventTimeMs: ev.eventTime,
    json: body.json,
    contentType,
    contentEncoding,
  }
}

export function header(headers: readonly (readonly [string, string])[], name: string): string | null {
  for (const [n, v] of headers) if (n.length === name.length && n.toLowerCase() === name) return v
  return null
}

// ---------------------------------------------------------------------------------------------
// Body

interface BodyFacts {
  json: unknown
  problems: BodyProblem[]
  /** The decoded bytes ([] when they could not be decoded). */
  bytes: Buffer
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json$|^text\/json$/
const FORM_TYPE = 'application/x-www-form-urlencoded'

function mediaType(contentType: string | null): { mime: string; charset: string | null } | null {
  if (!contentType) return null
  const [mime, ...params] = contentType.split(';')
  const charset = params.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith('charset='))
  return { mime: mime!.trim().toLowerCase(), charset: charset ? charset.slice(8).replace(/"/g, '') : null }
}

function inspectBody(method: string, raw: Buffer, contentType: string | null, contentEncoding: string | null): BodyFacts {
  const problems: BodyProblem[] = []
  let bytes = raw
  const codings = codingsOf(contentEncoding)
  if (codings && raw.length > 0) {
    const decoded = decodeSync(raw, codings)
    if (!decoded.ok) {
      problems.push(
        decoded.tooLarge
          ? { code: 'decoded_too_large', message: `The ${contentEncoding} body ${decoded.error}; the decoded view is cut and the content was not analysed.` }
          : { code: 'decode_failed', message: `Content-Encoding is ${contentEncoding} but the body ${decoded.error.replace(/^.*?does not decode/, 'does not decode')}.` },
      )
      return { json: undefined, problems, bytes: Buffer.alloc(0) }
    }
    bytes = decoded.bytes
  }

  const type = mediaType(contentType)
  if (bytes.length === 0) {
    if (type && JSON_TYPE.test(type.mime) && (method === 'POST' || method === 'PUT' || method === 'PATCH')) {
      problems.push({ code: 'empty_body', message: `The ${method} has Content-Type ${type.mime} but an empty body.` })
    }
    return { json: undefined, problems, bytes }
  }
  if (!type) {
    problems.push({ code: 'missing_content_type', message: 'The request has a body but no Content-Type header; receivers cannot tell how to parse it.' })
  }

  const utf8Charset = !type?.charset || type.charset === 'utf-8' || type.charset === 'utf8'
  const isJsonType = type !== null && JSON_TYPE.test(type.mime)
  const first = firstNonSpace(bytes)
  const looksJson = first === 0x7b || first === 0x5b // { or [
  const textual = isJsonType || (type !== null && (type.mime.startsWith('text/') || type.mime === FORM_TYPE || type.mime.endsWith('+xml') || type.mime === 'application/xml'))

  let json: unknown
  let parsed = false
  let valid: boolean | undefined
  if (isJsonType || looksJson || !type) {
    valid = isUtf8(bytes)
    if (valid) {
      try {
        json = JSON.parse(bytes.toString('utf8'))
        parsed = true
      } catch (err) {
        if (isJsonType) {
          const hint = looksLikeForm(bytes) ? ' It looks like form data (a=1&b=2): send JSON, or Content-Type application/x-www-form-urlencoded.' : ''
          // V8 would quote the invisible mark itself: name it instead.
          const why = hasByteOrderMark(bytes) ? 'it starts with a UTF-8 byte order mark (EF BB BF), which JSON does not allow; send it without one' : (err as Error).message
          problems.push({ code: 'invalid_json', message: `Content-Type is ${type!.mime} but the body is not valid JSON: ${why}.${hint}` })
          if (hint) problems.push({ code: 'content_type_mismatch', message: `The body is form data but Content-Type says ${type!.mime}.` })
        }
      }
    } else if (isJsonType) {
      problems.push({ code: 'invalid_utf8', message: `Content-Type is ${type!.mime} but the body is not well-formed UTF-8, which JSON requires.` })
      problems.push({ code: 'invalid_json', message: `Content-Type is ${type!.mime} but the body cannot be JSON: it is not UTF-8 text.` })
    }
  }
  if (textual && !isJsonType && utf8Charset && (valid ?? isUtf8(bytes)) === false) {
    problems.push({ code: 'invalid_utf8', message: `Content-Type is ${type!.mime}${type!.charset ? `; charset=${type!.charset}` : ''} but the body is not well-formed UTF-8.` })
  }
  if (parsed && type && !isJsonType && looksJson) {
    problems.push({ code: 'content_type_mismatch', message: `The body is JSON but Content-Type says ${type.mime}; send Content-Type: application/json.` })
  }
  if (!parsed) json = type?.mime === FORM_TYPE && isUtf8(bytes) ? Object.fromEntries(new URLSearchParams(bytes.toString('utf8'))) : undefined
  return { json, problems, bytes }
}

function firstNonSpace(bytes: Buffer): number | undefined {
  for (let i = 0; i < bytes.length && i < 64; i++) {
    const b = bytes[i]!
    if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09 && b !== 0xef && b !== 0xbb && b !== 0xbf) return b
  }
  return undefined
}

function looksLikeForm(bytes: Buffer): boolean {
  return /^[\w.%+-]+=[^&]*(&[\w.%+-]+=[^&]*)*$/.test(bytes.subarray(0, 4096).toString('latin1').trim())
}

// ---------------------------------------------------------------------------------------------
// Event envelope

interface EventFacts {
  eventId: string | null
  eventIdSource: string | null
  eventType: string | null
  eventTypeSource: string | null
  eventTime: number | null
  eventTimeSource: string | null
  objectId: string | null
  objectIdSource: string | null
}

/** Headers that carry an event (message) id, the same on every retry of one event. */
const ID_HEADERS = ['webhook-id', 'svix-id', 'x-github-delivery', 'x-event-id', 'x-webhook-event-id', 'x-message-id', 'idempotency-key', 'x-idempotency-key']
/** Headers that carry the event type. `X-Webhook-ID` is the endpoint (TaskHub), not the event. */
const TYPE_HEADERS = ['x-github-event', 'x-webhook-event', 'x-event-type', 'x-event-name', 'x-shopify-topic', 'x-gitlab-event', 'webhook-event']
const TYPE_HEADER_PATTERN = /^x-[a-z0-9-]+-(?:event|topic)$/
/** A body field by its dotted name, split once (the lookups run for every capture). */
const fields = (names: string[]) => names.map((name) => ({ name, path: name.split('.') }))
const ID_FIELDS = fields(['event_id', 'eventId', 'event.id', 'meta.event_id', 'metadata.event_id'])
const TYPE_FIELDS = fields(['type', 'event', 'event_type', 'eventType', 'topic', 'event.type'])
const TIME_FIELDS = fields(['created_at', 'createdAt', 'timestamp', 'created', 'occurred_at', 'occurredAt', 'event_time', 'time'])
/** The object an event is about: Stripe nests it under data.object; most envelopes use data. */
const OBJECT_FIELDS = fields(['data.object.id', 'data.id', 'object.id', 'resource.id', 'payload.id'])
/** A top-level `id` is the event's only when the body is an envelope, not the object itself. */
const ENVELOPE_MARKERS = ['type', 'event', 'event_type', 'eventType', 'data', 'object']

export function extractEvent(headers: readonly (readonly [string, string])[], json: unknown): EventFacts {
  const out: EventFacts = {
    eventId: null,
    eventIdSource: null,
    eventType: null,
    eventTypeSource: null,
    eventTime: null,
    eventTimeSource: null,
    objectId: null,
    objectIdSource: null,
  }
  const lower = new Map<string, string>()
  for (const [n, v] of headers) {
    const k = n.toLowerCase()
    if (!lower.has(k)) lower.set(k, v)
  }
  for (const h of ID_HEADERS) {
    const v = lower.get(h)?.trim()
    if (v) {
      out.eventId = v
      out.eventIdSource = `header ${h}`
      break
    }
  }
  for (const h of TYPE_HEADERS) {
    const v = lower.get(h)?.trim()
    if (v) {
      out.eventType = v
      out.eventTypeSource = `header ${h}`
      break
    }
  }
  if (!out.eventType) {
    for (const [k, v] of lower) {
      if (TYPE_HEADER_PATTERN.test(k) && v.trim() && !k.includes('signature')) {
        out.eventType = v.trim()
        out.eventTypeSource = `header ${k}`
        break
      }
    }
  }

  const obj = json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : null
  if (obj) {
    if (!out.eventId) {
      const isEnvelope = ENVELOPE_MARKERS.some((m) => m in obj)
      const top = isEnvelope ? scalar(obj.id) : null
      if (top) {
        out.eventId = top
        out.eventIdSource = 'body.id'
      } else {
        for (const f of ID_FIELDS) {
          const v = scalar(at(obj, f.path))
          if (v) {
            out.eventId = v
            out.eventIdSource = `body.${f.name}`
            break
          }
        }
      }
    }
    if (!out.eventType) {
      for (const f of TYPE_FIELDS) {
        const v = at(obj, f.path)
        if (typeof v === 'string' && v.trim()) {
          out.eventType = v.trim()
          out.eventTypeSource = `body.${f.name}`
          break
        }
      }
    }
    for (const f of TIME_FIELDS) {
      const t = parseTime(at(obj, f.path))
      if (t !== null) {
        out.eventTime = t
        out.eventTimeSource = `body.${f.name}`
        break
      }
    }
    for (const f of OBJECT_FIELDS) {
      const v = scalar(at(obj, f.path))
      if (v) {
        out.objectId = v
        out.objectIdSource = `body.${f.name}`
        break
      }
    }
  }
  return out
}

function at(obj: Record<string, unknown>, path: readonly string[]): unknown {
  let v: unknown = obj
  for (const key of path) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined
    v = (v as Record<string, unknown>)[key]
  }
  return v
}

function scalar(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() ? v.trim().slice(0, 500) : null
  if (typeof v === 'number' && Number.isFinite(v)) return String(v)
  return null
}

/** Unix seconds, unix milliseconds (both from 2001 on), or an ISO 8601 string; null for anything else. */
export function parseTime(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) {
    if (v >= 1e9 && v < 1e11) return Math.round(v * 1000)
    if (v >= 1e12 && v < 1e14) return Math.round(v)
    return null
  }
  if (typeof v === 'string') {
    const s = v.trim()
    if (/^\d{10,13}(\.\d+)?$/.test(s)) return parseTime(Number(s))
    if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(s)) {
      const ms = Date.parse(s)
      return Number.isNaN(ms) ? null : ms
    }
  }
  return null
}

const hasByteOrderMark = (bytes: Buffer): boolean => bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
