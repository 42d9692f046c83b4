import type { Analysis, ForwardResult, RequestListItem, SentResponse } from '../../../src-shared/api/requests'
import { REQUEST_TOPICS } from '../../../src-shared/api/requests'
import type { RequestRow } from '../db/requests-repo'
import { EngineError } from '../errors'
import { withoutHopByHop, type HeaderPair } from '../http/outbound'
import { newId } from '../ids'
import { analyzeRequest, type PreAnalysis } from './analysis'
import { adjustCount, type ReceiverCore } from './core'
import { pendingForward, runForward, type ForwardSource, type PendingForward } from './forwarder'
import type { RuntimeInbox } from './inboxes'
import { bodylessStatus, chooseResponse, renderChoice, sendableHeaderValue, type TemplateScope } from './response-rules'
import { schedulePrune } from './retention'
import { listItem, staleAgeSec, storedAnalysis } from './views'

/** A request as the ingest plane received it. */
export interface IncomingRequest {
  method: string
  /** The raw request target: `/<slug>/path?query`. */
  url: string
  /** Raw headers in received order, duplicates kept. */
  headers: HeaderPair[]
  body: Buffer
  remoteAddress: string
  remotePort: number | null
}

/** An HTTP answer: status, header pairs in order, body bytes. */
export interface Answer {
  status: number
  headers: HeaderPair[]
  body: Buffer
}

/** What the ingest plane sends back, once the capture is committed (and any delay has passed). */
export type CaptureOutcome =
  | (Answer & {
      kind: 'answer'
      /**
       * Stores `sent` as the response instead, when this answer could not be written and the
       * plane sent `sent` in its place: the stored response is always the one that was sent.
       */
      replaceSent(sent: Answer): Promise<void>
    })
  /** Never answer: the sender times out. The socket is closed by the sender or at shutdown. */
  | { kind: 'hang' }

/** Splits a request target into slug, full path, path below the slug and raw query. */
export function splitTarget(url: string): { slug: string; path: string; pathSuffix: string; query: string } {
  const q = url.indexOf('?')
  const path = q < 0 ? url : url.slice(0, q)
  const query = q < 0 ? '' : url.slice(q + 1)
  const slash = path.indexOf('/', 1)
  const slug = slash < 0 ? path.slice(1) : path.slice(1, slash)
  const pathSuffix = slash < 0 ? '/' : path.slice(slash)
  return { slug, path, pathSuffix, query }
}

export class BodyTooLargeError extends EngineError {
  constructor(limit: number, slug: string) {
    super(
      'HB_ERR_INGEST_BODY_TOO_LARGE',
      413,
      `The body is larger than this inbox's limit of ${limit} bytes; nothing was stored. Raise limits.maxBodyBytes of inbox "${slug}" or send less.`,
    )
  }
}

const JSON_HEADERS: HeaderPair[] = [['content-type', 'application/json']]

/**
 * Captures one request: analyses it, picks the response, commits the row (grouped with
 * concurrent captures) and only then answers. A 2xx from an inbox means the row is stored.
 */
export async function captureRequest(core: ReceiverCore, inbox: RuntimeInbox, req: IncomingRequest): Promise<CaptureOutcome> {
  const { ctx } = core
  const now = ctx.clock.now()
  const nowIso = new Date(now).toISOString()
  const { path, pathSuffix, query } = splitTarget(req.url)
  if (req.body.length > inbox.config.limits.maxBodyBytes) throw new BodyTooLargeError(inbox.config.limits.maxBodyBytes, inbox.slug)

  const id = newId('req', now)
  const pre = analyzeRequest(
    { method: req.method, headers: req.headers, body: req.body, remoteAddress: req.remoteAddress },
    inbox.verification,
    inbox.allowRules,
    ctx.clock.wallNow(),
    inbox.verificationProblem,
  )
  const a = pre.analysis

  // Pick the response before the write, so the row records what is sent.
  let sent: SentResponse
  let answer: (Answer & { kind: 'answer' }) | { kind: 'hang' } | null = null
  let fromForward = false
  // A request the allowlist turns away goes no further: not answered by the rules, not forwarded.
  const refused = a.allowlist !== null && !a.allowlist.matched && inbox.config.allowlist?.enforce === true
  if (refused) {
    const body = Buffer.from(
      JSON.stringify({ error: 'forbidden', message: `Source address ${req.remoteAddress} is not in this inbox's IP allowlist.` }),
    )
    answer = { kind: 'answer', status: 403, headers: JSON_HEADERS, body }
    sent = { ...sentFields(req.method, answer), delayMs: 0, hang: false, source: 'allowlist', step: null }
  } else if (inbox.rules.fromForward && inbox.config.forwardTo.length > 0) {
    fromForward = true
    sent = { status: null, headers: [], bodyBase64: '', delayMs: 0, hang: false, source: 'forward', step: null }
  } else {
    const n = inbox.counter++
    core.dirtyCounters.add(inbox)
    const choice = chooseResponse(inbox.rules, n)
    if (choice.hang) {
      answer = { kind: 'hang' }
      sent = { status: null, headers: [], bodyBase64: '', delayMs: 0, hang: true, source: choice.source, step: choice.step }
    } else {
      const scope: TemplateScope = {
        method: req.method,
        path: pathSuffix,
        query: new URLSearchParams(query),
        headers: req.headers,
        json: pre.json,
        eventId: a.eventId,
        eventType: a.eventType,
        requestId: id,
        now: nowIso,
      }
      const rendered = renderChoice(choice, scope)
      answer = { kind: 'answer', ...rendered }
      sent = {
        ...sentFields(req.method, rendered),
        delayMs: choice.delayMs,
        hang: false,
        source: choice.source,
        step: choice.step,
      }
    }
  }

  const forwardSource: Omit<ForwardSource, 'seq'> = {
    requestId: id,
    inboxId: inbox.id,
    method: req.method,
    pathSuffix,
    query,
    headers: req.headers,
    body: req.body,
  }
  const pendings: PendingForward[] = refused ? [] : inbox.config.forwardTo.map((t) => pendingForward(t, forwardSource, now))

  // Everything that does not depend on earlier requests is prepared outside the transaction.
  const row = requestRow(id, inbox.id, req, { path, pathSuffix, query }, now, pre, sent)
  const headersJson = JSON.stringify(req.headers)
  const responseJson = fromForward ? null : JSON.stringify(sent)
  const analysis = a as Analysis

  const committed = await core.queue.enqueue(() => {
    const { requests } = core
    applyHistoryFlags(core, row, analysis)
    const seq = requests.insert(row, { headers: headersJson, body: req.body, analysis: storedAnalysis(analysis), response: responseJson })
    for (let position = 0; position < pendings.length; position++) {
      const p = pendings[position]!.result
      requests.insertForward({ id: p.id, request_seq: seq, position, result: JSON.stringify(p) })
    }
    return seq
  })
  const item = listItem({ seq: committed, ...row })

  adjustCount(core, inbox.id, 1)
  ctx.events.emit(REQUEST_TOPICS.captured, item)
  schedulePrune(core, inbox.id)

  const forwards = pendings.map((p) => runForward(core, { ...forwardSource, seq: committed }, p, inbox.config.forwardTimeoutMs))

  if (fromForward) return answerFromForward(core, committed, item, forwards[0]!)
  if (answer!.kind === 'hang') return answer!
  if (sent.delayMs > 0) await ctx.clock.sleep(sent.delayMs)
  const stored = sent
  return { ...answer!, replaceSent: (instead) => storeSent(core, committed, item, { ...stored, ...sentFields(req.method, instead) }) }
}

async function answerFromForward(core: ReceiverCore, seq: number, item: RequestListItem, forward: Promise<ForwardResult>): Promise<CaptureOutcome> {
  const result = await forward
  let outcome: Answer
  if (result.state === 'done' && result.response) {
    const headers = withoutHopByHop(result.response.headers).map(([n, v]): HeaderPair => [n, sendableHeaderValue(v)])
    outcome = { status: result.response.status, headers, body: Buffer.from(result.response.bodyBase64, 'base64') }
  } else {
    // What failed is recorded for the inspector; the sender (perhaps on the LAN) learns nothing of the target.
    const body = Buffer.from(
      JSON.stringify({ error: 'bad_gateway', message: `This inbox answers with its forward target's response, and the target could not be reached (${result.error?.code ?? 'no response'}).` }),
    )
    outcome = { status: 502, headers: JSON_HEADERS, body }
  }
  const sent: SentResponse = { ...sentFields(item.method, outcome), delayMs: 0, hang: false, source: 'forward', step: null }
  await storeSent(core, seq, item, sent)
  return { kind: 'answer', ...outcome, replaceSent: (instead) => storeSent(core, seq, item, { ...sent, ...sentFields(item.method, instead) }) }
}

/**
 * An answer as stored: the response that was sent. No body goes with an answer to HEAD, or with
 * a 204 or 304 (the ingest plane writes none, whatever the rules hold).
 */
const sentFields = (method: string, a: Answer): Pick<SentResponse, 'status' | 'headers' | 'bodyBase64'> => ({
  status: a.status,
  headers: a.headers,
  bodyBase64: method === 'HEAD' || bodylessStatus(a.status) ? '' : a.body.toString('base64'),
})

/** Records the response sent for a stored request (after the capture commit). */
async function storeSent(core: ReceiverCore, seq: number, item: RequestListItem, sent: SentResponse): Promise<void> {
  try {
    await core.queue.enqueue(() => core.requests.updateResponse(seq, sent.status, sent.hang, JSON.stringify(sent)))
    core.ctx.events.emit(REQUEST_TOPICS.updated, { ...item, responseStatus: sent.status })
  } catch {
    // shutting down; the capture itself is stored
  }
}

/** The stored row of a request, from its facts and analysis; the history flags are set at commit. */
export function requestRow(
  id: string,
  inboxId: string,
  req: { method: string; body: Buffer; remoteAddress: string; remotePort: number | null },
  target: { path: string; pathSuffix: string; query: string },
  receivedAt: number,
  pre: PreAnalysis,
  sent: { status: number | null; hang: boolean } | null,
): Omit<RequestRow, 'seq'> {
  const a = pre.analysis
  return {
    id,
    inbox_id: inboxId,
    method: req.method,
    path: target.path,
    path_suffix: target.pathSuffix,
    query: target.query,
    received_at: receivedAt,
    size: req.body.length,
    content_type: pre.contentType,
    content_encoding: pre.contentEncoding,
    remote_address: req.remoteAddress,
    remote_port: req.remotePort,
    verdict: a.verdict,
    event_id: a.eventId,
    event_type: a.eventType,
    dedup_key: a.dedupKey,
    object_id: a.objectId,
    event_time: pre.eventTimeMs,
    duplicate: 0,
    out_of_order: 0,
    allowlisted: a.allowlist === null ? null : a.allowlist.matched ? 1 : 0,
    problems: a.problems.length ? a.problems.map((p) => p.code).join(',') : '',
    response_status: sent?.status ?? null,
    hung: sent?.hang ? 1 : 0,
    timestamp_age_sec: staleAgeSec(a),
    imported: 0,
  }
}

export type HistoryFlags = Pick<Analysis, 'duplicate' | 'duplicateOf' | 'outOfOrder' | 'outOfOrderAfter'>

/**
 * Duplicate and out-of-order flags compare with what the inbox already stored, so they are
 * set inside the write transaction, right before the insert (call it there).
 */
export function applyHistoryFlags(core: ReceiverCore, row: Omit<RequestRow, 'seq'>, analysis: HistoryFlags): void {
  const duplicateOf = row.dedup_key ? (core.requests.firstWithKey(row.inbox_id, row.dedup_key) ?? null) : null
  const outOfOrderAfter = row.object_id && row.event_time !== null ? (core.requests.newerForObject(row.inbox_id, row.object_id, row.event_time) ?? null) : null
  analysis.duplicate = duplicateOf !== null
  analysis.duplicateOf = duplicateOf
  analysis.outOfOrder = outOfOrderAfter !== null
  analysis.outOfOrderAfter = outOfOrderAfter
  row.duplicate = duplicateOf !== null ? 1 : 0
  row.out_of_order = outOfOrderAfter !== null ? 1 : 0
}
