import { describe, expect, it } from 'vitest'
import type { BulkReplayJob, Replay } from '../../../src-shared/api/replay'
import type { LiveEvent } from '../../../src-shared/live'
import type { ApiClient } from '../../../src-renderer/api/client'
import { createReplayStore, newerJob } from '../../../src-renderer/stores/replay'

const replay = (n: number, sourceId = 'req_1', extra: Partial<Replay> = {}): Replay => ({
  id: `rpl_${n}`,
  sourceKind: 'request',
  sourceId,
  bulkId: null,
  createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
  request: { method: 'POST', url: 'http://x/hooks', headers: [], body: '{}', bodyEncoding: 'utf8', size: 2, truncated: false },
  response: { status: 200, headers: [], body: 'ok', bodyEncoding: 'utf8', size: 2, truncated: false },
  error: null,
  durationMs: 3,
  resigned: false,
  eventId: null,
  warnings: [],
  ...extra,
})

const job = (patch: Partial<BulkReplayJob> = {}): BulkReplayJob => ({
  id: 'bulk_1',
  inboxId: 'inb_1',
  url: 'http://x',
  state: 'running',
  total: 10,
  sent: 0,
  ok: 0,
  failed: 0,
  ratePerSecond: 5,
  startedAt: '2026-01-01T00:00:00.000Z',
  finishedAt: null,
  lastError: null,
  ...patch,
})

const event = (topic: string, data: unknown): LiveEvent => ({ type: 'event', topic, time: new Date().toISOString(), data })

const resend = (n: number, deliveryId = 'dlv_1', attempt = 1) => replay(n, `${deliveryId}#${attempt}`, { sourceKind: 'attempt' })

function fakeApi(stored: Replay[]) {
  const posts: { path: string; body: unknown }[] = []
  const gets: string[] = []
  const api = {
    async get(path: string) {
      gets.push(path)
      if (path.endsWith('/replays')) return { items: stored, nextCursor: null }
      return job({ sent: 10, state: 'done' })
    },
    async post(path: string, body: unknown) {
      posts.push({ path, body })
      if (path.endsWith('/replay')) return replay(9)
      if (path.endsWith('/resend')) return resend(9, 'dlv_1', 2)
      if (path.endsWith('/stop')) return job({ sent: 4, state: 'stopped' })
      return job()
    },
  } as unknown as ApiClient
  return { api, posts, gets }
}

describe('replay store', () => {
  it('lists the replays of an opened request newest first and adds live ones once', async () => {
    const { api } = fakeApi([replay(2), replay(1)])
    const store = createReplayStore(api)
    store.getState().applyLive([event('replay.completed', replay(5, 'req_other'))])
    expect(store.getState().bySource.req_other).toBeUndefined() // not opened: loaded from the engine when it is

    await store.getState().loadReplays('req_1')
    store.getState().applyLive([event('replay.completed', replay(3)), event('replay.completed', replay(3))])
    expect(store.getState().bySource.req_1!.items.map((r) => r.id)).toEqual(['rpl_3', 'rpl_2', 'rpl_1'])
  })

  it('keeps a replay that arrives live while the list is loading', async () => {
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const api = { get: async () => (await gate, { items: [replay(1)], nextCursor: null }) } as unknown as ApiClient
    const store = createReplayStore(api)
    const loading = store.getState().loadReplays('req_1')
    store.getState().applyLive([event('replay.completed', replay(2))])
    release()
    await loading
    expect(store.getState().bySource.req_1!.items.map((r) => r.id)).toEqual(['rpl_2', 'rpl_1'])
  })

  it('adds its own replay to the list without waiting for the live echo', async () => {
    const { api, posts } = fakeApi([])
    const store = createReplayStore(api)
    await store.getState().loadReplays('req_1')
    await store.getState().replay('req_1', { url: 'http://x' })
    expect(posts[0]).toEqual({ path: '/api/requests/req_1/replay', body: { url: 'http://x' } })
    expect(store.getState().bySource.req_1!.items.map((r) => r.id)).toEqual(['rpl_9'])
  })

  it("lists the resends of an opened delivery's attempts, newest first, and adds live ones of that delivery only", async () => {
    const { api, gets } = fakeApi([resend(2, 'dlv_1', 1), resend(1, 'dlv_1', 1)])
    const store = createReplayStore(api)
    await store.getState().loadResends('dlv_1')
    expect(gets).toEqual(['/api/deliveries/dlv_1/replays'])
    store.getState().applyLive([event('replay.completed', resend(3, 'dlv_1', 2)), event('replay.completed', resend(4, 'dlv_other', 1)), event('replay.completed', replay(5, 'dlv_1'))])
    expect(store.getState().byDelivery.dlv_1!.items.map((r) => r.id)).toEqual(['rpl_3', 'rpl_2', 'rpl_1'])
    expect(store.getState().byDelivery.dlv_other).toBeUndefined()
    expect(store.getState().bySource.dlv_1).toBeUndefined()
  })

  it('adds its own resend to the delivery without waiting for the live echo', async () => {
    const { api, posts } = fakeApi([])
    const store = createReplayStore(api)
    await store.getState().loadResends('dlv_1')
    await store.getState().resend('dlv_1', { url: 'http://x', attempt: 2 })
    expect(posts[0]).toEqual({ path: '/api/deliveries/dlv_1/resend', body: { url: 'http://x', attempt: 2 } })
    expect(store.getState().byDelivery.dlv_1!.items.map((r) => r.id)).toEqual(['rpl_9'])
  })

  it('follows bulk progress and never goes back to an older state', async () => {
    const { api } = fakeApi([])
    const store = createReplayStore(api)
    await store.getState().startBulk({ inboxId: 'inb_1', url: 'http://x' })
    store.getState().applyLive([event('replay.bulk.progress', job({ sent: 3, ok: 2, failed: 1 })), event('replay.bulk.progress', job({ sent: 2 }))])
    expect(store.getState().jobs.bulk_1).toMatchObject({ sent: 3, ok: 2, failed: 1 })
    store.getState().applyLive([event('replay.bulk.progress', job({ sent: 10, state: 'done' }))])
    store.getState().applyLive([event('replay.bulk.progress', job({ sent: 9 }))])
    expect(store.getState().jobs.bulk_1).toMatchObject({ sent: 10, state: 'done' })
  })

  it('prefers a finished job over a late running one', () => {
    const done = job({ sent: 4, state: 'stopped' })
    expect(newerJob(done, job({ sent: 4 }))).toBe(done)
    expect(newerJob(job({ sent: 4 }), done)).toBe(done)
    expect(newerJob(undefined, done)).toBe(done)
  })
})
