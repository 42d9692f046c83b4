import type { RequestsDeletedEvent } from '../../../src-shared/api/requests'
import { REQUEST_TOPICS } from '../../../src-shared/api/requests'
import { adjustCount, requestCount, track, yieldToLoop, type ReceiverCore } from './core'

/**
 * Retention and bulk deletion. Both delete in small transactions with a turn of the event
 * loop in between, so captures (whose batches commit on the next turn) are never held up by
 * more than one small batch of deletes.
 */
export const DELETE_BATCH = 500

/** Prunes an inbox down to its retention in the background, if it holds more. */
export function schedulePrune(core: ReceiverCore, inboxId: string): void {
  const inbox = core.byId.get(inboxId)
  if (!inbox) return
  if (requestCount(core, inboxId) <= inbox.config.limits.retention) return
  const jobs = core.pruning
  if (jobs.has(inboxId)) {
    core.pruneAgain.add(inboxId)
    return
  }
  const job = track(
    core,
    (async () => {
      await yieldToLoop()
      try {
        await prune(core, inboxId)
      } catch (err) {
        core.ctx.log.error({ err, inboxId }, 'retention pruning failed')
      } finally {
        jobs.delete(inboxId)
        if (core.pruneAgain.delete(inboxId)) schedulePrune(core, inboxId)
      }
    })(),
  )
  jobs.set(inboxId, job)
}

async function prune(core: ReceiverCore, inboxId: string): Promise<void> {
  for (;;) {
    if (core.shutdown.signal.aborted) return
    const inbox = core.byId.get(inboxId)
    if (!inbox) return
    // The running count makes this cost proportional to the excess, not to the retention.
    const excess = requestCount(core, inboxId) - inbox.config.limits.retention
    if (excess <= 0) return
    const ids = core.ctx.db.transaction(() => core.requests.deleteOldestN(inboxId, Math.min(excess, DELETE_BATCH)))()
    if (ids.length === 0) {
      core.counts.set(inboxId, core.requests.count(inboxId))
      return
    }
    adjustCount(core, inboxId, -ids.length)
    emitDeleted(core, { inboxId, reason: 'pruned', ids, all: false, count: ids.length })
    await yieldToLoop()
  }
}

/** Deletes every request of an inbox, in batches; resolves with how many went. */
export async function deleteAllRequests(core: ReceiverCore, inboxId: string, emit: boolean): Promise<number> {
  const upTo = core.requests.maxSeq(inboxId)
  if (upTo === null) return 0
  let deleted = 0
  for (;;) {
    const ids = core.ctx.db.transaction(() => core.requests.deleteOldest(inboxId, upTo, DELETE_BATCH))()
    deleted += ids.length
    if (ids.length < DELETE_BATCH) break
    await yieldToLoop()
  }
  adjustCount(core, inboxId, -deleted)
  if (emit) emitDeleted(core, { inboxId, reason: 'cleared', ids: [], all: true, count: deleted })
  return deleted
}

/** Requests whose inbox is gone (a crash in the middle of deleting one): removed in the background. */
export function sweepOrphans(core: ReceiverCore): void {
  const orphans = core.requests.inboxIds().filter((id) => !core.byId.has(id))
  if (orphans.length === 0) return
  track(
    core,
    (async () => {
      for (const id of orphans) {
        await yieldToLoop()
        if (core.shutdown.signal.aborted) return
        await deleteAllRequests(core, id, false)
      }
    })(),
  )
}

export function emitDeleted(core: ReceiverCore, event: RequestsDeletedEvent): void {
  core.ctx.events.emit(REQUEST_TOPICS.deleted, event)
}
