import type { Attempt, Delivery } from '../../../src-shared/api/deliveries'
import type { RequestDetail } from '../../../src-shared/api/requests'
import { bodyAsText, fromBase64, headerValue, wireBytes } from './body'

/**
 * Flat CSV: one row per captured request, or one row per delivery attempt (a delivery that
 * has not been attempted yet is one row with empty attempt columns). Headers are a JSON array
 * of [name, value] pairs; bodies are UTF-8 text, or base64 when not text (see *_encoding).
 * A text cell that begins with =, +, -, @, a tab or a CR is written with one apostrophe before
 * it, so a spreadsheet shows it instead of running it as a formula (the text may come from
 * anyone who can reach an inbox): drop that apostrophe to get the exact text back, or take the
 * NDJSON or JSON export, which is exact. The column lists below are the documentation (README
 * links here).
 */
export interface CsvColumn<T> {
  name: string
  description: string
  value: (row: T) => string | number | boolean | null
}

const body = (bytes: Buffer) => bodyAsText(bytes)

export const REQUEST_CSV_COLUMNS: CsvColumn<RequestDetail>[] = [
  { name: 'id', description: 'request id', value: (r) => r.id },
  { name: 'inbox_id', description: 'inbox id', value: (r) => r.inboxId },
  { name: 'received_at', description: 'ISO 8601 UTC', value: (r) => r.receivedAt },
  { name: 'method', description: 'HTTP method', value: (r) => r.method },
  { name: 'path', description: 'full path as received, slug included', value: (r) => r.path },
  { name: 'query', description: 'raw query string without ?', value: (r) => r.query },
  { name: 'remote_address', description: 'sender address', value: (r) => r.remoteAddress },
  { name: 'content_type', description: 'Content-Type header', value: (r) => r.contentType },
  { name: 'size', description: 'body size in bytes as received', value: (r) => r.size },
  { name: 'verdict', description: 'signature verdict', value: (r) => r.analysis.verdict },
  { name: 'reason', description: 'verdict sentence', value: (r) => r.analysis.reason },
  { name: 'diagnosis', description: 'diagnosis code when the signature does not match (or a warning on one that matches: header_repeated)', value: (r) => r.analysis.diagnosis?.code ?? null },
  { name: 'event_type', description: 'event type found in the envelope or headers', value: (r) => r.analysis.eventType },
  { name: 'event_id', description: 'event id found in the envelope or headers', value: (r) => r.analysis.eventId },
  { name: 'duplicate', description: 'the event id was already received by this inbox', value: (r) => r.analysis.duplicate },
  { name: 'out_of_order', description: 'older than an event already received for the same object', value: (r) => r.analysis.outOfOrder },
  { name: 'problems', description: 'body problem codes, space-separated', value: (r) => r.problems.join(' ') },
  { name: 'response_status', description: 'status the inbox answered (empty when it hung)', value: (r) => r.response?.status ?? null },
  { name: 'headers', description: 'JSON array of [name, value] in received order', value: (r) => JSON.stringify(r.headers) },
  { name: 'body_encoding', description: 'utf8 or base64', value: (r) => body(fromBase64(r.bodyBase64)).encoding },
  { name: 'body', description: 'the body bytes as text or base64', value: (r) => body(fromBase64(r.bodyBase64)).text },
]

export interface AttemptRow {
  delivery: Delivery
  attempt: Attempt | null
}

export const ATTEMPT_CSV_COLUMNS: CsvColumn<AttemptRow>[] = [
  { name: 'delivery_id', description: 'delivery id', value: ({ delivery }) => delivery.id },
  { name: 'delivery_status', description: 'pending, succeeded, failed or held', value: ({ delivery }) => delivery.status },
  { name: 'event_id', description: 'event id', value: ({ delivery }) => delivery.eventId },
  { name: 'event_type', description: 'event type', value: ({ delivery }) => delivery.eventType },
  { name: 'profile_id', description: 'provider profile', value: ({ delivery }) => delivery.profileId },
  { name: 'webhook_id', description: 'webhook id', value: ({ delivery }) => delivery.webhookId },
  { name: 'webhook_name', description: 'webhook name', value: ({ delivery }) => delivery.webhookName },
  { name: 'attempt', description: 'attempt number, 1-based (empty: not attempted yet)', value: ({ attempt }) => attempt?.n ?? null },
  { name: 'trigger', description: 'what started the attempt', value: ({ attempt }) => attempt?.trigger ?? null },
  { name: 'outcome', description: 'attempt outcome', value: ({ attempt }) => attempt?.outcome ?? null },
  { name: 'scheduled_at', description: 'when the schedule wanted it (ISO 8601)', value: ({ attempt }) => attempt?.scheduledAt ?? null },
  { name: 'started_at', description: 'when it was sent (ISO 8601)', value: ({ attempt }) => attempt?.startedAt ?? null },
  { name: 'duration_ms', description: 'milliseconds until the response (or the error)', value: ({ attempt }) => attempt?.durationMs ?? null },
  { name: 'method', description: 'HTTP method sent', value: ({ attempt }) => attempt?.request.method ?? null },
  { name: 'url', description: 'URL sent to', value: ({ attempt, delivery }) => attempt?.request.url ?? delivery.url },
  { name: 'response_status', description: 'HTTP status received (empty on a network error)', value: ({ attempt }) => attempt?.response?.status ?? null },
  { name: 'error_code', description: 'network error code: refused, dns, tls, timeout, reset…', value: ({ attempt }) => attempt?.error?.code ?? null },
  { name: 'error_message', description: 'network error sentence', value: ({ attempt }) => attempt?.error?.message ?? null },
  { name: 'request_headers', description: 'JSON array of [name, value] as sent', value: ({ attempt }) => (attempt ? JSON.stringify(attempt.request.headers) : null) },
  { name: 'signature', description: 'the signature header(s) sent', value: ({ attempt }) => (attempt ? signatureHeaders(attempt.request.headers) : null) },
  { name: 'request_body_encoding', description: 'utf8 or base64', value: ({ attempt }) => (attempt ? body(wireBytes(attempt.request)).encoding : null) },
  { name: 'request_body', description: 'the exact body sent', value: ({ attempt }) => (attempt ? body(wireBytes(attempt.request)).text : null) },
  { name: 'response_headers', description: 'JSON array of [name, value] received', value: ({ attempt }) => (attempt?.response ? JSON.stringify(attempt.response.headers) : null) },
  { name: 'response_body_encoding', description: 'utf8 or base64', value: ({ attempt }) => (attempt?.response ? body(wireBytes(attempt.response)).encoding : null) },
  { name: 'response_body', description: 'the response body (first 64 KiB)', value: ({ attempt }) => (attempt?.response ? body(wireBytes(attempt.response)).text : null) },
]

const SIGNATURE_HEADER = /signature|x-hub-signature|hmac/i
function signatureHeaders(headers: [string, string][]): string {
  return headers.filter(([n]) => SIGNATURE_HEADER.test(n)).map(([n, v]) => `${n}: ${v}`).join('\n') || (headerValue(headers, 'webhook-signature') ?? '')
}

export function attemptRows(d: Delivery): AttemptRow[] {
  return d.attempts.length ? d.attempts.map((attempt) => ({ delivery: d, attempt })) : [{ delivery: d, attempt: null }]
}
