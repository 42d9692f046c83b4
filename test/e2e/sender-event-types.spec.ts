import { startSink, type Sink } from '../helpers/sink'
import { expect, test } from './fixtures'
import { EventsPage } from './pages/events'

let target: Sink
test.beforeEach(async () => {
  target = await startSink()
})
test.afterEach(async ({ engine }) => {
  for (const w of (await engine.call('GET', '/api/webhooks')).body.items) await engine.call('DELETE', `/api/webhooks/${w.id}`)
  await target.close()
})

const SCHEMA = { type: 'object', properties: { id: { type: 'string' }, amount: { type: 'integer' } }, required: ['id', 'amount'] }

test("a user profile's event types are added, edited and deleted in the catalog; the engine's refusals are shown where they apply", async ({ app, engine }) => {
  const clone = await engine.call('POST', '/api/profiles/workestra/clone', { id: 'typed-copy', name: 'Typed copy' })
  expect(clone.status).toBe(201)
  const count = clone.body.eventTypeCount as number
  const events = new EventsPage(app)
  await events.open()
  await events.pickProfile('Typed copy')
  await expect(events.profileOption('Typed copy')).toHaveText(`Typed copy (${count})`)

  // A new type: a schema the engine cannot compile is refused on the schema, which takes the focus.
  const form = await events.openNewType()
  await form.getByLabel('Name', { exact: true }).fill('payout.sent')
  await form.getByLabel('Category').fill('Payouts')
  await form.getByLabel('Description').fill('When a payout is sent')
  await events.replaceText(form.getByTestId('event-type-schema'), JSON.stringify({ type: 'object', properties: { id: { type: 'strin' } } }))
  await form.getByRole('button', { name: 'Add event type' }).click()
  const schemaField = events.typeFormField('event-type-schema')
  await expect(schemaField.locator('.field-message')).toContainText('"strin" is not a JSON Schema type')
  await expect(schemaField.locator('.field-message')).toContainText('properties/id/type')
  await expect(form.getByTestId('event-type-schema').locator('.cm-content')).toBeFocused()

  // An example that does not match the schema is refused on the example.
  await events.replaceText(form.getByTestId('event-type-schema'), JSON.stringify(SCHEMA, null, 2))
  await expect(schemaField.locator('.field-message')).toHaveCount(0)
  await events.replaceText(form.getByTestId('event-type-example'), '{ "id": "inv_1", "amount": "12.00" }')
  await form.getByRole('button', { name: 'Add event type' }).click()
  await expect(events.typeFormField('event-type-example').locator('.field-message')).toContainText('example does not match the schema')
  await expect(form.getByTestId('event-type-example').locator('.cm-content')).toBeFocused()
  await app.screenshot({ path: 'test-results/event-type-form-refused.png' })
  await events.replaceText(form.getByTestId('event-type-example'), '{ "id": "inv_1", "amount": 1200 }')
  await form.getByRole('button', { name: 'Add event type' }).click()
  await expect(form).toBeHidden()

  // Added: shown, listed under its category, counted in the picker, without a reload.
  await expect(events.detail().getByRole('heading', { name: 'payout.sent' })).toBeVisible()
  await expect(events.detail()).toContainText('When a payout is sent')
  await expect(app.getByRole('group', { name: 'Payouts' })).toContainText('payout.sent')
  await expect(events.profileOption('Typed copy')).toHaveText(`Typed copy (${count + 1})`)
  await expect(app.getByTestId('event-example')).toContainText('1200')
  await app.screenshot({ path: 'test-results/event-type-added.png' })
  // The event-type pickers read the same catalog: the schedule dialog offers the new type.
  await events.detail().getByRole('button', { name: 'Schedule…' }).click()
  const schedule = app.getByTestId('schedule-dialog')
  await expect(schedule.getByLabel('Event type')).toHaveValue('payout.sent')
  await expect(schedule.getByLabel('Event type').locator('optgroup[label="Payouts"] option')).toHaveText(['payout.sent'])
  await schedule.getByRole('button', { name: 'Cancel' }).click()

  // Edit: the example is checked against the saved schema as it is typed.
  let edit = await events.openEditType()
  await expect(edit.getByLabel('Name', { exact: true })).toHaveValue('payout.sent')
  await events.replaceText(edit.getByTestId('event-type-example'), '{ "id": "inv_1" }')
  await expect(edit.getByTestId('event-type-example-messages')).toContainText('amount')
  await events.replaceText(edit.getByTestId('event-type-example'), '{ "id": "inv_2", "amount": 1300 }')
  await expect(edit.getByTestId('event-type-example-messages')).toContainText('Valid against the payout.sent schema')
  await edit.getByLabel('Description').fill('When a payout reaches the bank')
  await edit.getByRole('button', { name: 'Save changes' }).click()
  await expect(edit).toBeHidden()
  await expect(events.detail()).toContainText('When a payout reaches the bank')
  await expect(app.getByTestId('event-example')).toContainText('1300')

  // Fired to a webhook subscribed by its exact name, with the example.
  const wh = await engine.call('POST', '/api/webhooks', { name: 'Payout sink', url: `${target.url}/payouts`, profileId: 'typed-copy', events: ['payout.sent'], allowLocal: true, skipVerification: true })
  expect(wh.status).toBe(201)
  await events.openFire()
  await events.fireDialog().getByRole('button', { name: 'Use example' }).click()
  await expect(events.editorMessages()).toContainText('Valid against the payout.sent schema')
  await events.fireButton().click()
  await expect(events.fireDialog().getByTestId('fired-delivery')).toContainText('Payout sink')
  const [received] = await target.waitFor(1)
  expect(JSON.parse(received!.body.toString()).data).toEqual({ id: 'inv_2', amount: 1300 })
  await events.fireDialog().getByRole('button', { name: 'Done' }).click()

  // A rename is refused while the webhook uses the type: said on the name, which takes the focus.
  edit = await events.openEditType()
  await edit.getByLabel('Name', { exact: true }).fill('payout.settled')
  await edit.getByRole('button', { name: 'Save changes' }).click()
  const nameField = edit.locator('.field').filter({ has: app.getByLabel('Name', { exact: true }) })
  await expect(nameField.locator('.field-message')).toContainText('The webhook "Payout sink"')
  await expect(nameField.locator('.field-message')).toContainText('cannot be renamed')
  await expect(edit.getByLabel('Name', { exact: true })).toBeFocused()
  await edit.getByRole('button', { name: 'Cancel' }).click()

  // Delete asks first, and is refused while the webhook uses the type, naming it.
  await events.detail().getByRole('button', { name: 'Delete' }).click()
  const confirm = app.getByTestId('confirm-dialog')
  await confirm.getByRole('button', { name: 'Delete event type' }).click()
  await expect(confirm.getByRole('alert')).toContainText('The webhook "Payout sink"')
  await expect(confirm.getByRole('alert')).toContainText('cannot be deleted')
  await confirm.getByRole('button', { name: 'Cancel' }).click()
  await expect(events.listedTypes().filter({ hasText: /^payout\.sent$/ })).toHaveCount(1)

  // Once the webhook is gone, it is deleted: out of the list and the count.
  expect((await engine.call('DELETE', `/api/webhooks/${wh.body.id}`)).status).toBe(204)
  await events.detail().getByRole('button', { name: 'Delete' }).click()
  await confirm.getByRole('button', { name: 'Delete event type' }).click()
  await expect(confirm).toBeHidden()
  await expect(events.listedTypes().filter({ hasText: /^payout\.sent$/ })).toHaveCount(0)
  await expect(events.profileOption('Typed copy')).toHaveText(`Typed copy (${count})`)
  expect((await engine.call('GET', '/api/event-types/typed-copy/payout.sent')).status).toBe(404)
})

test('a built-in preset stays read-only and says how to get an editable copy', async ({ app }) => {
  const events = new EventsPage(app)
  await events.open()
  await events.pickProfile('Workestra')
  await events.pickType('contact.created')
  await expect(app.getByTestId('event-catalog').getByRole('button', { name: 'New event type' })).toHaveCount(0)
  await expect(events.detail().getByRole('button', { name: 'Edit', exact: true })).toHaveCount(0)
  await expect(events.detail().getByRole('button', { name: 'Delete' })).toHaveCount(0)
  await expect(app.getByTestId('preset-note')).toContainText('read-only')
  await app.screenshot({ path: 'test-results/event-type-preset.png' })
  await app.getByTestId('preset-note').getByRole('button', { name: 'Clone Workestra…' }).click()
  await expect(app.getByTestId('clone-dialog')).toBeVisible()
})

test('the fire dialog names a subscribed webhook that is paused or disabled before firing', async ({ app, engine }) => {
  const paused = await engine.call('POST', '/api/webhooks', { name: 'Sink dyn', url: `${target.url}/dyn`, profileId: 'workestra', events: ['contact.*'], allowLocal: true, skipVerification: true, status: 'paused' })
  expect(paused.status).toBe(201)
  const events = new EventsPage(app)
  await events.open()
  await events.pickProfile('Workestra')
  await events.pickType('contact.created')
  await events.openFire()
  const picker = events.fireDialog().getByTestId('targets-picker')
  await expect(picker).toContainText('Every subscribed active webhook (0)')
  await expect(picker.getByTestId('target-skipped')).toHaveText('Sink dyn is paused: it will not receive this event; resume it first.')
  await app.screenshot({ path: 'test-results/fire-paused-subscriber.png' })
})
