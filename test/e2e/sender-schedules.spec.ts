import { expect, test } from './fixtures'
import { EventsPage } from './pages/events'

/**
 * Editing a schedule in the schedule form it was created with: only what changed is sent, the
 * list follows, the timetable restarts on a new timing (and the form says so first), the
 * schedule stays active or paused as it was, and a refused edit shows the engine's message on
 * the field it names with nothing saved. The engine runs on the real clock: hour-long periods,
 * so no run falls inside the test.
 */

test.afterEach(async ({ engine }) => {
  for (const s of (await engine.call('GET', '/api/schedules')).body.items) await engine.call('DELETE', `/api/schedules/${s.id}`)
})

const scheduleNamed = async (engine: { call: (m: string, p: string) => Promise<{ body: any }> }, name: string) =>
  (await engine.call('GET', '/api/schedules')).body.items.find((s: { name: string }) => s.name === name)

test("edits a schedule's interval and event type: the list shows them and the next run follows; a bad cron is shown on its field and nothing is saved", async ({ app, engine }) => {
  const events = new EventsPage(app)
  const create = await events.startSchedule('Workestra', 'invoice.overdue', 3600)
  await create.getByRole('button', { name: 'Create schedule' }).click()
  await expect(create).toBeHidden()
  const created = events.scheduleRow('invoice.overdue every 1 h')
  await expect(created).toContainText(/in (59|60) min/)

  const dialog = await events.editSchedule('invoice.overdue every 1 h')
  await expect(dialog.getByRole('heading', { name: 'Edit invoice.overdue every 1 h' })).toBeVisible()
  await expect(dialog.getByLabel('Profile')).toHaveValue('workestra')
  await expect(dialog.getByLabel('Event type')).toHaveValue('invoice.overdue')
  await expect(dialog.getByLabel('Every (seconds)')).toHaveValue('3600')
  await expect(dialog.getByLabel('Create paused')).toHaveCount(0)
  const note = dialog.getByTestId('schedule-timing-note')
  await expect(note).toContainText('the timetable stays as it is unless the timing changes')
  await dialog.getByLabel('Event type').selectOption('invoice.paid')
  await expect(note).toContainText('the timetable stays as it is')
  await dialog.getByLabel('Every (seconds)').fill('300')
  await expect(note).toContainText('Saving a new timing restarts the schedule: its next run will be 5 min after you save, instead of in')
  // The engine's name follows the type and timing: the empty name field shows the new one.
  await expect(dialog.getByLabel('Name')).toHaveAttribute('placeholder', 'invoice.paid every 5 min')
  await app.screenshot({ path: 'test-results/sender-schedule-edit.png' })
  await dialog.getByRole('button', { name: 'Save changes' }).click()
  await expect(dialog).toBeHidden()

  const row = events.scheduleRow('invoice.paid every 5 min')
  await expect(row.getByRole('link', { name: 'invoice.paid' })).toBeVisible()
  await expect(row).toContainText('every 5 min')
  await expect(row).toContainText(/in [45] min/)
  await expect(row.getByTestId('schedule-status')).toHaveText('active')
  await expect(app.getByTestId('schedule-row')).toHaveCount(1)
  const saved = await scheduleNamed(engine, 'invoice.paid every 5 min')
  expect(saved).toMatchObject({ type: 'invoice.paid', everySeconds: 300, cron: null, status: 'active', data: null, webhookIds: null })
  // The timetable started again at the save: one new period from then.
  expect(Date.parse(saved.nextRunAt) - Date.parse(saved.updatedAt)).toBe(300_000)

  // A cron expression the engine refuses: its message under the Cron field, which takes the focus.
  const again = await events.editSchedule('invoice.paid every 5 min')
  await again.getByRole('button', { name: 'Cron expression' }).click()
  await again.getByLabel('Cron', { exact: true }).fill('61 * * * *')
  await again.getByRole('button', { name: 'Save changes' }).click()
  const refused = await engine.call('PATCH', `/api/schedules/${saved.id}`, { cron: '61 * * * *' })
  expect(refused.status).toBe(400)
  expect(refused.body.field).toBe('/cron')
  await expect(events.scheduleField('Cron').locator('.field-message')).toHaveText(refused.body.message)
  await expect(again.getByLabel('Cron', { exact: true })).toBeFocused()
  await app.screenshot({ path: 'test-results/sender-schedule-edit-refused.png' })
  await expect(again).toBeVisible()
  expect(await scheduleNamed(engine, 'invoice.paid every 5 min')).toEqual(saved)
  await again.getByRole('button', { name: 'Cancel' }).click()
  await expect(again).toBeHidden()
  await expect(row).toContainText('every 5 min')
})

test('an edit keeps a paused schedule paused, and a name given in the form replaces the engine’s', async ({ app, engine }) => {
  const created = await engine.call('POST', '/api/schedules', { profileId: 'workestra', type: 'invoice.overdue', everySeconds: 3600, status: 'paused' })
  expect(created.status).toBe(201)
  const events = new EventsPage(app)
  await events.open()
  await events.tab('Schedules')
  const dialog = await events.editSchedule('invoice.overdue every 1 h')
  await expect(dialog.getByTestId('schedule-timing-note')).toContainText('Paused, and it stays paused when you save')
  await dialog.getByLabel('Name').fill('Overdue reminder')
  await dialog.getByLabel('Every (seconds)').fill('7200')
  await dialog.getByRole('button', { name: 'Save changes' }).click()
  await expect(dialog).toBeHidden()
  const row = events.scheduleRow('Overdue reminder')
  await expect(row).toContainText('every 2 h')
  await expect(row.getByTestId('schedule-status')).toHaveText('paused')
  await expect(row.getByRole('button', { name: 'Resume' })).toBeVisible()
  expect((await engine.call('GET', `/api/schedules/${created.body.id}`)).body).toMatchObject({ name: 'Overdue reminder', everySeconds: 7200, status: 'paused', nextRunAt: null })
})
