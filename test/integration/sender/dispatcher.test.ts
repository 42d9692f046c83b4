/**
 * The dispatcher against real local sinks (200, 500, hanging past the timeout, refusing
 * connections, failing the first N times) under a fake clock: retry times, auto-disable,
 * held deliveries, re-enable, manual retry, "send now", re-signing, rotation, concurrency.
 */
import type { ServerResponse } from 'node:http'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { verifySignature } from '../../../src-main/engine/signing'
import { startTestEngine, type TestEngine } from '../../helpers/engine'
import { closedPort, startSink, type ReceivedRequest, type Sink } from '../../helpers/sink'
import { attemptsDone, deliveryStatus, getDelivery, header, recordEvents, until } from './helpers'

const T0 = Date.UTC(2026, 0, 1)
const at = (ms: number) => new Date(T0 + ms).toISOString()

/** A sink whose answer can be changed while a test runs; `hold` keeps requests open until released. */
async function programmableSink() {
  let answer: number | 'hang' | ((r: ReceivedRequest, i: number) => number | 'hang') = 200
  const held: ServerResponse[] = []
  const sink = await startSink((req, res, i) => {
    const a = typeof answer === 'function' ? answer(req, i) : answer
    if (a === 'hang') return void held.push(res)
    res.statusCode = a
    res.end(a >= 400 ? 'nope' : 'ok')
  })
  return {
    sink,
    set(a: typeof answer) {
      answer = a
    },
    held,
    release() {
      for (const res of held.splice(0)) res.end('late')
    },
  }
}

describe('dispatcher', () => {
  let t: TestEngine
  let s: Awaited<ReturnType<typeof programmableSink>>
  beforeAll(async () => {
    t = await startTestEngine()
    s = await programmableSink()
  })
  afterAll(async () => {
    s.release()
    await t.stop()
    await s.sink.close()
  })
  afterEach(async () => {
    s.set(200)
    s.release()
    // Each test starts with no webhook, so fan-out only reaches its own.
    for (const w of (await t.api('GET', '/api/webhooks?limit=500')).body.items) await t.api('DELETE', `/api/webhooks/${w.id}`)
  })

  const webhook = async (body: Record<string, unknown>) => {
    const res = await t.api('POST', '/api/webhooks', { name: 'w', url: `${s.sink.url}/hook`, events: ['*'], allowLocal: true, ...body })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    return res.body
  }
  const fire = async (body: Record<string, unknown>) => {
    const res = await t.api('POST', '/api/events', body)
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    return res.body
  }
  const elapsed = () => t.clock.now() - T0
  /** Moves the fake clock to T0 + ms. */
  const advanceTo = (ms: number) => t.clock.advanceTo(T0 + ms)

  it("retries on Workestra's schedule (immediately, 5 s, 30 s, 2 min, 10 min), then fails the delivery and disables the webhook", async () => {
    expect(elapsed()).toBe(0)
    s.set((req) => (req.body.includes('endpoint.verify') ? 200 : 500))
    const wh = await webhook({ profileId: 'workestra', secret: 's3cret' })
    const events = recordEvents(t, 'webhook.')
    const fired = await fire({ type: 'deal.won', profileId: 'workestra' })
    const id = fired.deliveries[0].id
    let d = await attemptsDone(t, id, 1)
    expect(d.attempts[0]).toMatchObject({ n: 1, scheduledAt: at(0), startedAt: at(0), outcome: 'failed', response: { status: 500, body: 'nope' }, error: null, nextAttemptAt: at(5_000) })
    expect(d).toMatchObject({ status: 'pending', nextAttemptAt: at(5_000), maxAttempts: 5 })

    const expected = [5_000, 35_000, 155_000, 755_000]
    for (const [i, due] of expected.entries()) {
      await advanceTo(due - 1)
      expect((await getDelivery(t, id)).attempts).toHaveLength(i + 1) // not a millisecond early
      await advanceTo(due)
      d = await attemptsDone(t, id, i + 2)
      expect(d.attempts[i + 1]).toMatchObject({ n: i + 2, trigger: 'schedule', scheduledAt: at(due), startedAt: at(due), outcome: 'failed' })
    }
    expect(d.status).toBe('failed')
    expect(d.finishedAt).toBe(at(755_000))
    expect(d.attempts.map((a) => a.nextAttemptAt)).toEqual([at(5_000), at(35_000), at(155_000), at(755_000), null])
    // Every attempt sent the same bytes and the same signature (nothing time-dependent is signed).
    expect(new Set(d.attempts.map((a) => a.request.body)).size).toBe(1)
    expect(new Set(d.attempts.map((a) => header(a.request.headers, 'X-Workestra-Signature'))).size).toBe(1)

    // Workestra: "After 5 failures, webhook disabled" (every attempt of one event failed).
    const after = await until(t, async () => {
      const w = (await t.api('GET', `/api/webhooks/${wh.id}`)).body
      return w.status === 'disabled' ? w : null
    })
    expect(after).toMatchObject({ consecutiveFailures: 1, disableAfter: 1, disabledAt: at(755_000) })
    expect(after.disabledReason).toMatch(/Disabled after 1 consecutive failed delivery .*HTTP 500.*enable the webhook/)
    expect(events.find((e) => e.topic === 'webhook.disabled')?.data).toMatchObject({ id: wh.id, disabledReason: after.disabledReason })
    await t.api('DELETE', `/api/webhooks/${wh.id}`)
  })

  it('disables a TaskHub webhook after 3 consecutive failed deliveries, holds its pending ones, and releases them on re-enable', async () => {
    const base = elapsed()
    s.set(500)
    const wh = await webhook({ profileId: 'taskhub', secret: 'k' })
    const first = await Promise.all([1, 2, 3].map(() => fire({ type: 'task.created', profileId: 'taskhub' })))
    const ids = first.map((f) => f.deliveries[0].id)
    for (const id of ids) await attemptsDone(t, id, 1)
    // A fourth event, still early in its schedule when the others run out.
    await advanceTo(base + 1_000)
    const late = (await fire({ type: 'task.updated', profileId: 'taskhub' })).deliveries[0].id
    await attemptsDone(t, late, 1)

    for (const step of [60_000, 360_000, 2_160_000]) {
      await advanceTo(base + step)
      for (const id of ids) await attemptsDone(t, id, [60_000, 360_000, 2_160_000].indexOf(step) + 2)
    }
    for (const id of ids) expect((await getDelivery(t, id)).status).toBe('failed')
    const disabled = (await t.api('GET', `/api/webhooks/${wh.id}`)).body
    expect(disabled).toMatchObject({ status: 'disabled', consecutiveFailures: 3, disabledAt: at(base + 2_160_000) })
    expect(disabled.disabledReason).toMatch(/Disabled after 3 consecutive failed deliveries \(TaskHub disables a webhook after 3 consecutive deliveries fail all 4 of their attempts\)/)

    // The fourth delivery is held, not lost, and says why.
    const held = await deliveryStatus(t, late, 'held')
    expect(held.heldReason).toMatch(/^Held: the webhook is disabled\. Disabled after 3/)
    expect(held.heldAt).toBe(at(base + 2_160_000))
    expect(held.attempts.length).toBeGreaterThanOrEqual(2)
    // Time passes: nothing is sent to a disabled webhook.
    const sent = s.sink.received.length
    await advanceTo(base + 10_000_000)
    expect(s.sink.received.length).toBe(sent)
    // New events skip it; naming it explicitly queues a held delivery.
    expect((await fire({ type: 'task.created', profileId: 'taskhub' })).deliveries).toEqual([])
    const named = (await fire({ type: 'task.created', profileId: 'taskhub', webhookIds: [wh.id] })).deliveries[0]
    expect(named).toMatchObject({ status: 'held', heldReason: expect.stringMatching(/disabled/) })

    // A manual retry of a held delivery goes out now; when it fails, the delivery is held again
    // with its schedule, not failed for good (it must still go out on re-enable).
    const attemptsBefore = held.attempts.length
    const retried = await t.api('POST', `/api/deliveries/${late}/retry`)
    expect(retried.status, JSON.stringify(retried.body)).toBe(200)
    await attemptsDone(t, late, attemptsBefore + 1)
    const heldAgain = await deliveryStatus(t, late, 'held')
    expect(heldAgain.attempts.at(-1)).toMatchObject({ trigger: 'manual', outcome: 'failed' })
    expect(heldAgain.heldReason).toMatch(/^Held: the webhook is disabled/)

    s.set(200)
    const enabled = await t.api('POST', `/api/webhooks/${wh.id}/enable`)
    expect(enabled.body).toMatchObject({ status: 'active', consecutiveFailures: 0, disabledReason: null, disabledAt: null })
    const released = await deliveryStatus(t, late, 'succeeded')
    expect(released.attempts.at(-1)).toMatchObject({ outcome: 'succeeded', scheduledAt: at(base + 10_000_000) })
    await deliveryStatus(t, named.id, 'succeeded')
    await t.api('DELETE', `/api/webhooks/${wh.id}`)
  })

  it('retries a fail-first-N endpoint until it answers 2xx, and a manual retry resends a failed delivery', async () => {
    const base = elapsed()
    const wh = await webhook({ profileId: 'standard-webhooks' })
    const seen = new Map<string, number>()
    s.set((req) => {
      const id = header(req.headers, 'webhook-id')!
      const n = (seen.get(id) ?? 0) + 1
      seen.set(id, n)
      return n <= 2 ? 503 : 200
    })
    const fired = await fire({ type: 'contact.created', profileId: 'standard-webhooks' })
    const id = fired.deliveries[0].id
    await attemptsDone(t, id, 1)
    await advanceTo(base + 5_000)
    await attemptsDone(t, id, 2)
    await advanceTo(base + 305_000)
    const d = await deliveryStatus(t, id, 'succeeded')
    expect(d.attempts.map((a) => [a.outcome, a.response?.status])).toEqual([['failed', 503], ['failed', 503], ['succeeded', 200]])
    // Same message id and body every time; a fresh timestamp and signature per attempt (as Svix does).
    expect(new Set(d.attempts.map((a) => header(a.request.headers, 'webhook-id')))).toEqual(new Set([fired.event.id]))
    expect(new Set(d.attempts.map((a) => a.request.body)).size).toBe(1)
    expect(d.attempts.map((a) => header(a.request.headers, 'webhook-timestamp'))).toEqual([0, 5_000, 305_000].map((ms) => String((T0 + base + ms) / 1000)))
    for (const a of d.attempts) {
      const check = verifySignature({ scheme: 'standard-webhooks', secrets: [{ value: wh.secret }], body: Buffer.from(a.request.body), headers: a.request.headers, now: Date.parse(a.startedAt) })
      expect(check.verdict).toBe('valid')
    }

    // Manual retry of a finished delivery: one more attempt now, final.
    const retried = await t.api('POST', `/api/deliveries/${id}/retry`)
    expect(retried.status).toBe(200)
    const again = await attemptsDone(t, id, 4)
    expect(again.attempts[3]).toMatchObject({ n: 4, trigger: 'manual', outcome: 'succeeded' })
    expect(again.status).toBe('succeeded')
    await t.api('DELETE', `/api/webhooks/${wh.id}`)
  })

  it('records a timeout for an endpoint that hangs past the profile timeout, and "refused" for a closed port', async () => {
    const fast = await t.api('POST', '/api/profiles/taskhub/clone', { id: 'taskhub-fast', name: 'TaskHub, 300 ms timeout' })
    expect(fast.status).toBe(201)
    expect((await t.api('PATCH', '/api/profiles/taskhub-fast', { timeoutMs: 300, retrySchedule: [] })).status).toBe(200)
    s.set('hang')
    const hang = await webhook({ profileId: 'taskhub-fast', secret: 'k' })
    const id = (await fire({ type: 'task.created', profileId: 'taskhub-fast' })).deliveries[0].id
    const d = await deliveryStatus(t, id, 'failed')
    expect(d.attempts[0]).toMatchObject({ outcome: 'failed', response: null, error: { code: 'timeout', message: 'no complete response within 300 ms' } })
    expect(d.lastError).toEqual({ code: 'timeout', message: 'no complete response within 300 ms' })
    await t.api('DELETE', `/api/webhooks/${hang.id}`)

    const closed = await webhook({ profileId: 'taskhub-fast', secret: 'k', url: `http://127.0.0.1:${await closedPort()}/hook` })
    const id2 = (await fire({ type: 'task.created', profileId: 'taskhub-fast' })).deliveries[0].id
    const d2 = await deliveryStatus(t, id2, 'failed')
    expect(d2.attempts[0]!.error).toMatchObject({ code: 'refused', message: expect.stringMatching(/connection refused/) })
    expect(d2.attempts[0]!.request.headers.length).toBeGreaterThan(3) // the request that was attempted is kept
    await t.api('DELETE', `/api/webhooks/${closed.id}`)
  })

  it('"send now" brings the next retry forward, for one delivery or a whole webhook', async () => {
    const base = elapsed()
    s.set(500)
    const wh = await webhook({ profileId: 'taskhub', secret: 'k' })
    const a = (await fire({ type: 'task.created', profileId: 'taskhub' })).deliveries[0].id
    const b = (await fire({ type: 'task.created', profileId: 'taskhub' })).deliveries[0].id
    await attemptsDone(t, a, 1)
    await attemptsDone(t, b, 1)
    const one = await t.api('POST', `/api/deliveries/${a}/retry`)
    expect(one.body.nextAttemptAt).toBe(at(base))
    const d = await attemptsDone(t, a, 2)
    expect(d.attempts[1]).toMatchObject({ trigger: 'now', scheduledAt: at(base), outcome: 'failed', nextAttemptAt: at(base + 300_000) })
    const all = await t.api('POST', '/api/deliveries/send-now', { webhookId: wh.id })
    expect(all.body).toEqual({ count: 2 })
    await attemptsDone(t, a, 3)
    await attemptsDone(t, b, 2)
    expect(elapsed()).toBe(base) // no time had to pass
    await t.api('DELETE', `/api/webhooks/${wh.id}`)
  })

  it('pausing holds pending deliveries and enabling sends them; a test delivery goes out even while paused', async () => {
    s.set(500)
    const wh = await webhook({ profileId: 'taskhub', secret: 'k' })
    const id = (await fire({ type: 'task.created', profileId: 'taskhub' })).deliveries[0].id
    await attemptsDone(t, id, 1)
    const paused = await t.api('POST', `/api/webhooks/${wh.id}/pause`)
    expect(paused.body).toMatchObject({ status: 'paused', pausedAt: expect.any(String) })
    expect((await getDelivery(t, id))).toMatchObject({ status: 'held', heldReason: expect.stringMatching(/paused/) })

    s.set(200)
    const test = await t.api('POST', `/api/webhooks/${wh.id}/test`, {})
    expect(test.status, JSON.stringify(test.body)).toBe(201)
    expect(test.body.delivery).toMatchObject({ test: true, status: 'succeeded', maxAttempts: 1, attempts: [{ n: 1, trigger: 'test', outcome: 'succeeded' }] })
    expect(test.body.event.type).toBe('task.created')
    // Tests are not counted, but they are the last delivery, marked as a test.
    expect((await t.api('GET', `/api/webhooks/${wh.id}`)).body.stats).toMatchObject({
      held: 1,
      succeeded: 0,
      lastDelivery: { id: test.body.delivery.id, status: 'succeeded', test: true },
    })

    advanceTo(elapsed() + 1000) // the held delivery goes out after the test, so it becomes the last one
    await t.api('POST', `/api/webhooks/${wh.id}/enable`)
    await deliveryStatus(t, id, 'succeeded')
    const after = (await t.api('GET', `/api/webhooks/${wh.id}`)).body
    expect(after.stats).toMatchObject({ total: 1, succeeded: 1, held: 0, successRate: 1, lastDelivery: { id, status: 'succeeded', responseStatus: 200, test: false } })
    await t.api('DELETE', `/api/webhooks/${wh.id}`)
  })

  it('shows as last delivery the one whose latest attempt went out last: a manual retry of an older delivery makes it the last', async () => {
    expect((await t.api('POST', '/api/profiles/taskhub/clone', { id: 'taskhub-once' })).status).toBe(201)
    expect((await t.api('PATCH', '/api/profiles/taskhub-once', { retrySchedule: [] })).status).toBe(200)
    const base = elapsed()
    s.set(500)
    const wh = await webhook({ profileId: 'taskhub-once', secret: 'k' })
    const older = (await fire({ type: 'task.created', profileId: 'taskhub-once' })).deliveries[0].id
    await deliveryStatus(t, older, 'failed')
    advanceTo(base + 5 * 60_000)
    s.set(200)
    const newer = (await fire({ type: 'task.completed', profileId: 'taskhub-once' })).deliveries[0].id
    await deliveryStatus(t, newer, 'succeeded')
    const stats = async () => (await t.api('GET', `/api/webhooks/${wh.id}`)).body.stats
    expect((await stats()).lastDelivery).toMatchObject({ id: newer, at: at(base + 5 * 60_000) })

    // Fifteen minutes later the older one is retried by hand, and succeeds: it went out last.
    advanceTo(base + 20 * 60_000)
    expect((await t.api('POST', `/api/deliveries/${older}/retry`)).status).toBe(200)
    await deliveryStatus(t, older, 'succeeded')
    expect((await stats()).lastDelivery).toEqual({ id: older, eventType: 'task.created', status: 'succeeded', at: at(base + 20 * 60_000), responseStatus: 200, test: false })
    const listed = (await t.api('GET', '/api/webhooks')).body.items.find((w: { id: string }) => w.id === wh.id)
    expect(listed.stats.lastDelivery).toMatchObject({ id: older, at: at(base + 20 * 60_000) })
  })

  it('signs with every live secret during a rotation overlap, then with the new one only', async () => {
    const base = elapsed()
    const wh = await webhook({ profileId: 'standard-webhooks' })
    const rotated = await t.api('POST', `/api/webhooks/${wh.id}/rotate-secret`, { overlapSeconds: 3600 })
    expect(rotated.status).toBe(200)
    const next = rotated.body.secret as string
    expect(next).not.toBe(wh.secret)
    expect(rotated.body.secrets.map((x: { live: boolean; expiresAt: string | null }) => [x.live, x.expiresAt])).toEqual([
      [true, null],
      [true, at(base + 3_600_000)],
    ])
    const d1 = await deliveryStatus(t, (await fire({ type: 'contact.created', profileId: 'standard-webhooks' })).deliveries[0].id, 'succeeded')
    const sig1 = header(d1.attempts[0]!.request.headers, 'webhook-signature')!
    expect(sig1.split(' ')).toHaveLength(2)
    for (const secret of [wh.secret, next]) {
      expect(verifySignature({ scheme: 'standard-webhooks', secrets: [{ value: secret }], body: Buffer.from(d1.attempts[0]!.request.body), headers: d1.attempts[0]!.request.headers, now: T0 + base }).verdict).toBe('valid')
    }
    await advanceTo(base + 3_600_000)
    const d2 = await deliveryStatus(t, (await fire({ type: 'contact.created', profileId: 'standard-webhooks' })).deliveries[0].id, 'succeeded')
    expect(header(d2.attempts[0]!.request.headers, 'webhook-signature')!.split(' ')).toHaveLength(1)
    await t.api('DELETE', `/api/webhooks/${wh.id}`)
  })

  it('keeps at most maxConcurrency attempts of a webhook in flight', async () => {
    s.set('hang')
    const wh = await webhook({ profileId: 'taskhub', secret: 'k', maxConcurrency: 2 })
    const before = s.sink.received.length
    const ids = []
    for (let i = 0; i < 5; i++) ids.push((await fire({ type: 'task.created', profileId: 'taskhub' })).deliveries[0].id)
    await s.sink.waitFor(before + 2)
    // Nothing else can start while two are open: check the engine's own view a few passes later.
    await until(t, async () => (await t.api('GET', `/api/deliveries?webhookId=${wh.id}&status=pending`)).body.items.length === 5)
    expect(s.sink.received.length - before).toBe(2)
    s.set(200)
    s.release()
    for (const id of ids) await deliveryStatus(t, id, 'succeeded')
    expect(s.sink.received.length - before).toBe(5)
    await t.api('DELETE', `/api/webhooks/${wh.id}`)
  })

  it('honours a per-webhook rate limit in engine time', async () => {
    const base = elapsed()
    s.set(200)
    const wh = await webhook({ profileId: 'taskhub', secret: 'k', rateLimitPerSecond: 1 })
    const before = s.sink.received.length
    const ids = []
    for (let i = 0; i < 3; i++) ids.push((await fire({ type: 'task.created', profileId: 'taskhub' })).deliveries[0].id)
    await deliveryStatus(t, ids[0], 'succeeded')
    expect(s.sink.received.length - before).toBe(1)
    await advanceTo(base + 1_000)
    await deliveryStatus(t, ids[1], 'succeeded')
    expect(s.sink.received.length - before).toBe(2)
    await advanceTo(base + 2_000)
    const last = await deliveryStatus(t, ids[2], 'succeeded')
    expect(last.attempts[0]!.startedAt).toBe(at(base + 2_000))
    await t.api('DELETE', `/api/webhooks/${wh.id}`)
  })

  it('tells the live feed about each attempt and status change', async () => {
    s.set(200)
    const events = recordEvents(t, 'delivery.')
    const wh = await webhook({ profileId: 'taskhub', secret: 'k' })
    const id = (await fire({ type: 'task.created', profileId: 'taskhub' })).deliveries[0].id
    await deliveryStatus(t, id, 'succeeded')
    const topics = events.filter((e) => (e.data as { deliveryId?: string; id?: string }).deliveryId === id || (e.data as { id?: string }).id === id).map((e) => e.topic)
    expect(topics).toEqual(['delivery.created', 'delivery.attempted', 'delivery.updated'])
    expect(events.find((e) => e.topic === 'delivery.attempted' && (e.data as { deliveryId: string }).deliveryId === id)?.data).toMatchObject({ deliveryId: id, n: 1, outcome: 'succeeded', responseStatus: 200, status: 'succeeded' })
    await t.api('DELETE', `/api/webhooks/${wh.id}`)
  })
})
