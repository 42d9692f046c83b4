import type { InboxReanalyzedEvent } from '../../../src-shared/api/inboxes'
import { INBOX_TOPICS } from '../../../src-shared/api/inboxes'
import type { Analysis } from '../../../src-shared/api/requests'
import { analyzeRequest, DIAGNOSE_IN_BULK_MAX_BYTES } from './analysis'
import { track, yieldToLoop, type ReceiverCore } from './core'
import { staleAgeSec, storedAnalysis } from './views'

/**
 * Re-analysis of an inbox's stored requests after its verification (or allowlist) changed.
 * Each request is judged as of its own receipt time (a timestamp that was fresh then is not
 * stale now), in batches of `REANALYSIS_BATCH` with a turn of the event loop in between.
 * A newer change restarts the job; `inbox.reanalyzed` reports progress.
 */
export const REANALYSIS_BATCH = 200

/** Starts (or restarts) re-analysis; returns how many requests it will go through. */
export function reanalyzeInbox(core: ReceiverCore, inboxId: string): number {
  const generation = (core.reanalysis.get(inboxId) ?? 0) + 1
  core.reanalysis.set(inboxId, generation)
  const upTo = core.requests.maxSeq(inboxId)
  if (upTo === null) return 0
  const total = core.requests.countUpTo(inboxId, upTo)
  track(
    core,
    (async () => {
      let after = 0
      let done = 0
      for (;;) {
        await yieldToLoop()
        if (core.shutdown.signal.aborted || core.reanalysis.get(inboxId) !== generation) return
        const inbox = core.byId.get(inboxId)
        if (!inbox) return
        const rows = core.requests.batchAfter(inboxId, after, upTo, REANALYSIS_BATCH)
        if (rows.length === 0) break
        core.ctx.db.transaction(() => {
          for (const row of rows) {
            const headers = JSON.parse(row.p_headers) as [string, string][]
            const previous = JSON.parse(row.p_analysis) as Analysis
            const pre = analyzeRequest(
              { method: row.method, headers, body: row.p_body, remoteAddress: row.remote_address },
              inbox.verification,
              inbox.allowRules,
              // As of the first analysis: wall time, where received_at runs ahead under --time-scale.
              Date.parse(previous.analyzedAt) || row.received_at,
              inbox.verificationProblem,
              // Larger bodies get their diagnosis when read: a batch of mismatches would hold the loop.
              DIAGNOSE_IN_BULK_MAX_BYTES,
            )
            // History flags compare with earlier requests and do not depend on verification.
            const analysis: Analysis = {
              ...pre.analysis,
              duplicate: previous.duplicate,
              duplicateOf: previous.duplicateOf,
              outOfOrder: previous.outOfOrder,
              outOfOrderAfter: previous.outOfOrderAfter,
            }
            core.requests.updateAnalysis(
              row.seq,
              {
                verdict: analysis.verdict,
                event_id: analysis.eventId,
                event_type: analysis.eventType,
                dedup_key: analysis.dedupKey,
                object_id: analysis.objectId,
                event_time: pre.eventTimeMs,
                allowlisted: analysis.allowlist === null ? null : analysis.allowlist.matched ? 1 : 0,
                problems: analysis.problems.map((p) => p.code).join(','),
                timestamp_age_sec: staleAgeSec(analysis),
              },
              storedAnalysis(analysis),
            )
          }
        })()
        after = rows[rows.length - 1]!.seq
        done += rows.length
        const event: InboxReanalyzedEvent = { inboxId, done, total, finished: false }
        core.ctx.events.emit(INBOX_TOPICS.reanalyzed, event)
      }
      const event: InboxReanalyzedEvent = { inboxId, done, total, finished: true }
      core.ctx.events.emit(INBOX_TOPICS.reanalyzed, event)
    })().catch((err) => core.ctx.log.error({ err, inboxId }, 're-analysis failed')),
  )
  return total
}
