/**
 * Every header and byte each built-in preset sends, against a real local sink, compared with
 * the documentation it reproduces (shared/seeds/ for the four products; the Standard Webhooks
 * spec, Stripe's and GitHub's docs for the others). Signatures are recomputed here from the
 * docs' own recipe and checked with the signing module and the providers' reference libraries.
 */
import { verify as octokitVerify } from '@octokit/webhooks-methods'
import { createHmac } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Webhook as StandardWebhook } from 'standardwebhooks'
import Stripe from 'stripe'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Delivery } from '../../../src-shared/api/deliveries'
import { verifySignature } from '../../../src-main/engine/signing'
import { repoRoot, startTestEngine, type TestEngine } from '../../helpers/engine'
import { startSink, type ReceivedRequest, type Sink } from '../../helpers/sink'
import { attemptsDone } from './helpers'

const T0 = Date.UTC(2026, 0, 1) // the fake clock's start
const fixture = (name: string) => JSON.parse(readFileSync(join(repoRoot, 'test', 'fixtures', 'catalog', name), 'utf8'))
const hmacHex = (secret: string, body: Buffer) => createHmac('sha256', secret).update(body).digest('hex')
const UA = /^Hookbench\/\d+\.\d+\.\d+ \(\+webhooks\)$/

/** The stored attempt's headers are exactly what the sink received, in order. */
function expectSameHeaders(attemptHeaders: [string, string][], received: ReceivedRequest) {
  expect(attemptHeaders.map(([n, v]) => [n.toLowerCase(), v])).toEqual(received.headers.map(([n, v]) => [n.toLowerCase(), v]))
}

/** Names and values as received, without the transport headers undici adds. */
const appHeaders = (r: ReceivedRequest) => r.headers.filter(([n]) => !['host', 'connection', 'content-length'].includes(n.toLowerCase()))

describe('built-in presets send exactly what their docs say', () => {
  let t: TestEngine
  let sink: Sink
  beforeAll(async () => {
    t = await startTestEngine()
    sink = await startSink()
  })
  afterAll(async () => {
    await t.stop()
    await sink.close()
  })

  async function createWebhook(body: Record<string, unknown>) {
    const res = await t.api('POST', '/api/webhooks', { name: 'Docs check', url: `${sink.url}/hook`, events: ['*'], allowLocal: true, ...body })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    return res.body
  }

  async function fire(body: Record<string, unknown>): Promise<{ delivery: Delivery; received: ReceivedRequest }> {
    const before = sink.received.length
    const res = await t.api('POST', '/api/events', body)
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(res.body.deliveries).toHaveLength(1)
    const delivery = await attemptsDone(t, res.body.deliveries[0].id, 1)
    const [received] = (await sink.waitFor(before + 1)).slice(before)
    expect(delivery.status).toBe('succeeded')
    const attempt = delivery.attempts[0]!
    expectSameHeaders(attempt.request.headers, received!)
    // The bytes received are the bytes stored, which are the bytes signed.
    expect(received!.body.toString('utf8')).toBe(attempt.request.body)
    expect(received!.method).toBe('POST')
    expect(received!.url).toBe('/hook')
    return { delivery, received: received! }
  }

  it('Workestra: endpoint.verify on create, then {id, type, created_at, workspace_id, data} signed in X-Workestra-Signature: sha256=<hex>', async () => {
    const secret = 'your_webhook_secret'
    const before = sink.received.length
    const wh = await createWebhook({ profileId: 'workestra', secret })
    // Step 3 "Verify Endpoint": the documented handshake body, signed like any delivery.
    const [verify] = (await sink.waitFor(before + 1)).slice(before)
    const verifyBody = JSON.parse(verify!.body.toString())
    expect(Object.keys(verifyBody)).toEqual(Object.keys(fixture('workestra-endpoint-verify.json')))
    expect(verifyBody).toEqual({ type: 'endpoint.verify', id: expect.stringMatching(/^evt_test_[A-Za-z0-9]{24}$/), created_at: '2026-01-01T00:00:00Z' })
    expect(wh.verification).toMatchObject({ eventType: 'endpoint.verify', eventId: verifyBody.id, responseStatus: 200, expectStatus: 200, error: null })
    expect(appHeaders(verify!)).toEqual([
      ['Content-Type', 'application/json'],
      ['User-Agent', expect.stringMatching(UA)],
      ['X-Workestra-Signature', `sha256=${hmacHex(secret, verify!.body)}`],
    ])

    const doc = fixture('workestra-contact-created.json')
    const { received } = await fire({ type: 'contact.created', profileId: 'workestra', data: doc.data })
    const body = JSON.parse(received.body.toString())
    expect(Object.keys(body)).toEqual(Object.keys(doc)) // id, type, created_at, workspace_id, data, in this order
    expect(body).toEqual({ ...doc, id: expect.stringMatching(/^evt_[A-Za-z0-9]{24}$/), created_at: '2026-01-01T00:00:00Z' })
    expect(appHeaders(received)).toEqual([
      ['Content-Type', 'application/json'],
      ['User-Agent', expect.stringMatching(UA)],
      ['X-Workestra-Signature', `sha256=${hmacHex(secret, received.body)}`],
    ])
    const check = verifySignature({ scheme: 'hmac-sha256', options: { headerName: 'X-Workestra-Signature', prefix: 'sha256=' }, secrets: [{ value: secret }], body: received.body, headers: received.headers, now: T0 })
    expect(check.verdict).toBe('valid')
  })

  it('ConnectGain: {event, timestamp, data} with X-Webhook-Event, an ISO X-Webhook-Timestamp and a plain-hex X-Webhook-Signature', async () => {
    const secret = 'your-secret-here'
    await createWebhook({ profileId: 'connectgain', secret, events: ['contact.created'] })
    const data = { id: '4f1c2d9e-0c1b-4d8e-9a4f-2b7c5d6e8f90', first_name: 'John', last_name: 'Doe', organization_id: '7b2e9c1a-3d4f-4a5b-8c6d-9e0f1a2b3c4d' }
    const { received } = await fire({ type: 'contact.created', profileId: 'connectgain', data })
    expect(received.body.toString()).toBe(JSON.stringify({ event: 'contact.created', timestamp: '2026-01-01T00:00:00Z', data }))
    expect(appHeaders(received)).toEqual([
      ['Content-Type', 'application/json'],
      ['User-Agent', expect.stringMatching(UA)],
      ['X-Webhook-Event', 'contact.created'],
      ['X-Webhook-Timestamp', '2026-01-01T00:00:00Z'],
      ['X-Webhook-Signature', hmacHex(secret, received.body)],
    ])
  })

  it('ConnectGain without a secret sends no signature header at all', async () => {
    const wh = await createWebhook({ profileId: 'connectgain', events: ['deal.stage.changed'] })
    expect(wh.secret).toBeNull()
    const { received } = await fire({ type: 'deal.stage.changed', profileId: 'connectgain' })
    expect(appHeaders(received).map(([n]) => n)).toEqual(['Content-Type', 'User-Agent', 'X-Webhook-Event', 'X-Webhook-Timestamp'])
  })

  it('WorkFlows: a whsec_ secret shown once, {event, orgId, timestamp, data}, X-WorkFlows-Event and X-WorkFlows-Signature: sha256=<hex>', async () => {
    const wh = await createWebhook({ profileId: 'workflows', events: ['alert.created'] })
    // The doc's shape: "whsec_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", 32 characters after the prefix.
    expect(wh.secret).toMatch(/^whsec_[0-9a-f]{32}$/)
    expect(wh.secretShownOnce).toBe(true)
    const again = await t.api('GET', `/api/webhooks/${wh.id}`)
    expect(again.body.secret).toBeNull()
    expect(again.body.secrets[0]).toMatchObject({ value: null, preview: expect.stringMatching(/^whsec_/) })

    const doc = fixture('workflows-alert-created.json')
    const { received } = await fire({ type: 'alert.created', profileId: 'workflows', data: doc.data })
    const body = JSON.parse(received.body.toString())
    expect(Object.keys(body)).toEqual(['event', 'orgId', 'timestamp', 'data'])
    expect(body).toEqual({ ...doc, timestamp: '2026-01-01T00:00:00.000Z' })
    // The docs' samples key the HMAC with the secret string itself, whsec_ prefix included.
    expect(appHeaders(received)).toEqual([
      ['Content-Type', 'application/json'],
      ['User-Agent', expect.stringMatching(UA)],
      ['X-WorkFlows-Event', 'alert.created'],
      ['X-WorkFlows-Signature', `sha256=${hmacHex(wh.secret, received.body)}`],
    ])
  })

  it('TaskHub: {event, timestamp, webhook_id, data}, X-Webhook-Signature: sha256=<hex>, X-Webhook-ID and a unix X-Webhook-Timestamp', async () => {
    const secret = 'your_webhook_secret'
    const wh = await createWebhook({ profileId: 'taskhub', secret, events: ['task.*'] })
    const doc = fixture('taskhub-task-created.json')
    const { received } = await fire({ type: 'task.created', profileId: 'taskhub', data: doc.data })
    const body = JSON.parse(received.body.toString())
    expect(Object.keys(body)).toEqual(Object.keys(doc))
    expect(body).toEqual({ ...doc, timestamp: '2026-01-01T00:00:00Z', webhook_id: wh.id })
    expect(appHeaders(received)).toEqual([
      ['Content-Type', 'application/json'],
      ['User-Agent', expect.stringMatching(UA)],
      ['X-Webhook-Timestamp', String(T0 / 1000)],
      ['X-Webhook-ID', wh.id],
      ['X-Webhook-Signature', `sha256=${hmacHex(secret, received.body)}`],
    ])
  })
})

describe('presets whose reference libraries check signatures against the current time', () => {
  let t: TestEngine
  let sink: Sink
  let now: number
  beforeAll(async () => {
    now = Math.floor(Date.now() / 1000) * 1000
    const { createFakeClock } = await import('../../../src-main/engine/clock')
    t = await startTestEngine({ clock: createFakeClock(now) })
    sink = await startSink()
  })
  afterAll(async () => {
    await t.stop()
    await sink.close()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  async function roundTrip(webhook: Record<string, unknown>, event: Record<string, unknown>) {
    const wh = await t.api('POST', '/api/webhooks', { name: 'lib check', url: `${sink.url}/hook`, events: ['*'], allowLocal: true, ...webhook })
    expect(wh.status, JSON.stringify(wh.body)).toBe(201)
    const before = sink.received.length
    const fired = await t.api('POST', '/api/events', event)
    expect(fired.status, JSON.stringify(fired.body)).toBe(201)
    const delivery = await attemptsDone(t, fired.body.deliveries[0].id, 1)
    const [received] = (await sink.waitFor(before + 1)).slice(before)
    expectSameHeaders(delivery.attempts[0]!.request.headers, received!)
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(now)
    return { secret: wh.body.secret as string, webhookId: wh.body.id as string, fired: fired.body, received: received! }
  }

  it('Standard Webhooks: webhook-id/-timestamp/-signature verified by the standardwebhooks package', async () => {
    const { secret, fired, received } = await roundTrip({ profileId: 'standard-webhooks' }, { type: 'contact.created', profileId: 'standard-webhooks', data: fixture('standard-webhooks-contact-created.json').data })
    expect(secret).toMatch(/^whsec_/)
    expect(appHeaders(received)).toEqual([
      ['Content-Type', 'application/json'],
      ['User-Agent', expect.stringMatching(UA)],
      ['webhook-id', fired.event.id],
      ['webhook-timestamp', String(now / 1000)],
      ['webhook-signature', expect.stringMatching(/^v1,[A-Za-z0-9+/]{43}=$/)],
    ])
    expect(fired.event.id).toMatch(/^msg_/)
    const body = JSON.parse(received.body.toString())
    expect(Object.keys(body)).toEqual(['type', 'timestamp', 'data'])
    expect(new StandardWebhook(secret).verify(received.body, Object.fromEntries(received.headers.map(([n, v]) => [n.toLowerCase(), v])))).toEqual(body)
  })

  it('Stripe-style: an Event object signed in Stripe-Signature, verified by stripe-node', async () => {
    const { secret, fired, received } = await roundTrip({ profileId: 'stripe' }, { type: 'invoice.paid', profileId: 'stripe' })
    expect(appHeaders(received)).toEqual([
      ['User-Agent', 'Stripe/1.0 (+https://stripe.com/docs/webhooks)'],
      ['Content-Type', 'application/json; charset=utf-8'],
      ['Stripe-Signature', expect.stringMatching(new RegExp(`^t=${now / 1000},v1=[0-9a-f]{64}$`))],
    ])
    const header = received.headers.find(([n]) => n === 'Stripe-Signature')![1]
    const event = new Stripe('sk_test_unused').webhooks.constructEvent(received.body, header, secret)
    expect(event).toMatchObject({ id: fired.event.id, object: 'event', type: 'invoice.paid', created: now / 1000, livemode: false })
    expect(Object.keys(JSON.parse(received.body.toString()))).toEqual(['id', 'object', 'api_version', 'created', 'data', 'livemode', 'pending_webhooks', 'request', 'type'])
  })

  it('GitHub-style: the payload as the body, X-GitHub-* headers, X-Hub-Signature (sha1) and X-Hub-Signature-256 verified by @octokit/webhooks-methods', async () => {
    const { secret, webhookId, fired, received } = await roundTrip({ profileId: 'github', secret: 'It’s a Secret to Everybody' }, { type: 'push', profileId: 'github' })
    expect(fired.event.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(appHeaders(received)).toEqual([
      ['Content-Type', 'application/json'],
      ['User-Agent', 'GitHub-Hookshot/044aadd'],
      ['X-GitHub-Event', 'push'],
      ['X-GitHub-Hook-ID', webhookId],
      ['X-GitHub-Delivery', fired.event.id],
      ['X-GitHub-Hook-Installation-Target-Type', 'repository'],
      ['X-GitHub-Hook-Installation-Target-ID', '79929171'],
      ['X-Hub-Signature-256', expect.stringMatching(/^sha256=[0-9a-f]{64}$/)],
      // GitHub still sends the legacy SHA-1 signature alongside when a secret is set.
      ['X-Hub-Signature', `sha1=${createHmac('sha1', secret).update(received.body).digest('hex')}`],
    ])
    expect(JSON.parse(received.body.toString())).toEqual(fired.event.data)
    const signature = received.headers.find(([n]) => n === 'X-Hub-Signature-256')![1]
    expect(await octokitVerify(secret, received.body.toString('utf8'), signature)).toBe(true)
  })
})
