import type { ForwardResult, RequestForwardedEvent } from '../../../src-shared/api/requests'
import { REQUEST_TOPICS } from '../../../src-shared/api/requests'
import { forwardUrl, withoutCredentials } from '../../../src-shared/http-url'
import { withoutHopByHop, type HeaderPair } from '../http/outbound'
import { newId } from '../ids'
import { track, type ReceiverCore } from './core'

/**
 * Forwarding: after a capture is committed, its exact bytes go to each target of the inbox
 * (method, path suffix and query appended, headers minus hop-by-hop). Each result is recorded
 * on its own; a dead target only records an error, and never delays capture or the answer
 * (unless the inbox answers with the forward's response).
 */

/** Forwarded response bodies kept for the inspector. */
export const FORWARD_BODY_LIMIT = 1024 * 1024

export interface ForwardSource {
  seq: number
  requestId: string
  inboxId: string
  method: string
  pathSuffix: string
  query: string
  headers: HeaderPair[]
  body: Buffer
}

/** A forward about to go: the URL it goes to, and its result as recorded (with no password). */
export interface PendingForward {
  url: string
  result: ForwardResult
}

export function pendingForward(target: string, src: Pick<ForwardSource, 'pathSuffix' | 'query'>, now: number): PendingForward {
  let url: string
  try {
    url = forwardUrl(target, src.pathSuffix, src.query)
  } catch {
    url = target
  }
  const result: ForwardResult = { id: newId('fwd', now), url: withoutCredentials(url), target: withoutCredentials(target), state: 'pending', startedAt: null, durationMs: null, response: null, error: null }
  return { url, result }
}

/** Sends one forward and records its result; resolves with the result (never rejects). */
export function runForward(core: ReceiverCore, src: ForwardSource, forward: PendingForward, timeoutMs: number): Promise<ForwardResult> {
  const pending = forward.result
  const { ctx, http } = core
  const startedAt = new Date(ctx.clock.now()).toISOString()
  const work = (async (): Promise<ForwardResult> => {
    const outcome = await http.send({
      method: src.method,
      url: forward.url,
      headers: withoutHopByHop(src.headers),
      body: src.body.length > 0 ? src.body : undefined,
      timeoutMs,
      maxResponseBytes: FORWARD_BODY_LIMIT,
      signal: core.shutdown.signal,
    })
    const result: ForwardResult = outcome.ok
      ? {
          ...pending,
          state: 'done',
          startedAt,
          durationMs: outcome.durationMs,
          response: {
            status: outcome.response.status,
            headers: outcome.response.headers,
            bodyBase64: outcome.response.body.toString('base64'),
            bodyTruncated: outcome.response.truncated,
          },
        }
      : { ...pending, state: 'error', startedAt, durationMs: outcome.durationMs, error: outcome.error }
    try {
      await core.queue.enqueue(() => core.requests.updateForward(pending.id, JSON.stringify(result)))
    } catch {
      // shutting down: the row stays pending and is marked interrupted on the next start
    }
    const event: RequestForwardedEvent = { requestId: src.requestId, inboxId: src.inboxId, forward: result }
    ctx.events.emit(REQUEST_TOPICS.forwarded, event)
    return result
  })()
  return track(core, work)
}

/** Marks forwards left pending by a crash as interrupted. */
export function sweepInterruptedForwards(core: ReceiverCore): void {
  const rows = core.requests.pendingForwards()
  if (rows.length === 0) return
  core.ctx.db.transaction(() => {
    for (const row of rows) {
      const result = JSON.parse(row.result) as ForwardResult
      if (result.state !== 'pending') continue
      const done: ForwardResult = { ...result, state: 'error', error: { code: 'aborted', message: 'Hookbench stopped before this forward finished.' } }
      core.requests.updateForward(row.id, JSON.stringify(done))
    }
  })()
}
