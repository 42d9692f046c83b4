import { METHODS } from 'node:http'
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib'
import { request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Inbox } from '../../../src-shared/api/inboxes'
import type { RequestListItem } from '../../../src-shared/api/requests'
import { startTestEngine, type TestEngine } from '../../helpers/engine'
import { createInbox, getRequest, latest, listRequests, nextEvent, rawHttp } from './helpers'

describe('capture on the ingest plane', () => {
  let t: TestEngine
  let inbox: Inbox
  beforeAll(async () => {
    t = await startTestEngine()
    inbox = await createInbox(t, { name: 'capture', slug: 'cap' })
  })
  afterAll(() => t.stop())

  it('captures every method, with the full path, the path below the slug and the raw query', async () => {
    // Every method Node parses but CONNECT (not a request to a path), the unusual ones included.
    const methods = METHODS.filter((m) => m !== 'CONNECT')
    for (const method of methods) {
      const res = await t.ingest(method, `/cap/orders/42?b=2&a=1&a=3`, method === 'GET' || method === 'HEAD' ? undefined : 'x', {})
      expect(res.status, method).toBe(200)
    }
    const list = await listRequests(t, inbox.id, `limit=${methods.length}`)
    expect(list.items.map((i) => i.method).reverse()).toEqual(methods)
    const one = await getRequest(t, list.items[0]!.id)
    expect(one).toMatchObject({ path: '/cap/orders/42', pathSuffix: '/orders/42', query: 'b=2&a=1&a=3' })
    expect(one.queryParams).toEqual([['b', '2'], ['a', '1'], ['a', '3']])
  })

  it('stores a binary body byte for byte and serves it back as a download', async () => {
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))
    const res = await t.ingest('POST', '/cap/bin', bytes, { 'content-type': 'application/octet-stream' })
    expect(res.status).toBe(200)
    const detail = await latest(t, inbox.id)
    expect(Buffer.from(detail.bodyBase64, 'base64').equals(bytes)).toBe(true)
    expect(detail.size).toBe(4096)
    const origin = t.engine.urls.api.replace(/\/api$/, '')
    const dl = await request(`${origin}/api/requests/${detail.id}/body`, { headers: { authorization: `Bearer ${t.engine.token}` } })
    expect(dl.statusCode).toBe(200)
    expect(dl.headers['content-type']).toBe('application/octet-stream')
    expect(dl.headers['content-disposition']).toBe(`attachment; filename="${detail.id}.bin"`)
    expect(Buffer.from(await dl.body.arrayBuffer()).equals(bytes)).toBe(true)
  })

  for (const [encoding, encode] of [
    ['gzip', gzipSync],
    ['br', brotliCompressSync],
    ['deflate', deflateSync],
  ] as const) {
    it(`keeps a ${encoding} body as received and adds a decoded view`, async () => {
      const json = JSON.stringify({ id: `evt_${encoding}`, type: 'compressed.test', data: { id: 'obj_1' } })
      const compressed = encode(Buffer.from(json))
      await t.ingest('POST', '/cap/z', compressed, { 'content-type': 'application/json', 'content-encoding': encoding })
      const d = await latest(t, inbox.id)
      expect(Buffer.from(d.bodyBase64, 'base64').equals(compressed)).toBe(true)
      expect(d.decoded).toMatchObject({ encoding, truncated: false, error: null, size: json.length })
      expect(Buffer.from(d.decoded!.bodyBase64!, 'base64').toString()).toBe(json)
      // Analysis reads the decoded JSON.
      expect(d.analysis).toMatchObject({ eventId: `evt_${encoding}`, eventType: 'compressed.test', problems: [] })
    })
  }

  it('reports a body that does not decode, and bounds a zip bomb', async () => {
    await t.ingest('POST', '/cap/z', Buffer.from('not gzip at all'), { 'content-type': 'application/json', 'content-encoding': 'gzip' })
    const broken = await latest(t, inbox.id)
    expect(broken.decoded).toMatchObject({ bodyBase64: null, error: expect.any(String) })
    expect(broken.analysis.problems.map((p) => p.code)).toEqual(['decode_failed'])

    const bomb = gzipSync(Buffer.alloc(40 * 1024 * 1024, 0x61))
    expect(bomb.length).toBeLessThan(100 * 1024)
    await t.ingest('POST', '/cap/bomb', bomb, { 'content-type': 'text/plain', 'content-encoding': 'gzip' })
    const d = await latest(t, inbox.id)
    expect(d.size).toBe(bomb.length)
    expect(d.analysis.problems.map((p) => p.code)).toEqual(['decoded_too_large'])
    expect(d.decoded).toMatchObject({ truncated: true, size: 16 * 1024 * 1024 })
  })

  it('keeps headers in received order with duplicates and their original case', async () => {
    const raw =
      'POST /cap/h HTTP/1.1\r\nHost: x\r\nX-Zeta: 1\r\nx-alpha: a\r\nX-Zeta: 2\r\nSet-Thing: one\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi'
    const answer = await rawHttp(t.engine.urls.ingest, raw)
    expect(answer).toMatch(/^HTTP\/1.1 200/)
    const d = await latest(t, inbox.id)
    expect(d.headers).toEqual([
      ['Host', 'x'],
      ['X-Zeta', '1'],
      ['x-alpha', 'a'],
      ['X-Zeta', '2'],
      ['Set-Thing', 'one'],
      ['Content-Type', 'text/plain'],
      ['Content-Length', '2'],
      ['Connection', 'close'],
    ])
  })

  it('captures the body of any request that has one: a GET, a QUERY without Content-Type, a malformed Content-Type', async () => {
    const send = async (head: string, body: string) => {
      const raw = `${head}\r\nHost: x\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
      expect(await rawHttp(t.engine.urls.ingest, raw)).toMatch(/^HTTP\/1.1 200/)
      return latest(t, inbox.id)
    }
    const get = await send('GET /cap/get-with-body HTTP/1.1\r\nContent-Type: application/json', '{"id":"evt_get","type":"x"}')
    expect(get).toMatchObject({ method: 'GET', size: 27, eventId: 'evt_get' })
    expect(Buffer.from(get.bodyBase64, 'base64').toString()).toBe('{"id":"evt_get","type":"x"}')
    const query = await send('QUERY /cap/q HTTP/1.1', 'select 1')
    expect(query).toMatchObject({ method: 'QUERY', size: 8 })
    const malformed = await send('POST /cap/m HTTP/1.1\r\nContent-Type: ;;not a media type', 'hello')
    expect(malformed).toMatchObject({ method: 'POST', size: 5, contentType: ';;not a media type' })
  })

  it('captures a path with malformed percent-escapes exactly as received (the router never decodes it)', async () => {
    const paths = ['/cap/%zz', '/cap/%ff', '/cap/%E2%82', '/cap/%', '/cap/a%2', '/cap/%2e%2e/x']
    for (const path of paths) {
      const answer = await rawHttp(t.engine.urls.ingest, `POST ${path}?q=%zz HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi`)
      expect(answer, path).toMatch(/^HTTP\/1.1 200/)
      expect(await latest(t, inbox.id)).toMatchObject({ path, pathSuffix: path.slice('/cap'.length), query: 'q=%zz', size: 2 })
    }
    // An unknown slug, even malformed, still gets the ingest plane's own 404.
    const unknown = await rawHttp(t.engine.urls.ingest, 'GET /%zz/x HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n')
    expect(unknown).toMatch(/^HTTP\/1.1 404/)
    expect(unknown).toContain('"error":"unknown_inbox"')
  })

  it('answers a bodyless request without waiting for a body, and the next request on the connection is read whole', async () => {
    const raw =
      'GET /cap/bodyless HTTP/1.1\r\nHost: x\r\n\r\n' +
      'DELETE /cap/zero HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n' +
      'POST /cap/after HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello'
    const answer = await rawHttp(t.engine.urls.ingest, raw)
    expect(answer.match(/HTTP\/1\.1 200 /g)).toHaveLength(3)
    const items = (await listRequests(t, inbox.id, 'limit=3')).items
    expect(items.map((i) => [i.method, i.path, i.size])).toEqual([
      ['POST', '/cap/after', 5],
      ['DELETE', '/cap/zero', 0],
      ['GET', '/cap/bodyless', 0],
    ])
    expect(Buffer.from((await latest(t, inbox.id)).bodyBase64, 'base64').toString()).toBe('hello')
  })

  it('captures a chunked body exactly', async () => {
    const raw = 'POST /cap/chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n'
    expect(await rawHttp(t.engine.urls.ingest, raw)).toMatch(/^HTTP\/1.1 200/)
    const d = await latest(t, inbox.id)
    expect(Buffer.from(d.bodyBase64, 'base64').toString()).toBe('hello world')
  })

  it('records the source address and port, the time from the engine clock, and the response it sent', async () => {
    await t.clock.advance(60_000)
    const res = await t.ingest('POST', '/cap/who', '{"id":"evt_who"}', { 'content-type': 'application/json' })
    const d = await latest(t, inbox.id)
    expect(d.remoteAddress).toMatch(/127\.0\.0\.1$/)
    expect(d.remotePort).toBeGreaterThan(0)
    expect(d.receivedAt).toBe(new Date(t.clock.now()).toISOString())
    expect(JSON.parse(res.body.toString())).toEqual({ ok: true, requestId: d.id })
    expect(d.response).toMatchObject({ status: 200, source: 'rules', hang: false, headers: [['content-type', 'application/json']] })
    expect(Buffer.from(d.response!.bodyBase64, 'base64').toString()).toBe(res.body.toString())
  })

  it('emits request.captured with the list item once the request is stored', async () => {
    const captured = nextEvent<RequestListItem>(t, 'request.captured', (i) => i.path === '/cap/live')
    await t.ingest('POST', '/cap/live', '{"type":"x.y"}', { 'content-type': 'application/json' })
    const event = await captured
    expect(event.data).toMatchObject({ inboxId: inbox.id, method: 'POST', verdict: 'not_configured', eventType: 'x.y', responseStatus: 200 })
    expect((await getRequest(t, event.data.id)).id).toBe(event.data.id)
  })

  it('answers 413 JSON above the inbox body limit and stores nothing (declared and chunked)', async () => {
    const small = await createInbox(t, { name: 'small', slug: 'small', limits: { maxBodyBytes: 100 } })
    const res = await t.ingest('POST', '/small', Buffer.alloc(101, 0x61), { 'content-type': 'text/plain' })
    expect(res.status).toBe(413)
    expect(JSON.parse(res.body.toString())).toMatchObject({ error: 'payload_too_large', message: expect.stringContaining('100 bytes') })
    const chunks = `${'40\r\n' + 'a'.repeat(64) + '\r\n'}`.repeat(3)
    const raw = `POST /small HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${chunks}0\r\n\r\n`
    expect(await rawHttp(t.engine.urls.ingest, raw)).toMatch(/^HTTP\/1.1 413/)
    expect(await t.ingest('POST', '/small', Buffer.alloc(100, 0x61))).toMatchObject({ status: 200 })
    const list = await listRequests(t, small.id)
    expect(list.total).toBe(1)
    expect(list.items[0]!.size).toBe(100)
  })

  it('answers 413 JSON to a chunked body over a small limit, whatever the chunk sizes, and keeps serving', async () => {
    const tiny = await createInbox(t, { name: 'tiny', slug: 'tiny', limits: { maxBodyBytes: 100 } })
    const chunked = (sizes: number[]) =>
      `POST /tiny HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n` +
      sizes.map((n) => `${n.toString(16)}\r\n${'b'.repeat(n)}\r\n`).join('') +
      '0\r\n\r\n'
    // One 1000-byte chunk, chunks that cross the limit, and many one-byte chunks.
    for (const sizes of [[1000], [99, 2], [100, 1], Array.from({ length: 300 }, () => 1), [50, 50, 50, 5000]]) {
      const answer = await rawHttp(t.engine.urls.ingest, chunked(sizes))
      expect(answer, String(sizes.length)).toMatch(/^HTTP\/1.1 413/)
      const json = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))
      expect(json).toMatchObject({ error: 'payload_too_large', message: expect.stringContaining('100 bytes') })
    }
    // Exactly at the limit, chunked, is stored; the engine is still up.
    expect(await rawHttp(t.engine.urls.ingest, chunked([60, 40]))).toMatch(/^HTTP\/1.1 200/)
    const list = await listRequests(t, tiny.id)
    expect(list.total).toBe(1)
    expect(list.items[0]!.size).toBe(100)
    expect((await t.api('GET', '/api/health')).status).toBe(200)
  })

  it('answers an unknown slug with 404 JSON naming the inbox URLs, on a loopback bind', async () => {
    const res = await t.ingest('POST', '/no-such-inbox/x', '{}')
    expect(res.status).toBe(404)
    const body = JSON.parse(res.body.toString())
    expect(body.error).toBe('unknown_inbox')
    expect(body.inboxes).toContain(`${t.engine.urls.ingest}/cap`)
    expect(body.message).toContain('no-such-inbox')
    expect((await t.ingest('GET', '/')).status).toBe(404)
  })

  it('names no inbox to a Host that is not loopback, even on a loopback bind (DNS rebinding)', async () => {
    for (const host of ['evil.example', '127.evil.example', `evil.example:${new URL(t.engine.urls.ingest).port}`]) {
      const res = await t.ingest('POST', '/no-such-inbox', '{}', { host })
      expect(res.status).toBe(404)
      expect(res.body.toString()).not.toContain('/cap')
      expect(JSON.parse(res.body.toString())).toEqual({ error: 'not_found', message: 'Not found.' })
    }
    // localhost and [::1] are this machine.
    for (const host of ['localhost', '[::1]:1']) {
      expect(JSON.parse((await t.ingest('POST', '/no-such-inbox', '{}', { host })).body.toString()).error).toBe('unknown_inbox')
    }
  })
})

describe('capture on a non-loopback bind', () => {
  it('answers an unknown slug with a 404 that reveals nothing', async () => {
    const t = await startTestEngine({ ingestHost: '0.0.0.0' })
    try {
      await createInbox(t, { name: 'secret', slug: 'secret-inbox' })
      const res = await t.ingest('POST', '/guess', '{}')
      expect(res.status).toBe(404)
      const text = res.body.toString()
      expect(JSON.parse(text)).toEqual({ error: 'not_found', message: 'Not found.' })
      expect(text).not.toContain('secret-inbox')
      const inbox = (await t.api<{ items: Inbox[] }>('GET', '/api/inboxes')).body.items[0]!
      expect(inbox.urls[0]).toEqual({ url: `${t.engine.urls.ingest}/secret-inbox`, kind: 'loopback' })
      expect(inbox.urls.slice(1).every((u) => u.kind === 'lan')).toBe(true)
    } finally {
      await t.stop()
    }
  })
})
