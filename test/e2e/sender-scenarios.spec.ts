import { startSink, type Sink } from '../helpers/sink'
import { expect, test } from './fixtures'
import { EventsPage } from './pages/events'

let target: Sink
test.beforeEach(async () => {
  target = await startSink()
})
test.afterEach(async ({ engine }) => {
  for (const w of (await engine.call('GET', '/api/webhooks')).body.items) await engine.call('DELETE', `/api/webhooks/${w.id}`)
  for (const s of (await engine.call('GET', '/api/scenarios')).body.items) await engine.call('DELETE', `/api/scenarios/${s.id}`)
  for (const s of (await engine.call('GET', '/api/schedules')).body.items) await engine.call('DELETE', `/api/schedules/${s.id}`)
  await target.close()
})

test('a scenario built in the editor runs on demand, and a later step reuses an earlier step’s data', async ({ app, engine }) => {
  const wh = await engine.call('POST', '/api/webhooks', { name: 'Deals app', url: `${target.url}/deals`, profileId: 'workestra', events: ['deal.*'], allowLocal: true })
  expect(wh.status).toBe(201)
  const events = new EventsPage(app)
  await events.open()
  await events.tab('Scenarios')
  await expect(app.getByRole('heading', { name: 'No scenarios yet' })).toBeVisible()
  await app.getByRole('button', { name: 'New scenario' }).click()
  const dialog = app.getByTestId('scenario-dialog')
  await dialog.getByLabel('Name', { exact: true }).fill('Deal lifecycle')
  await dialog.getByLabel('Profile').selectOption({ label: 'Workestra' })
  await dialog.getByLabel('Step 0 event type').selectOption('deal.created')
  await dialog.getByLabel('Step 0 name').fill('created')
  await dialog.getByRole('button', { name: '+ Step' }).click()
  await dialog.getByLabel('Step 1 event type').selectOption('deal.won')
  await dialog.getByLabel('Step 1 delay in seconds').fill('0')
  const step1 = dialog.getByTestId('step-editor').nth(1).locator('.cm-content')
  await step1.click()
  await app.keyboard.insertText('{ "id": "{{steps.created.data.id}}" }')
  await app.screenshot({ path: 'test-results/sender-scenario-editor.png' })
  await dialog.getByRole('button', { name: 'Create scenario' }).click()
  await expect(dialog).toBeHidden()

  const card = app.getByTestId('scenario-card').filter({ hasText: 'Deal lifecycle' })
  await expect(card.getByTestId('scenario-step')).toHaveCount(2)
  await card.getByRole('button', { name: 'Run' }).click()
  await expect(card.getByTestId('scenario-run-status')).toHaveText('completed')
  await expect(card.getByTestId('scenario-step').nth(1)).toContainText('fired')
  await app.screenshot({ path: 'test-results/sender-scenarios.png' })

  const received = await target.waitFor(3)
  // Both steps are due at once, so their deliveries may arrive in either order.
  const bodies = received.slice(1).map((r) => JSON.parse(r.body.toString()) as { type: string; data: { id: string } })
  const created = bodies.find((b) => b.type === 'deal.created')!
  const won = bodies.find((b) => b.type === 'deal.won')!
  expect(won.data.id).toBe(created.data.id)
})

test('the Schedules list follows a running schedule live: runs, last run and next run', async ({ app, engine }) => {
  await engine.call('POST', '/api/webhooks', { name: 'Deals app', url: `${target.url}/deals`, profileId: 'workestra', events: ['deal.*'], allowLocal: true })
  const events = new EventsPage(app)
  await events.open()
  await events.tab('Schedules')
  const created = await engine.call('POST', '/api/schedules', { profileId: 'workestra', type: 'deal.created', everySeconds: 1, name: 'Every second' })
  expect(created.status).toBe(201)
  const row = events.scheduleRow('Every second')
  // No reload: the count climbs as the engine fires (it went stale before).
  await expect(async () => expect(Number(await row.locator('td.num').textContent())).toBeGreaterThanOrEqual(3)).toPass({ timeout: 15_000 })
  await expect(row).not.toContainText('never')
  await engine.call('POST', `/api/schedules/${created.body.id}/pause`)
  await expect(row.getByTestId('schedule-status')).toHaveText('paused')
})
