import { readFile } from 'node:fs/promises'
import { expect, test } from './fixtures'
import { ProfilesPage } from './pages/profiles'

test.afterEach(async ({ engine }) => {
  for (const p of (await engine.call('GET', '/api/profiles')).body.items) if (!p.builtIn) await engine.call('DELETE', `/api/profiles/${p.id}`)
})

test('a catalog goes out as OpenAPI 3.1 and comes back into a user profile', async ({ app, engine }) => {
  const profiles = new ProfilesPage(app)
  await profiles.open()
  await profiles.select('ConnectGain')
  const [download] = await Promise.all([app.waitForEvent('download'), profiles.detail().getByRole('button', { name: 'Export OpenAPI' }).click()])
  expect(download.suggestedFilename()).toBe('connectgain.openapi.json')
  const doc = JSON.parse(await readFile((await download.path())!, 'utf8')) as { openapi: string; webhooks: Record<string, unknown> }
  expect(doc.openapi).toMatch(/^3\.1/)
  expect(Object.keys(doc.webhooks)).toHaveLength(17)

  // A new, empty profile takes the document in.
  await app.getByRole('link', { name: 'New profile' }).click()
  await profiles.form().getByLabel('Name', { exact: true }).fill('My CRM')
  await profiles.form().getByLabel('Id', { exact: true }).fill('my-crm')
  await profiles.form().getByRole('button', { name: 'Create profile' }).click()
  await expect(profiles.detail().getByRole('heading', { name: 'My CRM' })).toBeVisible()
  await expect(profiles.detail()).toContainText('No event types yet')

  await profiles.detail().getByRole('button', { name: 'Import catalog…' }).click()
  const dialog = app.getByTestId('import-dialog')
  await dialog.locator('input[type=file]').setInputFiles({ name: 'connectgain.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) })
  await dialog.getByRole('button', { name: 'Import' }).click()
  await expect(dialog.getByTestId('import-result')).toContainText('17 event types imported')
  await app.screenshot({ path: 'test-results/sender-profile-import.png' })
  await dialog.getByRole('button', { name: 'Done' }).click()
  await expect(profiles.detail()).toContainText('deal.stage.changed')
  expect((await engine.call('GET', '/api/profiles/my-crm')).body.eventTypeCount).toBe(17)
  // The profile list counts them too, without a reload.
  await expect(app.getByRole('link', { name: /My CRM/ })).toContainText('17 events')
})

test('a replacing import says what it removes and replaces before it does; cancelling changes nothing', async ({ app, engine }) => {
  await engine.call('POST', '/api/profiles/workestra/clone', { id: 'replace-me', name: 'Replace me' })
  const doc = (await engine.call('GET', '/api/event-types/openapi?profileId=workestra')).body as { webhooks: Record<string, any> }
  // two of the catalog's 27 event types and a new one (a copy of the first, renamed where Hookbench's export names it)
  const kept = Object.keys(doc.webhooks).slice(0, 2)
  const added = structuredClone(doc.webhooks[kept[0]!])
  added.post['x-hookbench-event'].name = 'contact.merged'
  const file = { ...doc, webhooks: { ...Object.fromEntries(kept.map((k) => [k, doc.webhooks[k]])), 'contact.merged': added } }
  // a webhook of that profile whose subscriptions the replace would leave matching nothing
  const subscriber = (
    await engine.call('POST', '/api/webhooks', { name: 'Copy subscriber', url: 'http://127.0.0.1:9/copy', profileId: 'replace-me', events: ['deal.lost', 'ticket.*'], allowLocal: true, skipVerification: true })
  ).body

  const profiles = new ProfilesPage(app)
  await profiles.open()
  await profiles.select('Replace me')
  const openImport = async () => {
    await profiles.detail().getByRole('button', { name: 'Import catalog…' }).click()
    const dialog = app.getByTestId('import-dialog')
    await dialog.locator('input[type=file]').setInputFiles({ name: 'smaller.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) })
    await dialog.getByRole('group', { name: 'Mode' }).getByRole('button', { name: 'Replace catalog' }).click()
    await dialog.getByRole('button', { name: 'Import' }).click()
    return dialog
  }
  const dialog = await openImport()
  const confirm = app.getByRole('dialog', { name: 'Replace the catalog of Replace me?' })
  const summary = confirm.getByTestId('replace-summary')
  await expect(summary).toContainText("The document's 3 event types become the whole catalog of Replace me, which has 27 event types now")
  await expect(summary).toContainText('25 event types removed (not in the document)')
  await expect(summary).toContainText('deal.created')
  await expect(summary).toContainText("2 event types replaced by the document's definition: contact.created, contact.updated")
  await expect(summary).toContainText('1 event type added: contact.merged')
  // 25 removed: the first 10 named, then how many more
  await expect(summary).toContainText('contact.deleted, deal.created, deal.updated, deal.stage_changed, deal.won, deal.lost, activity.created, candidate.created, candidate.updated, job.created and 15 more')
  await expect(summary.getByTestId('replace-affected-webhooks')).toHaveText(
    '⚠Webhook "Copy subscriber" subscribes to deal.lost, ticket.*: they would match nothing, so it would receive no event.',
  )
  await app.screenshot({ path: 'test-results/sender-profile-replace-confirm.png' })

  // Cancel: back to the import dialog, the catalog as it was
  await confirm.getByRole('button', { name: 'Cancel' }).click()
  await expect(confirm).toBeHidden()
  await expect(dialog.getByRole('button', { name: 'Import' })).toBeVisible()
  expect((await engine.call('GET', '/api/profiles/replace-me')).body.eventTypeCount).toBe(27)
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(app.getByRole('link', { name: /Replace me/ })).toContainText('27 events')

  // Confirm: the document is the catalog
  await openImport()
  await confirm.getByRole('button', { name: 'Replace catalog' }).click()
  await expect(dialog.getByTestId('import-result')).toContainText('3 event types imported')
  await expect(dialog.getByTestId('import-result')).toContainText('25 removed')
  await dialog.getByRole('button', { name: 'Done' }).click()
  expect((await engine.call('GET', '/api/profiles/replace-me')).body.eventTypeCount).toBe(3)
  await expect(app.getByRole('link', { name: /Replace me/ })).toContainText('3 events')
  await engine.call('DELETE', `/api/webhooks/${subscriber.id}`)
})

test('a replacing import into an empty catalog takes nothing away and asks nothing', async ({ app, engine }) => {
  const doc = (await engine.call('GET', '/api/event-types/openapi?profileId=taskhub')).body
  const profiles = new ProfilesPage(app)
  await profiles.open()
  await app.getByRole('link', { name: 'New profile' }).click()
  await profiles.form().getByLabel('Name', { exact: true }).fill('Empty one')
  await profiles.form().getByLabel('Id', { exact: true }).fill('empty-one')
  await profiles.form().getByRole('button', { name: 'Create profile' }).click()
  await expect(profiles.detail()).toContainText('No event types yet')
  await profiles.detail().getByRole('button', { name: 'Import catalog…' }).click()
  const dialog = app.getByTestId('import-dialog')
  await dialog.locator('input[type=file]').setInputFiles({ name: 'taskhub.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) })
  await dialog.getByRole('group', { name: 'Mode' }).getByRole('button', { name: 'Replace catalog' }).click()
  await dialog.getByRole('button', { name: 'Import' }).click()
  await expect(dialog.getByTestId('import-result')).toContainText('15 event types imported')
})

test.describe('profile form errors', () => {
  const editClone = async (app: import('@playwright/test').Page, name: string) => {
    const profiles = new ProfilesPage(app)
    await profiles.open()
    await profiles.select('Workestra')
    await profiles.clone(name)
    await profiles.detail().getByRole('link', { name: 'Edit' }).click()
    await expect(profiles.form()).toBeVisible()
    return profiles
  }

  test('a retry schedule with a word in it is refused with a field error, and nothing is saved', async ({ app, engine }) => {
    const profiles = await editClone(app, 'Retry words')
    const id = new URL(app.url()).hash.split('/')[2]!
    const before = (await engine.call('GET', `/api/profiles/${id}`)).body.retrySchedule
    const retry = profiles.form().getByLabel('Retry schedule (seconds after each failure)')
    await retry.fill('abc, 5')
    await profiles.form().getByRole('button', { name: 'Save profile' }).click()

    const field = profiles.form().locator('.field').filter({ has: app.getByLabel('Retry schedule (seconds after each failure)') })
    await expect(field.getByRole('alert')).toHaveText(/"abc" is not a number of seconds/)
    await expect(retry).toBeFocused()
    await expect(profiles.form()).toBeVisible()
    expect((await engine.call('GET', `/api/profiles/${id}`)).body.retrySchedule).toEqual(before)

    // a negative delay is named by its place in the schedule
    await retry.fill('0, -5')
    await expect(field.getByRole('alert')).toHaveText('Retry delay 2 must be 0 or more (it is -5).')
    await profiles.form().getByRole('button', { name: 'Save profile' }).click()
    expect((await engine.call('GET', `/api/profiles/${id}`)).body.retrySchedule).toEqual(before)

    await retry.fill('0, 5')
    await expect(field.getByRole('alert')).toHaveCount(0)
    await profiles.form().getByRole('button', { name: 'Save profile' }).click()
    await expect(profiles.detail()).toBeVisible()
    expect((await engine.call('GET', `/api/profiles/${id}`)).body.retrySchedule).toEqual([0, 5])
  })

  test('an engine error on the envelope, far below the Save button, is announced at the top and its editor is brought into view', async ({ app, engine }) => {
    const profiles = await editClone(app, 'Envelope error')
    const editor = profiles.form().getByTestId('envelope-editor').locator('.cm-content')
    await editor.click()
    await app.keyboard.press('ControlOrMeta+A')
    await app.keyboard.insertText('{"id": "{{event.id}}"}')
    await app.evaluate(() => window.scrollTo(0, 0))
    await profiles.form().locator('.detail-head').scrollIntoViewIfNeeded()
    await profiles.form().getByRole('button', { name: 'Save profile' }).click()

    const summary = profiles.form().getByTestId('form-error-summary')
    await expect(summary).toHaveRole('alert')
    await expect(summary).toContainText('Not saved: Envelope needs a fix')
    await expect(summary).toContainText('{{data}}')
    // the field with the error is on screen and focused
    await expect(editor).toBeFocused()
    await expect(profiles.form().getByTestId('envelope-editor-messages')).toBeInViewport()
    await expect(profiles.form().getByTestId('envelope-editor-messages')).toContainText('{{data}}')
    await app.screenshot({ path: 'test-results/sender-profile-envelope-error.png' })

    // the summary's button goes back to it after scrolling away
    await summary.scrollIntoViewIfNeeded()
    await summary.getByRole('button', { name: 'Show the field' }).click()
    await expect(editor).toBeFocused()
    expect((await engine.call('GET', '/api/profiles')).body.items.find((p: { name: string }) => p.name === 'Envelope error').envelope).toHaveProperty('data')
  })

  test('a number field keeps what is typed: a word is refused by name on save, never turned into NaN', async ({ app, engine }) => {
    const profiles = await editClone(app, 'Numbers')
    const id = new URL(app.url()).hash.split('/')[2]!
    const saved = async () => (await engine.call('GET', `/api/profiles/${id}`)).body
    const before = await saved()
    const timeout = profiles.form().getByLabel('Timeout (ms)')
    await timeout.fill('5s')
    await expect(timeout).toHaveValue('5s')
    const disable = profiles.form().getByLabel('Disable after (failed deliveries)')
    await disable.fill('')
    await profiles.form().getByRole('button', { name: 'Save profile' }).click()
    const error = profiles.form().locator('.field').filter({ has: app.getByLabel('Timeout (ms)') }).getByRole('alert')
    await expect(error).toHaveText('Timeout: "5s" is not a whole number. Write digits only, e.g. 5000.')
    await expect(timeout).toBeFocused()
    await expect(profiles.form()).not.toContainText('NaN')
    expect((await saved()).timeoutMs).toBe(before.timeoutMs) // nothing saved

    await timeout.fill('7000')
    await expect(error).toHaveCount(0)
    await profiles.form().getByRole('button', { name: 'Save profile' }).click()
    await expect(profiles.detail()).toBeVisible()
    await expect.poll(async () => [(await saved()).timeoutMs, (await saved()).disableAfter]).toEqual([7000, null])
  })

  test("the engine's schema refusals read as sentences about the form's fields", async ({ app }) => {
    const profiles = await editClone(app, 'Plain words')
    const timeout = profiles.form().getByLabel('Timeout (ms)')
    await timeout.fill('0')
    await profiles.form().getByRole('button', { name: 'Save profile' }).click()
    const error = profiles.form().locator('.field').filter({ has: app.getByLabel('Timeout (ms)') }).getByRole('alert')
    await expect(error).toHaveText('Timeout must be 100 or more.')
    await expect(profiles.form().getByTestId('form-error-summary')).toContainText('Timeout must be 100 or more.')

    const prefix = profiles.form().getByLabel('Event id prefix')
    await prefix.fill('x'.repeat(41))
    await timeout.fill('5000')
    await expect(error).toHaveCount(0)
    await profiles.form().getByRole('button', { name: 'Save profile' }).click()
    await expect(profiles.form().locator('.field').filter({ has: app.getByLabel('Event id prefix') }).getByRole('alert')).toHaveText('Event id prefix must be at most 40 characters long.')
    await expect(profiles.form()).not.toContainText('body/')
  })
})

test("a preset's page names the docs it reproduces by the document, not by a file of Hookbench's repository; a clone does not claim them", async ({ app, engine }) => {
  const profiles = new ProfilesPage(app)
  await app.goto(`${new URL(engine.ui).origin}/#/profiles/workestra`)
  await expect(profiles.detail()).toBeVisible()
  const docs = profiles.detail().getByTestId('profile-docs')
  await expect(docs).toHaveText('Reproduces the docs: Workestra "Webhooks" page')
  await expect(docs.getByText('Workestra "Webhooks" page')).toHaveAttribute('title', /^shared\/seeds\/000_\w+\.txt$/)
  await app.screenshot({ path: 'test-results/sender-profile-docs.png' })

  // A clone with other retries: the preset's words are labelled as the preset's, the cards are the clone's.
  const clone = await engine.call('POST', '/api/profiles/workestra/clone', { name: 'My Workestra' })
  expect(clone.status).toBe(201)
  expect((await engine.call('PATCH', `/api/profiles/${clone.body.id}`, { retrySchedule: [2, 5, 10], disableAfter: 2 })).status).toBe(200)
  await app.goto(`${new URL(engine.ui).origin}/#/profiles/${clone.body.id}`)
  await expect(profiles.detail().getByRole('heading', { name: 'My Workestra' })).toBeVisible()
  await expect(profiles.detail().getByTestId('profile-docs')).toHaveCount(0)
  await expect(profiles.detail()).not.toContainText('Reproduces the docs')
  await expect(profiles.detail().getByRole('link', { name: 'Workestra', exact: true })).toBeVisible()
  await expect(profiles.detail().getByTestId('profile-copied')).toHaveText(
    "Description and notes from the Workestra docs, copied when this profile was cloned; this copy's own settings are in the cards.",
  )
  await expect(profiles.detail().locator('.notes-card')).toContainText('Notes from the Workestra docs')
  await expect(profiles.detail().getByTestId('retry-schedule')).toHaveText('now+2 s+5 s+10 s')
  await app.screenshot({ path: 'test-results/sender-profile-clone-docs.png' })

  // Its own description is not labelled; the notes still are.
  expect((await engine.call('PATCH', `/api/profiles/${clone.body.id}`, { description: 'Our staging copy, faster retries.' })).status).toBe(200)
  await expect(profiles.detail().getByTestId('profile-copied')).toHaveText(
    "Notes from the Workestra docs, copied when this profile was cloned; this copy's own settings are in the cards.",
  )
})
