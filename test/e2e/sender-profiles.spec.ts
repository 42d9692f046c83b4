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
})
