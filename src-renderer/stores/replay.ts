import { createStore } from 'zustand/vanilla'
import { API } from '../../src-shared/api/paths'
import {
  REPLAY_TOPICS,
  type BulkReplayInput,
  type BulkReplayJob,
  type Replay,
  type ReplayInput,
  type ResendInput,
} from '../../src-shared/api/replay'
import type { LiveEvent } from '../../src-shared/live'
import type { ApiClient } from '../api/client'
import type { LiveFeed } from '../api/live'

const BULK = '/api/replays/bulk'

export interface ReplayList {
  items: Replay[]
  nextCursor: string | null
  loading: boolean
  error: string | null
}

export interface ReplayState {
  /** Replays of captured requests, by request id, newest first (loaded when a request is opened). */
  bySource: Record<string, ReplayList>
  /** Resends of a delivery's attempts to other URLs, by delivery id, newest first (loaded when a delivery is opened). */
  byDelivery: Record<string, ReplayList>
  /** Bulk replay jobs started or seen on the live feed, by id. */
  jobs: Record<string, BulkReplayJob>

  loadReplays(requestId: string): Promise<void>
  loadMore(requestId: string): Promise<void>
  loadResends(deliveryId: string): Promise<void>
  loadMoreResends(deliveryId: string): Promise<void>
  replay(requestId: string, input: ReplayInput): Promise<Replay>
  /** Resends a delivery attempt (the last one unless `input.attempt`) to another URL. */
  resend(deliveryId: string, input: ResendInput): Promise<Replay>
  startBulk(input: BulkReplayInput): Promise<BulkReplayJob>
  stopBulk(id: string): Promise<BulkReplayJob>
  applyLive(events: LiveEvent[]): void
}

const byNewest = (a: Replay, b: Replay) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : -1)

/** Adds replays to a list once each, newest first. */
export function mergeReplays(items: Replay[], more: Replay[]): Replay[] {
  const have = new Set(items.map((r) => r.id))
  const fresh = more.filter((r) => !have.has(r.id))
  return fresh.length ? [...items, ...fresh].sort(byNewest) : items
}

/** Progress events can arrive out of order with the POST's answer: keep the furthest along. */
export function newerJob(a: BulkReplayJob | undefined, b: BulkReplayJob): BulkReplayJob {
  if (!a) return b
  if (a.state !== 'running' && b.state === 'running') return a
  if (a.state === 'running' && b.state !== 'running') return b
  return b.sent >= a.sent ? b : a
}

/** The delivery and attempt a resend came from (its sourceId is `<deliveryId>#<attempt n>`); null for a request's replay. */
export function resentAttempt(r: Replay): { deliveryId: string; attempt: number | null } | null {
  if (r.sourceKind !== 'attempt') return null
  const hash = r.sourceId.lastIndexOf('#')
  return hash < 0 ? { deliveryId: r.sourceId, attempt: null } : { deliveryId: r.sourceId.slice(0, hash), attempt: Number(r.sourceId.slice(hash + 1)) }
}

/** The lists of replays: of a captured request, or resends of a delivery's attempts. */
type ListKey = 'bySource' | 'byDelivery'

/**
 * Replays of captured requests (listed under each request, live), resends of delivery attempts
 * (listed under each delivery, live), and bulk replay jobs with their progress from
 * `replay.bulk.progress`.
 */
export function createReplayStore(api: ApiClient, live?: LiveFeed) {
  const listPath = (key: ListKey, id: string) => `${key === 'bySource' ? API.requests : API.deliveries}/${encodeURIComponent(id)}/replays`

  const store = createStore<ReplayState>((set, get) => {
    const patchList = (key: ListKey, id: string, patch: Partial<ReplayList>) => {
      const prev = get()[key][id] ?? { items: [], nextCursor: null, loading: false, error: null }
      set({ [key]: { ...get()[key], [id]: { ...prev, ...patch } } })
    }
    /** The first page (no cursor) or the next one; live replays may have landed meanwhile: merge, do not overwrite. */
    const loadPage = async (key: ListKey, id: string, cursor?: string) => {
      patchList(key, id, cursor ? { loading: true } : { loading: true, error: null })
      try {
        const page = await api.get<{ items: Replay[]; nextCursor: string | null }>(listPath(key, id), cursor ? { limit: 50, cursor } : { limit: 50 })
        patchList(key, id, { items: mergeReplays(get()[key][id]?.items ?? [], page.items), nextCursor: page.nextCursor, loading: false })
      } catch (err) {
        patchList(key, id, { loading: false, error: (err as Error).message })
      }
    }
    const loadNext = (key: ListKey, id: string) => {
      const list = get()[key][id]
      return list?.nextCursor && !list.loading ? loadPage(key, id, list.nextCursor) : Promise.resolve()
    }
    /** Sends one replay or resend and lists it at once without waiting for its live event. */
    const send = async (path: string, input: ReplayInput | ResendInput) => {
      const replay = await api.post<Replay>(path, input)
      get().applyLive([{ type: 'event', topic: REPLAY_TOPICS.completed, time: replay.createdAt, data: replay }])
      return replay
    }
    const upsertJob = (job: BulkReplayJob) => {
      const next = newerJob(get().jobs[job.id], job)
      if (next !== get().jobs[job.id]) set({ jobs: { ...get().jobs, [job.id]: next } })
      return get().jobs[job.id]!
    }

    return {
      bySource: {},
      byDelivery: {},
      jobs: {},

      loadReplays: (requestId) => loadPage('bySource', requestId),
      loadMore: (requestId) => loadNext('bySource', requestId),
      loadResends: (deliveryId) => loadPage('byDelivery', deliveryId),
      loadMoreResends: (deliveryId) => loadNext('byDelivery', deliveryId),

      replay: (requestId, input) => send(`${API.requests}/${encodeURIComponent(requestId)}/replay`, input),
      resend: (deliveryId, input) => send(`${API.deliveries}/${encodeURIComponent(deliveryId)}/resend`, input),

      startBulk: async (input) => upsertJob(await api.post<BulkReplayJob>(BULK, input)),
      stopBulk: async (id) => upsertJob(await api.post<BulkReplayJob>(`${BULK}/${encodeURIComponent(id)}/stop`)),

      applyLive(events) {
        const lists = { bySource: get().bySource, byDelivery: get().byDelivery }
        let jobs = get().jobs
        for (const e of events) {
          if (e.topic === REPLAY_TOPICS.completed) {
            const r = e.data as Replay
            const [key, id] = r.sourceKind === 'request' ? (['bySource', r.sourceId] as const) : (['byDelivery', resentAttempt(r)?.deliveryId ?? ''] as const)
            // only lists someone has opened; the others load from the engine when opened
            const list = lists[key][id]
            if (list) {
              const items = mergeReplays(list.items, [r])
              if (items !== list.items) lists[key] = { ...lists[key], [id]: { ...list, items } }
            }
          } else if (e.topic === REPLAY_TOPICS.bulkProgress) {
            const job = e.data as BulkReplayJob
            const next = newerJob(jobs[job.id], job)
            if (next !== jobs[job.id]) jobs = { ...jobs, [job.id]: next }
          }
        }
        if (lists.bySource !== get().bySource || lists.byDelivery !== get().byDelivery || jobs !== get().jobs) set({ ...lists, jobs })
      },
    }
  })

  live?.subscribe((batch) => {
    const mine = batch.filter((e) => e.topic.startsWith('replay.'))
    if (mine.length) store.getState().applyLive(mine)
  })
  return store
}
export type ReplayStore = ReturnType<typeof createReplayStore>
