/** Sender-specific formatting. Plain text only. */

import { formatSeconds } from '../../../src-shared/durations'

export { formatSeconds }

/**
 * How a delivery is attempted: "sent at once, then retried after 5 s, 30 s, 2 min, 10 min", or
 * "sent once, no automatic retry" for an empty schedule. The first send is not a retry.
 */
export function retryScheduleText(schedule: number[]): string {
  if (!schedule.length) return 'sent once, no automatic retry'
  return `sent at once, then retried after ${schedule.map(formatSeconds).join(', ')}`
}

export function percent(rate: number | null | undefined): string {
  if (rate == null) return '—'
  const p = rate * 100
  return `${p >= 99.95 || p === 0 ? p.toFixed(0) : p.toFixed(1)}%`
}

/** How late an attempt started compared with its schedule, e.g. "+12 ms", "on time". */
export function lateness(scheduledAt: string, startedAt: string): string {
  const ms = new Date(startedAt).getTime() - new Date(scheduledAt).getTime()
  if (Math.abs(ms) < 1) return 'on time'
  const abs = Math.abs(ms)
  const text = abs < 1000 ? `${Math.round(abs)} ms` : formatSeconds(abs / 1000)
  return ms > 0 ? `+${text} late` : `${text} early`
}

/** Seconds until an ISO time, negative when past; `now` on the engine's clock (useEngineNow). */
export const secondsUntil = (iso: string, now: number) => (new Date(iso).getTime() - now) / 1000

/** "in 28 s", "in 2 min", "due now"; `now` on the engine's clock (useEngineNow), as the times it schedules. */
export function countdown(iso: string | null | undefined, now: number): string {
  if (!iso) return '—'
  const s = secondsUntil(iso, now)
  if (s <= 0.5) return 'due now'
  return `in ${formatSeconds(Math.ceil(s))}`
}

/** The reason phrase of common HTTP statuses, for the attempt timeline. */
const REASONS: Record<number, string> = {
  200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found',
  304: 'Not Modified', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found',
  405: 'Method Not Allowed', 408: 'Request Timeout', 409: 'Conflict', 410: 'Gone', 413: 'Payload Too Large',
  415: 'Unsupported Media Type', 422: 'Unprocessable Entity', 429: 'Too Many Requests', 500: 'Internal Server Error',
  501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
}
export const httpReason = (status: number) => REASONS[status] ?? ''

/** Network error codes of an attempt, in words. */
const ERRORS: Record<string, string> = {
  refused: 'Connection refused',
  dns: 'DNS lookup failed',
  tls: 'TLS handshake failed',
  timeout: 'Timed out',
  reset: 'Connection reset',
  aborted: 'Aborted',
  invalid_url: 'Invalid URL',
  interrupted: 'Interrupted (engine stopped)',
  signing: 'Could not sign',
  other: 'Network error',
}
export const errorLabel = (code: string) => ERRORS[code] ?? code

/**
 * An attempt's network error beside its label, without saying the label again: "connection refused:
 * nothing listens there (…)" under a "Connection refused" badge reads "nothing listens there (…)".
 */
export function errorDetail(error: { code: string; message: string }): string {
  const label = `${errorLabel(error.code)}: `
  return error.message.toLowerCase().startsWith(label.toLowerCase()) ? error.message.slice(label.length) : error.message
}
