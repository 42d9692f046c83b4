import type { EngineContext } from '../context'
import { createInboxesRepo, type InboxesRepo } from '../db/inboxes-repo'
import { createRequestsRepo, type RequestsRepo } from '../db/requests-repo'
import type { OutboundClient } from '../http/outbound'
import { compileInbox, type RuntimeInbox } from './inboxes'
import type { ProfileLookup } from './profiles'
import { createSearchIndexer, type SearchIndexer } from './search-index'
import { createWriteQueue, type WriteQueue } from './write-queue'

/**
 * The receiver's shared state: repositories, the group-commit write queue, and the inboxes
 * compiled for the hot path (by slug and id; the database stays the truth, the maps are
 * rebuilt from it on start and updated on every change).
 */
export interface ReceiverCore {
  ctx: EngineContext
  http: OutboundClient
  inboxes: InboxesRepo
  requests: RequestsRepo
  queue: WriteQueue
  lookup: ProfileLookup
  bySlug: Map<string, RuntimeInbox>
  byId: Map<string, RuntimeInbox>
  /** Request counts per inbox, loaded at start, kept up to date by capture and deletion. */
  counts: Map<string, number>
  /** Inboxes whose response counter moved since the last batch. */
  dirtyCounters: Set<RuntimeInbox>
  /** Aborted on shutdown: in-flight forwards and background jobs stop. */
  shutdown: AbortController
  /** Background work to await on shutdown. */
  background: Set<Promise<unknown>>
  /** Retention jobs per inbox, and inboxes to prune again once their job ends. */
  pruning: Map<string, Promise<void>>
  pruneAgain: Set<string>
  /** Re-analysis generation per inbox: a newer change restarts the job. */
  reanalysis: Map<string, number>
  /** Full-text indexing, behind capture. */
  search: SearchIndexer
}

export function createCore(ctx: EngineContext, http: OutboundClient, lookup: ProfileLookup): ReceiverCore {
  const core: ReceiverCore = {
    ctx,
    http,
    inboxes: createInboxesRepo(ctx.db),
    requests: createRequestsRepo(ctx.db),
    queue: createWriteQueue(ctx.db),
    lookup,
    bySlug: new Map(),
    byId: new Map(),
    counts: new Map(),
    dirtyCounters: new Set(),
    shutdown: new AbortController(),
    background: new Set(),
    pruning: new Map(),
    pruneAgain: new Set(),
    reanalysis: new Map(),
    search: undefined as unknown as SearchIndexer,
  }
  core.search = createSearchIndexer(core)
  core.queue.afterCommit(() => core.search.committed())
  core.queue.onBatch(() => {
    for (const inbox of core.dirtyCounters) core.inboxes.saveCounter(inbox.id, inbox.counter)
    core.dirtyCounters.clear()
  })
  for (const row of core.inboxes.list()) {
    cacheInbox(core, compileInbox(row, lookup))
    core.counts.set(row.id, 0)
  }
  for (const { id, n } of core.requests.countsByInbox()) if (core.counts.has(id)) core.counts.set(id, n)
  return core
}

export function cacheInbox(core: ReceiverCore, inbox: RuntimeInbox): void {
  const previous = core.byId.get(inbox.id)
  if (previous && previous.slug !== inbox.slug) core.bySlug.delete(previous.slug)
  // A counter not saved yet is saved from the inbox that now counts (the previous one no longer does).
  if (previous && core.dirtyCounters.delete(previous)) core.dirtyCounters.add(inbox)
  core.byId.set(inbox.id, inbox)
  core.bySlug.set(inbox.slug, inbox)
}

export function uncacheInbox(core: ReceiverCore, id: string): void {
  const inbox = core.byId.get(id)
  if (!inbox) return
  core.byId.delete(id)
  core.bySlug.delete(inbox.slug)
  core.counts.delete(id)
  core.dirtyCounters.delete(inbox)
}

export function requestCount(core: ReceiverCore, inboxId: string): number {
  let n = core.counts.get(inboxId)
  if (n === undefined) {
    n = core.requests.count(inboxId)
    core.counts.set(inboxId, n)
  }
  return n
}

export function adjustCount(core: ReceiverCore, inboxId: string, delta: number): void {
  if (!core.byId.has(inboxId)) return
  core.counts.set(inboxId, Math.max(0, requestCount(core, inboxId) + delta))
}

/** Tracks a background promise so shutdown can wait for it. */
export function track<T>(core: ReceiverCore, p: Promise<T>): Promise<T> {
  core.background.add(p)
  void p.finally(() => core.background.delete(p)).catch(() => undefined)
  return p
}

/** Lets captures and API calls run between two batches of background work. */
export const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve))
