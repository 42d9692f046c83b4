import { request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_RESPONSE_BODY, type Inbox } from '../../../src-shared/api/inboxes'
import type { RequestListItem } from '../../../src-shared/api/requests'
import { seededDraw } from '../../../src-main/engine/receiver/response-rules'
import { startTestEngine, type TestEngine } from '../../helpers/engine'
import { createInbox, latest, nextEvent } from './helpers'

describe('response rules', () => {
  let t: TestEngine
  beforeAll(async () => {
    t = await startTestEngine()
  })
  afterAll(() => t.stop())

  const statuses = async (slug: string, n: number) => {
    const out: number[] = []
    for (let i = 0; i < n; i++) out.push((await t.ingest('POST', `/${slug}`, '{}', { 'content-type': 'application/json' })).status)
    return out
  }

  it('answers with the configured status, headers and a body templated from the request', async () => {
    await createInbox(t, {
      name: 'tpl',
      slug: 'tpl',
      response: {
        status: 202,
        headers: { 'content-type': 'application/json', 'x-echo-id': '{{header.x-request-id}}', 'x-event': '{{event.type}}' },
        body: '{"received":"{{body.id}}","object":"{{body.data.object.id}}","method":"{{method}}","path":"{{path}}","q":"{{query.page}}","missing":"{{body.nope.deeper}}","obj":{{body.data}}}',
      },
    })
    const res = await t.ingest('POST', '/tpl/sub/path?page=3', JSON.stringify({ id: 'evt_9', type: 'order.paid', data: { object: { id: 'ord_1' } } }), {
      'content-type': 'application/json',
      'x-request-id': 'req-abc',
    })
    expect(res.status).toBe(202)
    expect(res.headers['x-echo-id']).toBe('req-abc')
    expect(res.headers['x-event']).toBe('order.paid')
    expect(JSON.parse(res.body.toString())).toEqual({
      received: 'evt_9',
      object: 'ord_1',
      method: 'POST',
      path: '/sub/path',
      q: '3',
      missing: '',
      obj: { object: { id: 'ord_1' } },
    })
  })

  it('answers a header templated with text beyond ASCII percent-encoded, a JSON body still JSON, and stores what it sent', async () => {
    const inbox = await createInbox(t, {
      name: 'utf8-header',
      slug: 'utf8-header',
      response: { status: 201, headers: { 'content-type': 'application/json', 'x-name': 'hello {{body.name}}' }, body: '{"name":"{{body.name}}"}' },
    })
    const res = await request(`${t.engine.urls.ingest}/utf8-header`, {
      method: 'POST',
      body: JSON.stringify({ name: '日本語 ✓ Zürich "q"' }),
      headers: { 'content-type': 'application/json' },
      headersTimeout: 5000,
    })
    expect(res.statusCode).toBe(201)
    expect(res.headers['x-name']).toBe('hello %E6%97%A5%E6%9C%AC%E8%AA%9E %E2%9C%93 Z%C3%BCrich "q"')
    expect(JSON.parse(await res.body.text())).toEqual({ name: '日本語 ✓ Zürich "q"' })
    const d = await latest(t, inbox.id)
    expect(d.response).toMatchObject({ status: 201, source: 'rules' })
    expect(d.response!.headers).toContainEqual(['x-name', 'hello %E6%97%A5%E6%9C%AC%E8%AA%9E %E2%9C%93 Z%C3%BCrich "q"'])
  })

  it('stores no body for a 204 rule that has one: none is sent', async () => {
    const inbox = await createInbox(t, { name: 'no-content', slug: 'no-content', response: { status: 204, headers: { 'x-a': '1' }, body: 'hello {{event.id}}' } })
    const res = await request(`${t.engine.urls.ingest}/no-content`, { method: 'POST', body: '{"id":"evt_204"}', headers: { 'content-type': 'application/json' }, headersTimeout: 5000 })
    expect(res.statusCode).toBe(204)
    expect(await res.body.text()).toBe('')
    const d = await latest(t, inbox.id)
    expect(d.response).toMatchObject({ status: 204, bodyBase64: '' })
    expect(d.response!.headers).toContainEqual(['x-a', '1'])
  })

  it('stores no body for the answer to a HEAD request: none is sent, only its length', async () => {
    const inbox = await createInbox(t, { name: 'head', slug: 'head', response: { status: 200, headers: { 'content-type': 'text/plain' }, body: 'hello' } })
    const res = await request(`${t.engine.urls.ingest}/head`, { method: 'HEAD', headersTimeout: 5000 })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-length']).toBe('5')
    expect(await res.body.text()).toBe('')
    expect((await latest(t, inbox.id)).response).toMatchObject({ status: 200, bodyBase64: '' })
    // The same on every path an answer takes: here the allowlist's 403.
    const fenced = await createInbox(t, { name: 'head-fenced', slug: 'head-fenced', allowlist: { cidrs: ['203.0.113.0/24'], enforce: true } })
    const refused = await request(`${t.engine.urls.ingest}/head-fenced`, { method: 'HEAD', headersTimeout: 5000 })
    expect(refused.statusCode).toBe(403)
    await refused.body.dump()
    expect((await latest(t, fenced.id)).response).toMatchObject({ status: 403, bodyBase64: '', source: 'allowlist' })
  })

  it('answers 500 JSON, and stores that, when a response cannot be written at all', async () => {
    const inbox = await createInbox(t, { name: 'unwritable', slug: 'unwritable', response: { status: 200, body: 'fine' } })
    // Whatever slips past the rules, the plane must still answer and keep the row truthful.
    const { receiver } = t.engine.services
    const capture = receiver.capture
    receiver.capture = async (slug, req) => {
      const outcome = await capture(slug, req)
      return outcome.kind === 'answer' ? { ...outcome, headers: [...outcome.headers, ['x-bad', 'caf\u0100']] } : outcome
    }
    try {
      const res = await request(`${t.engine.urls.ingest}/unwritable`, { method: 'POST', body: '{}', headersTimeout: 5000 })
      expect(res.statusCode).toBe(500)
      expect(JSON.parse(await res.body.text())).toMatchObject({ error: 'response_invalid', message: expect.stringContaining('x-bad') })
    } finally {
      receiver.capture = capture
    }
    const d = await latest(t, inbox.id)
    expect(d.responseStatus).toBe(500)
    expect(d.response).toMatchObject({ status: 500 })
    expect(JSON.parse(Buffer.from(d.response!.bodyBase64, 'base64').toString())).toMatchObject({ error: 'response_invalid' })
    expect((await t.ingest('POST', '/unwritable', '{}')).status).toBe(200)
  })

  it('fails the first N requests, then succeeds', async () => {
    await createInbox(t, {
      name: 'failfirst',
      slug: 'failfirst',
      response: { status: 200, sequence: { steps: [{ status: 500 }, { status: 500 }, { status: 503, body: 'busy' }] } },
    })
    expect(await statuses('failfirst', 6)).toEqual([500, 500, 503, 200, 200, 200])
  })

  it('an error step over the default body answers ok: false; a body the user wrote stays as written', async () => {
    const steps = [{ status: 500 }, { status: 429 }, { status: 200 }]
    await createInbox(t, { name: 'default-error', slug: 'default-error', response: { status: 200, body: DEFAULT_RESPONSE_BODY, sequence: { steps } } })
    const answers = []
    for (let i = 0; i < 4; i++) {
      const res = await t.ingest('POST', '/default-error', '{}', { 'content-type': 'application/json' })
      answers.push({ status: res.status, body: JSON.parse(res.body.toString()) as Record<string, unknown> })
    }
    expect(answers.map((a) => [a.status, a.body.ok, a.body.status])).toEqual([
      [500, false, 500],
      [429, false, 429],
      [200, true, undefined],
      [200, true, undefined],
    ])
    expect(answers[0]!.body.requestId).toMatch(/^req_/)

    await createInbox(t, { name: 'own-body', slug: 'own-body', response: { status: 200, body: '{"ok":true,"mine":1}', sequence: { steps: [{ status: 500 }] } } })
    const own = await t.ingest('POST', '/own-body', '{}', { 'content-type': 'application/json' })
    expect([own.status, own.body.toString()]).toEqual([500, '{"ok":true,"mine":1}'])
  })

  it('an error status over the default body answers ok: false, while its sequence steps that succeed still say ok: true', async () => {
    await createInbox(t, { name: 'down', slug: 'down', response: { status: 503, body: DEFAULT_RESPONSE_BODY, sequence: { steps: [{ status: 200 }] } } })
    const answers = []
    for (let i = 0; i < 2; i++) {
      const res = await t.ingest('POST', '/down', '{}', { 'content-type': 'application/json' })
      answers.push([res.status, (JSON.parse(res.body.toString()) as Record<string, unknown>).ok])
    }
    expect(answers).toEqual([
      [200, true],
      [503, false],
    ])
  })

  it('repeats a pattern such as 500, 500, 200 and records the step used', async () => {
    const inbox = await createInbox(t, {
      name: 'pattern',
      slug: 'pattern',
      response: { status: 200, sequence: { steps: [{ status: 500 }, { status: 500 }, { status: 200 }], repeat: true } },
    })
    expect(await statuses('pattern', 7)).toEqual([500, 500, 200, 500, 500, 200, 500])
    expect((await latest(t, inbox.id)).response).toMatchObject({ status: 500, source: 'sequence', step: 0 })
  })

  it('restarts the sequence when the rules are set again', async () => {
    const inbox = await createInbox(t, { name: 'restart', slug: 'restart', response: { status: 200, sequence: { steps: [{ status: 500 }] } } })
    expect(await statuses('restart', 2)).toEqual([500, 200])
    await t.api('PATCH', `/api/inboxes/${inbox.id}`, { response: { status: 200, sequence: { steps: [{ status: 429 }] } } })
    expect(await statuses('restart', 2)).toEqual([429, 200])
  })

  it('fails a seeded share of requests, the same way on every run', async () => {
    const a = await createInbox(t, { name: 'rate-a', slug: 'rate-a', response: { status: 200, failureRate: 0.5, failureStatus: 503, seed: 42 } })
    await createInbox(t, { name: 'rate-b', slug: 'rate-b', response: { status: 200, failureRate: 0.5, failureStatus: 503, seed: 42 } })
    const expected = Array.from({ length: 20 }, (_, n) => (seededDraw(42, n) < 0.5 ? 503 : 200))
    expect(expected).toContain(503)
    expect(expected).toContain(200)
    expect(await statuses('rate-a', 20)).toEqual(expected)
    expect(await statuses('rate-b', 20)).toEqual(expected)
    expect((await latest(t, a.id)).response?.source).toBe(expected[19] === 503 ? 'failure-rate' : 'rules')
  })

  it('waits the configured delay on the engine clock before answering, after the request is stored', async () => {
    await createInbox(t, { name: 'slow', slug: 'slow', response: { status: 200, delayMs: 5_000 } })
    const captured = nextEvent<RequestListItem>(t, 'request.captured', (i) => i.path === '/slow')
    let answered = false
    const pending = t.ingest('POST', '/slow', '{}').then((r) => {
      answered = true
      return r
    })
    await captured
    await t.clock.advance(4_999)
    expect(answered).toBe(false)
    await t.clock.advance(1)
    expect((await pending).status).toBe(200)
  })
})

describe('a hanging inbox', () => {
  it('captures the request, never answers, and does not block engine shutdown', async () => {
    const t = await startTestEngine()
    const inbox: Inbox = await createInbox(t, { name: 'hang', slug: 'hang', response: { status: 200, hang: true } })
    const captured = nextEvent<RequestListItem>(t, 'request.captured')
    let settled = false
    const pending = request(`${t.engine.urls.ingest}/hang`, { method: 'POST', body: '{}' }).then(
      () => (settled = true),
      () => (settled = true),
    )
    const item = (await captured).data
    expect(item).toMatchObject({ inboxId: inbox.id, responseStatus: null })
    const d = await latest(t, inbox.id)
    expect(d.response).toMatchObject({ status: null, hang: true, source: 'hang' })
    expect((await t.api('GET', `/api/inboxes/${inbox.id}/requests?status=hang`)).body.total).toBe(1)
    expect(settled).toBe(false)
    await t.stop()
    await pending
    expect(settled).toBe(true)
  })
})
