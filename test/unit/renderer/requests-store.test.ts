import { describe, expect, it } from 'vitest'
import type { RequestList, RequestListItem } from '../../../src-shared/api/requests'
import type { LiveEvent } from '../../../src-shared/live'
import type { ApiClient, Query } from '../../../src-renderer/api/client'
import { createRequestsStore, matchesFilters, NO_FILTERS } from '../../../src-renderer/stores/requests'

const item = (n: number, extra: Partial<RequestListItem> = {}): RequestListItem => ({
  id: `req_${String(n).padStart(4, '0')}`,
  inboxId: 'inb_1',
  method: 'POST',
  path: '/slug/hook',
  pathSuffix: '/hook',
  query: '',
  receivedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
  size: 10,
  contentType: 'application/json',
  contentEncoding: null,
  remoteAddress: '127.0.0.1',
  verdict: 'valid',
  timestampAgeSec: null,
  imported: false,
  eventType: 'invoice.paid',
  eventId: `evt_${n}`,
  duplicate: false,
  outOfOrder: false,
  allowlisted: null,
  problems: [],
  responseStatus: 200,
  ...extra,
})

/** An API with `count` stored requests, newest first, paged by index cursors. */
function fakeApi(count: number) {
  const all = Array.from({ length: count }, (_, i) => item(count - i))
  const calls: Query[] = []
  const api = {
    async get(_path: string, query: Query = {}) {
      calls.push(query)
      const start = query.cursor ? Number(query.cursor) : 0
      const limit = Number(query.limit ?? 50)
      const items = (query.order === 'oldest' ? [...all].reverse() : all).slice(start, start + limit)
      return { items, nextCursor: start + limit < all.length ? String(start + limit) : null, total: all.length } satisfies RequestList
    },
  } as unknown as ApiClient
  return { api, calls }
}

const ev = (topic: string, data: unknown): LiveEvent => ({ type: 'event', topic, time: new Date().toISOString(), data })

describe('requests store', () => {
  it('lists oldest first on request, and puts a new capture at the end only once the pages reach it', async () => {
    const { api, calls } = fakeApi(150)
    const store = createRequestsStore(api)
    await store.getState().open('inb_1')
    await store.getState().setFilters({ order: 'oldest' })
    expect(calls.at(-1)).toMatchObject({ order: 'oldest', limit: 100 })
    expect(store.getState().items[0]!.id).toBe('req_0001')
    store.getState().applyLive([ev('request.captured', item(151))])
    expect(store.getState().items).toHaveLength(100) // more pages before it: not shown yet
    expect(store.getState().total).toBe(151)
    // The last page was read before 151 was stored (this API never has it): it still ends the list.
    await store.getState().loadMore()
    expect(store.getState().items.slice(-2).map((r) => r.id)).toEqual(['req_0150', 'req_0151'])
    expect(store.getState().total).toBe(151)
    store.getState().applyLive([ev('request.captured', item(152))])
    expect(store.getState().items.at(-1)!.id).toBe('req_0152')
    // Another filter keeps the order.
    await store.getState().setFilters({ method: ['POST'] })
    expect(calls.at(-1)).toMatchObject({ order: 'oldest', method: ['POST'] })
  })


  it('loads the first page, then older pages by cursor', async () => {
    const { api, calls } = fakeApi(1000)
    const store = createRequestsStore(api)
    await store.getState().open('inb_1')
    expect(store.getState().items).toHaveLength(100)
    expect(store.getState().total).toBe(1000)
    await store.getState().loadMore()
    expect(store.getState().items).toHaveLength(350)
    expect(calls.at(-1)).toMatchObject({ cursor: '100', limit: 250 })
    expect(new Set(store.getState().items.map((r) => r.id)).size).toBe(350)
  })

  it('prepends live captures of its inbox once, ignores other inboxes, applies updates and deletions', async () => {
    const { api } = fakeApi(3)
    const store = createRequestsStore(api)
    await store.getState().open('inb_1')
    const fresh = item(10)
    store.getState().applyLive([ev('request.captured', fresh), ev('request.captured', fresh), ev('request.captured', item(11, { inboxId: 'other' }))])
    expect(store.getState().items.map((r) => r.id)).toEqual(['req_0010', 'req_0003', 'req_0002', 'req_0001'])
    expect(store.getState().total).toBe(4)
    store.getState().applyLive([ev('request.updated', { ...fresh, responseStatus: 503 })])
    expect(store.getState().items[0]!.responseStatus).toBe(503)
    store.getState().toggleSelected('req_0002')
    store.getState().applyLive([ev('requests.deleted', { inboxId: 'inb_1', reason: 'pruned', ids: ['req_0001', 'req_0002'], all: false, count: 2 })])
    expect(store.getState().items.map((r) => r.id)).toEqual(['req_0010', 'req_0003'])
    expect(store.getState().total).toBe(2)
    expect(store.getState().selected).toEqual([])
    store.getState().applyLive([ev('requests.deleted', { inboxId: 'inb_1', reason: 'cleared', ids: [], all: true, count: 2 })])
    expect(store.getState().items).toEqual([])
  })

  it('counts captures it cannot match itself (search active) instead of showing them', async () => {
    const { api } = fakeApi(3)
    const store = createRequestsStore(api)
    await store.getState().open('inb_1')
    await store.getState().setFilters({ q: 'periwinkle' })
    store.getState().applyLive([ev('request.captured', item(20))])
    expect(store.getState().unseen).toBe(1)
    expect(store.getState().items.some((r) => r.id === 'req_0020')).toBe(false)
  })

  it('matches live captures against the filters it can evaluate', () => {
    const r = item(1, { method: 'POST', verdict: 'invalid', eventType: 'a.b', duplicate: true })
    expect(matchesFilters(r, NO_FILTERS)).toBe(true)
    expect(matchesFilters(r, { ...NO_FILTERS, method: ['GET'] })).toBe(false)
    expect(matchesFilters(r, { ...NO_FILTERS, verdict: ['invalid'], eventType: ['a.b'], duplicate: true })).toBe(true)
    expect(matchesFilters(r, { ...NO_FILTERS, from: '2026-01-01T00:00:02.000Z' })).toBe(false)
    expect(matchesFilters(r, { ...NO_FILTERS, status: ['5xx'] })).toBe(false)
    expect(matchesFilters(r, { ...NO_FILTERS, status: ['2xx'] })).toBe(true)
    expect(matchesFilters(r, { ...NO_FILTERS, status: ['503', '200'] })).toBe(true)
    expect(matchesFilters({ ...r, responseStatus: null }, { ...NO_FILTERS, status: ['hang'] })).toBeNull()
    expect(matchesFilters(r, { ...NO_FILTERS, q: 'word' })).toBeNull()
  })

  it('drops the answer of a query that was replaced while in flight', async () => {
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const { api } = fakeApi(5)
    const slow = { ...api, get: async (p: string, q: Query) => (q.q === 'old' ? (await gate, { items: [item(99)], nextCursor: null, total: 1 }) : api.get(p, q)) } as ApiClient
    const store = createRequestsStore(slow)
    await store.getState().open('inb_1')
    const stale = store.getState().setFilters({ q: 'old' })
    await store.getState().setFilters({ q: '' })
    release()
    await stale
    expect(store.getState().items).toHaveLength(5)
  })
})
