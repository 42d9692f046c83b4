/**
 * Replay: resend captured bytes (or a delivery attempt's bytes) to any URL. Same method,
 * headers minus hop-by-hop and Host, exact body; optionally edited, given a new event id, and
 * re-signed with a fresh timestamp (an old Stripe or Standard Webhooks signature fails the
 * receiver's tolerance, so a faithful replay must be re-signed). Every replay is stored with
 * the request sent and the response, linked to its source.
 */
import type { BulkReplayInput, BulkReplayJob, Replay, ReplayInput, Resign, ResendInput } from '../../../src-shared/api/replay'
import { REPLAY_TOPICS } from '../../../src-shared/api/replay'
import { SIGNING_SCHEMES, type SchemeDescription, type SigningOptions, type SigningSchemeId } from '../../../src-shared/signing-schemes'
import { httpUrlProblem } from '../../../src-shared/http-url'
import type { EngineContext } from '../context'
import { createReplaysRepo, type ReplayRow } from '../db/replays-repo'
import { EngineError, badRequest, notFound } from '../errors'
import { wireHeaders, withoutHopByHop, withUrlCredentials, type HeaderPair, type OutboundClient } from '../http/outbound'
import { newId } from '../ids'
import type { Receiver } from '../receiver'
import type { Sender } from '../sender'
import { describeScheme, isSchemeId, signRequest, SigningConfigError, validateSigningConfig } from '../signing'
import { bodyAsText, headerValue, isBase64, wireBytes } from '../export/body'
import { headerNameProblem, headerValueProblem } from '../http/header-syntax'
import { formatTimestamp } from '../catalog/envelope'
import { carriedSignatureHeaders, freshEventId, replaceEventId, withoutHeaders, type SignatureHeaderNames } from './rewrite'

const DEFAULT_TIMEOUT_MS = 30_000
const STORED_RESPONSE_BYTES = 64 * 1024

export interface Replayer {
  replayRequest(requestId: string, input: ReplayInput): Promise<Replay>
  listReplays(sourceKind: 'request' | 'attempt', sourceId: string, cursor: string | null, limit: number): { items: Replay[]; nextCursor: string | null }
  resendDelivery(deliveryId: string, input: ResendInput): Promise<Replay>
  /** Resends of any attempt of a delivery (source ids `<deliveryId>#<n>`), newest first. */
  listAttemptReplays(deliveryId: string, cursor: string | null, limit: number): { items: Replay[]; nextCursor: string | null }
  startBulk(input: BulkReplayInput): BulkReplayJob
  getBulk(id: string): BulkReplayJob
  stopBulk(id: string): BulkReplayJob
  stop(): Promise<void>
}

interface Outgoing {
  method: string
  url: string
  headers: HeaderPair[]
  body: Buffer
  eventId: string | null
  /** Where the event id sits, as the analysis found it (`header webhook-id`, `body.id`...). */
  eventIdSource: string | null
  /** Whether the signature covers the event id; null: not known (guessed from the header's name). */
  signsId?: boolean | null
  /** The signing the source is known to carry (an inbox's own options), beside the profiles' and the schemes' defaults. */
  signing?: { scheme: SigningSchemeId; options: SigningOptions } | null
}

/** Headers that carry an id the signature covers, in the schemes that sign one (Standard Webhooks, Svix). */
const SIGNED_ID_HEADERS = new Set(['webhook-id', 'svix-id'])

export function createReplayer(ctx: EngineContext, deps: { http: OutboundClient; receiver: Receiver; sender: Sender }): Replayer {
  const repo = createReplaysRepo(ctx.db)
  const jobs = new Map<string, BulkReplayJob & { stopRequested: boolean; stop: AbortController; done: Promise<void> }>()
  /** Finished jobs kept for their summary; older ones are dropped. */
  const KEEP_FINISHED = 50
  const forget = () => {
    const finished = [...jobs.values()].filter((j) => j.state !== 'running')
    for (const j of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) jobs.delete(j.id)
  }

  function checkUrl(url: string, field = '/url'): void {
    const problem = httpUrlProblem(url)
    if (problem) throw badRequest('HB_ERR_REPLAY_URL', problem, field)
  }

  function signingOf(resign: Resign): { scheme: SigningSchemeId; options: SigningOptions; timestampHeader?: { name: string; format: 'unix' | 'iso' } } {
    if (resign.profileId && resign.scheme) throw badRequest('HB_ERR_REPLAY_RESIGN', 'Re-sign with a profile or with a scheme, not both: drop one of resign.profileId and resign.scheme.', '/resign')
    if (resign.profileId) {
      const profile = deps.sender.profiles.get(resign.profileId)
      if (!profile) throw badRequest('HB_ERR_REPLAY_RESIGN', `No profile "${resign.profileId}": pick one from GET /api/profiles.`, '/resign/profileId')
      return { scheme: profile.scheme, options: { ...(profile.signing as SigningOptions), ...(resign.options as SigningOptions) }, timestampHeader: profile.headers.timestamp }
    }
    if (!resign.scheme || !isSchemeId(resign.scheme)) throw badRequest('HB_ERR_REPLAY_RESIGN', 'Re-signing needs resign.profileId or resign.scheme.', '/resign')
    return { scheme: resign.scheme, options: (resign.options ?? {}) as SigningOptions }
  }

  /** A signing error about `resign`, at its field: the one secret given is `/resign/secret`. */
  function resignError(err: SigningConfigError): EngineError {
    const field = /^\/secrets(\/\d+)?$/.test(err.field ?? '') ? '/secret' : err.field?.startsWith('/options/') || err.field === '/scheme' ? err.field : ''
    return new EngineError(err.code, 400, err.message, `/resign${field}`)
  }

  /** Checks a re-signing before anything is sent: its profile or scheme, options and secret. */
  function checkResign(resign: Resign): void {
    const { scheme, options } = signingOf(resign)
    try {
      validateSigningConfig({ scheme, options, secrets: [resign.secret] })
    } catch (err) {
      throw err instanceof SigningConfigError ? resignError(err) : err
    }
  }

  /**
   * The signatures a request may carry: the source's own signing (an inbox's header name), each
   * profile's (Workestra's X-Workestra-Signature, TaskHub's timestamp header) and each scheme's defaults.
   */
  function knownSignatureHeaders(own: Outgoing['signing']): SignatureHeaderNames[] {
    const names = (d: SchemeDescription, profileTimestamp?: string): SignatureHeaderNames => ({
      signature: d.signatureHeader,
      legacy: d.legacyHeader,
      timestamps: [d.timestampHeader, profileTimestamp].filter((n): n is string => n !== undefined),
    })
    const out: SignatureHeaderNames[] = []
    for (const [scheme, options] of [...(own ? [[own.scheme, own.options] as const] : []), ...SIGNING_SCHEMES.map((s) => [s, {}] as const)]) {
      try {
        out.push(names(describeScheme(scheme, options)))
      } catch {
        // a scheme that needs options to sign at all has no default headers to look for
      }
    }
    for (const p of deps.sender.profiles.list()) out.push(names(p.signature, p.headers.timestamp?.name))
    return out
  }

  /** Edited headers and body must be sendable: a 400 naming the field, before anything goes out. */
  function checkEdits(input: Pick<ReplayInput, 'headers' | 'bodyBase64'>): void {
    input.headers?.forEach(([name, value], i) => {
      const nameProblem = headerNameProblem(name)
      if (nameProblem) throw badRequest('HB_ERR_REPLAY_HEADERS', nameProblem, `/headers/${i}/0`)
      const valueProblem = headerValueProblem(name, value)
      if (valueProblem) throw badRequest('HB_ERR_REPLAY_HEADERS', valueProblem, `/headers/${i}/1`)
    })
    if (input.bodyBase64 !== undefined && !isBase64(input.bodyBase64.replace(/\s+/g, ''))) {
      throw badRequest('HB_ERR_REPLAY_BODY', 'bodyBase64 is not base64 (A-Z, a-z, 0-9, + and /, padded with =): encode the body again, or leave bodyBase64 out to send the original.', '/bodyBase64')
    }
  }

  /** Applies the user's edits, a new event id and a new signature, in that order. */
  function prepare(base: Outgoing, input: Omit<ReplayInput, 'url'> & { url: string }): { out: Outgoing; resigned: boolean; warnings: string[] } {
    checkEdits(input)
    const warnings: string[] = []
    let headers = withoutHopByHop(input.headers ?? base.headers)
    let body = input.bodyBase64 !== undefined ? Buffer.from(input.bodyBase64, 'base64') : base.body
    let bodyChanged = input.bodyBase64 !== undefined && !body.equals(base.body)
    let signedIdChanged = false
    let eventId = base.eventId
    if (input.eventId === 'new') {
      if (!base.eventId) {
        warnings.push('No event id was found in the original request, so none was replaced.')
      } else {
        eventId = freshEventId(base.eventId)
        const replaced = replaceEventId(headers, body, base.eventId, eventId)
        const changedNames = replaced.headers.filter(([, v], i) => v !== headers[i]![1]).map(([n]) => n.toLowerCase())
        signedIdChanged = changedNames.length > 0 && (base.signsId ?? changedNames.some((n) => SIGNED_ID_HEADERS.has(n)))
        headers = replaced.headers
        body = replaced.body
        bodyChanged ||= replaced.changedBody
      }
    }
    let resigned = false
    if (input.resign) {
      const { scheme, options, timestampHeader } = signingOf(input.resign)
      // Wall time, not the engine clock: the receiver checks it against its own clock.
      const nowSec = Math.floor(ctx.clock.wallNow() / 1000)
      const idHeader = headerValue(headers, 'webhook-id')
      let signed
      try {
        signed = signRequest({ scheme, options, secrets: [input.resign.secret], body, id: idHeader ?? eventId ?? undefined, timestamp: nowSec })
      } catch (err) {
        throw err instanceof SigningConfigError ? resignError(err) : err
      }
      // The new signature replaces every one the request carried, of its own scheme or another
      // (an X-Hub-Signature-256 beside new webhook-* headers would contradict them); other headers stay.
      const replacedNames = [...carriedSignatureHeaders(headers, knownSignatureHeaders(base.signing)), ...signed.headers.map(([n]) => n)]
      if (timestampHeader) replacedNames.push(timestampHeader.name)
      headers = [...withoutHeaders(headers, replacedNames), ...signed.headers]
      if (timestampHeader) {
        headers.push([timestampHeader.name, String(formatTimestamp(nowSec * 1000, timestampHeader.format))])
      }
      resigned = true
    } else if (bodyChanged) {
      warnings.push('The body changed but was not re-signed, so the original signature no longer matches it: re-sign to send a valid one.')
    } else if (signedIdChanged) {
      // Standard Webhooks signs "id.timestamp.body": a new webhook-id alone breaks the signature.
      warnings.push('The event id header changed but the request was not re-signed, and the signature covers the id, so it no longer matches: re-sign to send a valid one.')
    }
    return { out: { method: (input.method ?? base.method).toUpperCase(), url: input.url, headers, body, eventId, eventIdSource: base.eventIdSource }, resigned, warnings }
  }

  async function send(
    kind: 'request' | 'attempt',
    sourceId: string,
    prepared: ReturnType<typeof prepare>,
    opts: { timeoutMs?: number; insecureTls?: boolean; bulkId?: string; signal?: AbortSignal },
  ): Promise<Replay> {
    const { out } = prepared
    const headers = withUrlCredentials(out.url, out.headers)
    const result = await deps.http.send({
      method: out.method,
      url: out.url,
      headers,
      body: out.body,
      timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      insecureTls: opts.insecureTls,
      maxResponseBytes: STORED_RESPONSE_BYTES,
      signal: opts.signal,
    })
    const row: ReplayRow = {
      id: newId('rpl', ctx.clock.now()),
      source_kind: kind,
      source_id: sourceId,
      bulk_id: opts.bulkId ?? null,
      created_at: ctx.clock.now(),
      method: out.method,
      url: out.url,
      // As sent, Host, Connection and Content-Length included, as a delivery attempt records them.
      request_headers: JSON.stringify(wireHeaders(out.method, out.url, headers, out.body.length)),
      request_body: out.body,
      response_status: result.ok ? result.response.status : null,
      response_headers: result.ok ? JSON.stringify(result.response.headers) : null,
      response_body: result.ok ? result.response.body : null,
      response_size: result.ok ? result.response.size : null,
      error_code: result.ok ? null : result.error.code,
      error_message: result.ok ? null : result.error.message,
      duration_ms: result.durationMs,
      resigned: prepared.resigned ? 1 : 0,
      event_id: out.eventId,
      warnings: JSON.stringify(prepared.warnings),
    }
    repo.insert(row)
    const replay = toReplay(row)
    ctx.events.emit(REPLAY_TOPICS.completed, replay)
    return replay
  }

  async function replayRequest(requestId: string, input: ReplayInput, bulk?: { id: string; signal: AbortSignal }): Promise<Replay> {
    checkUrl(input.url)
    // The bytes as received, not the detail view (which decodes, and may diagnose, for display).
    const prepared = prepare({ ...deps.receiver.getRequestAsReceived(requestId), url: '' }, input)
    return send('request', requestId, prepared, { timeoutMs: input.timeoutMs, insecureTls: input.insecureTls, bulkId: bulk?.id, signal: bulk?.signal })
  }

  /** The pause between two sends of a bulk replay, cut short when the job is stopped. */
  function sleepUnlessStopped(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const timer = ctx.clock.setTimeout(done, ms)
      function done() {
        ctx.clock.clearTimeout(timer)
        signal.removeEventListener('abort', done)
        resolve()
      }
      signal.addEventListener('abort', done, { once: true })
    })
  }

  /** The requests a bulk filter matches; a bad filter value is a 400 at its place in the body (`/filter/verdict/0`). */
  function matchingIds(inboxId: string, filter: NonNullable<BulkReplayInput['filter']>): string[] {
    try {
      return deps.receiver.matchingRequestIds(inboxId, filter)
    } catch (err) {
      if (err instanceof EngineError && err.statusCode === 400 && err.field) throw new EngineError(err.code, 400, err.message, `/filter${err.field}`)
      throw err
    }
  }

  function publish(job: BulkReplayJob) {
    ctx.events.emit(REPLAY_TOPICS.bulkProgress, publicJob(job))
  }

  return {
    replayRequest: (id, input) => replayRequest(id, input),

    listReplays: (kind, sourceId, cursor, limit) => pageOf(repo.ofSource(kind, sourceId, cursor, limit + 1), limit),

    listAttemptReplays(deliveryId, cursor, limit) {
      deps.sender.deliveries.get(deliveryId) // 404 for an unknown delivery
      return pageOf(repo.ofDelivery(deliveryId, cursor, limit + 1), limit)
    },

    async resendDelivery(deliveryId, input) {
      const delivery = deps.sender.deliveries.get(deliveryId)
      if (!input.url) {
        throw badRequest('HB_ERR_RESEND_URL', 'Give the url to resend to; to resend to the webhook itself, use POST /api/deliveries/:id/retry.', '/url')
      }
      checkUrl(input.url)
      const attempt = input.attempt ? delivery.attempts.find((a) => a.n === input.attempt) : delivery.attempts.at(-1)
      if (!attempt) {
        throw input.attempt
          ? badRequest('HB_ERR_RESEND_ATTEMPT', `Delivery ${deliveryId} has no attempt ${input.attempt}; it has ${delivery.attempts.length}.`, '/attempt')
          : new EngineError('HB_ERR_RESEND_NOT_ATTEMPTED', 409, 'This delivery has not been attempted yet, so there are no bytes to resend: retry it first.')
      }
      const body = wireBytes(attempt.request)
      if (attempt.request.truncated) throw new EngineError('HB_ERR_RESEND_TRUNCATED', 409, 'Only the first 64 KiB of this attempt were kept, so it cannot be resent byte for byte; fire the event again instead.')
      const base: Outgoing = {
        method: attempt.request.method,
        url: attempt.request.url,
        headers: attempt.request.headers,
        body,
        eventId: delivery.eventId,
        eventIdSource: null,
      }
      const prepared = prepare(base, { ...input, url: input.url })
      return send('attempt', `${deliveryId}#${attempt.n}`, prepared, { timeoutMs: input.timeoutMs, insecureTls: input.insecureTls })
    },

    startBulk(input) {
      checkUrl(input.url)
      deps.receiver.getInbox(input.inboxId) // 404 for an unknown inbox
      if (input.requestIds && input.filter) {
        throw badRequest(
          'HB_ERR_BULK_SCOPE',
          'Give requestIds or filter, not both: a selection is replayed as it is, so the filter would be ignored. Send requestIds to replay those requests, or filter to replay every request it matches.',
          '/filter',
        )
      }
      if (input.resign) checkResign(input.resign)
      // Replayed in received order (the order a sender produced them), whatever order the ids came in.
      const ids = input.requestIds
        ? deps.receiver.selectionInReceivedOrder(input.inboxId, input.requestIds, '/requestIds')
        : matchingIds(input.inboxId, input.filter ?? {})
      if (ids.length === 0) throw badRequest('HB_ERR_BULK_EMPTY', 'No request matches: widen the filter or select requests first.', input.requestIds ? '/requestIds' : '/filter')
      const rate = input.ratePerSecond ?? 5
      const job = {
        id: newId('bulk', ctx.clock.now()),
        inboxId: input.inboxId,
        url: input.url,
        state: 'running' as BulkReplayJob['state'],
        total: ids.length,
        sent: 0,
        ok: 0,
        failed: 0,
        ratePerSecond: rate,
        startedAt: new Date(ctx.clock.now()).toISOString(),
        finishedAt: null as string | null,
        lastError: null as string | null,
        stopRequested: false,
        stop: new AbortController(),
        done: Promise.resolve(),
      }
      jobs.set(job.id, job)
      job.done = (async () => {
        const interval = 1000 / rate
        let next = ctx.clock.now()
        for (const id of ids) {
          if (job.stopRequested) break
          const wait = next - ctx.clock.now()
          if (wait > 0) await sleepUnlessStopped(wait, job.stop.signal)
          if (job.stopRequested) break
          next = Math.max(next + interval, ctx.clock.now())
          try {
            const replay = await replayRequest(id, { url: input.url, resign: input.resign, eventId: input.eventId, timeoutMs: input.timeoutMs, insecureTls: input.insecureTls }, { id: job.id, signal: job.stop.signal })
            const ok = replay.response !== null && replay.response.status >= 200 && replay.response.status < 300
            if (ok) job.ok++
            else {
              job.failed++
              job.lastError = replay.error ? `${replay.error.code}: ${replay.error.message}` : `HTTP ${replay.response?.status}`
            }
          } catch (err) {
            job.failed++
            job.lastError = (err as Error).message // e.g. the request was pruned meanwhile
          }
          job.sent++
          publish(job)
        }
        job.state = job.stopRequested ? 'stopped' : 'done'
        job.finishedAt = new Date(ctx.clock.now()).toISOString()
        publish(job)
        forget()
      })()
      publish(job)
      return publicJob(job)
    },

    getBulk(id) {
      const job = jobs.get(id)
      if (!job) throw notFound('bulk replay', id)
      return publicJob(job)
    },

    stopBulk(id) {
      const job = jobs.get(id)
      if (!job) throw notFound('bulk replay', id)
      job.stopRequested = true
      job.stop.abort() // wakes the wait between sends at once
      return publicJob(job)
    },

    async stop() {
      for (const job of jobs.values()) {
        job.stopRequested = true
        job.stop.abort()
      }
      await Promise.allSettled([...jobs.values()].map((j) => j.done))
    },
  }
}

/** A page of replays from `limit + 1` rows: the extra row only says there is a next page. */
function pageOf(rows: ReplayRow[], limit: number): { items: Replay[]; nextCursor: string | null } {
  const page = rows.slice(0, limit)
  return { items: page.map(toReplay), nextCursor: rows.length > limit ? page[page.length - 1]!.id : null }
}

function publicJob(job: BulkReplayJob & { stopRequested?: boolean; stop?: AbortController; done?: Promise<void> }): BulkReplayJob {
  const { stopRequested: _s, stop: _a, done: _d, ...rest } = job
  return { ...rest }
}

function wire(bytes: Buffer, size = bytes.length) {
  const { text, encoding } = bodyAsText(bytes)
  return { body: text, bodyEncoding: encoding, size, truncated: size > bytes.length }
}

function toReplay(row: ReplayRow): Replay {
  return {
    id: row.id,
    sourceKind: row.source_kind,
    sourceId: row.source_id,
    bulkId: row.bulk_id,
    createdAt: new Date(row.created_at).toISOString(),
    request: { method: row.method, url: row.url, headers: JSON.parse(row.request_headers) as HeaderPair[], ...wire(row.request_body) },
    response:
      row.response_status === null
        ? null
        : { status: row.response_status, headers: JSON.parse(row.response_headers ?? '[]') as HeaderPair[], ...wire(row.response_body ?? Buffer.alloc(0), row.response_size ?? 0) },
    error: row.error_code ? { code: row.error_code, message: row.error_message ?? '' } : null,
    durationMs: row.duration_ms,
    resigned: row.resigned === 1,
    eventId: row.event_id,
    warnings: JSON.parse(row.warnings) as string[],
  }
}
