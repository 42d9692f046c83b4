import { createStore } from 'zustand/vanilla'
import {
  INBOX_TOPICS,
  type ClearInboxResult,
  type Inbox,
  type InboxDeletedEvent,
  type InboxInput,
  type InboxList,
  type InboxPatch,
  type InboxReanalyzedEvent,
  type ReanalyzeResult,
  type RotateInboxSecretInput,
} from '../../src-shared/api/inboxes'
import { API } from '../../src-shared/api/paths'
import { REQUEST_TOPICS, type RequestListItem, type RequestsDeletedEvent } from '../../src-shared/api/requests'
import type { LiveEvent } from '../../src-shared/live'
import type { ApiClient } from '../api/client'
import type { LiveFeed } from '../api/live'

export interface InboxesState {
  items: Inbox[]
  loaded: boolean
  error: string | null
  /** Re-analysis progress per inbox (after a verification change), until it finishes. */
  reanalysis: Record<string, { done: number; total: number }>
  load(): Promise<void>
  /** Fetches one inbox (e.g. opened by a deep link) and keeps it in the list. */
  fetch(id: string): Promise<Inbox>
  create(input: InboxInput): Promise<Inbox>
  update(id: string, patch: InboxPatch): Promise<Inbox>
  remove(id: string): Promise<void>
  clear(id: string): Promise<ClearInboxResult>
  rotateSecret(id: string, input: RotateInboxSecretInput): Promise<Inbox>
  reanalyze(id: string): Promise<ReanalyzeResult>
  applyLive(events: LiveEvent[]): void
}

export const inboxPath = (id: string) => `${API.inboxes}/${encodeURIComponent(id)}`

/** Newest first: a freshly made inbox is the one you want to see. */
const order = (items: Inbox[]) => [...items].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0))

/** Inboxes with their URLs and counts; kept fresh by the live feed (captures bump the counts). */
export function createInboxesStore(api: ApiClient, live?: LiveFeed) {
  const store = createStore<InboxesState>((set, get) => {
    const upsert = (inbox: Inbox) => {
      const items = get().items
      const i = items.findIndex((x) => x.id === inbox.id)
      set({ items: i < 0 ? order([...items, inbox]) : items.map((x) => (x.id === inbox.id ? inbox : x)) })
      return inbox
    }
    // Inboxes to read again on the next microtask: the whole inbox, or only its response rules.
    const refetchSoon = new Map<string, 'whole' | 'response'>()
    const refetch = (id: string, part: 'whole' | 'response' = 'whole') => {
      const queued = refetchSoon.get(id)
      refetchSoon.set(id, queued === 'whole' ? 'whole' : part)
      if (queued) return
      queueMicrotask(() => {
        const what = refetchSoon.get(id)
        refetchSoon.delete(id)
        if (!get().items.some((x) => x.id === id)) return
        if (what === 'whole') return void get().fetch(id).catch(() => undefined)
        void api
          .get<Inbox>(inboxPath(id))
          .then((fresh) => set({ items: get().items.map((x) => (x.id === id ? { ...x, response: fresh.response } : x)) }))
          .catch(() => undefined)
      })
    }
    return {
      items: [],
      loaded: false,
      error: null,
      reanalysis: {},
      async load() {
        try {
          const list = await api.get<InboxList>(API.inboxes)
          set({ items: order(list.items), loaded: true, error: null })
        } catch (err) {
          set({ error: (err as Error).message, loaded: true })
        }
      },
      fetch: async (id) => upsert(await api.get<Inbox>(inboxPath(id))),
      create: async (input) => upsert(await api.post<Inbox>(API.inboxes, input)),
      update: async (id, patch) => upsert(await api.patch<Inbox>(inboxPath(id), patch)),
      async remove(id) {
        await api.del(inboxPath(id))
        set({ items: get().items.filter((x) => x.id !== id) })
      },
      async clear(id) {
        const result = await api.del<ClearInboxResult>(`${inboxPath(id)}/requests`)
        refetch(id)
        return result
      },
      rotateSecret: async (id, input) => upsert(await api.post<Inbox>(`${inboxPath(id)}/rotate-secret`, input)),
      reanalyze: (id) => api.post<ReanalyzeResult>(`${inboxPath(id)}/reanalyze`, {}),
      applyLive(events) {
        let items = get().items
        let reanalysis = get().reanalysis
        const touched = (id: string, fn: (inbox: Inbox) => Inbox) => {
          items = items.map((x) => (x.id === id ? fn(x) : x))
        }
        for (const e of events) {
          switch (e.topic) {
            case INBOX_TOPICS.created:
            case INBOX_TOPICS.updated: {
              const inbox = e.data as Inbox
              const i = items.findIndex((x) => x.id === inbox.id)
              items = i < 0 ? order([...items, inbox]) : items.map((x) => (x.id === inbox.id ? inbox : x))
              break
            }
            case INBOX_TOPICS.deleted:
              items = items.filter((x) => x.id !== (e.data as InboxDeletedEvent).id)
              break
            case INBOX_TOPICS.reanalyzed: {
              const r = e.data as InboxReanalyzedEvent
              const { [r.inboxId]: _done, ...rest } = reanalysis
              reanalysis = r.finished ? rest : { ...rest, [r.inboxId]: { done: r.done, total: r.total } }
              if (r.finished) refetch(r.inboxId)
              break
            }
            case REQUEST_TOPICS.captured: {
              const r = e.data as RequestListItem
              // A sequence not spent yet moves on: the engine's counter says how far (once per step).
              // Only the rules are read again: the engine's count may already include captures whose
              // live events are still on their way, which would then be counted twice.
              const seq = items.find((x) => x.id === r.inboxId)?.response
              if (seq?.sequence && !seq.sequence.repeat && seq.counter < seq.sequence.steps.length) refetch(r.inboxId, 'response')
              touched(r.inboxId, (inbox) => ({
                ...inbox,
                stats: {
                  requestCount: inbox.stats.requestCount + 1,
                  lastRequest:
                    inbox.stats.lastRequest && inbox.stats.lastRequest.receivedAt > r.receivedAt
                      ? inbox.stats.lastRequest
                      : { id: r.id, method: r.method, path: r.path, receivedAt: r.receivedAt, verdict: r.verdict, responseStatus: r.responseStatus },
                },
              }))
              break
            }
            case REQUEST_TOPICS.updated: {
              const r = e.data as RequestListItem
              touched(r.inboxId, (inbox) =>
                inbox.stats.lastRequest?.id === r.id
                  ? { ...inbox, stats: { ...inbox.stats, lastRequest: { ...inbox.stats.lastRequest, verdict: r.verdict, responseStatus: r.responseStatus } } }
                  : inbox,
              )
              break
            }
            case REQUEST_TOPICS.deleted:
              // counts and "last request" after a prune or clear: ask the engine
              refetch((e.data as RequestsDeletedEvent).inboxId)
              break
          }
        }
        if (items !== get().items || reanalysis !== get().reanalysis) set({ items, reanalysis })
      },
    }
  })
  live?.subscribe((batch) => {
    const mine = batch.filter((e) => e.topic.startsWith('inbox.') || e.topic.startsWith('request.') || e.topic.startsWith('requests.'))
    if (mine.length) store.getState().applyLive(mine)
  })
  return store
}
export type InboxesStore = ReturnType<typeof createInboxesStore>
