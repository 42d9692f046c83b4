import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RequestForwardedEvent } from '../../../src-shared/api/requests'
import { startTestEngine, type TestEngine } from '../../helpers/engine'
import { closedPort, startSink, type Sink } from '../../helpers/sink'
import { createInbox, getRequest, latest, nextEvent, rawHttp } from './helpers'

describe('forwarding', () => {
  let t: TestEngine
  let app: Sink
  beforeAll(async () => {
    t = await startTestEngine()
    app = await startSink((req, res) => {
      res.setHeader('x-app', 'yes')
      res.statusCode = req.url.includes('teapot') ? 418 : 201
      res.end(`app saw ${req.method} ${req.url}`)
    })
  })
  afterAll(async () => {
    await t.stop()
    await app.close()
  })

  it('forwards method, path suffix, query, headers minus hop-by-hop and the exact bytes, and records the result', async () => {
    const inbox = await createInbox(t, { name: 'fwd', slug: 'fwd', forwardTo: [`${app.url}/webhooks`] })
    const body = Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d, 0x00, 0xff]) // not UTF-8 on purpose
    const forwarded = nextEvent<RequestForwardedEvent>(t, 'request.forwarded', (e) => e.inboxId === inbox.id)
    const head =
      'PUT /fwd/orders/7?x=1&x=2 HTTP/1.1\r\nHost: hookbench\r\nContent-Type: application/octet-stream\r\nX-Signature: sha256=abc\r\n' +
      `X-Dup: one\r\nX-Dup: two\r\nKeep-Alive: timeout=5\r\nX-Hop: named by Connection\r\nConnection: close, X-Hop\r\nContent-Length: ${body.length}\r\n\r\n`
    const answer = await rawHttp(t.engine.urls.ingest, Buffer.concat([Buffer.from(head, 'latin1'), body]))
    expect(answer).toMatch(/^HTTP\/1.1 200/) // the inbox's own rules answer, not the app
    const event = (await forwarded).data
    const [seen] = await app.waitFor(1)
    expect(seen!.method).toBe('PUT')
    expect(seen!.url).toBe('/webhooks/orders/7?x=1&x=2')
    expect(seen!.body.equals(body)).toBe(true)
    const names = seen!.headers.map(([n]) => n.toLowerCase())
    expect(names).not.toContain('keep-alive')
    expect(names).not.toContain('x-hop')
    expect(seen!.headers.filter(([n]) => ['content-type', 'x-signature', 'x-dup'].includes(n.toLowerCase()))).toEqual([
      ['Content-Type', 'application/octet-stream'],
      ['X-Signature', 'sha256=abc'],
      ['X-Dup', 'one'],
      ['X-Dup', 'two'],
    ])

    expect(event.forward).toMatchObject({ state: 'done', target: `${app.url}/webhooks`, url: `${app.url}/webhooks/orders/7?x=1&x=2`, error: null })
    expect(event.forward.response).toMatchObject({ status: 201, bodyTruncated: false })
    expect(Buffer.from(event.forward.response!.bodyBase64, 'base64').toString()).toBe('app saw PUT /webhooks/orders/7?x=1&x=2')
    expect(event.forward.durationMs).toBeGreaterThanOrEqual(0)
    const detail = await getRequest(t, event.requestId)
    expect(detail.forwards).toEqual([event.forward])
    expect(detail.forwards[0]!.response!.headers).toContainEqual(['x-app', 'yes'])
  })

  it('records an unreachable target as a network error and still captures and answers', async () => {
    const dead = `http://127.0.0.1:${await closedPort()}/hook`
    const inbox = await createInbox(t, { name: 'dead', slug: 'dead', forwardTo: [dead, `${app.url}/alive`] })
    const results: RequestForwardedEvent[] = []
    const both = new Promise<void>((resolve) => {
      const off = t.engine.ctx.events.subscribe((e) => {
        if (e.topic !== 'request.forwarded' || (e.data as RequestForwardedEvent).inboxId !== inbox.id) return
        results.push(e.data as RequestForwardedEvent)
        if (results.length === 2) {
          off()
          resolve()
        }
      })
    })
    const res = await t.ingest('POST', '/dead', '{"id":"evt_dead"}', { 'content-type': 'application/json' })
    expect(res.status).toBe(200)
    await both
    const detail = await latest(t, inbox.id)
    expect(detail.forwards.map((f) => f.state)).toEqual(['error', 'done'])
    expect(detail.forwards[0]).toMatchObject({ target: dead, response: null, error: { code: 'refused', message: expect.stringContaining('refused') } })
  })

  it('answers with the first target\'s response when told to, and 502 when it cannot be reached', async () => {
    const inbox = await createInbox(t, { name: 'proxy', slug: 'proxy', forwardTo: [`${app.url}/teapot`], response: { status: 200, fromForward: true } })
    const res = await t.ingest('POST', '/proxy/x', 'hello', { 'content-type': 'text/plain' })
    expect(res.status).toBe(418)
    expect(res.headers['x-app']).toBe('yes')
    expect(res.body.toString()).toBe('app saw POST /teapot/x')
    const detail = await latest(t, inbox.id)
    expect(detail).toMatchObject({ responseStatus: 418, response: { status: 418, source: 'forward' } })

    const dead = await createInbox(t, {
      name: 'proxy-dead',
      slug: 'proxy-dead',
      forwardTo: [`http://127.0.0.1:${await closedPort()}`],
      response: { status: 200, fromForward: true },
    })
    const bad = await t.ingest('POST', '/proxy-dead', 'hello')
    expect(bad.status).toBe(502)
    expect(JSON.parse(bad.body.toString())).toMatchObject({ error: 'bad_gateway' })
    expect((await latest(t, dead.id)).responseStatus).toBe(502)
  })

  it('forwards and replays a request sent with Expect: 100-continue (curl adds it above 1 MiB), which is agreed per hop', async () => {
    const inbox = await createInbox(t, { name: 'expect', slug: 'expect', forwardTo: [`${app.url}/expect`] })
    const forwarded = nextEvent<RequestForwardedEvent>(t, 'request.forwarded', (e) => e.inboxId === inbox.id)
    const body = '{"id":"evt_expect"}'
    const head = `POST /expect/hook HTTP/1.1\r\nHost: hookbench\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nConnection: close\r\nContent-Length: ${body.length}\r\n\r\n`
    const answer = await rawHttp(t.engine.urls.ingest, head + body)
    expect(answer).toMatch(/^HTTP\/1.1 100 Continue\r\n\r\nHTTP\/1.1 200/)
    const event = (await forwarded).data
    expect(event.forward).toMatchObject({ state: 'done', error: null, response: { status: 201 } })
    const seen = app.received.find((r) => r.url === '/expect/hook')
    expect(seen!.body.toString()).toBe(body)
    expect(seen!.headers.map(([n]) => n.toLowerCase())).not.toContain('expect')

    const replay = await t.api('POST', `/api/requests/${event.requestId}/replay`, { url: `${app.url}/again` })
    expect(replay.status, JSON.stringify(replay.body)).toBe(200)
    expect(replay.body).toMatchObject({ error: null, response: { status: 201 } })
  })

  it('does not forward a request the enforced allowlist turns away', async () => {
    const inbox = await createInbox(t, { name: 'fenced', slug: 'fenced', forwardTo: [`${app.url}/fenced`], allowlist: { cidrs: ['203.0.113.0/24'], enforce: true } })
    const res = await t.ingest('POST', '/fenced/hook', '{"id":"evt_fenced"}', { 'content-type': 'application/json' })
    expect(res.status).toBe(403)
    const detail = await latest(t, inbox.id)
    expect(detail).toMatchObject({ responseStatus: 403, forwards: [] })
    // The next forwarded request reaches the app; the refused one never did.
    const open = await createInbox(t, { name: 'unfenced', slug: 'unfenced', forwardTo: [`${app.url}/fenced`] })
    const forwarded = nextEvent<RequestForwardedEvent>(t, 'request.forwarded', (e) => e.inboxId === open.id)
    await t.ingest('POST', '/unfenced/hook', '{"id":"evt_open"}', { 'content-type': 'application/json' })
    await forwarded
    expect(app.received.filter((r) => r.url === '/fenced/hook').map((r) => r.body.toString())).toEqual(['{"id":"evt_open"}'])
  })

  it("sends a target's credentials but records and exports the target without its password, and tells a sender nothing of it", async () => {
    const inbox = await createInbox(t, { name: 'creds', slug: 'creds', forwardTo: [`http://user:p%40ss@${new URL(app.url).host}/creds/`] })
    const forwarded = nextEvent<RequestForwardedEvent>(t, 'request.forwarded', (e) => e.inboxId === inbox.id)
    await t.ingest('POST', '/creds/a?x=1', 'hello', { 'content-type': 'text/plain' })
    const event = (await forwarded).data
    const seen = app.received.find((r) => r.url === '/creds/a?x=1')
    expect(seen!.headers.find(([n]) => n.toLowerCase() === 'authorization')?.[1]).toBe(`Basic ${Buffer.from('user:p@ss').toString('base64')}`)
    const host = new URL(app.url).host
    expect(event.forward).toMatchObject({ state: 'done', target: `http://user:***@${host}/creds/`, url: `http://user:***@${host}/creds/a?x=1` })
    expect((await latest(t, inbox.id)).forwards[0]).toMatchObject({ target: `http://user:***@${host}/creds/` })
    const exported = await t.api('GET', `/api/export/requests?format=ndjson&inboxId=${inbox.id}`)
    expect(exported.status).toBe(200)
    expect(JSON.stringify(exported.body)).not.toContain('p%40ss')
    // A result stored before credentials were left out is shown without them too.
    const db = t.engine.ctx.db
    const row = db.prepare('SELECT id, result FROM request_forwards WHERE id = ?').get(event.forward.id) as { id: string; result: string }
    db.prepare('UPDATE request_forwards SET result = ? WHERE id = ?').run(row.result.replaceAll('user:***@', 'user:p%40ss@'), row.id)
    expect((await latest(t, inbox.id)).forwards[0]).toMatchObject({ url: `http://user:***@${host}/creds/a?x=1` })

    const dead = await createInbox(t, { name: 'creds-dead', slug: 'creds-dead', forwardTo: [`http://admin:hunter2@127.0.0.1:${await closedPort()}/internal/`], response: { status: 200, fromForward: true } })
    const bad = await t.ingest('POST', '/creds-dead/x', 'hello')
    expect(bad.status).toBe(502)
    const text = bad.body.toString()
    expect(JSON.parse(text)).toMatchObject({ error: 'bad_gateway', message: expect.stringContaining('(refused)') })
    expect(text).not.toMatch(/hunter2|admin|internal|127\.0\.0\.1/)
    expect((await latest(t, dead.id)).forwards[0]).toMatchObject({ target: expect.stringContaining('admin:***@'), error: { code: 'refused' } })
  })
})
