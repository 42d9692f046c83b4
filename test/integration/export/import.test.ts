import { request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ImportResult } from '../../../src-shared/api/export'
import type { Inbox } from '../../../src-shared/api/inboxes'
import type { RequestDetail } from '../../../src-shared/api/requests'
import { realClock } from '../../../src-main/engine/clock'
import { signRequest } from '../../../src-main/engine/signing'
import { startTestEngine, type TestEngine } from '../../helpers/engine'
import { createInbox, getRequest, listRequests } from '../receiver/helpers'

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'

describe('import into an inbox', () => {
  let t: TestEngine
  let source: Inbox
  const origin = () => t.engine.urls.api.replace(/\/api$/, '')
  const download = async (path: string) =>
    (await request(`${origin()}${path}`, { headers: { authorization: `Bearer ${t.engine.token}` } })).body.text()
  const upload = async (inboxId: string, body: string | Buffer, contentType = 'application/json') => {
    const res = await request(`${origin()}/api/inboxes/${inboxId}/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.engine.token}`, 'content-type': contentType },
      body,
    })
    return { status: res.statusCode, body: (await res.body.json()) as ImportResult & { error: string; message: string } }
  }
  const details = async (inboxId: string): Promise<RequestDetail[]> => {
    const list = await listRequests(t, inboxId, 'limit=100')
    return Promise.all(list.items.reverse().map((i) => getRequest(t, i.id)))
  }
  const comparable = (r: RequestDetail) => ({
    method: r.method,
    pathSuffix: r.pathSuffix,
    query: r.query,
    headers: r.headers,
    bodyBase64: r.bodyBase64,
    receivedAt: r.receivedAt,
    verdict: r.analysis.verdict,
    eventId: r.analysis.eventId,
    response: r.response && { status: r.response.status, headers: r.response.headers, bodyBase64: r.response.bodyBase64 },
  })

  beforeAll(async () => {
    t = await startTestEngine({ clock: realClock as never })
    source = await createInbox(t, { name: 'source', slug: 'src', verification: { scheme: 'standard-webhooks', secrets: [SECRET] } })
    const json = '{"type":"a.b","data":{"id":"o1"}}'
    const signed = signRequest({ scheme: 'standard-webhooks', secrets: [SECRET], body: Buffer.from(json), id: 'msg_1', timestamp: Math.floor(Date.now() / 1000) })
    await t.ingest('POST', '/src/hooks/x?y=1', json, Object.fromEntries([...signed.headers, ['content-type', 'application/json']]))
    await t.ingest('PUT', '/src/bin', Buffer.from([0, 0xff, 0x10]), { 'content-type': 'application/octet-stream' })
    await t.ingest('GET', '/src')
  })
  afterAll(() => t.stop())

  for (const format of ['ndjson', 'json', 'har'] as const) {
    it(`a ${format} export re-imports into another inbox with the same requests, verdicts and answers`, async () => {
      const target = await createInbox(t, { name: `copy ${format}`, slug: `copy-${format}`, verification: { scheme: 'standard-webhooks', secrets: [SECRET] } })
      const file = await download(`/api/export/requests?format=${format}&inboxId=${source.id}`)
      const res = await upload(target.id, file, format === 'ndjson' ? 'application/x-ndjson' : 'application/json')
      expect(res.status, JSON.stringify(res.body)).toBe(201)
      expect(res.body).toMatchObject({ inboxId: target.id, format, imported: 3 })
      const [a, b] = [await details(source.id), await details(target.id)]
      expect(b.map(comparable)).toEqual(a.map(comparable))
      expect(b.map((r) => r.response?.status)).toEqual([200, 200, 200])
      expect(b.every((r) => r.response?.source === 'import')).toBe(true)
      expect(b[0]!.path).toBe(`/copy-${format}/hooks/x`)
    })
  }

  it('flags a request imported twice as a duplicate of the first copy, in the stored analysis', async () => {
    const target = await createInbox(t, { name: 'twice', slug: 'twice', verification: { scheme: 'standard-webhooks', secrets: [SECRET] } })
    const file = await download(`/api/export/requests?format=ndjson&inboxId=${source.id}`)
    const first = await upload(target.id, file, 'application/x-ndjson')
    const second = await upload(target.id, file, 'application/x-ndjson')
    expect([first.status, second.status]).toEqual([201, 201])
    const signedFirst = await getRequest(t, first.body.ids[0]!)
    const signedAgain = await getRequest(t, second.body.ids[0]!)
    expect(signedFirst.analysis).toMatchObject({ eventId: 'msg_1', duplicate: false, verdict: signedAgain.analysis.verdict })
    expect(signedAgain.analysis).toMatchObject({ eventId: 'msg_1', duplicate: true, duplicateOf: signedFirst.id, reason: signedFirst.analysis.reason })
    expect((await listRequests(t, target.id, 'duplicate=true&limit=10')).total).toBeGreaterThanOrEqual(1)
  })

  it('imports a HAR saved by another tool, keeping its whole path below the slug', async () => {
    const target = await createInbox(t, { name: 'foreign', slug: 'foreign' })
    const har = {
      log: {
        version: '1.2',
        creator: { name: 'WebInspector', version: '537.36' },
        entries: [
          {
            startedDateTime: '2026-03-01T10:00:00.000Z',
            time: 12,
            request: {
              method: 'POST',
              url: 'https://staging.example/webhooks/stripe?live=0',
              httpVersion: 'HTTP/1.1',
              headers: [{ name: 'Content-Type', value: 'application/json' }, { name: 'Stripe-Signature', value: 't=1,v1=ab' }],
              queryString: [{ name: 'live', value: '0' }],
              cookies: [],
              postData: { mimeType: 'application/json', text: '{"id":"evt_9","type":"charge.succeeded"}' },
              headersSize: -1,
              bodySize: 41,
            },
            response: { status: 200, statusText: 'OK', httpVersion: 'HTTP/1.1', headers: [], cookies: [], content: { size: 0, mimeType: '' }, redirectURL: '', headersSize: -1, bodySize: 0 },
            cache: {},
            timings: { send: 0, wait: 12, receive: 0 },
          },
        ],
      },
    }
    const res = await upload(target.id, JSON.stringify(har, null, 2))
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const [r] = await details(target.id)
    expect(r).toMatchObject({ method: 'POST', path: '/foreign/webhooks/stripe', pathSuffix: '/webhooks/stripe', query: 'live=0', receivedAt: '2026-03-01T10:00:00.000Z' })
    // The path as written, not resolved or re-encoded by a URL parser.
    const odd = structuredClone(har)
    odd.log.entries[0]!.request.url = 'https://staging.example/hooks/a/../b/{x}?q=%7B'
    expect((await upload(target.id, JSON.stringify(odd))).status).toBe(201)
    expect((await listRequests(t, target.id)).items[0]).toMatchObject({ pathSuffix: '/hooks/a/../b/{x}', query: 'q=%7B' })
    odd.log.entries[0]!.request.url = 'http:staging.example/hooks/no-slashes?v=2'
    expect((await upload(target.id, JSON.stringify(odd))).status).toBe(201)
    expect((await listRequests(t, target.id)).items[0]).toMatchObject({ pathSuffix: '/hooks/no-slashes', query: 'v=2' })
    expect(Buffer.from(r!.bodyBase64, 'base64').toString()).toBe('{"id":"evt_9","type":"charge.succeeded"}')
    expect(r!.analysis.eventId).toBe('evt_9')
  })

  it("imports Chrome's HTTP/2 HAR: pseudo-headers are dropped, :authority becomes Host", async () => {
    const target = await createInbox(t, { name: 'h2', slug: 'h2' })
    const request = {
      method: 'POST',
      url: 'https://api.staging.example/hooks/gh',
      httpVersion: 'http/2.0',
      headers: [
        { name: ':authority', value: 'api.staging.example' },
        { name: ':method', value: 'POST' },
        { name: ':path', value: '/hooks/gh' },
        { name: ':scheme', value: 'https' },
        { name: 'content-type', value: 'application/json' },
        { name: 'x-github-event', value: 'push' },
      ],
      postData: { mimeType: 'application/json', text: '{"ref":"main"}' },
    }
    const res = await upload(target.id, JSON.stringify({ log: { version: '1.2', entries: [{ startedDateTime: '2026-03-02T10:00:00.000Z', request }] } }))
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const [r] = await details(target.id)
    expect(r!.headers).toEqual([['host', 'api.staging.example'], ['content-type', 'application/json'], ['x-github-event', 'push']])
    expect(r!.analysis.eventType).toBe('push')
  })

  it('refuses a corrupt or foreign file, naming the line or entry, and imports nothing', async () => {
    const target = await createInbox(t, { name: 'strict', slug: 'strict' })
    const good = (await download(`/api/export/requests?format=ndjson&inboxId=${source.id}`)).trim().split('\n')
    const cases: Array<[string, RegExp]> = [
      [`${good[0]}\n${good[1]}\n{"format":"hookbench.request/v1", broken\n`, /^line 3 is not JSON/],
      [`${good[0]}\n{"format":"hookbench.delivery/v1","id":"dlv_1"}\n`, /^line 2 is a delivery/],
      [`${good[0]}\n{"hello":"world"}\n`, /^line 2 is not a Hookbench request/],
      [`${good[0]}\n${good[1]!.replace('"receivedAt":"', '"receivedAt":"yesterday')}\n`, /^line 2: receivedAt is not an ISO 8601 time/],
      [JSON.stringify({ log: { entries: [{ request: { method: 'POST', url: 'http://x/y' }, startedDateTime: '2026-01-01T00:00:00Z' }, { nope: 1 }] } }), /^entry 2 has no request/],
      [JSON.stringify({ log: { entries: [{ request: { method: 'POST', url: 'not a url' }, startedDateTime: '2026-01-01T00:00:00Z' }] } }), /^entry 1: request.url "not a url" is not a URL/],
      // What a replay could never send again.
      [JSON.stringify({ log: { entries: [{ request: { method: 'GET /evil HTTP/1.1\r\nX:', url: 'http://x/a' }, startedDateTime: '2026-01-01T00:00:00Z' }] } }), /^entry 1: request: the method .* is not an HTTP method name/],
      [JSON.stringify({ log: { entries: [{ request: { method: 'POST', url: 'http://x/a', headers: [{ name: 'X-Ok', value: 'v\r\nInjected: 1' }] }, startedDateTime: '2026-01-01T00:00:00Z' }] } }), /^entry 1: request: header 1: The value of X-Ok holds the control character U\+000D/],
      [JSON.stringify({ log: { entries: [{ request: { method: 'POST', url: 'http://x/a', postData: { text: '!!!notbase64', _encoding: 'base64' } }, startedDateTime: '2026-01-01T00:00:00Z' }] } }), /^entry 1: request.postData.text is marked base64 but is not base64/],
      [`${good[0]}\n${good[1]!.replace('"method":"', '"method":"BAD METHOD ')}\n`, /^line 2: the method "BAD METHOD .*" is not an HTTP method name/],
      [`${good[0]}\n${good[1]!.replace('"pathSuffix":"', '"pathSuffix":"/a\\r\\nX: 1')}\n`, /^line 2: the path or query holds the control character U\+000D/],
      [JSON.stringify({ log: { entries: [{ request: { method: 'POST', url: 'http://x/a b' }, startedDateTime: '2026-01-01T00:00:00Z' }] } }), /^entry 1: request.url: the path or query holds a space/],
      // Numbered as in the file, pseudo-headers included; a pseudo-header's value is checked too.
      [JSON.stringify({ log: { entries: [{ request: { method: 'POST', url: 'http://x/a', headers: [{ name: ':method', value: 'POST' }, { name: 'X-A', value: '1' }, { name: 'X-B', value: 'v\nw' }] }, startedDateTime: '2026-01-01T00:00:00Z' }] } }), /^entry 1: request: header 3: The value of X-B holds/],
      [JSON.stringify({ log: { entries: [{ request: { method: 'POST', url: 'http://x/a', headers: [{ name: ':authority', value: 'x\r\nY: 1' }] }, startedDateTime: '2026-01-01T00:00:00Z' }] } }), /^entry 1: request: header 1: The value of :authority holds/],
      ['<html>nope</html>', /neither a HAR 1.2 file nor a Hookbench NDJSON export/],
      ['{"format":"hookbench.deliveries/v1","items":[]}', /^This is an export of deliveries, not of captured requests/],
      ['{"format":"hookbench.requests/v1","items":[{"method":"POST"}]}', /^items\[0\]: headers must be a list/],
      // A multipart form's params cannot give back its bytes.
      [JSON.stringify({ log: { entries: [{ request: { method: 'POST', url: 'http://x/a', postData: { mimeType: 'multipart/form-data; boundary=x', params: [{ name: 'f', fileName: 'a.png' }] } }, startedDateTime: '2026-01-01T00:00:00Z' }] } }), /^entry 1: request.postData has params but no text, and a multipart\/form-data body cannot be rebuilt/],
      [JSON.stringify({ log: { entries: [{ request: { method: 'POST', url: 'http://x/a' }, response: { status: 42 }, startedDateTime: '2026-01-01T00:00:00Z' }] } }), /^entry 1: response.status must be from 100 to 599/],
      ['', /empty/],
    ]
    for (const [file, message] of cases) {
      const res = await upload(target.id, file)
      expect(res.status, file.slice(0, 60)).toBe(400)
      expect(res.body.error).toBe('HB_ERR_IMPORT_INVALID')
      expect(res.body.message).toMatch(message)
    }
    expect((await listRequests(t, target.id)).total).toBe(0)
    expect((await upload('inb_nope', good[0]!)).status).toBe(404)
  })

  it("rebuilds a HAR form body from its params, and keeps the HAR's response as the answer", async () => {
    const target = await createInbox(t, { name: 'form', slug: 'form' })
    const har = {
      log: {
        version: '1.2',
        entries: [
          {
            startedDateTime: '2026-02-01T10:00:00.000Z',
            request: { method: 'POST', url: 'http://app.test/hooks?x=1', headers: [{ name: 'Content-Type', value: 'application/x-www-form-urlencoded' }], postData: { mimeType: 'application/x-www-form-urlencoded', params: [{ name: 'event', value: 'order paid' }, { name: 'id', value: 'a&b' }] } },
            response: { status: 204, headers: [{ name: 'X-Handled', value: 'yes' }], content: { size: 0, mimeType: '' } },
          },
          { startedDateTime: '2026-02-01T10:00:01.000Z', request: { method: 'GET', url: 'http://app.test/hooks' }, response: { status: 0, headers: [], content: { size: 0 } } },
        ],
      },
    }
    const res = await upload(target.id, JSON.stringify(har))
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const [form, get] = await details(target.id)
    expect(Buffer.from(form!.bodyBase64, 'base64').toString()).toBe('event=order+paid&id=a%26b')
    expect(form!.response).toMatchObject({ status: 204, headers: [['X-Handled', 'yes']], bodyBase64: '', source: 'import' })
    expect((await listRequests(t, target.id, 'status=204')).total).toBe(1)
    expect(get!.response).toBeNull() // status 0: the browser got no response
    // Both say they came from a file, so the one without an answer does not read as still waiting for one.
    expect([form!.imported, get!.imported]).toEqual([true, true])
    expect((await listRequests(t, target.id)).items.map((i) => i.imported)).toEqual([true, true])
    expect((await listRequests(t, source.id)).items.every((i) => !i.imported)).toBe(true)
  })

  it('keeps a request that was left hanging as hung, from an NDJSON or a HAR export', async () => {
    const line = JSON.parse((await download(`/api/export/requests?format=ndjson&inboxId=${source.id}`)).trim().split('\n')[0]!)
    line.response = { status: null, headers: [], bodyBase64: '', delayMs: 0, hang: true, source: 'hang', step: null }
    const hung = await createInbox(t, { name: 'hung', slug: 'hung' })
    expect((await upload(hung.id, JSON.stringify(line) + '\n', 'application/x-ndjson')).status).toBe(201)
    expect((await listRequests(t, hung.id, 'status=hang')).total).toBe(1)
    // Through HAR: status 0 is "no response" to a browser; Hookbench's own entry says it hung.
    const har = JSON.parse(await download(`/api/export/requests?format=har&inboxId=${hung.id}`))
    expect(har.log.entries[0]).toMatchObject({ response: { status: 0 }, _hookbench: { hung: true } })
    const again = await createInbox(t, { name: 'hung again', slug: 'hung-again' })
    expect((await upload(again.id, JSON.stringify(har))).status).toBe(201)
    const [detail] = await details(again.id)
    expect(detail!.response).toMatchObject({ status: null, hang: true, source: 'import' })
    expect((await listRequests(t, again.id, 'status=hang')).total).toBe(1)
  })

  it("refuses an import past the inbox's limits, keeping what it holds", async () => {
    const small = await createInbox(t, { name: 'small', slug: 'small', limits: { retention: 3, maxBodyBytes: 100 } })
    await t.ingest('POST', '/small/live', '{"live":1}', { 'content-type': 'application/json' })
    await t.ingest('POST', '/small/live', '{"live":2}', { 'content-type': 'application/json' })
    const file = await download(`/api/export/requests?format=ndjson&inboxId=${source.id}`) // 3 requests
    const tooMany = await upload(small.id, file, 'application/x-ndjson')
    expect(tooMany.status).toBe(409)
    expect(tooMany.body.error).toBe('HB_ERR_IMPORT_LIMITS')
    expect(tooMany.body.message).toBe(
      'This inbox keeps its newest 3 requests (limits.retention) and holds 2: the 3 of the file would push 2 out at once. Raise limits.retention to at least 5, clear the inbox, or import into another one; nothing was imported.',
    )
    const big = JSON.stringify({ log: { entries: [{ startedDateTime: '2026-01-01T00:00:00Z', request: { method: 'POST', url: 'http://x/a', postData: { text: 'x'.repeat(101) } } }] } })
    const tooLarge = await upload(small.id, big)
    expect(tooLarge.status).toBe(413)
    expect(tooLarge.body.message).toMatch(/^Request 1 of the file has a body of 101 bytes, over this inbox's limit of 100 \(limits.maxBodyBytes\)/)
    const kept = await details(small.id)
    expect(kept.map((r) => Buffer.from(r.bodyBase64, 'base64').toString())).toEqual(['{"live":1}', '{"live":2}'])
  })
})
