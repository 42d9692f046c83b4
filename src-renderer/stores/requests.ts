import { createStore } from 'zustand/vanilla'
import { INBOX_TOPICS, type InboxReanalyzedEvent } from '../../src-shared/api/inboxes'
import { API } from '../../src-shared/api/paths'
import {
  REQUEST_TOPICS,
  type RequestComparison,
  type RequestDetail,
  type RequestForwardedEvent,
  type RequestList,
  type RequestListItem,
  type RequestsDeletedEvent,
} from '../../src-shared/api/requests'
import type { LiveEvent } from '../../src-shared/live'
import type { ApiClient, Query } from '../api/client'
import type { LiveFeed } from '../api/live'
import { inboxPath } from './inboxes'

export interface RequestFilters {
  method: string[]
  verdict: string[]
  eventType: string[]
  /** `200`, `5xx` or `hang`. */
  status: string[]
  /** ISO instants. */
  from: string | null
  to: string | null
  duplicate: boolean | null
  outOfOrder: boolean | null
  /** Full-text search (the API's `q`). */
  q: string
  /** The list's order (not a filter: clearing the filters keeps it). */
  order: 'newest' | 'oldest'
}

export const NO_FILTERS: RequestFilters = { method: [], verdict: [], eventType: [], status: [], from: null, to: null, duplicate: null, outOfOrder: null, q: '', order: 'newest' }

export const FIRST_PAGE = 100
export const NEXT_PAGE = 250

interface Loadable<T> {
  id: string
  data: T | null
  error: string | null
  loading: boolean
}

export interface RequestsState {
  inboxId: string | null
  filters: RequestFilters
  items: RequestListItem[]
  /** How many requests match the filters in all (the engine's count, kept up to date live). */
  total: number
  /** Requests the last search could not see yet (still being indexed); 0 when it saw them all. */
  searchPending: number
  nextCursor: string | null
  status: 'idle' | 'loading' | 'ready' | 'error'
  loadingMore: boolean
  error: string | null
  /**
   * Captures that arrived while a search (or a status filter on a capture not answered yet) means
   * only the engine can tell whether they match: arrivals, not matches ("N new in inbox — refresh").
   */
  unseen: number
  /** Ids ticked for compare (and bulk actions), in the order they were ticked. */
  selected: string[]
  detail: Loadable<RequestDetail> | null
  comparison: Loadable<RequestComparison> | null

  /** Shows an inbox's requests (keeps the filters when it is the same inbox). */
  open(inboxId: string): Promise<void>
  setFilters(patch: Partial<RequestFilters>): Promise<void>
  refresh(): Promise<void>
  loadMore(): Promise<void>
  toggleSelected(id: string): void
  clearSelection(): void
  openDetail(id: string): Promise<void>
  compare(a: string, b: string): Promise<void>
  deleteRequest(id: string): Promise<void>
  applyLive(events: LiveEvent[]): void
}

export const requestPath = (id: string) => `${API.requests}/${encodeURIComponent(id)}`

export function filtersToQuery(f: RequestFilters): Query {
  return {
    method: f.method.length ? f.method : undefined,
    verdict: f.verdict.length ? f.verdict : undefined,
    eventType: f.eventType.length ? f.eventType : undefined,
    status: f.status.length ? f.status : undefined,
    from: f.from,
    to: f.to,
    duplicate: f.duplicate ?? undefined,
    outOfOrder: f.outOfOrder ?? undefined,
    q: f.q.trim() || undefined,
    order: f.order === 'oldest' ? 'oldest' : undefined,
  }
}

export const hasFilters = (f: RequestFilters) =>
  f.method.length > 0 ||
  f.verdict.length > 0 ||
  f.eventType.length > 0 ||
  f.status.length > 0 ||
  !!f.from ||
  !!f.to ||
  f.duplicate !== null ||
  f.outOfOrder !== null ||
  !!f.q.trim()

/**
 * Whether a live capture belongs in the filtered list; null when only the engine can say
 * (full-text search; a status filter while the capture has no status yet).
 */
export function matchesFilters(r: RequestListItem, f: RequestFilters): boolean | null {
  if (f.method.length && !f.method.includes(r.method.toUpperCase())) return false
  if (f.verdict.length && !f.verdict.includes(r.verdict)) return false
  if (f.eventType.length && !(r.eventType && f.eventType.includes(r.eventType))) return false
  if (f.from && r.receivedAt < new Date(f.from).toISOString()) return false
  if (f.to && r.receivedAt >= new Date(f.to).toISOString()) return false
  if (f.duplicate !== null && r.duplicate !== f.duplicate) return false
  if (f.outOfOrder !== null && r.outOfOrder !== f.outOfOrder) return false
  if (f.status.length) {
    // null: hung, or answered later from a forward; only the engine knows which
    if (r.responseStatus === null) return null
    const code = String(r.responseStatus)
    if (!f.status.some((s) => s.toLowerCase() === code || s.toLowerCase() === `${code[0]}xx`)) return false
  }
  if (f.q.trim()) return null
  return true
}

const newestFirst = (a: RequestListItem, b: RequestListItem) => (a.receivedAt < b.receivedAt ? 1 : a.receivedAt > b.receivedAt ? -1 : a.id < b.id ? 1 : -1)
const inOrder = (order: RequestFilters['order']) => (order === 'oldest' ? (a: RequestListItem, b: RequestListItem) => newestFirst(b, a) : newestFirst)

/**
 * The request list of one inbox (keyset pages, newest first, loaded as the user scrolls), the
 * request open in the detail pane and the comparison. Live captures are merged in per frame.
 */
export function createRequestsStore(api: ApiClient, live?: LiveFeed) {
  // Bumped whenever the list is reset, so an answer for an older query is dropped.
  let generation = 0
  // Captures that arrive while the first page is loading are held and merged after it.
  let heldLive: RequestListItem[] = []
  // Oldest first, matching captures that arrive while pages remain: they end the list once the
  // last page is in (a page fetched just before they were stored would not hold them).
  let tail: RequestListItem[] = []

  const store = createStore<RequestsState>((set, get) => {
    const fetchPage = (inboxId: string, filters: RequestFilters, cursor: string | null, limit: number) =>
      api.get<RequestList>(`${inboxPath(inboxId)}/requests`, { ...filtersToQuery(filters), cursor, limit })

    const reload = async () => {
      const { inboxId, filters } = get()
      if (!inboxId) return
      const gen = ++generation
      heldLive = []
      tail = []
      set({ status: 'loading', error: null, unseen: 0, loadingMore: false })
      try {
        const page = await fetchPage(inboxId, filters, null, FIRST_PAGE)
        if (gen !== generation) return
        const ids = new Set(page.items.map((r) => r.id))
        const early = heldLive.filter((r) => !ids.has(r.id) && matchesFilters(r, filters) === true)
        heldLive = []
        // Oldest first with pages to come, they belong at the end (and the engine's total may count them already).
        const later = filters.order === 'oldest' && page.nextCursor !== null
        if (later) tail = early
        set({
          items: early.length && !later ? [...early, ...page.items].sort(inOrder(filters.order)) : page.items,
          total: later ? page.total : page.total + early.length,
          searchPending: page.searchPending ?? 0,
          nextCursor: page.nextCursor,
          status: 'ready',
        })
      } catch (err) {
        if (gen !== generation) return
        set({ status: 'error', error: (err as Error).message })
      }
    }

    const loadDetail = async (id: string, quiet: boolean) => {
      if (!quiet) set({ detail: { id, data: get().detail?.id === id ? get().detail!.data : null, error: null, loading: true } })
      try {
        const data = await api.get<RequestDetail>(requestPath(id))
        if (get().detail?.id !== id) return
        set({ detail: { id, data, error: null, loading: false } })
      } catch (err) {
        if (get().detail?.id !== id) return
        set({ detail: { id, data: null, error: (err as Error).message, loading: false } })
      }
    }

    return {
      inboxId: null,
      filters: NO_FILTERS,
      items: [],
      total: 0,
      searchPending: 0,
      nextCursor: null,
      status: 'idle',
      loadingMore: false,
      error: null,
      unseen: 0,
      selected: [],
      detail: null,
      comparison: null,

      async open(inboxId) {
        if (get().inboxId === inboxId && get().status !== 'idle' && get().status !== 'error') return
        // detail and comparison are keyed by request id (and children ask for them before this runs)
        if (get().inboxId !== inboxId) set({ inboxId, filters: NO_FILTERS, items: [], total: 0, nextCursor: null, selected: [] })
        await reload()
      },
      async setFilters(patch) {
        set({ filters: { ...get().filters, ...patch }, items: [], nextCursor: null })
        await reload()
      },
      refresh: reload,
      async loadMore() {
        const { inboxId, filters, nextCursor, loadingMore, status } = get()
        if (!inboxId || !nextCursor || loadingMore || status !== 'ready') return
        const gen = generation
        set({ loadingMore: true })
        try {
          const page = await fetchPage(inboxId, filters, nextCursor, NEXT_PAGE)
          if (gen !== generation) return
          const have = new Set(get().items.map((r) => r.id))
          let items = [...get().items, ...page.items.filter((r) => !have.has(r.id))]
          if (page.nextCursor === null && tail.length) {
            const got = new Set(items.map((r) => r.id))
            items = [...items, ...tail.filter((r) => !got.has(r.id))]
            tail = []
          }
          set({ items, nextCursor: page.nextCursor, total: Math.max(page.total, get().total), loadingMore: false })
        } catch (err) {
          if (gen !== generation) return
          set({ loadingMore: false, error: (err as Error).message })
        }
      },
      toggleSelected(id) {
        const sel = get().selected
        set({ selected: sel.includes(id) ? sel.filter((x) => x !== id) : [...sel, id] })
      },
      clearSelection: () => set({ selected: [] }),
      openDetail: (id) => loadDetail(id, false),
      async compare(a, b) {
        const id = `${a}|${b}`
        set({ comparison: { id, data: get().comparison?.id === id ? get().comparison!.data : null, error: null, loading: true } })
        try {
          const data = await api.get<RequestComparison>(`${API.requests}/compare`, { a, b })
          if (get().comparison?.id === id) set({ comparison: { id, data, error: null, loading: false } })
        } catch (err) {
          if (get().comparison?.id === id) set({ comparison: { id, data: null, error: (err as Error).message, loading: false } })
        }
      },
      async deleteRequest(id) {
        await api.del(requestPath(id))
        // the live feed removes it too; do it now so the UI does not wait for the echo
        get().applyLive([{ type: 'event', topic: REQUEST_TOPICS.deleted, time: new Date().toISOString(), data: { inboxId: get().inboxId ?? '', reason: 'deleted', ids: [id], all: false, count: 1 } satisfies RequestsDeletedEvent }])
      },

      applyLive(events) {
        const s = get()
        let { items, total, unseen, detail, selected } = s
        let needsDetail = false
        let needsReload = false
        for (const e of events) {
          switch (e.topic) {
            case REQUEST_TOPICS.captured: {
              const r = e.data as RequestListItem
              if (r.inboxId !== s.inboxId) break
              if (s.status === 'loading') {
                heldLive.push(r)
                break
              }
              const match = matchesFilters(r, s.filters)
              if (match === null) unseen++
              else if (match && !items.some((x) => x.id === r.id)) {
                if (s.filters.order === 'oldest') {
                  // New captures end the list: shown once the pages before them are loaded.
                  if (!s.nextCursor && !s.loadingMore) items = [...items, r]
                  else tail.push(r)
                } else items = items.length && items[0]!.receivedAt > r.receivedAt ? [...items, r].sort(newestFirst) : [r, ...items]
                total++
              }
              break
            }
            case REQUEST_TOPICS.updated: {
              const r = e.data as RequestListItem
              if (r.inboxId !== s.inboxId) break
              if (items.some((x) => x.id === r.id)) items = items.map((x) => (x.id === r.id ? r : x))
              if (detail?.id === r.id) needsDetail = true
              break
            }
            case REQUEST_TOPICS.forwarded: {
              const f = e.data as RequestForwardedEvent
              if (detail?.id === f.requestId && detail.data) {
                const forwards = detail.data.forwards.some((x) => x.id === f.forward.id)
                  ? detail.data.forwards.map((x) => (x.id === f.forward.id ? f.forward : x))
                  : [...detail.data.forwards, f.forward]
                detail = { ...detail, data: { ...detail.data, forwards } }
              }
              break
            }
            case REQUEST_TOPICS.deleted: {
              const d = e.data as RequestsDeletedEvent
              if (d.inboxId !== s.inboxId) break
              if (d.all) {
                items = []
                total = 0
                unseen = 0
                selected = []
                if (detail) detail = { ...detail, data: null, loading: false, error: 'This request was deleted (the inbox was cleared).' }
                break
              }
              const gone = new Set(d.ids)
              const before = items.length
              items = items.filter((x) => !gone.has(x.id))
              total = Math.max(0, total - (hasFilters(s.filters) ? before - items.length : d.count))
              selected = selected.filter((x) => !gone.has(x))
              if (detail && gone.has(detail.id)) {
                detail = { ...detail, data: null, loading: false, error: d.reason === 'pruned' ? 'This request was pruned by the inbox retention limit.' : 'This request was deleted.' }
              }
              break
            }
            case INBOX_TOPICS.reanalyzed: {
              const r = e.data as InboxReanalyzedEvent
              if (r.inboxId === s.inboxId && r.finished) {
                needsReload = true
                needsDetail = !!detail
              }
              break
            }
          }
        }
        if (items !== s.items || total !== s.total || unseen !== s.unseen || detail !== s.detail || selected !== s.selected) set({ items, total, unseen, detail, selected })
        if (needsReload) void reload()
        if (needsDetail && detail) void loadDetail(detail.id, true)
      },
    }
  })

  live?.subscribe((batch) => {
    const mine = batch.filter((e) => e.topic.startsWith('request.') || e.topic.startsWith('requests.') || e.topic === INBOX_TOPICS.reanalyzed)
    if (mine.length) store.getState().applyLive(mine)
  })
  return store
}
export type RequestsStore = ReturnType<typeof createRequestsStore>
