import type { Analysis } from '../../../src-shared/api/requests'
import { REQUEST_TOPICS } from '../../../src-shared/api/requests'
import type { ImportedRequest } from '../export/import'
import { newId } from '../ids'
import { analyzeRequest } from './analysis'
import { applyHistoryFlags, requestRow } from './capture'
import { adjustCount, type ReceiverCore } from './core'
import type { RuntimeInbox } from './inboxes'
import { schedulePrune } from './retention'
import { listItem, storedAnalysis } from './views'

/** Up to this many imported requests are announced one by one on the live feed; beyond, one summary. */
const ANNOUNCE_EACH_UP_TO = 500

/**
 * Stores imported requests in one transaction: all of them or none. Each is analysed as at
 * the time it was received (so its signature timestamp is judged against that time), with
 * the duplicate and out-of-order flags computed in order. No response rule runs and nothing
 * is forwarded: these requests were answered when they were first captured.
 */
export function importRequests(core: ReceiverCore, inbox: RuntimeInbox, requests: ImportedRequest[]): string[] {
  const { ctx } = core
  const ordered = [...requests].sort((a, b) => a.receivedAtMs - b.receivedAtMs)
  const ids: string[] = []
  const items: ReturnType<typeof listItem>[] = []
  core.queue.flush() // captures waiting for their batch commit first, so order and flags stay right
  ctx.db.transaction(() => {
    for (const req of ordered) {
      const id = newId('req', req.receivedAtMs)
      const pre = analyzeRequest(
        { method: req.method, headers: req.headers, body: req.body, remoteAddress: req.remoteAddress },
        inbox.verification,
        inbox.allowRules,
        req.receivedAtMs,
        inbox.verificationProblem,
      )
      const a = pre.analysis as Analysis
      const path = `/${inbox.slug}${req.pathSuffix === '/' ? '' : req.pathSuffix}`
      const row = requestRow(id, inbox.id, req, { path, pathSuffix: req.pathSuffix, query: req.query }, req.receivedAtMs, pre, null)
      applyHistoryFlags(core, row, a)
      const seq = core.requests.insert(row, { headers: JSON.stringify(req.headers), body: req.body, analysis: storedAnalysis(a), response: null })
      ids.push(id)
      items.push(listItem({ seq, ...row }))
    }
  })()
  core.search.committed(ids.length)
  adjustCount(core, inbox.id, ids.length)
  if (items.length <= ANNOUNCE_EACH_UP_TO) for (const item of items) ctx.events.emit(REQUEST_TOPICS.captured, item)
  ctx.events.emit('requests.imported', { inboxId: inbox.id, count: ids.length })
  schedulePrune(core, inbox.id)
  return ids
}
