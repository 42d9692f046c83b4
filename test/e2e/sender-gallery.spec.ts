import { readFile } from 'node:fs/promises'
import { startSink, type Sink } from '../helpers/sink'
import { expect, test } from './fixtures'
import { DeliveriesPage } from './pages/deliveries'
import { EventsPage } from './pages/events'
import { ProfilesPage } from './pages/profiles'
import { exportAs } from './pages/replay'
import { WebhooksPage } from './pages/webhooks'

/** Each sender screen with realistic data, in the dark theme (the desktop default), for review. */
test.use({ colorScheme: 'dark' })

let sinks: Sink[] = []
test.afterEach(async ({ engine }) => {
  for (const w of (await engine.call('GET', '/api/webhooks')).body.items) await engine.call('DELETE', `/api/webhooks/${w.id}`)
  for (const s of (await engine.call('GET', '/api/schedules')).body.items) await engine.call('DELETE', `/api/schedules/${s.id}`)
  await Promise.all(sinks.map((s) => s.close()))
  sinks = []
})

test('every sender screen renders with live data (dark theme)', async ({ app, engine }) => {
  const ok = await startSink()
  const failing = await startSink((req, res) => {
    if (req.body.toString().includes('endpoint.verify')) return res.end()
    res.statusCode = 503
    res.end('maintenance')
  })
  sinks.push(ok, failing)
  const make = async (body: Record<string, unknown>) => {
    const r = await engine.call('POST', '/api/webhooks', { allowLocal: true, ...body })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    return r.body
  }
  const crm = await make({ name: 'CRM staging', url: `${ok.url}/crm`, profileId: 'workestra', events: ['contact.*', 'deal.*'] })
  await make({ name: 'Billing worker', url: `${ok.url}/billing`, profileId: 'workestra', events: ['invoice.*'], status: 'paused' })
  const flaky = await make({ name: 'Legacy ERP', url: `${failing.url}/erp`, profileId: 'workestra', events: ['*'] })
  await make({ name: 'Alerts (WorkFlows)', url: `${ok.url}/alerts`, profileId: 'workflows', events: ['alert.*'], allowLocal: false })
  for (const type of ['contact.created', 'deal.won', 'invoice.paid', 'contact.updated']) {
    expect((await engine.call('POST', '/api/events', { type, profileId: 'workestra' })).status).toBe(201)
  }
  await engine.call('POST', '/api/schedules', { profileId: 'workestra', type: 'invoice.overdue', everySeconds: 300, name: 'Overdue every 5 min' })
  await engine.call('POST', '/api/schedules', { profileId: 'taskhub', type: 'task.created', cron: '0 9 * * 1-5', timezone: 'Europe/Paris', status: 'paused' })

  const webhooks = new WebhooksPage(app)
  await webhooks.open()
  await expect(webhooks.row('CRM staging')).toContainText(/\d+%/)
  await expect(webhooks.row('CRM staging')).toContainText('Workestra')
  await app.screenshot({ path: 'test-results/gallery-webhooks.png' })
  await webhooks.row('CRM staging').getByRole('link', { name: 'CRM staging' }).click()
  await expect(webhooks.detail()).toBeVisible()
  await expect(app.getByTestId('webhook-deliveries').getByTestId('delivery-row').first()).toBeVisible()
  await app.screenshot({ path: 'test-results/gallery-webhook-detail.png' })

  const deliveries = new DeliveriesPage(app)
  await deliveries.open()
  await expect(deliveries.rows().first()).toBeVisible()
  await app.screenshot({ path: 'test-results/gallery-deliveries.png' })
  const ofFlaky = (await engine.call('GET', `/api/deliveries?webhookId=${flaky.id}`)).body.items as { id: string; test: boolean }[]
  const pending = ofFlaky.find((d) => !d.test)!
  // The export follows the view's filters.
  await app.getByLabel('Webhook').selectOption({ label: 'Legacy ERP' })
  await expect(deliveries.rows()).toHaveCount(ofFlaky.length)
  const download = await exportAs(app, 'NDJSON')
  const lines = (await readFile((await download.path())!, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { id: string; webhookId: string })
  expect(lines.length).toBe(ofFlaky.length)
  expect(lines.every((l) => l.webhookId === flaky.id)).toBe(true)
  expect(lines.map((l) => l.id)).toContain(pending.id)
  await deliveries.openDelivery(pending.id)
  await expect(deliveries.attempt(1)).toHaveAttribute('data-outcome', 'failed')
  await expect(app.getByTestId('next-attempt')).toBeVisible()
  await app.screenshot({ path: 'test-results/gallery-delivery-pending.png' })

  const events = new EventsPage(app)
  await events.open()
  await events.pickType('deal.won')
  await app.screenshot({ path: 'test-results/gallery-events-catalog.png' })
  await events.openFire()
  await expect(events.editorMessages()).toContainText('Valid against')
  await app.screenshot({ path: 'test-results/gallery-fire-dialog.png' })
  await events.fireDialog().getByRole('button', { name: 'Cancel' }).click()
  await events.tab('Schedules')
  await expect(app.getByTestId('schedule-row')).toHaveCount(2)
  await app.screenshot({ path: 'test-results/gallery-schedules.png' })
  await events.tab('Fired events')
  await expect(app.getByTestId('event-history')).toContainText('invoice.paid')
  await app.screenshot({ path: 'test-results/gallery-fired-events.png' })

  const profiles = new ProfilesPage(app)
  await profiles.open()
  await profiles.select('Stripe-style')
  await app.screenshot({ path: 'test-results/gallery-profile.png' })
})
