import { startSink, type Sink } from '../helpers/sink'
import { expect, test } from './fixtures'
import { DeliveriesPage } from './pages/deliveries'
import { EventsPage } from './pages/events'
import { ProfilesPage } from './pages/profiles'
import { WebhooksPage } from './pages/webhooks'

/**
 * The sender's screens against the real engine and real local HTTP sinks. The engine runs on
 * the real clock here, so retries are driven with "send next retry now", never by waiting.
 */

let sinks: Sink[] = []
// Other spec files share the worker's engine and may leave webhooks (a loopback quick start, a
// resend target): the first test here starts from "No webhooks yet".
test.beforeEach(async ({ engine }) => {
  for (const w of (await engine.call('GET', '/api/webhooks')).body.items) await engine.call('DELETE', `/api/webhooks/${w.id}`)
})
test.afterEach(async ({ engine }) => {
  // The engine lives as long as the worker: leave it without webhooks, schedules or user profiles.
  for (const w of (await engine.call('GET', '/api/webhooks')).body.items) await engine.call('DELETE', `/api/webhooks/${w.id}`)
  for (const s of (await engine.call('GET', '/api/schedules')).body.items) await engine.call('DELETE', `/api/schedules/${s.id}`)
  for (const p of (await engine.call('GET', '/api/profiles')).body.items) if (!p.builtIn) await engine.call('DELETE', `/api/profiles/${p.id}`)
  await Promise.all(sinks.map((s) => s.close()))
  sinks = []
})
const sink = async (...args: Parameters<typeof startSink>) => {
  const s = await startSink(...args)
  sinks.push(s)
  return s
}

test.describe('sender screens', () => {
  test('creates a webhook in the form (a bad URL is refused with the engine’s message), shows its secret, sends a test and shows the attempt', async ({ app, engine }) => {
    const target = await sink()
    const webhooks = new WebhooksPage(app)
    await webhooks.open()
    await expect(app.getByRole('heading', { name: 'No webhooks yet' })).toBeVisible()
    await app.screenshot({ path: 'test-results/sender-webhooks-empty.png' })

    await webhooks.startCreate()
    await webhooks.fillForm({ profile: 'Workestra', name: 'Staging CRM', url: 'not a url' })
    await webhooks.submit()
    const urlError = webhooks.fieldError('URL')
    await expect(urlError).toBeVisible()
    const refused = await engine.call('POST', '/api/webhooks', { name: 'x', url: 'not a url', profileId: 'workestra', events: ['*'] })
    expect(refused.status).toBe(400)
    await expect(urlError).toHaveText(refused.body.message)
    expect((await engine.call('GET', '/api/webhooks')).body.items.filter((w: { name: string }) => w.name === 'Staging CRM')).toHaveLength(0)
    await app.screenshot({ path: 'test-results/sender-webhook-form-error.png' })

    // A plain-http loopback URL breaks Workestra's HTTPS-only policy: a warning, not a block.
    await webhooks.fillForm({ url: `${target.url}/hooks`, events: ['contact.*', 'deal.won'] })
    await expect(urlError).toBeHidden()
    const preview = webhooks.form().getByTestId('policy-preview')
    await expect(preview).toContainText('https://')
    await preview.getByLabel(/Allow for local testing/).check()
    await webhooks.submit()

    await expect(webhooks.detail()).toBeVisible()
    await expect(app.getByRole('heading', { level: 1, name: 'Staging CRM' })).toBeVisible()
    await expect(webhooks.status()).toHaveText('active')
    const created = (await engine.call('GET', '/api/webhooks')).body.items.find((w: { name: string }) => w.name === 'Staging CRM')
    expect(created.events).toEqual(['contact.*', 'deal.won'])
    // Workestra's endpoint.verify handshake reached the sink before the webhook was created.
    expect(target.received[0]!.body.toString()).toContain('endpoint.verify')
    expect(await webhooks.revealSecret()).toBe(created.secret)
    await expect(webhooks.detail().getByTestId('policy-warnings')).toContainText('Allowed for local testing')
    await app.screenshot({ path: 'test-results/sender-webhook-detail.png', fullPage: true })

    const result = await webhooks.sendTest()
    await expect(result.locator('[data-status]').first()).toHaveAttribute('data-status', 'succeeded')
    await expect(result).toContainText('200')
    await expect(result).toContainText(/contact\./)
    await app.screenshot({ path: 'test-results/sender-send-test.png' })

    await result.getByRole('link', { name: /Open delivery/ }).click()
    const deliveries = new DeliveriesPage(app)
    await expect(deliveries.detail()).toBeVisible()
    await expect(deliveries.status()).toHaveText('succeeded')
    await expect(deliveries.attempts()).toHaveCount(1)
    const { request, response } = await deliveries.attemptPanes(1)
    await expect(request).toContainText(`POST ${target.url}/hooks`)
    await expect(request).toContainText('X-Workestra-Signature')
    await expect(request).toContainText(/sha256=[0-9a-f]{64}/)
    await expect(response).toContainText('HTTP 200')
    await expect(response.locator('pre')).toHaveText('ok')
    // The body shown is the body that arrived.
    const received = target.received.at(-1)!
    expect(received.headers.find(([k]) => k.toLowerCase() === 'x-workestra-signature')![1]).toMatch(/^sha256=/)
    await app.screenshot({ path: 'test-results/sender-delivery-succeeded.png', fullPage: true })

    await webhooks.open()
    const row = webhooks.row('Staging CRM')
    await expect(row).toContainText(target.url)
    // Tests are not counted in the success rate, but the last delivery shows it, marked as a test.
    await expect(row).toContainText(/200\s*contact\.\S+\s*test/)
    await app.screenshot({ path: 'test-results/sender-webhooks-list.png' })
  })

  test('a failing endpoint: retries in the attempt timeline, auto-disable with its reason, re-enable', async ({ app, engine }) => {
    // Answers the creation handshake, then fails every delivery.
    const target = await sink((req, res) => {
      if (req.body.toString().includes('endpoint.verify')) return res.end('verified')
      res.statusCode = 500
      res.setHeader('content-type', 'application/json')
      res.end('{"error":"database unavailable"}')
    })
    const wh = await engine.call('POST', '/api/webhooks', { name: 'Flaky endpoint', url: `${target.url}/in`, profileId: 'workestra', events: ['*'], allowLocal: true })
    expect(wh.status).toBe(201)

    const deliveries = new DeliveriesPage(app)
    await deliveries.open()
    const fired = await engine.call('POST', '/api/events', { type: 'deal.won', profileId: 'workestra', webhookIds: [wh.body.id] })
    expect(fired.status).toBe(201)
    const id = fired.body.deliveries[0].id as string
    // The log is live: the new delivery appears without a reload.
    await expect(app.locator(`[data-delivery-id="${id}"]`)).toBeVisible()
    await deliveries.openDelivery(id)
    await expect(deliveries.attempt(1)).toHaveAttribute('data-outcome', 'failed')
    await expect(deliveries.attempt(1)).toContainText('500')
    await expect(app.getByTestId('next-attempt')).toContainText('next attempt at')

    // Workestra tries 5 times (now, +5 s, +30 s, +2 min, +10 min): bring each retry forward.
    // The first retry (+5 s) may also come by itself on the real clock; later ones cannot within this test.
    for (let n = 2; n <= 5; n++) {
      if ((await deliveries.attempts().count()) >= n) continue
      await expect(deliveries.sendNextRetryNow()).toBeEnabled()
      await deliveries.sendNextRetryNow().click()
      await expect(deliveries.attempt(n)).toHaveAttribute('data-outcome', 'failed')
      if (n === 3) await app.screenshot({ path: 'test-results/sender-delivery-retrying.png', fullPage: true })
    }
    await expect(deliveries.status()).toHaveText('failed')
    await expect(app.getByTestId('gave-up')).toContainText('disabled')
    const { request, response } = await deliveries.attemptPanes(5)
    await expect(request).toContainText('deal.won')
    await expect(response).toContainText('database unavailable')
    await expect(deliveries.attempt(5)).toContainText('sent now')
    await app.screenshot({ path: 'test-results/sender-delivery-failed.png', fullPage: true })

    // Workestra disables a webhook once a delivery has failed all its attempts.
    await app.getByTestId('delivery-detail').getByRole('link', { name: 'Flaky endpoint' }).click()
    const webhooks = new WebhooksPage(app)
    await expect(webhooks.status()).toHaveText('disabled')
    const banner = app.getByTestId('disabled-banner')
    const disabled = (await engine.call('GET', `/api/webhooks/${wh.body.id}`)).body
    expect(disabled.disabledReason).toBeTruthy()
    await expect(banner.getByTestId('disabled-reason')).toHaveText(disabled.disabledReason)
    await expect(banner).toContainText('Disabled automatically')
    await expect(app.getByTestId('stat-failures')).toContainText('1')
    // No delivery is held: the banner does not speak of held deliveries at all.
    await expect(banner).not.toContainText(/held|waiting/i)
    await expect(banner.getByTestId('disabled-next')).toHaveText('New events are not sent to it until then. Re-enabling resets the failure count.')
    await app.screenshot({ path: 'test-results/sender-webhook-disabled.png', fullPage: true })
    // An event fired at it now is held; then the banner says so.
    expect((await engine.call('POST', '/api/events', { type: 'deal.won', profileId: 'workestra', webhookIds: [wh.body.id] })).status).toBe(201)
    await app.reload()
    await expect(banner.getByTestId('disabled-next')).toHaveText('1 delivery is held, not lost: it goes out when you re-enable. New events are not sent to it until then. Re-enabling resets the failure count.')

    await banner.getByRole('button', { name: 'Re-enable' }).click()
    await expect(webhooks.status()).toHaveText('active')
    await expect(banner).toBeHidden()
    await expect(app.getByTestId('stat-failures')).toContainText('0')
    expect((await engine.call('GET', `/api/webhooks/${wh.body.id}`)).body.consecutiveFailures).toBe(0)
  })

  test('a manual retry after the schedule is spent is counted apart, not as "2 of 1"', async ({ app, engine }) => {
    // GitHub-style: one attempt, no automatic retry; nothing listens on port 1
    const wh = await engine.call('POST', '/api/webhooks', { name: 'Refused target', url: 'http://127.0.0.1:1/hook', profileId: 'github', events: ['*'], allowLocal: true })
    expect(wh.status).toBe(201)
    const fired = await engine.call('POST', '/api/events', { type: 'push', profileId: 'github', webhookIds: [wh.body.id] })
    expect(fired.status).toBe(201)
    const id = fired.body.deliveries[0].id as string

    const deliveries = new DeliveriesPage(app)
    await app.goto(`${engine.ui.split('?')[0]}#/deliveries/${id}`)
    await expect(deliveries.status()).toHaveText('failed')
    await expect(app.locator('.timeline-card .count')).toHaveText('1 of 1')
    // the network error is said once: its label in the badge, the detail beside it without repeating it
    await expect(deliveries.attempt(1).getByTestId('attempt-error')).toHaveText('Connection refused')
    const detail = deliveries.attempt(1).getByTestId('attempt-error-message')
    await expect(detail).toContainText('nothing listens there')
    await expect(detail).not.toContainText(/connection refused|\(refused\)|^refused/i)
    // a failed delivery: retrying it is the page's main action
    await expect(deliveries.detail().getByRole('button', { name: 'Retry now' })).toHaveClass(/btn-primary/)
    await deliveries.detail().getByRole('button', { name: 'Retry now' }).click()
    await expect(deliveries.attempt(2)).toHaveAttribute('data-outcome', 'failed')
    await expect(deliveries.attempt(2)).toContainText('manual')
    await expect(app.locator('.timeline-card .count')).toHaveText('2 (1 scheduled + 1 manual)')
    await app.screenshot({ path: 'test-results/sender-delivery-manual-retry.png' })
  })

  test('a test delivery says what is true of its retries, and on a succeeded delivery Retry now is not the main action', async ({ app, engine }) => {
    const target = await sink()
    const wh = await engine.call('POST', '/api/webhooks', { name: 'Workestra staging', url: `${target.url}/workestra`, profileId: 'workestra', events: ['*'], allowLocal: true })
    expect(wh.status).toBe(201)
    const sent = await engine.call('POST', `/api/webhooks/${wh.body.id}/test`, {})
    expect(sent.status).toBe(201)
    const deliveries = new DeliveriesPage(app)
    await app.goto(`${engine.ui.split('?')[0]}#/deliveries/${sent.body.delivery.id}`)
    await expect(deliveries.status()).toHaveText('succeeded')
    const facts = app.getByTestId('delivery-facts')
    await expect(facts).toContainText('test: not retried automatically; “Retry now” adds an attempt')
    const retry = deliveries.detail().getByRole('button', { name: 'Retry now' })
    await expect(retry).not.toHaveClass(/btn-primary/)
    await retry.click()
    await expect(deliveries.attempt(2)).toHaveAttribute('data-outcome', 'succeeded')
    await expect(facts).toContainText('test: not retried automatically; “Retry now” adds an attempt')
    // the webhook's name and the finished time read whole at 1360 px (the retry schedule gives way)
    for (const label of ['Webhook', 'Created', 'Finished']) {
      const dd = facts.locator('div').filter({ has: app.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('dd')
      const [scroll, client] = await dd.evaluate((el) => [el.scrollWidth, el.clientWidth])
      expect(scroll, label).toBeLessThanOrEqual(client)
    }
    await app.screenshot({ path: 'test-results/sender-test-delivery-retried.png' })
  })

  test('fires an event from the Events screen with edited data; data that fails the schema is shown as such', async ({ app, engine }) => {
    const target = await sink()
    const wh = await engine.call('POST', '/api/webhooks', { name: 'CRM app', url: `${target.url}/crm`, profileId: 'workestra', events: ['contact.*'], allowLocal: true })
    expect(wh.status).toBe(201)
    // A paused webhook subscribed to the type is named in the result, not silently left out.
    const paused = await engine.call('POST', '/api/webhooks', { name: 'Paused CRM', url: `${target.url}/paused`, profileId: 'workestra', events: ['contact.*'], allowLocal: true, skipVerification: true, status: 'paused' })
    expect(paused.status).toBe(201)
    const events = new EventsPage(app)
    await events.open()
    await events.pickProfile('Workestra')
    await events.pickType('contact.created')
    await expect(app.getByTestId('event-example')).toContainText('"first_name"')
    await app.screenshot({ path: 'test-results/sender-events-catalog.png' })

    await events.openFire()
    // Generated data by default, checked against the schema by the engine.
    await expect(events.editorMessages()).toContainText('Valid against the contact.created schema')
    expect(JSON.parse(await events.editorText())).toHaveProperty('email')

    await events.setData('{ "id": 42, "first_name": "Ada" }')
    await expect(events.editorMessages()).toContainText('/id')
    await expect(events.editorMessages().locator('li').first()).toBeVisible()
    await expect(events.fireButton()).toBeDisabled()
    await app.screenshot({ path: 'test-results/sender-fire-invalid.png' })

    await events.setData('{')
    await expect(events.editorMessages()).toContainText('Not valid JSON')

    const example = (await engine.call('GET', '/api/event-types?profileId=workestra')).body.items.find((t: { name: string }) => t.name === 'contact.created').example
    await events.setData(JSON.stringify({ ...example, first_name: 'Edited' }, null, 2))
    await expect(events.editorMessages()).toContainText('Valid against')
    await events.fireButton().click()
    const result = events.fireDialog().getByTestId('fire-result')
    await expect(result).toContainText('1 delivery')
    await expect(result.getByTestId('fired-delivery')).toContainText('CRM app')
    await expect(result.getByTestId('fired-delivery').locator('[data-status]')).toHaveAttribute('data-status', 'succeeded')
    await expect(result.getByTestId('fire-skipped')).toContainText('Not sent to 1 subscribed webhook')
    await expect(result.getByTestId('fire-skipped')).toContainText('Paused CRM (paused): events go to active webhooks only.')
    const received = await target.waitFor(2)
    expect(JSON.parse(received[1]!.body.toString()).data.first_name).toBe('Edited')
    await app.screenshot({ path: 'test-results/sender-fire-result.png' })

    await events.fireDialog().getByRole('button', { name: 'Done' }).click()
    await events.tab('Fired events')
    await expect(app.getByTestId('event-history')).toContainText('contact.created')
  })

  test('the fire dialog by keyboard: Esc in the JSON editor keeps the edit, Esc then Tab leaves it, and closing gives focus back', async ({ app }) => {
    const events = new EventsPage(app)
    await events.open()
    await events.pickProfile('Workestra')
    await events.pickType('contact.created')
    const opener = app.getByTestId('event-type-detail').getByRole('button', { name: 'Fire event…' })
    await events.openFire()
    await events.setData('{ "first_name": "Kept" }')
    // Pressed again and again (Chromium stops honouring a cancelled close request after one or two).
    for (let i = 0; i < 4; i++) await app.keyboard.press('Escape')
    await expect(events.fireDialog()).toBeVisible()
    expect(await events.editorText()).toBe('{ "first_name": "Kept" }')
    // CodeMirror lets Tab leave the editor right after Esc: focus moves on, the text stays as typed.
    await app.keyboard.press('Escape')
    await app.keyboard.press('Tab')
    expect(await app.evaluate(() => document.activeElement?.closest('.cm-editor') === null)).toBe(true)
    expect(await events.editorText()).toBe('{ "first_name": "Kept" }')
    await app.keyboard.press('Escape')
    await expect(events.fireDialog()).toBeHidden()
    await expect(opener).toBeFocused()
  })

  test('the fire dialog keeps what was typed before the generated data arrived; Regenerate replaces it', async ({ app }) => {
    const events = new EventsPage(app)
    await events.open()
    await events.pickProfile('Workestra')
    await events.pickType('contact.created')
    // Hold the generated data until the user has typed (a slow engine, a busy machine).
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    await app.route('**/api/event-types/sample', async (route) => {
      await held
      await route.continue()
    })
    await events.openFire()
    await events.setData('{ "first_name": "Typed first" }')
    release()
    await expect(events.fireDialog().getByTestId('fire-kept-typed')).toBeVisible()
    expect(await events.editorText()).toBe('{ "first_name": "Typed first" }')
    await app.unroute('**/api/event-types/sample')
    await events.fireDialog().getByRole('button', { name: 'Regenerate' }).click()
    await expect(events.editor()).not.toContainText('Typed first')
    await expect(events.fireDialog().getByTestId('fire-kept-typed')).toHaveCount(0)
    expect(JSON.parse(await events.editorText())).toHaveProperty('email')
  })

  test('deleting a webhook asks in the app, and Cancel keeps it', async ({ app, engine }) => {
    const target = await sink()
    const wh = (await engine.call('POST', '/api/webhooks', { name: 'Doomed', url: `${target.url}/x`, profileId: 'taskhub', events: ['*'], allowLocal: true })).body
    const dialogs: string[] = []
    app.on('dialog', (d) => {
      dialogs.push(d.message())
      void d.dismiss()
    })
    await app.goto(`${engine.ui.split('?')[0]}#/webhooks/${wh.id}`)
    await app.getByTestId('webhook-detail').getByRole('button', { name: 'Delete' }).click()
    const confirm = app.getByTestId('confirm-dialog')
    await expect(confirm).toContainText('Its deliveries and attempts go with it.')
    await confirm.getByRole('button', { name: 'Cancel' }).click()
    await expect(confirm).toBeHidden()
    expect((await engine.call('GET', `/api/webhooks/${wh.id}`)).status).toBe(200)
    await app.getByTestId('webhook-detail').getByRole('button', { name: 'Delete' }).click()
    await confirm.getByRole('button', { name: 'Delete webhook' }).click()
    await expect(app).toHaveURL(/#\/webhooks$/)
    expect((await engine.call('GET', `/api/webhooks/${wh.id}`)).status).toBe(404)
    expect(dialogs).toEqual([]) // no browser confirm()
  })

  test('clones a preset profile and edits it', async ({ app, engine }) => {
    const profiles = new ProfilesPage(app)
    await profiles.open()
    await profiles.select('TaskHub')
    await expect(profiles.detail()).toContainText('built-in preset')
    await expect(profiles.detail().getByRole('link', { name: 'Edit' })).toHaveCount(0)
    await expect(profiles.detail().getByTestId('retry-schedule')).toHaveText(/now\s*\+1 min\s*\+5 min\s*\+30 min/)
    await app.screenshot({ path: 'test-results/sender-profile-preset.png', fullPage: true })

    await profiles.clone('TaskHub staging')
    await expect(profiles.detail()).toContainText('your profile')
    await expect(profiles.detail()).toContainText('cloned from')
    const id = await profiles.detail().getAttribute('data-profile-id')
    await profiles.detail().getByRole('link', { name: 'Edit' }).click()
    await expect(profiles.form()).toBeVisible()

    // The engine's message for a bad value lands next to its field.
    await profiles.form().getByLabel('Timeout (ms)').fill('5')
    await profiles.form().getByRole('button', { name: 'Save profile' }).click()
    await expect(profiles.form().locator('.field-error')).toContainText('Timeout')
    await profiles.form().getByLabel('Timeout (ms)').fill('8000')
    await profiles.form().getByLabel(/Retry schedule/).fill('10, 60')
    await profiles.form().getByLabel(/Disable after/).fill('2')
    await profiles.form().getByLabel('Event type header').fill('X-TaskHub-Event')
    await app.screenshot({ path: 'test-results/sender-profile-form.png', fullPage: true })
    await profiles.form().getByRole('button', { name: 'Save profile' }).click()

    await expect(profiles.detail()).toBeVisible()
    await expect(profiles.detail().getByTestId('retry-schedule')).toHaveText(/now\s*\+10 s\s*\+1 min$/)
    await expect(profiles.detail().getByTestId('disable-rule')).toHaveText('after 2 consecutive deliveries fail all 3 of their attempts')
    const saved = (await engine.call('GET', `/api/profiles/${id}`)).body
    expect(saved).toMatchObject({ builtIn: false, retrySchedule: [10, 60], disableAfter: 2, timeoutMs: 8000, clonedFrom: 'taskhub' })
    expect(saved.headers.eventType).toBe('X-TaskHub-Event')
    expect(saved.eventTypeCount).toBe(15)
    await app.screenshot({ path: 'test-results/sender-profile-clone.png', fullPage: true })
  })

  test("a schedule left unnamed is named in its Timing column's words: 'every 1 h', not 'every 3600 s'", async ({ app, engine }) => {
    const events = new EventsPage(app)
    const dialog = await events.startSchedule('Workestra', 'invoice.overdue', 3600)
    await expect(dialog.getByLabel('Name')).toHaveAttribute('placeholder', 'invoice.overdue every 1 h')
    await dialog.getByRole('button', { name: 'Create schedule' }).click()
    await expect(dialog).toBeHidden()
    const row = events.scheduleRow('invoice.overdue every 1 h')
    await expect(row).toContainText('every 1 h')
    expect((await engine.call('GET', '/api/schedules')).body.items.map((s: { name: string }) => s.name)).toEqual(['invoice.overdue every 1 h'])
  })

  test('creates a schedule and pauses it', async ({ app, engine }) => {
    const events = new EventsPage(app)
    const dialog = await events.startSchedule('Workestra', 'invoice.overdue', 3600)
    await dialog.getByLabel('Name').fill('Overdue reminder')
    await dialog.getByRole('button', { name: 'Create schedule' }).click()
    await expect(dialog).toBeHidden()

    const row = events.scheduleRow('Overdue reminder')
    await expect(row).toContainText('invoice.overdue')
    await expect(row).toContainText('every 1 h')
    await expect(row.getByTestId('schedule-status')).toHaveText('active')
    await expect(row).toContainText(/in (59|60) min/)
    await app.screenshot({ path: 'test-results/sender-schedules.png' })

    await row.getByRole('button', { name: 'Pause' }).click()
    await expect(row.getByTestId('schedule-status')).toHaveText('paused')
    await expect(row.getByRole('button', { name: 'Resume' })).toBeVisible()
    const s = (await engine.call('GET', '/api/schedules')).body.items.find((x: { name: string }) => x.name === 'Overdue reminder')
    expect(s).toMatchObject({ name: 'Overdue reminder', status: 'paused', everySeconds: 3600, type: 'invoice.overdue' })
  })
})
