/** Rows → API shapes of the sender (src-shared/api/*). */
import type { Attempt, DeliverySummary } from '../../../src-shared/api/deliveries'
import type { AttemptRow, DeliveryRow } from '../db/deliveries-repo'
import { iso, isoAt } from './context'

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** Bytes for the wire format of the API: UTF-8 text when they decode, else base64. */
export function wireBody(bytes: Buffer | null, size = bytes?.length ?? 0) {
  const buf = bytes ?? Buffer.alloc(0)
  let body: string
  let bodyEncoding: 'utf8' | 'base64' = 'utf8'
  try {
    body = utf8.decode(buf)
  } catch {
    body = buf.toString('base64')
    bodyEncoding = 'base64'
  }
  return { body, bodyEncoding, size, truncated: size > buf.length }
}

export function toDeliverySummary(d: DeliveryRow): DeliverySummary {
  return {
    id: d.id,
    eventId: d.eventId,
    eventType: d.eventType,
    profileId: d.profileId,
    webhookId: d.webhookId,
    webhookName: d.webhookName,
    url: d.webhookUrl,
    status: d.status,
    test: d.test,
    attemptCount: d.attemptCount,
    nextAttemptAt: d.status === 'pending' ? iso(d.nextAttemptAt) : null,
    lastAttemptAt: iso(d.lastAttemptAt),
    lastResponseStatus: d.lastStatus,
    lastDurationMs: d.lastDurationMs,
    lastError: d.lastErrorCode ? { code: d.lastErrorCode, message: d.lastErrorMessage ?? '' } : null,
    heldReason: d.status === 'held' ? d.heldReason : null,
    heldAt: d.status === 'held' ? iso(d.heldAt) : null,
    createdAt: isoAt(d.createdAt),
    finishedAt: d.status === 'succeeded' || d.status === 'failed' ? iso(d.finishedAt) : null,
  }
}

export function toAttempt(a: AttemptRow, deliveryBody: Buffer): Attempt {
  const requestBody = a.requestBody ?? deliveryBody
  return {
    n: a.n,
    trigger: a.trigger,
    outcome: a.outcome,
    scheduledAt: isoAt(a.scheduledAt),
    startedAt: isoAt(a.startedAt),
    finishedAt: iso(a.finishedAt),
    durationMs: a.durationMs,
    request: { method: a.requestMethod, url: a.requestUrl, headers: a.requestHeaders, ...wireBody(requestBody) },
    response:
      a.responseStatus === null
        ? null
        : { status: a.responseStatus, headers: a.responseHeaders ?? [], ...wireBody(a.responseBody, a.responseSize ?? a.responseBody?.length ?? 0) },
    error: a.errorCode ? { code: a.errorCode, message: a.errorMessage ?? '' } : null,
    nextAttemptAt: iso(a.nextAttemptAt),
  }
}
