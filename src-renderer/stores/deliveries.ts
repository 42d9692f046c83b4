import { createStore } from 'zustand/vanilla'
import type {
  Delivery,
  DeliveryList,
  DeliveryListQuery,
  DeliverySummary,
  LiveDeliveryAttempted,
  SendNowInput,
  SendNowResult,
} from '../../src-shared/api/deliveries'
import { API } from '../../src-shared/api/paths'
import type { ApiClient, Query } from '../api/client'
import type { LiveFeed } from '../api/live'

export type DeliveryFilter = Omit<DeliveryListQuery, 'cursor' | 'limit'>

export interface DeliveriesState {
  filter: DeliveryFilter
  items: DeliverySummary[]
  nextCursor: string | null
  loading: boolean
  loaded: boolean
  error: string | null
  /** Full deliveries (with attempts) opened so far, by id; refreshed live. */
  details: Record<string, Delivery>
  detailErrors: Record<string, string>
  setFilter(filter: DeliveryFilter): Promise<void>
  load(): Promise<void>
  loadMore(): Promise<void>
  loadDetail(id: string): Promise<Delivery | null>
  /** Pending: the next attempt goes now. Otherwise one manual attempt now. */
  retry(id: string): Promise<Delivery>
  sendNow(input: SendNowInput): Promise<SendNowResult>
}

const PAGE = 100
/** The log keeps at most this many rows in memory while live rows keep arriving. */
const MAX_ROWS = 2000

export function matchesDeliveryFilter(d: DeliverySummary, f: DeliveryFilter): boolean {
  return (
    (f.status === undefined || d.status === f.status) &&
    (f.webhookId === undefined || d.webhookId === f.webhookId) &&
    (f.eventId === undefined || d.eventId === f.eventId) &&
    (f.eventType === undefined || d.eventType === f.eventType) &&
    (f.profileId === undefined || d.profileId === f.profileId) &&
    (f.test === undefined || d.test === f.test)
  )
}

const toQuery = (f: DeliveryFilter): Query => ({ ...f, test: f.test === undefined ? undefined : String(f.test) })
const summaryOf = (d: Delivery): DeliverySummary => {
  const { retrySchedule: _r, maxAttempts: _m, attempts: _a, ...summary } = d
  return summary
}

/** The delivery log (filtered, paged, live) and the deliveries opened to their attempt timeline. */
export function createDeliveriesStore(api: ApiClient, live: LiveFeed) {
  let generation = 0
  const store = createStore<DeliveriesState>((set, get) => {
    const applySummary = (d: DeliverySummary) => {
      const { items, filter } = get()
      const i = items.findIndex((x) => x.id === d.id)
      // A row already shown stays (a status filter would otherwise make it vanish under the cursor).
      if (i >= 0) set({ items: items.map((x) => (x.id === d.id ? d : x)) })
      else if (matchesDeliveryFilter(d, filter)) set({ items: [d, ...items].slice(0, MAX_ROWS) })
    }
    const putDetail = (d: Delivery) => {
      set({ details: { ...get().details, [d.id]: d } })
      applySummary(summaryOf(d))
      return d
    }
    return {
      filter: {},
      items: [],
      nextCursor: null,
      loading: false,
      loaded: false,
      error: null,
      details: {},
      detailErrors: {},
      async setFilter(filter) {
        set({ filter })
        await get().load()
      },
      async load() {
        const gen = ++generation
        set({ loading: true })
        try {
          const list = await api.get<DeliveryList>(API.deliveries, { ...toQuery(get().filter), limit: PAGE })
          if (gen !== generation) return
          set({ items: list.items, nextCursor: list.nextCursor, loading: false, loaded: true, error: null })
        } catch (err) {
          if (gen === generation) set({ loading: false, loaded: true, error: (err as Error).message })
        }
      },
      async loadMore() {
        const { nextCursor, filter } = get()
        if (!nextCursor) return
        const gen = generation
        set({ loading: true })
        try {
          const list = await api.get<DeliveryList>(API.deliveries, { ...toQuery(filter), limit: PAGE, cursor: nextCursor })
          if (gen !== generation) return
          const seen = new Set(get().items.map((d) => d.id))
          set({ items: [...get().items, ...list.items.filter((d) => !seen.has(d.id))], nextCursor: list.nextCursor, loading: false })
        } catch (err) {
          if (gen === generation) set({ loading: false, error: (err as Error).message })
        }
      },
      async loadDetail(id) {
        try {
          const d = putDetail(await api.get<Delivery>(`${API.deliveries}/${encodeURIComponent(id)}`))
          const { [id]: _gone, ...rest } = get().detailErrors
          set({ detailErrors: rest })
          return d
        } catch (err) {
          set({ detailErrors: { ...get().detailErrors, [id]: (err as Error).message } })
          return null
        }
      },
      retry: async (id) => putDetail(await api.post<Delivery>(`${API.deliveries}/${encodeURIComponent(id)}/retry`)),
      sendNow: (input) => api.post<SendNowResult>(`${API.deliveries}/send-now`, input),
    }
  })

  live.subscribe((batch) => {
    const refresh = new Set<string>()
    let bulk = false
    const { details } = store.getState()
    for (const e of batch) {
      if (e.topic === 'delivery.created' || e.topic === 'delivery.updated') {
        const d = e.data as DeliverySummary
        const { items, filter } = store.getState()
        const i = items.findIndex((x) => x.id === d.id)
        if (i >= 0) store.setState({ items: items.map((x) => (x.id === d.id ? d : x)) })
        else if (matchesDeliveryFilter(d, filter) && store.getState().loaded) store.setState({ items: [d, ...items].slice(0, MAX_ROWS) })
        if (details[d.id]) refresh.add(d.id)
      } else if (e.topic === 'delivery.attempted') {
        const a = e.data as LiveDeliveryAttempted
        if (details[a.deliveryId]) refresh.add(a.deliveryId)
      } else if (e.topic === 'deliveries.held' || e.topic === 'deliveries.released' || e.topic === 'deliveries.send_now') {
        // Bulk changes come as one message with a count, not one per delivery: re-read.
        const { webhookId } = e.data as { webhookId?: string }
        bulk = true
        for (const d of Object.values(details)) if (!webhookId || d.webhookId === webhookId) refresh.add(d.id)
      } else if (e.topic === 'webhook.deleted') {
        const { id } = e.data as { id: string }
        store.setState({ items: store.getState().items.filter((d) => d.webhookId !== id) })
      }
    }
    // One fetch per opened delivery per frame, however many of its events arrived.
    refresh.forEach((id) => void store.getState().loadDetail(id))
    if (bulk && store.getState().loaded) void store.getState().load()
  })
  return store
}
export type DeliveriesStore = ReturnType<typeof createDeliveriesStore>
