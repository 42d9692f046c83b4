import type { Analysis } from '../../../src-shared/api/requests'
import { REQUEST_TOPICS } from '../../../src-shared/api/requests'
import type { ImportedRequest } from '../export/import'
import { EngineError, notFound } from '../errors'
import { newId } from '../ids'
import { analyzeRequest, DIAGNOSE_IN_BULK_MAX_BYTES } from './analysis'
import { applyHistoryFlags, requestRow, type HistoryFlags } from './capture'
import { adjustCount, yieldToLoop, type ReceiverCore } from './core'
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
 * is forwarded: these requests were answered when they were first captured.
 *
 * Analysis comes first, in slices that yield to the event loop so captures and the API keep
 * going during a large import, and without diagnosis (computed when a request is read); the
 * transaction then only sets the history flags and inserts.
 */
export async function importRequests(core: ReceiverCore, inbox: RuntimeInbox, requests: ImportedRequest[]): Promise<string[]> {
  const { ctx } = core
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
  ctx.db.transaction(() => {
    for (const a of analysed) {
      const flags: HistoryFlags = { duplicate: false, duplicateOf: null, outOfOrder: false, outOfOrderAfter: null }
      applyHistoryFlags(core, a.row, flags)
      // Serialized before the transaction without flags; again only for the few that have one.
      const analysis = a.row.duplicate || a.row.out_of_order ? JSON.stringify({ ...(JSON.parse(a.stored) as Analysis), ...flags }) : a.stored
      const seq = core.requests.insert(a.row, { headers: a.headers, body: a.body, analysis, response: null })
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

function live(core: ReceiverCore, inboxId: string): RuntimeInbox {
  if (core.shutdown.signal.aborted) throw new EngineError('HB_ERR_SHUTTING_DOWN', 503, 'Hookbench is shutting down; nothing was imported. Import the file again after restart.')
  const inbox = core.byId.get(inboxId)
  if (!inbox) throw notFound('inbox', inboxId)
  return inbox
}

async function analyseAll(core: ReceiverCore, inbox: RuntimeInbox, ordered: ImportedRequest[]) {
  // Only what the insert needs is kept per request (the analysis as its stored JSON): an import
  // holds every request in memory until its one transaction.
  const out: Array<{ id: string; row: ReturnType<typeof requestRow>; stored: string; headers: string; body: Buffer }> = []
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
    const row = requestRow(id, inbox.id, req, { path, pathSuffix: req.pathSuffix, query: req.query }, req.receivedAtMs, pre, null)
    const analysis: Analysis = { ...pre.analysis, duplicate: false, duplicateOf: null, outOfOrder: false, outOfOrderAfter: null }
    out.push({ id, row, stored: storedAnalysis(analysis), headers: JSON.stringify(req.headers), body: req.body })
  }
  return out
}
