import { gzipSync } from 'node:zlib'
import { request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { Inbox } from '../../../src-shared/api/inboxes'
import type { RequestComparison, RequestListItem, RequestsDeletedEvent } from '../../../src-shared/api/requests'
import { startTestEngine, type TestEngine } from '../../helpers/engine'
import { createInbox, latest, listRequests, nextEvent } from './helpers'

const json = { 'content-type': 'application/json' }

describe('inspecting captured requests', () => {
  let t: TestEngine
  let inbox: Inbox
  beforeAll(async () => {
    t = await startTestEngine()
    inbox = await createInbox(t, { name: 'inspect', slug: 'inspect', response: { status: 200, sequence: { steps: [{ status: 500 }], repeat: false } } })
    const send = async (method: string, path: string, body: object | undefined, headers: Record<string, string> = {}) => {
      await t.ingest(method, path, body === undefined ? undefined : JSON.stringify(body), { ...json, ...headers })
      await t.clock.advance(1000)
    }
    await send('POST', '/inspect/stripe', { id: 'evt_alpha', type: 'invoice.paid', data: { object: { id: 'in_1', customer: 'cus_lovelace' } } })
    await send('POST', '/inspect/github', { action: 'opened', number: 7 }, { 'x-github-event': 'pull_request', 'x-github-delivery': 'guid-1' })
    await send('PUT', '/inspect/orders/42?expand=lines', { id: 'evt_beta', type: 'order.updated', data: { id: 'ord_42', note: 'fragile glassware 🎉 ✓ €12' } })
    await send('GET', '/inspect/health?probe=uptime-robot', undefined)
    await send('POST', '/inspect/stripe', { id: 'evt_gamma', type: 'invoice.paid', data: { object: { id: 'in_2', customer: 'cus_hopper' } } }, { 'x-trace': 'trace-zulu' })
  })
  afterAll(() => t.stop())

  it('lists newest first with a total, and pages with a keyset cursor', async () => {
    const all = await listRequests(t, inbox.id)
    expect(all.total).toBe(5)
    expect(all.nextCursor).toBeNull()
    expect(all.items.map((i) => i.eventId)).toEqual(['evt_gamma', null, 'evt_beta', 'guid-1', 'evt_alpha'])
    expect(all.items[1]).toMatchObject({ method: 'GET', query: 'probe=uptime-robot', size: 0 })

    const pages: string[][] = []
    let cursor: string | null = null
    do {
      const page = await listRequests(t, inbox.id, `limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      expect(page.total).toBe(5)
      pages.push(page.items.map((i) => i.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1])
    expect(pages.flat()).toEqual(all.items.map((i) => i.id))

    // Oldest first: the first captures one page away, the same keyset paging forwards.
    const oldest: string[] = []
    cursor = null
    do {
      const page = await listRequests(t, inbox.id, `order=oldest&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      expect(page.total).toBe(5)
      oldest.push(...page.items.map((i) => i.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(oldest).toEqual(all.items.map((i) => i.id).reverse())
    const filtered = await listRequests(t, inbox.id, 'order=oldest&method=POST&limit=1')
    expect(filtered.items[0]!.eventId).toBe('evt_alpha')
  })

  it('filters by method, verdict, event type, response status and time, and counts the matches', async () => {
    expect((await listRequests(t, inbox.id, 'method=put,get')).items.map((i) => i.method)).toEqual(['GET', 'PUT'])
    expect((await listRequests(t, inbox.id, 'method=POST&method=PUT')).total).toBe(4)
    expect((await listRequests(t, inbox.id, 'verdict=not_configured')).total).toBe(5)
    expect((await listRequests(t, inbox.id, 'verdict=valid')).total).toBe(0)
    const paid = await listRequests(t, inbox.id, 'eventType=invoice.paid')
    expect(paid.items.map((i) => i.eventId)).toEqual(['evt_gamma', 'evt_alpha'])
    expect((await listRequests(t, inbox.id, 'eventType=pull_request')).items[0]!.eventId).toBe('guid-1')
    expect((await listRequests(t, inbox.id, 'status=5xx')).items.map((i) => i.eventId)).toEqual(['evt_alpha'])
    expect((await listRequests(t, inbox.id, 'status=200')).total).toBe(4)
    const start = Date.UTC(2026, 0, 1)
    const window = await listRequests(t, inbox.id, `from=${new Date(start + 1000).toISOString()}&to=${new Date(start + 3000).toISOString()}`)
    expect(window.items.map((i) => i.eventId)).toEqual(['evt_beta', 'guid-1'])
    expect(window.total).toBe(2)
  })

  it('searches body, headers and path with full-text search', async () => {
    const ids = async (q: string) => (await listRequests(t, inbox.id, `q=${encodeURIComponent(q)}`)).items.map((i) => i.eventId)
    expect(await ids('glassware')).toEqual(['evt_beta'])
    expect(await ids('fragile glass')).toEqual(['evt_beta'])
    expect(await ids('"fragile glassware"')).toEqual(['evt_beta'])
    expect(await ids('cus_hop')).toEqual(['evt_gamma'])
    expect(await ids('trace-zulu')).toEqual(['evt_gamma'])
    expect(await ids('uptime')).toEqual([null])
    expect(await ids('orders expand')).toEqual(['evt_beta'])
    expect(await ids('invoice.paid')).toEqual(['evt_gamma', 'evt_alpha'])
    expect(await ids('nothing-like-this')).toEqual([])
    // Symbols are words too (migration 0007): an emoji, a check mark, a price.
    expect(await ids('🎉')).toEqual(['evt_beta'])
    expect(await ids('✓ €12')).toEqual(['evt_beta'])
    expect(await ids('"unbalanced')).toEqual([])
    expect(await ids('*** OR NEAR(')).toEqual([])
    const combined = await listRequests(t, inbox.id, 'q=invoice&status=5xx')
    expect(combined).toMatchObject({ total: 1, items: [{ eventId: 'evt_alpha' }] })
  })

  it('indexes new captures for search by itself once capture goes quiet (no search needed)', async () => {
    const other = await createInbox(t, { name: 'quiet', slug: 'quiet' })
    for (let i = 0; i < 3; i++) await t.ingest('POST', '/quiet', JSON.stringify({ id: `evt_quiet_${i}`, type: 'x' }), json)
    const db = t.engine.ctx.db
    const indexed = () => Number((db.prepare("SELECT value FROM settings WHERE key = 'receiver.fts_indexed_seq'").get() as { value: string } | undefined)?.value ?? 0)
    const newest = (db.prepare('SELECT max(seq) AS s FROM requests').get() as { s: number }).s
    const deadline = Date.now() + 10_000
    while (indexed() < newest && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25))
    expect(indexed(), 'the index did not catch up while the engine was idle').toBe(newest)
    expect((await listRequests(t, other.id, 'q=evt_quiet_1')).total).toBe(1)
  })

  it('searches requests captured after the newest ones were deleted (a seq is never reused)', async () => {
    const box = await createInbox(t, { name: 'reuse', slug: 'reuse' })
    const send = (id: string, type: string) => t.ingest('POST', '/reuse', JSON.stringify({ id, type }), json)
    const found = async (q: string) => (await listRequests(t, box.id, `q=${encodeURIComponent(q)}`)).items.map((i) => i.eventId)
    for (const id of ['evt_old1', 'evt_old2', 'evt_old3']) await send(id, 'old.event')
    expect(await found('old.event')).toEqual(['evt_old3', 'evt_old2', 'evt_old1']) // the index is now past them
    const newest = (await listRequests(t, box.id)).items[0]!
    expect((await t.api('DELETE', `/api/requests/${newest.id}`)).status).toBe(204)
    await send('evt_needle1', 'needle.event')
    expect(await found('needle')).toEqual(['evt_needle1'])
    expect((await t.api('DELETE', `/api/inboxes/${box.id}/requests`)).status).toBe(200)
    await send('evt_needle2', 'needle.event')
    expect(await found('needle')).toEqual(['evt_needle2'])
  })

  it('finds a path and query by what they read, not only as percent-encoded on the wire', async () => {
    const box = await createInbox(t, { name: 'paths', slug: 'paths' })
    await t.ingest('POST', '/paths/hooks/caf%C3%A9?name=Zo%C3%AB+Smith&bad=%zz', '{}', json)
    await t.ingest('POST', '/paths/plain', '{}', json)
    const hits = async (q: string) => (await listRequests(t, box.id, `q=${encodeURIComponent(q)}`)).items.map((i) => i.path)
    for (const q of ['café', 'cafe', 'hooks/café', 'Zoë', 'zoe smith', 'caf%C3%A9']) expect(await hits(q), q).toEqual(['/paths/hooks/caf%C3%A9'])
    expect(await hits('plain')).toEqual(['/paths/plain'])
  })

  it('finds the text fields and file names of a multipart form that carries a binary file', async () => {
    const box = await createInbox(t, { name: 'forms', slug: 'forms' })
    const boundary = 'hb-boundary-7'
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nquarterly-invoice-batch\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="scan-0042.png"\r\nContent-Type: image/png\r\n\r\n`),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe, 0x00, 0xc3]),
      Buffer.from(' IDATzqxjunk '),
      Buffer.from([0xff, 0xd8]),
      Buffer.from(`\r\n--${boundary}\r\nContent-Disposition: form-data; name="memo"\r\n\r\nsecond-text-part\r\n`),
      Buffer.from(`--${boundary}--\r\n`),
    ])
    // A quoted parameter may hold "boundary=" itself: the real boundary is the parameter.
    await t.ingest('POST', '/forms/upload', body, { 'content-type': `multipart/form-data; boundary="${boundary}"; x-note="a; boundary=decoy"` })
    const hits = async (q: string) => (await listRequests(t, box.id, `q=${encodeURIComponent(q)}`)).total
    expect(await hits('quarterly-invoice-batch')).toBe(1)
    expect(await hits('scan-0042.png')).toBe(1)
    expect(await hits('second-text-part')).toBe(1)
    // The binary file's bytes are not text: no words from them.
    expect(await hits('IDATzqxjunk')).toBe(0)
  })

  it('finds text inside a gzip body through its decoded form', async () => {
    const other = await createInbox(t, { name: 'gz', slug: 'gz' })
    await t.ingest('POST', '/gz', gzipSync(Buffer.from('{"note":"compressed needle"}')), { ...json, 'content-encoding': 'gzip' })
    expect((await listRequests(t, other.id, 'q=needle')).total).toBe(1)
    const d = await latest(t, other.id)
    const origin = t.engine.urls.api.replace(/\/api$/, '')
    const res = await request(`${origin}/api/requests/${d.id}/body?decoded=true&token=${t.engine.token}`)
    expect(res.statusCode).toBe(200)
    expect(Buffer.from(await res.body.arrayBuffer()).toString()).toBe('{"note":"compressed needle"}')
  })

  it('compares two requests: headers by name and a JSON diff of the bodies', async () => {
    const [gamma, , , , alpha] = (await listRequests(t, inbox.id)).items as RequestListItem[]
    const res = await t.api<RequestComparison>('GET', `/api/requests/compare?a=${alpha!.id}&b=${gamma!.id}`)
    expect(res.status).toBe(200)
    expect(res.body.a.id).toBe(alpha!.id)
    expect(res.body.headers.find((h) => h.name === 'x-trace')).toEqual({ name: 'x-trace', a: [], b: ['trace-zulu'], change: 'added' })
    expect(res.body.headers.find((h) => h.name === 'content-type')!.change).toBe('same')
    expect(res.body.body).toMatchObject({ kind: 'json', identical: false, truncated: false })
    expect(res.body.body.changes).toEqual([
      { path: '/id', change: 'changed', a: 'evt_alpha', b: 'evt_gamma' },
      { path: '/data/object/id', change: 'changed', a: 'in_1', b: 'in_2' },
      { path: '/data/object/customer', change: 'changed', a: 'cus_lovelace', b: 'cus_hopper' },
    ])
  })

  it('streams request.captured over the live WebSocket', async () => {
    const origin = t.engine.urls.api.replace(/^http/, 'ws')
    const ws = new WebSocket(`${origin}/live?token=${t.engine.token}`)
    const messages: Array<{ type: string; topic?: string; data?: RequestListItem }> = []
    const got = new Promise<RequestListItem>((resolve, reject) => {
      ws.on('message', (raw) => {
        const m = JSON.parse(raw.toString())
        messages.push(m)
        if (m.type === 'hello') void t.ingest('POST', '/inspect/live', '{"id":"evt_live","type":"live.test"}', json)
        if (m.topic === 'request.captured') resolve(m.data)
      })
      ws.on('error', reject)
    })
    const item = await got
    ws.close()
    expect(item).toMatchObject({ inboxId: inbox.id, eventId: 'evt_live', path: '/inspect/live' })
    await t.api('DELETE', `/api/requests/${item.id}`)
  })

  it('deletes one request, then clears the inbox', async () => {
    const other = await createInbox(t, { name: 'clear', slug: 'clear' })
    for (let i = 0; i < 3; i++) await t.ingest('POST', '/clear', `{"id":"evt_c${i}"}`, json)
    const victim = await latest(t, other.id)
    const deleted = nextEvent<RequestsDeletedEvent>(t, 'requests.deleted', (e) => e.inboxId === other.id)
    expect((await t.api('DELETE', `/api/requests/${victim.id}`)).status).toBe(204)
    expect((await deleted).data).toEqual({ inboxId: other.id, reason: 'deleted', ids: [victim.id], all: false, count: 1 })
    expect((await t.api('GET', `/api/requests/${victim.id}`)).status).toBe(404)
    expect((await listRequests(t, other.id, 'q=evt_c2')).total).toBe(0)

    const cleared = nextEvent<RequestsDeletedEvent>(t, 'requests.deleted', (e) => e.inboxId === other.id && e.all)
    const res = await t.api('DELETE', `/api/inboxes/${other.id}/requests`)
    expect(res).toMatchObject({ status: 200, body: { deleted: 2 } })
    expect((await cleared).data).toMatchObject({ reason: 'cleared', count: 2 })
    expect(await listRequests(t, other.id)).toEqual({ items: [], nextCursor: null, total: 0 })
    expect((await listRequests(t, other.id, 'q=evt_c1')).total).toBe(0)
  })

  describe('rejects bad queries with a 400 naming the field', () => {
    const cases: Array<[string, string, string]> = [
      ['an unknown parameter', 'colour=red', '/colour'],
      ['a limit above 500', 'limit=501', '/limit'],
      ['a limit that is not a number', 'limit=many', '/limit'],
      ['an unknown verdict', 'verdict=maybe', '/verdict/0'],
      ['a status filter that is not a status', 'status=teapot', '/status/0'],
      ['a time that is not ISO 8601', 'from=yesterday', '/from'],
      ['a window that ends before it starts', 'from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z', '/from'],
      ['a cursor this API did not give out', 'cursor=!!', '/cursor'],
      ['a boolean that is not one', 'duplicate=perhaps', '/duplicate'],
      ['an order that is neither newest nor oldest', 'order=sideways', '/order'],
    ]
    for (const [what, query, field] of cases) {
      it(`rejects ${what}`, async () => {
        const res = await t.api<{ error: string; field: string }>('GET', `/api/inboxes/${inbox.id}/requests?${query}`)
        expect(res.status).toBe(400)
        expect(res.body.field).toBe(field)
      })
    }

    it('answers 404 for unknown ids', async () => {
      expect((await t.api('GET', '/api/inboxes/inb_nope/requests')).status).toBe(404)
      expect((await t.api('GET', '/api/requests/req_nope')).status).toBe(404)
      expect((await t.api('GET', '/api/requests/req_nope/body')).status).toBe(404)
      expect((await t.api('DELETE', '/api/requests/req_nope')).status).toBe(404)
      expect((await t.api('GET', '/api/requests/compare?a=req_x')).status).toBe(400)
    })
  })
})
