import Stripe from 'stripe'
import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BulkReplayJob, Replay } from '../../../src-shared/api/replay'
import type { Inbox } from '../../../src-shared/api/inboxes'
import { realClock } from '../../../src-main/engine/clock'
import { signRequest } from '../../../src-main/engine/signing'
import { startTestEngine, type TestEngine } from '../../helpers/engine'
import { closedPort, startSink, type Sink } from '../../helpers/sink'
import { createInbox, latest, listRequests, nextEvent } from '../receiver/helpers'
import { attemptsDone, header } from '../sender/helpers'

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'

describe('replay a captured request', () => {
  let t: TestEngine
  let sink: Sink
  let inbox: Inbox
  // Real time: the reference verifiers check re-signed timestamps against the wall clock.
  beforeAll(async () => {
    t = await startTestEngine({ clock: realClock as never })
    sink = await startSink((_req, res) => {
      res.statusCode = 202
      res.setHeader('X-From', 'staging')
      res.end('{"received":true}')
    })
    inbox = await createInbox(t, { name: 'replay', slug: 'rp' })
  })
  afterAll(async () => {
    await t.stop()
    await sink.close()
  })

  /** Captures a Standard-Webhooks-signed event, signed `ageSec` seconds ago. */
  async function capture(body: string, ageSec = 0, extra: Record<string, string> = {}) {
    const signed = signRequest({ scheme: 'standard-webhooks', secrets: [SECRET], body: Buffer.from(body), id: 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W', timestamp: Math.floor(Date.now() / 1000) - ageSec })
    const headers = Object.fromEntries([...signed.headers, ['content-type', 'application/json'], ['x-custom', 'kept'], ...Object.entries(extra)])
    const res = await t.ingest('POST', '/rp/hooks?src=test', body, headers)
    expect(res.status).toBe(200)
    return latest(t, inbox.id)
  }

  it('sends the same method, headers (minus hop-by-hop and Host) and exact body bytes, and records the answer', async () => {
    const body = '{"type":"invoice.paid",  "data": {"id":"inv_1","amount":4200}}\n'
    const original = await capture(body)
    const before = sink.received.length
    const res = await t.api<Replay>('POST', `/api/requests/${original.id}/replay`, { url: `${sink.url}/webhooks` })
    expect(res.status).toBe(200)
    const [got] = (await sink.waitFor(before + 1)).slice(before)
    expect(got!.method).toBe('POST')
    expect(got!.url).toBe('/webhooks')
    expect(got!.body.toString()).toBe(body)
    for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature', 'x-custom', 'content-type']) {
      expect(header(got!.headers, name), name).toBe(header(original.headers, name))
    }
    expect(header(got!.headers, 'host')).toBe(new URL(sink.url).host)
    expect(res.body).toMatchObject({ sourceKind: 'request', sourceId: original.id, resigned: false, warnings: [] })
    expect(res.body.response).toMatchObject({ status: 202, body: '{"received":true}', bodyEncoding: 'utf8' })
    expect(header(res.body.response!.headers, 'x-from')).toBe('staging')
    expect(res.body.durationMs).toBeGreaterThanOrEqual(0)

    const list = await t.api<{ items: Replay[] }>('GET', `/api/requests/${original.id}/replays`)
    expect(list.body.items.map((r) => r.id)).toEqual([res.body.id])
  })

  it('records the request exactly as it went on the wire, Host, Connection and Content-Length included, whatever the method and body', async () => {
    const original = await capture('{"type":"wire.check"}')
    const cases: Array<[Record<string, unknown>, string]> = [
      [{}, 'POST with its body'],
      [{ method: 'GET', bodyBase64: '' }, 'GET without a body: no Content-Length'],
      [{ method: 'DELETE', bodyBase64: Buffer.from('x').toString('base64') }, 'DELETE with a body'],
      [{ method: 'PUT', bodyBase64: '' }, 'PUT with an empty body: Content-Length: 0'],
      [{ method: 'HEAD', bodyBase64: '' }, 'HEAD: Connection: close'],
    ]
    for (const [edit, what] of cases) {
      const before = sink.received.length
      const res = await t.api<Replay>('POST', `/api/requests/${original.id}/replay`, { url: `${sink.url}/wire?x=1`, ...edit })
      expect(res.status, what).toBe(200)
      const got = (await sink.waitFor(before + 1))[before]!
      expect(res.body.request.headers, what).toEqual(got.headers)
    }
    const withCredentials = await t.api<Replay>('POST', `/api/requests/${original.id}/replay`, { url: sink.url.replace('http://', 'http://user:pw@') })
    const got = sink.received.at(-1)!
    expect(withCredentials.body.request.headers).toEqual(got.headers)
    expect(header(got.headers, 'authorization')).toBe(`Basic ${Buffer.from('user:pw').toString('base64')}`)
  })

  it('an old Standard Webhooks signature fails the reference verifier; re-signed with a fresh timestamp it passes', async () => {
    const body = '{"type":"user.created","data":{"id":"u_1"}}'
    const original = await capture(body, 3600)
    const before = sink.received.length
    await t.api('POST', `/api/requests/${original.id}/replay`, { url: sink.url })
    const stale = (await sink.waitFor(before + 1))[before]!
    const verify = (got: typeof stale) => new Webhook(SECRET).verify(got.body.toString(), Object.fromEntries(got.headers.map(([n, v]) => [n.toLowerCase(), v])))
    expect(() => verify(stale)).toThrow(/timestamp/i)

    const res = await t.api<Replay>('POST', `/api/requests/${original.id}/replay`, { url: sink.url, resign: { scheme: 'standard-webhooks', secret: SECRET } })
    expect(res.status).toBe(200)
    expect(res.body.resigned).toBe(true)
    const fresh = (await sink.waitFor(before + 2))[before + 1]!
    expect(fresh.body.toString()).toBe(body)
    expect(verify(fresh)).toEqual(JSON.parse(body))
    expect(fresh.headers.filter(([n]) => n.toLowerCase() === 'webhook-signature')).toHaveLength(1)
    expect(header(fresh.headers, 'webhook-id')).toBe('msg_2KWPBgLlAfxdpx2AI54pPJ85f4W')
  })

  it('re-signs as Stripe, which stripe-node accepts', async () => {
    const body = '{"id":"evt_1","object":"event","type":"charge.succeeded","data":{"object":{"id":"ch_1"}}}'
    const original = await capture(body)
    const before = sink.received.length
    const secret = 'whsec_stripe_test_secret'
    await t.api('POST', `/api/requests/${original.id}/replay`, { url: sink.url, resign: { profileId: 'stripe', secret } })
    const got = (await sink.waitFor(before + 1))[before]!
    const event = new Stripe('sk_test_x').webhooks.constructEvent(got.body.toString(), header(got.headers, 'stripe-signature')!, secret)
    expect(event.id).toBe('evt_1')
  })

  it("re-signed with another scheme, sends only the new signature: the original scheme's signature headers go, the others stay", async () => {
    const names = (headers: [string, string][]) => headers.map(([n]) => n.toLowerCase())
    const body = '{"action":"opened","number":1}'
    const gh = signRequest({ scheme: 'github', secrets: ['gh-secret'], body: Buffer.from(body) })
    expect(names(gh.headers)).toEqual(['x-hub-signature-256', 'x-hub-signature'])
    await t.ingest('POST', '/rp/gh', body, { ...Object.fromEntries(gh.headers), 'content-type': 'application/json', 'x-github-event': 'issues', 'x-custom': 'kept' })
    const fromGitHub = await latest(t, inbox.id)
    let before = sink.received.length
    const asStandard = await t.api<Replay>('POST', `/api/requests/${fromGitHub.id}/replay`, { url: sink.url, resign: { scheme: 'standard-webhooks', secret: SECRET } })
    expect(asStandard.status, JSON.stringify(asStandard.body)).toBe(200)
    const got = (await sink.waitFor(before + 1))[before]!
    expect(names(got.headers)).not.toContain('x-hub-signature-256')
    expect(names(got.headers)).not.toContain('x-hub-signature')
    expect(names(got.headers)).toEqual(expect.arrayContaining(['webhook-id', 'webhook-timestamp', 'webhook-signature', 'x-github-event', 'x-custom', 'content-type']))
    expect(() => new Webhook(SECRET).verify(got.body.toString(), Object.fromEntries(got.headers.map(([n, v]) => [n.toLowerCase(), v])))).not.toThrow()
    expect(names(asStandard.body.request.headers)).not.toContain('x-hub-signature-256')

    // Standard Webhooks → GitHub: its signature and timestamp go; webhook-id names the event and stays.
    const fromStandard = await capture('{"type":"user.created"}')
    before = sink.received.length
    await t.api<Replay>('POST', `/api/requests/${fromStandard.id}/replay`, { url: sink.url, resign: { scheme: 'github', secret: 'gh-secret' } })
    const asGitHub = (await sink.waitFor(before + 1))[before]!
    expect(names(asGitHub.headers)).not.toContain('webhook-signature')
    expect(names(asGitHub.headers)).not.toContain('webhook-timestamp')
    expect(header(asGitHub.headers, 'webhook-id')).toBe('msg_2KWPBgLlAfxdpx2AI54pPJ85f4W')
    expect(names(asGitHub.headers).filter((n) => n.startsWith('x-hub-signature'))).toEqual(['x-hub-signature-256', 'x-hub-signature'])

    // A profile's own header (Workestra), and an inbox's own header name, are known too.
    const custom = await createInbox(t, { name: 'own header', slug: 'own-header', verification: { scheme: 'hmac-sha256', secrets: ['s3cret'], options: { headerName: 'X-Acme-Sig' } } })
    await t.ingest('POST', '/own-header', body, { 'x-acme-sig': 'abc', 'x-workestra-signature': 'sha256=def', 'x-custom': 'kept' })
    const both = await latest(t, custom.id)
    before = sink.received.length
    await t.api<Replay>('POST', `/api/requests/${both.id}/replay`, { url: sink.url, resign: { profileId: 'stripe', secret: 'whsec_stripe_test_secret' } })
    const asStripe = (await sink.waitFor(before + 1))[before]!
    expect(names(asStripe.headers).filter((n) => n.startsWith('x-'))).toEqual(['x-custom'])
    expect(header(asStripe.headers, 'stripe-signature')).toMatch(/^t=\d+,v1=/)
  })

  it('issues a new event id in the same style, in the header and the body, and warns when not re-signed', async () => {
    const body = '{"id": "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", "type": "a.b"}'
    const original = await capture(body)
    const before = sink.received.length
    const res = await t.api<Replay>('POST', `/api/requests/${original.id}/replay`, { url: sink.url, eventId: 'new' })
    const got = (await sink.waitFor(before + 1))[before]!
    const newId = header(got.headers, 'webhook-id')!
    expect(newId).toMatch(/^msg_[A-Za-z0-9]{27}$/)
    expect(newId).not.toBe('msg_2KWPBgLlAfxdpx2AI54pPJ85f4W')
    expect(got.body.toString()).toBe(`{"id": "${newId}", "type": "a.b"}`)
    expect(res.body.eventId).toBe(newId)
    expect(res.body.warnings.join(' ')).toMatch(/not re-signed/)

    const resigned = await t.api<Replay>('POST', `/api/requests/${original.id}/replay`, { url: sink.url, eventId: 'new', resign: { scheme: 'standard-webhooks', secret: SECRET } })
    const got2 = (await sink.waitFor(before + 2))[before + 1]!
    expect(resigned.body.warnings).toEqual([])
    expect(() => new Webhook(SECRET).verify(got2.body.toString(), Object.fromEntries(got2.headers.map(([n, v]) => [n.toLowerCase(), v])))).not.toThrow()

    // The id only in the webhook-id header: the body is the same, and the signature still breaks.
    const headerOnly = await capture('{"type": "a.b"}')
    const warned = await t.api<Replay>('POST', `/api/requests/${headerOnly.id}/replay`, { url: sink.url, eventId: 'new' })
    expect(warned.body.eventId).not.toBe('msg_2KWPBgLlAfxdpx2AI54pPJ85f4W')
    expect(warned.body.warnings.join(' ')).toMatch(/event id header changed but the request was not re-signed/)

    // GitHub's X-GitHub-Delivery is not signed: a new one breaks nothing, so nothing is said.
    const body2 = '{"action":"opened"}'
    await t.ingest('POST', '/rp/gh', body2, { 'content-type': 'application/json', 'x-github-event': 'issues', 'x-github-delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958' })
    const gh = await latest(t, inbox.id)
    expect(gh.eventId).toBe('72d3162e-cc78-11e3-81ab-4c9367dc0958')
    const quiet = await t.api<Replay>('POST', `/api/requests/${gh.id}/replay`, { url: sink.url, eventId: 'new' })
    expect(quiet.body.eventId).not.toBe(gh.eventId)
    expect(quiet.body.warnings).toEqual([])
  })

  it('sends edited headers and body instead of the originals', async () => {
    const original = await capture('{"a":1}')
    const before = sink.received.length
    const edited = Buffer.from([0x00, 0x01, 0xfe, 0xff])
    const res = await t.api<Replay>('POST', `/api/requests/${original.id}/replay`, {
      url: sink.url,
      method: 'put',
      headers: [['X-Only', 'this'], ['Connection', 'close'], ['Host', 'evil.example']],
      bodyBase64: edited.toString('base64'),
    })
    const got = (await sink.waitFor(before + 1))[before]!
    expect(got.method).toBe('PUT')
    expect(got.body.equals(edited)).toBe(true)
    expect(header(got.headers, 'x-only')).toBe('this')
    expect(header(got.headers, 'webhook-signature')).toBeUndefined()
    expect(header(got.headers, 'host')).toBe(new URL(sink.url).host)
    expect(res.body.request).toMatchObject({ bodyEncoding: 'base64', body: edited.toString('base64') })
  })

  it('records a network failure as the replay result', async () => {
    const original = await capture('{}')
    const res = await t.api<Replay>('POST', `/api/requests/${original.id}/replay`, { url: `http://127.0.0.1:${await closedPort()}/x` })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ response: null, error: { code: 'refused' } })
  })

  it('rejects bad input with a message that names the field, and stores nothing', async () => {
    const original = await capture('{}')
    const cases: Array<[unknown, number, string]> = [
      [{ url: 'not a url' }, 400, '/url'],
      [{ url: 'ftp://127.0.0.1/x' }, 400, '/url'],
      [{ url: sink.url, resign: { profileId: 'nope', secret: 'x' } }, 400, '/resign/profileId'],
      [{ url: sink.url, resign: { profileId: 'stripe', scheme: 'github', secret: 'x' } }, 400, '/resign'],
      [{ url: sink.url, resign: { scheme: 'stripe' } }, 400, '/resign/secret'],
      [{ url: sink.url, resign: { scheme: 'standard-webhooks', secret: 'bad' } }, 400, '/resign/secret'],
      [{ url: sink.url, surprise: true }, 400, '/surprise'],
      [{ url: sink.url, bodyBase64: '!!!' }, 400, '/bodyBase64'],
      [{ url: sink.url, headers: [['Content-Type', 'text/plain'], ['bad name', 'v']] }, 400, '/headers/1/0'],
      [{ url: sink.url, headers: [['X-Line', 'a\r\nX-Injected: 1']] }, 400, '/headers/0/1'],
    ]
    for (const [body, status, field] of cases) {
      const res = await t.api('POST', `/api/requests/${original.id}/replay`, body)
      expect(res.status, JSON.stringify(body)).toBe(status)
      expect(res.body.field, JSON.stringify(res.body)).toBe(field)
      expect(res.body.message).toBeTruthy()
    }
    expect((await t.api('POST', '/api/requests/req_nope/replay', { url: sink.url })).status).toBe(404)
    const list = await t.api<{ items: Replay[] }>('GET', `/api/requests/${original.id}/replays`)
    expect(list.body.items).toEqual([])
  })

  it('replays a filter in received order at a chosen rate, with progress and a summary', async () => {
    const bulkInbox = await createInbox(t, { name: 'bulk', slug: 'bulk-src' })
    for (let i = 0; i < 6; i++) {
      await t.ingest('POST', `/bulk-src/e${i}`, JSON.stringify({ type: i % 2 ? 'odd.event' : 'even.event', n: i }), { 'content-type': 'application/json' })
    }
    const before = sink.received.length
    const progress = nextEvent<BulkReplayJob>(t, 'replay.bulk.progress', (j) => j.state === 'done')
    const start = await t.api<BulkReplayJob>('POST', '/api/replays/bulk', { inboxId: bulkInbox.id, filter: { eventType: ['even.event'] }, url: sink.url, ratePerSecond: 50 })
    expect(start.status).toBe(202)
    expect(start.body).toMatchObject({ total: 3, state: 'running' })
    const done = (await progress).data
    expect(done).toMatchObject({ total: 3, sent: 3, ok: 3, failed: 0, state: 'done' })
    const got = sink.received.slice(before)
    expect(got.map((r) => JSON.parse(r.body.toString()).n)).toEqual([0, 2, 4])
    expect((await t.api<BulkReplayJob>('GET', `/api/replays/bulk/${start.body.id}`)).body.state).toBe('done')
  })

  it('replays a selection in received order whatever order the ids come in, and refuses ids of another inbox', async () => {
    const sel = await createInbox(t, { name: 'selection', slug: 'bulk-sel' })
    for (let i = 0; i < 4; i++) await t.ingest('POST', `/bulk-sel/e${i}`, JSON.stringify({ n: i }), { 'content-type': 'application/json' })
    const newestFirst = (await listRequests(t, sel.id)).items.map((i) => i.id)
    const before = sink.received.length
    const progress = nextEvent<BulkReplayJob>(t, 'replay.bulk.progress', (j) => j.state === 'done')
    const start = await t.api<BulkReplayJob>('POST', '/api/replays/bulk', { inboxId: sel.id, requestIds: [newestFirst[0], newestFirst[2], newestFirst[1], newestFirst[0]], url: sink.url, ratePerSecond: 50 })
    expect(start.status, JSON.stringify(start.body)).toBe(202)
    expect(start.body.total).toBe(3)
    await progress
    expect(sink.received.slice(before).map((r) => JSON.parse(r.body.toString()).n)).toEqual([1, 2, 3])
    const other = (await listRequests(t, inbox.id)).items[0]!.id
    const refused = await t.api('POST', '/api/replays/bulk', { inboxId: sel.id, requestIds: [newestFirst[0], other], url: sink.url })
    expect(refused.status).toBe(400)
    expect(refused.body).toMatchObject({ error: 'HB_ERR_REQUEST_NOT_IN_INBOX', field: '/requestIds/1' })
  })

  it('stops a bulk replay on request', async () => {
    const slow = await createInbox(t, { name: 'slow', slug: 'bulk-slow' })
    for (let i = 0; i < 5; i++) await t.ingest('POST', '/bulk-slow', `{"n":${i}}`, { 'content-type': 'application/json' })
    const first = nextEvent<BulkReplayJob>(t, 'replay.bulk.progress', (j) => j.sent === 1)
    const start = await t.api<BulkReplayJob>('POST', '/api/replays/bulk', { inboxId: slow.id, url: sink.url, ratePerSecond: 2 })
    await first
    const stopped = nextEvent<BulkReplayJob>(t, 'replay.bulk.progress', (j) => j.state === 'stopped')
    await t.api('POST', `/api/replays/bulk/${start.body.id}/stop`)
    const job = (await stopped).data
    expect(job.sent).toBeLessThan(5)
    expect(job.finishedAt).not.toBeNull()
  })

  it('stops at once while waiting between sends, and does not hold up shutdown', async () => {
    const t2 = await startTestEngine({ clock: realClock as never })
    const slow = await createInbox(t2, { name: 'very slow', slug: 'very-slow' })
    for (let i = 0; i < 3; i++) await t2.ingest('POST', '/very-slow', `{"n":${i}}`, { 'content-type': 'application/json' })
    const first = nextEvent<BulkReplayJob>(t2, 'replay.bulk.progress', (j) => j.sent === 1)
    const start = await t2.api<BulkReplayJob>('POST', '/api/replays/bulk', { inboxId: slow.id, url: sink.url, ratePerSecond: 0.001 })
    await first // the next send is 1000 s away
    const stopped = nextEvent<BulkReplayJob>(t2, 'replay.bulk.progress', (j) => j.state === 'stopped')
    await t2.api('POST', `/api/replays/bulk/${start.body.id}/stop`)
    expect((await stopped).data.sent).toBe(1)

    const again = await t2.api<BulkReplayJob>('POST', '/api/replays/bulk', { inboxId: slow.id, url: sink.url, ratePerSecond: 0.001 })
    expect(again.status).toBe(202)
    await t2.stop() // would wait 1000 s for the pause to end
  })

  it('refuses a bulk replay given both a selection and a filter, a bad filter value or a bad secret, naming the field, before sending anything', async () => {
    const before = sink.received.length
    const id = (await listRequests(t, inbox.id)).items[0]!.id
    const both = await t.api('POST', '/api/replays/bulk', { inboxId: inbox.id, requestIds: [id], filter: { method: ['GET'] }, url: sink.url })
    expect(both.status).toBe(400)
    expect(both.body).toMatchObject({ error: 'HB_ERR_BULK_SCOPE', field: '/filter', message: expect.stringMatching(/^Give requestIds or filter, not both/) })
    const verdict = await t.api('POST', '/api/replays/bulk', { inboxId: inbox.id, filter: { verdict: ['valid', 'bogus'] }, url: sink.url })
    expect(verdict.status).toBe(400)
    expect(verdict.body).toMatchObject({ field: '/filter/verdict/1', message: expect.stringContaining('"bogus" is not a verdict') })
    const status = await t.api('POST', '/api/replays/bulk', { inboxId: inbox.id, filter: { status: ['2xx', 'teapot'] }, url: sink.url })
    expect(status.body.field).toBe('/filter/status/1')
    const secret = await t.api('POST', '/api/replays/bulk', { inboxId: inbox.id, requestIds: [id], url: sink.url, resign: { scheme: 'standard-webhooks', secret: 'bad' } })
    expect(secret.status).toBe(400)
    expect(secret.body).toMatchObject({ field: '/resign/secret', message: expect.stringContaining('not whsec_ followed by base64') })
    const progress = nextEvent<BulkReplayJob>(t, 'replay.bulk.progress', (j) => j.state === 'done')
    expect((await t.api('POST', '/api/replays/bulk', { inboxId: inbox.id, requestIds: [id], url: sink.url })).status).toBe(202)
    await progress
    expect(sink.received.length).toBe(before + 1) // only the last, valid one was sent
  })

  it('refuses a bulk replay that matches nothing, and an unknown inbox', async () => {
    const res = await t.api('POST', '/api/replays/bulk', { inboxId: inbox.id, filter: { eventType: ['never.seen'] }, url: sink.url })
    expect(res.status).toBe(400)
    expect(res.body.error).toBe('HB_ERR_BULK_EMPTY')
    expect((await t.api('POST', '/api/replays/bulk', { inboxId: 'inb_nope', url: sink.url })).status).toBe(404)
  })
})

describe('resend a delivery to another URL', () => {
  let t: TestEngine
  let a: Sink
  let b: Sink
  beforeAll(async () => {
    t = await startTestEngine({ clock: realClock as never })
    a = await startSink()
    b = await startSink()
  })
  afterAll(async () => {
    await t.stop()
    await a.close()
    await b.close()
  })

  it('sends the exact bytes and headers of the last attempt to the other URL', async () => {
    const wh = await t.api('POST', '/api/webhooks', { name: 'a', url: a.url, profileId: 'taskhub', events: ['*'], allowLocal: true })
    expect(wh.status, JSON.stringify(wh.body)).toBe(201)
    const fired = await t.api('POST', '/api/events', { type: 'task.created', profileId: 'taskhub' })
    expect(fired.status, JSON.stringify(fired.body)).toBe(201)
    const [sent] = await a.waitFor(1)
    const deliveryId = fired.body.deliveries[0].id
    // wait until the attempt is recorded
    const recorded = await attemptsDone(t, deliveryId, 1)
    expect(recorded.attempts[0]!.response, JSON.stringify(recorded.attempts[0])).not.toBeNull()
    const res = await t.api<Replay>('POST', `/api/deliveries/${deliveryId}/resend`, { url: `${b.url}/copy` })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const [copy] = await b.waitFor(1)
    expect(copy!.body.equals(sent!.body)).toBe(true)
    expect(header(copy!.headers, 'x-webhook-signature')).toBe(header(sent!.headers, 'x-webhook-signature'))
    expect(res.body).toMatchObject({ sourceKind: 'attempt', sourceId: `${deliveryId}#1` })
    const listed = await t.api('GET', `/api/deliveries/${deliveryId}/replays`)
    expect(listed.body.items.map((r: Replay) => r.id)).toEqual([res.body.id])
    expect((await t.api('GET', '/api/deliveries/dlv_nope/replays')).status).toBe(404)

    const noUrl = await t.api('POST', `/api/deliveries/${deliveryId}/resend`, {})
    expect(noUrl.status).toBe(400)
    expect(noUrl.body.message).toMatch(/retry/)
    expect((await t.api('POST', `/api/deliveries/${deliveryId}/resend`, { url: b.url, attempt: 9 })).body.field).toBe('/attempt')
  })
})

describe('re-fire an event to other webhooks', () => {
  let t: TestEngine
  let a: Sink
  let b: Sink
  beforeAll(async () => {
    t = await startTestEngine({ clock: realClock as never })
    a = await startSink()
    b = await startSink()
  })
  afterAll(async () => {
    await t.stop()
    await a.close()
    await b.close()
  })

  it('sends the very same event (id, time, data) to the webhooks named, and refuses others', async () => {
    const wa = await t.api('POST', '/api/webhooks', { name: 'a', url: a.url, profileId: 'standard-webhooks', events: ['*'], allowLocal: true })
    const wb = await t.api('POST', '/api/webhooks', { name: 'b', url: b.url, profileId: 'standard-webhooks', events: ['invoice.*'], allowLocal: true })
    expect(wa.status, JSON.stringify(wa.body)).toBe(201)
    expect(wb.status, JSON.stringify(wb.body)).toBe(201)
    const other = await t.api('POST', '/api/webhooks', { name: 'gh', url: b.url, profileId: 'github', events: ['*'], allowLocal: true })
    const fired = await t.api('POST', '/api/events', { type: 'user.created', profileId: 'standard-webhooks', webhookIds: [wa.body.id] })
    expect(fired.status, JSON.stringify(fired.body)).toBe(201)
    const [first] = await a.waitFor(1)

    const res = await t.api('POST', `/api/events/${fired.body.event.id}/refire`, { webhookIds: [wb.body.id] })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(res.body.event.id).toBe(fired.body.event.id)
    expect(res.body.deliveries).toHaveLength(1)
    expect(res.body.deliveries[0].webhookId).toBe(wb.body.id)
    const [again] = await b.waitFor(1)
    expect(again!.body.equals(first!.body)).toBe(true)
    expect(header(again!.headers, 'webhook-id')).toBe(header(first!.headers, 'webhook-id'))

    const wrong = await t.api('POST', `/api/events/${fired.body.event.id}/refire`, { webhookIds: [other.body.id] })
    expect(wrong.status).toBe(400)
    expect(wrong.body.field).toBe('/webhookIds/0')
    expect((await t.api('POST', '/api/events/evt_nope/refire', { webhookIds: [wb.body.id] })).status).toBe(404)
    expect((await t.api('POST', `/api/events/${fired.body.event.id}/refire`, { webhookIds: [] })).status).toBe(400)
  })
})
