import { createStore } from 'zustand/vanilla'
import type { LiveDeliveryAttempted, LiveDeliveryChanged } from '../../src-shared/api/deliveries'
import type {
  EndpointCheck,
  EndpointCheckInput,
  RotateSecretInput,
  TestResult,
  TestWebhookInput,
  Webhook,
  WebhookCreated,
  WebhookInput,
  WebhookList,
  WebhookPatch,
} from '../../src-shared/api/webhooks'
import { API } from '../../src-shared/api/paths'
import type { ApiClient } from '../api/client'
import type { LiveFeed } from '../api/live'

export interface WebhooksState {
  items: Webhook[]
  loaded: boolean
  error: string | null
  /**
   * Secrets the engine revealed in a create or rotate answer, by webhook id. Profiles that
   * show a secret only once (WorkFlows) never return it again, so the UI keeps it for this
   * session to let the user copy it.
   */
  revealed: Record<string, string>
  load(): Promise<void>
  fetchOne(id: string): Promise<Webhook | null>
  create(input: WebhookInput): Promise<WebhookCreated>
  update(id: string, patch: WebhookPatch): Promise<Webhook>
  remove(id: string): Promise<void>
  pause(id: string): Promise<Webhook>
  enable(id: string): Promise<Webhook>
  rotateSecret(id: string, input: RotateSecretInput): Promise<Webhook>
  test(id: string, input: TestWebhookInput): Promise<TestResult>
  /** Probes how the endpoint verifies signatures; nothing is stored. */
  check(id: string, input: EndpointCheckInput): Promise<EndpointCheck>
}

const path = (id: string, action = '') => `${API.webhooks}/${encodeURIComponent(id)}${action}`
const byNewest = (a: Webhook, b: Webhook) => b.createdAt.localeCompare(a.createdAt)
/** Stats (last delivery, success rate) move with deliveries: refetch them at most this often. */
const STATS_REFRESH_MS = 400

/** Webhooks with their stats; live: webhook changes apply at once, delivery changes refresh stats. */
export function createWebhooksStore(api: ApiClient, live: LiveFeed) {
  const store = createStore<WebhooksState>((set, get) => {
    const upsert = <T extends Webhook>(w: T): T => {
      const items = get().items
      const i = items.findIndex((x) => x.id === w.id)
      set({ items: i < 0 ? [w, ...items].sort(byNewest) : items.map((x) => (x.id === w.id ? w : x)) })
      return w
    }
    const reveal = (w: Webhook) => {
      if (w.secret) set({ revealed: { ...get().revealed, [w.id]: w.secret } })
    }
    return {
      items: [],
      loaded: false,
      error: null,
      revealed: {},
      async load() {
        try {
          const list = await api.get<WebhookList>(API.webhooks, { limit: 500 })
          set({ items: list.items.sort(byNewest), loaded: true, error: null })
        } catch (err) {
          set({ error: (err as Error).message, loaded: true })
        }
      },
      async fetchOne(id) {
        try {
          return upsert(await api.get<Webhook>(path(id)))
        } catch {
          return null
        }
      },
      async create(input) {
        const w = upsert(await api.post<WebhookCreated>(API.webhooks, input))
        reveal(w)
        return w
      },
      update: async (id, patch) => upsert(await api.patch<Webhook>(path(id), patch)),
      async remove(id) {
        await api.del(path(id))
        set({ items: get().items.filter((w) => w.id !== id) })
      },
      pause: async (id) => upsert(await api.post<Webhook>(path(id, '/pause'))),
      enable: async (id) => upsert(await api.post<Webhook>(path(id, '/enable'))),
      async rotateSecret(id, input) {
        const w = upsert(await api.post<Webhook>(path(id, '/rotate-secret'), input))
        reveal(w)
        return w
      },
      async test(id, input) {
        const result = await api.post<TestResult>(path(id, '/test'), input)
        scheduleStats(id)
        return result
      },
      check: (id, input) => api.post<EndpointCheck>(path(id, '/check'), input),
    }
  })

  const stale = new Set<string>()
  let timer: ReturnType<typeof setTimeout> | undefined
  function scheduleStats(id: string) {
    if (!store.getState().items.some((w) => w.id === id)) return
    stale.add(id)
    timer ??= setTimeout(() => {
      timer = undefined
      const ids = [...stale]
      stale.clear()
      ids.forEach((w) => void store.getState().fetchOne(w))
    }, STATS_REFRESH_MS)
  }

  live.subscribe((batch) => {
    for (const e of batch) {
      switch (e.topic) {
        case 'webhook.created':
        case 'webhook.updated':
        case 'webhook.paused':
        case 'webhook.enabled':
        case 'webhook.disabled': {
          // Some messages carry only what changed (webhook.disabled: id, status, reason, time)
          // and none carries hidden secret values: merge into what we know.
          const w = e.data as Partial<Webhook> & { id: string }
          const items = store.getState().items
          const i = items.findIndex((x) => x.id === w.id)
          if (i >= 0) store.setState({ items: items.map((x) => (x.id === w.id ? { ...x, ...w } : x)) })
          else if ('stats' in w && 'url' in w) store.setState({ items: [w as Webhook, ...items].sort(byNewest) })
          else if (store.getState().loaded) void store.getState().fetchOne(w.id)
          if (e.topic === 'webhook.disabled') scheduleStats(w.id)
          break
        }
        case 'webhook.deleted': {
          const { id } = e.data as { id: string }
          store.setState({ items: store.getState().items.filter((w) => w.id !== id) })
          break
        }
        case 'webhook.secret_rotated':
          void store.getState().fetchOne((e.data as { id: string }).id)
          break
        case 'delivery.created':
        case 'delivery.updated':
          scheduleStats((e.data as LiveDeliveryChanged).webhookId)
          break
        case 'delivery.attempted':
          scheduleStats((e.data as LiveDeliveryAttempted).webhookId)
          break
        case 'deliveries.held':
        case 'deliveries.released':
          scheduleStats((e.data as { webhookId: string }).webhookId)
          break
      }
    }
  })
  return store
}
export type WebhooksStore = ReturnType<typeof createWebhooksStore>
