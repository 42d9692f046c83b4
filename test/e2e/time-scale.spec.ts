/**
 * `hookbench serve --time-scale 100`: the engine's clock runs 100 times faster than the machine's,
 * so the times it records run ahead of the browser's Date.now(). What the UI says about them ("ago",
 * "in …", a time filter) is measured from the engine's now.
 */
import { startSink, type Sink } from '../helpers/sink'
import { expect, test, type ServedEngine } from './fixtures'
import { DeliveriesPage } from './pages/deliveries'
import { post, RequestsPage } from './pages/requests'

test.use({ engineArgs: ['--time-scale', '100'] })

/**
 * A time just made reads as past on the engine's clock; on the machine's it would read "in …" (the
 * engine's clock is minutes ahead). A machine second is 100 engine seconds: "just now" soon reads "3 min ago".
 */
const PAST = /^(just now|.+ ago)$/

async function createInbox(engine: ServedEngine, name: string) {
  const r = await engine.call('POST', '/api/inboxes', { name })
  expect(r.status, JSON.stringify(r.body)).toBe(201)
  return r.body as { id: string; url: string }
}

const inboxPage = (engine: ServedEngine, id: string) => `${engine.ui.split('?')[0]}#/inboxes/${id}`

let sink: Sink
test.beforeAll(async ({ engine }) => {
  // The first request to each /flaky… path fails (a retry to count down to); the rest succeed.
  const failed = new Set<string>()
  sink = await startSink((req, res) => {
    const flaky = req.url?.startsWith('/flaky') ?? false
    res.statusCode = flaky && !failed.has(req.url!) ? 500 : 200
    if (flaky) failed.add(req.url!)
    res.end()
  })
  // At ×100 the engine's clock is minutes ahead of the machine's a second after it starts.
  await expect.poll(async () => (await engine.call('GET', '/api/info')).body.clock.leadMs).toBeGreaterThan(2 * 60_000)
})
test.afterAll(async () => sink.close())

test('a delivery and a capture just made read as past ("just now", "3 min ago"), not "in …"', async ({ app, engine }) => {
  const inbox = await createInbox(engine, 'Scaled inbox')
  const wh = (await engine.call('POST', '/api/webhooks', { name: 'Scaled', url: inbox.url, profileId: 'standard-webhooks', events: ['*'], allowLocal: true })).body
  const fired = (await engine.call('POST', '/api/events', { type: 'contact.created', profileId: 'standard-webhooks', webhookIds: [wh.id] })).body
  const delivery = fired.deliveries[0] as { id: string }

  // The sidebar still says the clock is scaled, and now that what it shows counts from the engine's now.
  await expect(app.getByTestId('time-scale')).toHaveText('Time ×100')
  await expect(app.getByTestId('time-scale')).toHaveAttribute('title', /count from the engine's now/)

  const deliveries = new DeliveriesPage(app)
  await deliveries.open()
  const row = app.locator(`[data-testid="delivery-row"][data-delivery-id="${delivery.id}"]`)
  await expect(row).toContainText('done')
  const createdAt = (await engine.call('GET', `/api/deliveries/${delivery.id}`)).body.createdAt as string
  await expect(row.getByTitle(createdAt)).toHaveText(PAST)

  const [captured] = (await engine.call('GET', `/api/inboxes/${inbox.id}/requests`)).body.items as { receivedAt: string }[]
  await app.goto(inboxPage(engine, inbox.id))
  const requests = new RequestsPage(app)
  await requests.open(fired.event.id)
  await expect(requests.detail().getByTitle(captured!.receivedAt).locator('.muted')).toHaveText(/^\((just now|.+ ago)\)$/)
})

test("a retry's countdown runs on the engine's clock: its minutes pass in seconds, down to the retry", async ({ app, engine }) => {
  const cloned = await engine.call('POST', '/api/profiles/workestra/clone', { name: 'Slow retry' })
  expect(cloned.status, JSON.stringify(cloned.body)).toBe(201)
  const profileId = cloned.body.id as string
  const patched = await engine.call('PATCH', `/api/profiles/${profileId}`, { retrySchedule: [1200] })
  expect(patched.status, JSON.stringify(patched.body)).toBe(200)
  const wh = await engine.call('POST', '/api/webhooks', { name: 'Flaky', url: `${sink.url}/flaky`, profileId, events: ['*'], allowLocal: true, skipVerification: true })
  expect(wh.status, JSON.stringify(wh.body)).toBe(201)
  const fired = await engine.call('POST', '/api/events', { type: 'contact.created', profileId, webhookIds: [wh.body.id] })
  expect(fired.status, JSON.stringify(fired.body)).toBe(201)

  const deliveries = new DeliveriesPage(app)
  await deliveries.open()
  await deliveries.openDelivery(fired.body.deliveries[0].id)
  // 20 min ahead on the engine's clock (on the machine's it would read hours ahead)…
  const minutesLeft = async () => Number(/\(in (\d+) min/.exec((await app.getByTestId('next-attempt').textContent()) ?? '')?.[1] ?? NaN)
  await expect.poll(minutesLeft).toBeLessThanOrEqual(20)
  const first = await minutesLeft()
  // …and counting down at the engine's speed (minutes in seconds), until the engine retries.
  await expect.poll(minutesLeft).toBeLessThanOrEqual(first - 3)
  await expect(deliveries.status()).toContainText(/succeeded|delivered/i, { timeout: 30_000 })
  await expect(deliveries.attempts()).toHaveCount(2)
})

test('"Last 5 minutes" counts back from the engine\'s now', async ({ app, engine }) => {
  const inbox = await createInbox(engine, 'Filtered inbox')
  expect((await post(inbox.url, JSON.stringify({ id: 'evt_scaled', type: 'invoice.paid' }))).status).toBe(200)
  const [captured] = (await engine.call('GET', `/api/inboxes/${inbox.id}/requests`)).body.items as { receivedAt: string }[]

  await app.goto(inboxPage(engine, inbox.id))
  const requests = new RequestsPage(app)
  await requests.open('evt_scaled')
  // Engine minutes pass in machine seconds; the capture's age follows them.
  await expect(requests.detail().getByTitle(captured!.receivedAt)).toContainText(/\(([6-9]|\d\d+) min ago\)/)

  await app.getByRole('combobox', { name: 'Time' }).selectOption({ label: 'Last 5 minutes' })
  await expect(requests.rows()).toHaveCount(0)
  await app.getByRole('combobox', { name: 'Time' }).selectOption({ label: 'Last hour' })
  await expect(requests.rows()).toHaveCount(1)
})

test("the attempt timeline shows when each attempt ended, on the engine's clock, and how long after it the schedule put the retry", async ({ app, engine }) => {
  const cloned = await engine.call('POST', '/api/profiles/workestra/clone', { name: 'Ten second retry' })
  expect(cloned.status, JSON.stringify(cloned.body)).toBe(201)
  const profileId = cloned.body.id as string
  expect((await engine.call('PATCH', `/api/profiles/${profileId}`, { retrySchedule: [10] })).status).toBe(200)
  const wh = await engine.call('POST', '/api/webhooks', { name: 'Flaky gap', url: `${sink.url}/flaky-gap`, profileId, events: ['*'], allowLocal: true, skipVerification: true })
  expect(wh.status, JSON.stringify(wh.body)).toBe(201)
  const fired = await engine.call('POST', '/api/events', { type: 'contact.created', profileId, webhookIds: [wh.body.id] })
  const id = fired.body.deliveries[0].id as string

  const deliveries = new DeliveriesPage(app)
  await deliveries.open()
  await deliveries.openDelivery(id)
  await expect(deliveries.status()).toContainText(/succeeded|delivered/i, { timeout: 30_000 })
  await expect(deliveries.attempts()).toHaveCount(2)
  const [first, second] = (await engine.call('GET', `/api/deliveries/${id}`)).body.attempts
  // the next attempt is due 10 s after the first one ended, both on the engine's clock
  expect(Date.parse(second.scheduledAt) - Date.parse(first.finishedAt)).toBe(10_000)

  await expect(deliveries.attempt(1).getByTestId('attempt-finished')).toContainText('failed')
  await expect(deliveries.attempt(1).getByTestId('attempt-finished').locator(`time[datetime="${first.finishedAt}"]`)).toBeVisible()
  await expect(deliveries.attempt(2).getByTestId('attempt-scheduled')).toContainText('(+10 s after #1 failed)')
  await expect(deliveries.attempt(2).getByTestId('attempt-scheduled').locator(`time[datetime="${second.scheduledAt}"]`)).toBeVisible()
  // the duration is the machine's milliseconds, with the engine clock's beside it under the time scale
  const took = deliveries.attempt(1).locator('.tl-duration')
  await expect(took).toHaveText(/^took [\d.]+ m?s \([\d.]+ (ms|s|min) on the engine clock ×100\)$/)
  await expect(took).toHaveAttribute('title', /of this machine's time\. The engine's clock runs ×100/)
  await app.screenshot({ path: 'test-results/time-scale-attempt-times.png' })
})
