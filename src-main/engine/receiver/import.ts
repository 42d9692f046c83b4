import type { Analysis, SentResponse } from '../../../src-shared/api/requests'
import { REQUEST_TOPICS } from '../../../src-shared/api/requests'
import type { ImportedRequest } from '../export/import'
import { EngineError, notFound } from '../errors'
import { newId } from '../ids'
import { analyzeRequest, DIAGNOSE_IN_BULK_MAX_BYTES } from './analysis'
import { applyHistoryFlags, requestRow, type HistoryFlags } from './capture'
import { adjustCount, requestCount, yieldToLoop, type ReceiverCore } from './core'
import type { RuntimeInbox } from './inboxes'
import { schedulePrune } from './retention'
import { listItem, storedAnalysis } from './views'

/** Up to this many imported requests are announced one by one on the live feed; beyond, one summary. */
const ANNOUNCE_EACH_UP_TO = 500

/** Analysis runs in slices of about this many ms, with a turn of the event loop between them. */
const ANALYSIS_SLICE_MS = 15

/**
 * Stores imported requests in one transaction: all of them or none. Each is analysed as at
 * the time it was received (so its signature timestamp is judged against that time), with
 * the duplicate and out-of-order flags computed in order. No response rule runs and nothing
 * is forwarded: these requests were answered when they were first captured, and the answer the
 * file records (a HAR's response, an export's) is stored as the one sent.
 *
 * Analysis comes first, in slices that yield to the event loop so captures and the API keep
 * going during a large import, and without diagnosis (computed when a request is read); the
 * transaction then only sets the history flags and inserts.
 */
export async function importRequests(core: ReceiverCore, inbox: RuntimeInbox, requests: ImportedRequest[]): Promise<string[]> {
  const { ctx } = core
  checkLimits(core, inbox, requests)
  const ordered = [...requests].sort((a, b) => a.receivedAtMs - b.receivedAtMs)
  let analysedWith = inbox
  let analysed = await analyseAll(core, analysedWith, ordered)
  for (let current = live(core, inbox.id); current !== analysedWith; current = live(core, inbox.id)) {
    // The inbox's verification (or slug, allowlist) changed while analysing: a re-analysis it
    // started covers only stored requests, so these are analysed again under the new settings.
    analysedWith = current
    analysed = await analyseAll(core, analysedWith, ordered)
  }

  const ids: string[] = []
  // Announced one by one only when few: a list item per request of a big import is memory for nothing.
  const items: ReturnType<typeof listItem>[] | null = analysed.length <= ANNOUNCE_EACH_UP_TO ? [] : null
  core.queue.flush() // captures waiting for their batch commit first, so order and flags stay right
  checkLimits(core, analysedWith, requests) // again (in the file's order, as named): captures and edits went on while analysing
  ctx.db.transaction(() => {
    for (const a of analysed) {
      const flags: HistoryFlags = { duplicate: false, duplicateOf: null, outOfOrder: false, outOfOrderAfter: null }
      applyHistoryFlags(core, a.row, flags)
      // Serialized before the transaction without flags; again only for the few that have one.
      const analysis = a.row.duplicate || a.row.out_of_order ? JSON.stringify({ ...(JSON.parse(a.stored) as Analysis), ...flags }) : a.stored
      const seq = core.requests.insert(a.row, { headers: a.headers, body: a.body, analysis, response: a.response })
      ids.push(a.id)
      items?.push(listItem({ seq, ...a.row }))
    }
  })()
  core.search.committed()
  adjustCount(core, inbox.id, ids.length)
  if (items) for (const item of items) ctx.events.emit(REQUEST_TOPICS.captured, item)
  ctx.events.emit('requests.imported', { inboxId: inbox.id, count: ids.length })
  schedulePrune(core, inbox.id)
  return ids
}

/**
 * An import fits the inbox's limits or is refused whole. Retention keeps the newest requests
 * stored, so an import past it would prune at once what the inbox held (live captures, newer
 * than the file's) and then part of the file: nothing is imported and nothing is lost.
 */
function checkLimits(core: ReceiverCore, inbox: RuntimeInbox, requests: ImportedRequest[]): void {
  const { maxBodyBytes, retention } = inbox.config.limits
  const large = requests.findIndex((r) => r.body.length > maxBodyBytes)
  if (large >= 0) {
    throw new EngineError(
      'HB_ERR_IMPORT_LIMITS',
      413,
      `Request ${large + 1} of the file has a body of ${requests[large]!.body.length} bytes, over this inbox's limit of ${maxBodyBytes} (limits.maxBodyBytes). ` +
        'Raise the limit, or import into another inbox; nothing was imported.',
    )
  }
  const held = requestCount(core, inbox.id)
  if (held + requests.length > retention) {
    throw new EngineError(
      'HB_ERR_IMPORT_LIMITS',
      409,
      `This inbox keeps its newest ${retention} requests (limits.retention) and holds ${held}: the ${requests.length} of the file would push ${held + requests.length - retention} out at once. ` +
        `Raise limits.retention to at least ${held + requests.length}, clear the inbox, or import into another one; nothing was imported.`,
    )
  }
}

function live(core: ReceiverCore, inboxId: string): RuntimeInbox {
  if (core.shutdown.signal.aborted) throw new EngineError('HB_ERR_SHUTTING_DOWN', 503, 'Hookbench is shutting down; nothing was imported. Import the file again after restart.')
  const inbox = core.byId.get(inboxId)
  if (!inbox) throw notFound('inbox', inboxId)
  return inbox
}

async function analyseAll(core: ReceiverCore, inbox: RuntimeInbox, ordered: ImportedRequest[]) {
  // Only what the insert needs is kept per request (the analysis as its stored JSON): an import
  // holds every request in memory until its one transaction.
  const out: Array<{ id: string; row: ReturnType<typeof requestRow>; stored: string; headers: string; body: Buffer; response: string | null }> = []
  // Wall time, not the engine clock: this only decides when to let other work run.
  let sliceStart = performance.now()
  for (const req of ordered) {
    if (performance.now() - sliceStart > ANALYSIS_SLICE_MS) {
      await yieldToLoop()
      live(core, inbox.id)
      sliceStart = performance.now()
    }
    const id = newId('req', req.receivedAtMs)
    const pre = analyzeRequest(
      { method: req.method, headers: req.headers, body: req.body, remoteAddress: req.remoteAddress },
      inbox.verification,
      inbox.allowRules,
      req.receivedAtMs,
      inbox.verificationProblem,
      DIAGNOSE_IN_BULK_MAX_BYTES,
    )
    const path = `/${inbox.slug}${req.pathSuffix === '/' ? '' : req.pathSuffix}`
    const sent = sentFromFile(req)
    const row = { ...requestRow(id, inbox.id, req, { path, pathSuffix: req.pathSuffix, query: req.query }, req.receivedAtMs, pre, sent), imported: 1 }
    const analysis: Analysis = { ...pre.analysis, duplicate: false, duplicateOf: null, outOfOrder: false, outOfOrderAfter: null }
    out.push({ id, row, stored: storedAnalysis(analysis), headers: JSON.stringify(req.headers), body: req.body, response: sent && JSON.stringify(sent) })
  }
  return out
}

/** The answer the file records, stored as the response sent (from the file, not from this inbox's rules). */
function sentFromFile(req: ImportedRequest): SentResponse | null {
  const r = req.response
  if (!r) return null
  return { status: r.status, headers: r.headers, bodyBase64: r.body.toString('base64'), delayMs: 0, hang: r.hang, source: 'import', step: null }
}
