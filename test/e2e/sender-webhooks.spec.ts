import { startSink, type Sink } from '../helpers/sink'
import { expect, test } from './fixtures'
import { DeliveriesPage } from './pages/deliveries'
import { WebhooksPage } from './pages/webhooks'
import type { Page } from '@playwright/test'

/** The webhook creations and edits the page sends from now on, as "METHOD path". */
function webhookWrites(page: Page): string[] {
  const writes: string[] = []
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname
    if ((r.method() === 'POST' || r.method() === 'PATCH') && path.startsWith('/api/webhooks') && !path.endsWith('/check')) writes.push(`${r.method()} ${path}`)
  })
  return writes
}

let target: Sink
test.beforeEach(async () => {
  target = await startSink()
})
test.afterEach(async ({ engine }) => {
  for (const w of (await engine.call('GET', '/api/webhooks')).body.items) await engine.call('DELETE', `/api/webhooks/${w.id}`)
  await target.close()
})

test('rotating a secret keeps the previous one signing for the overlap, and both sign a delivery', async ({ app, engine }) => {
  const wh = (await engine.call('POST', '/api/webhooks', { name: 'Rotating', url: `${target.url}/r`, profileId: 'standard-webhooks', events: ['*'], allowLocal: true })).body
  const webhooks = new WebhooksPage(app)
  await app.goto(`${new URL(engine.ui).origin}/#/webhooks/${wh.id}`)
  await expect(webhooks.detail()).toBeVisible()
  expect(await webhooks.revealSecret()).toBe(wh.secret)

  await webhooks.secretPanel().getByRole('button', { name: 'Rotate…' }).click()
  const dialog = app.getByTestId('rotate-dialog')
  await dialog.getByLabel('Keep the previous secret signing for').selectOption({ label: '1 hour' })
  await dialog.getByRole('button', { name: 'Rotate secret' }).click()
  await expect(dialog).toBeHidden()

  const rotated = (await engine.call('GET', `/api/webhooks/${wh.id}`)).body
  expect(rotated.secret).not.toBe(wh.secret)
  await expect(webhooks.secretPanel().getByTestId('secret-value')).toHaveText(rotated.secret)
  await expect(webhooks.secretPanel()).toContainText('Previous secrets')
  await expect(webhooks.secretPanel()).toContainText(/still signing until .*\(in (1 h|59 min|60 min)\)/)
  await app.screenshot({ path: 'test-results/sender-secret-rotated.png' })

  // Standard Webhooks sends one signature per live secret during the overlap.
  const result = await webhooks.sendTest()
  await expect(result).toContainText('200')
  const sig = target.received.at(-1)!.headers.find(([k]) => k.toLowerCase() === 'webhook-signature')![1]
  expect(sig.split(' ')).toHaveLength(2)
})

test('the secret panel lists the recent expired secrets and says how many older ones it leaves out', async ({ app, engine }) => {
  const wh = (await engine.call('POST', '/api/webhooks', { name: 'Rotated often', url: `${target.url}/o`, profileId: 'standard-webhooks', events: ['*'], allowLocal: true })).body
  for (let i = 0; i < 13; i++) expect((await engine.call('POST', `/api/webhooks/${wh.id}/rotate-secret`, { overlapSeconds: 0 })).status).toBe(200)
  const webhooks = new WebhooksPage(app)
  await app.goto(`${new URL(engine.ui).origin}/#/webhooks/${wh.id}`)
  await expect(webhooks.detail()).toBeVisible()
  await expect(webhooks.secretPanel().locator('.secret-previous li')).toHaveCount(10)
  await expect(webhooks.secretPanel().getByTestId('secrets-omitted')).toHaveText('3 older expired secrets are not listed.')
})

test('a profile that shows its secret once: revealed right after creation, never again', async ({ app, engine }) => {
  const webhooks = new WebhooksPage(app)
  await webhooks.open()
  await webhooks.startCreate()
  await webhooks.fillForm({ profile: 'WorkFlows', name: 'Alerts', url: `${target.url}/alerts`, events: ['alert.*'] })
  // WorkFlows refuses http:// and loopback targets: two warnings, acknowledged for local testing.
  const preview = webhooks.form().getByTestId('policy-preview')
  await expect(preview.locator('li')).toHaveCount(2)
  await preview.getByLabel(/Allow for local testing/).check()
  await expect(webhooks.form()).toContainText('shows the secret once')
  await webhooks.submit()

  await expect(webhooks.detail()).toBeVisible()
  const secret = await webhooks.revealSecret()
  expect(secret).toMatch(/^whsec_/)
  await expect(webhooks.secretPanel()).toContainText('copy it now')
  const stored = (await engine.call('GET', '/api/webhooks')).body.items.find((w: { name: string }) => w.name === 'Alerts')
  expect(stored.secret).toBeNull()
  expect(secret.startsWith(stored.secrets[0].preview.replace(/…$/, ''))).toBe(true)

  await app.reload()
  await expect(webhooks.detail()).toBeVisible()
  await expect(webhooks.secretPanel().getByRole('button', { name: 'Reveal' })).toHaveCount(0)
  await expect(webhooks.secretPanel()).toContainText('only once, at creation')
})

test('a paused webhook holds its deliveries and says why; resuming sends them; the form edits it', async ({ app, engine }) => {
  const wh = (await engine.call('POST', '/api/webhooks', { name: 'Billing', url: `${target.url}/billing`, profileId: 'taskhub', events: ['task.*'], allowLocal: true })).body
  const webhooks = new WebhooksPage(app)
  await webhooks.open()
  await webhooks.row('Billing').getByRole('button', { name: 'Pause' }).click()
  await expect(webhooks.row('Billing').locator('[data-status]')).toHaveAttribute('data-status', 'paused')

  const fired = (await engine.call('POST', '/api/events', { type: 'task.created', profileId: 'taskhub', webhookIds: [wh.id] })).body
  const id = fired.deliveries[0].id as string
  expect(fired.deliveries[0].status).toBe('held')

  const deliveries = new DeliveriesPage(app)
  await deliveries.open()
  await app.getByRole('group', { name: 'Status' }).getByRole('button', { name: 'Held' }).click()
  const row = app.locator(`[data-delivery-id="${id}"]`)
  await expect(row).toContainText('Held: the webhook was paused')
  await row.click()
  await expect(deliveries.status()).toHaveText('held')
  await expect(app.getByTestId('held-reason')).toContainText('paused')
  await app.screenshot({ path: 'test-results/sender-delivery-held.png' })

  await app.getByTestId('held-banner').getByRole('link', { name: 'Open webhook' }).click()
  await expect(app.getByTestId('paused-banner')).toContainText('1 delivery is held')
  await app.getByTestId('paused-banner').getByRole('button', { name: 'Resume' }).click()
  await expect(webhooks.status()).toHaveText('active')
  await expect(app.getByTestId('webhook-deliveries').locator(`[data-delivery-id="${id}"]`)).toHaveAttribute('data-status', 'succeeded')

  await webhooks.detail().getByRole('button', { name: 'Edit' }).click()
  await webhooks.fillForm({ name: 'Billing v2', events: ['task.completed'] })
  await webhooks.submit()
  await expect(app.getByRole('heading', { level: 1, name: 'Billing v2' })).toBeVisible()
  expect((await engine.call('GET', `/api/webhooks/${wh.id}`)).body).toMatchObject({ name: 'Billing v2', events: ['task.completed'] })
})

test("the webhook form says the engine's schema refusals as sentences, not validator text", async ({ app }) => {
  const webhooks = new WebhooksPage(app)
  await webhooks.open()
  await webhooks.startCreate()
  await webhooks.fillForm({ profile: 'Stripe-style', name: '', url: `${target.url}/x` })
  await webhooks.submit()
  await expect(webhooks.fieldError('Name')).toHaveText('Name must not be empty.')
  await expect(webhooks.form().getByLabel('Name', { exact: true })).toBeFocused() // the refused field, ready to fix
  await webhooks.fillForm({ name: 'Rated' })
  await expect(webhooks.fieldError('Name')).toHaveCount(0)
  await webhooks.form().getByLabel('Rate limit (deliveries / s)').fill('-1')
  await webhooks.submit()
  await expect(webhooks.fieldError('Rate limit (deliveries / s)')).toHaveText('Rate limit must be more than 0.')
  await expect(webhooks.form().getByLabel('Rate limit (deliveries / s)')).toBeFocused()
  await expect(webhooks.form()).not.toContainText('body/')
})

test('the webhook form flags each unknown event type as it is typed, in the engine\'s words, and sends nothing until they are fixed', async ({ app, engine }) => {
  const webhooks = new WebhooksPage(app)
  await webhooks.open()
  await webhooks.startCreate()
  await webhooks.fillForm({ profile: 'Workestra', name: 'Typos', url: `${target.url}/typos`, events: ['deal.*', 'deal.wonn', 'contact.created', 'nope.*'] })
  const events = webhooks.fieldError('Events')
  // both problems at once, as the engine words them (it would answer the first one only)
  const refused = await engine.call('POST', '/api/webhooks', { name: 'x', url: `${target.url}/x`, profileId: 'workestra', events: ['deal.wonn'], allowLocal: true })
  expect(refused.status).toBe(400)
  await expect(events.getByRole('listitem')).toHaveText(['"deal.wonn" is not an event type of the Workestra profile. Did you mean "deal.won"?', 'No event type of the Workestra profile starts with "nope.", so "nope.*" would never match.'])
  expect(refused.body.message).toContain((await events.getByRole('listitem').first().textContent())!)
  const chip = (text: string) => webhooks.form().locator('.events-input .chip').filter({ hasText: text })
  await expect(chip('deal.wonn')).toHaveAttribute('title', /not an event type/)
  await expect(chip('deal.*')).not.toHaveAttribute('title', /.+/) // a prefix the catalog has, and * below, are fine
  await app.screenshot({ path: 'test-results/sender-webhook-form-events.png' })

  const sent = webhookWrites(app)
  await webhooks.submit()
  await expect(webhooks.form().getByRole('combobox', { name: 'Events' })).toBeFocused()
  await expect(webhooks.form()).toBeVisible()
  expect(sent).toEqual([]) // refused in the form: no request left it

  await webhooks.form().getByRole('button', { name: 'Remove nope.*' }).click()
  await expect(events).toHaveText(/^"deal\.wonn" is not an event type/)
  await webhooks.form().getByRole('button', { name: 'Remove deal.wonn' }).click()
  await webhooks.form().getByRole('combobox', { name: 'Events' }).fill('*')
  await webhooks.form().getByRole('combobox', { name: 'Events' }).press('Enter')
  await expect(events).toHaveCount(0)
  await webhooks.form().getByTestId('policy-preview').getByLabel(/Allow for local testing/).check()
  await webhooks.submit()
  await expect(webhooks.detail()).toBeVisible()
  expect((await engine.call('GET', '/api/webhooks')).body.items[0].events).toEqual(['deal.*', 'contact.created', '*'])
})

test('moving a webhook to another profile flags the events that profile lacks and sends nothing; back on its own profile it saves', async ({ app, engine }) => {
  const wh = (await engine.call('POST', '/api/webhooks', { name: 'Mover', url: `${target.url}/m`, profileId: 'workestra', events: ['deal.won'], allowLocal: true })).body
  const webhooks = new WebhooksPage(app)
  await app.goto(`${new URL(engine.ui).origin}/#/webhooks/${wh.id}`)
  await webhooks.detail().getByRole('button', { name: 'Edit' }).click()
  await expect(webhooks.form()).toBeVisible()
  await expect(webhooks.fieldError('Events')).toHaveCount(0)

  await webhooks.fillForm({ profile: 'TaskHub' })
  await expect(webhooks.fieldError('Events')).toHaveText(/"deal\.won" is not an event type of the TaskHub profile/)
  const sent = webhookWrites(app)
  await webhooks.submit()
  await expect(webhooks.form().getByRole('combobox', { name: 'Events' })).toBeFocused()
  expect(sent).toEqual([])
  expect((await engine.call('GET', `/api/webhooks/${wh.id}`)).body.profileId).toBe('workestra')

  // Back on its own profile with its events as saved: nothing to flag, and a rename saves.
  await webhooks.fillForm({ profile: 'Workestra', name: 'Mover 2' })
  await expect(webhooks.fieldError('Events')).toHaveCount(0)
  await webhooks.submit()
  await expect(app.getByRole('heading', { level: 1, name: 'Mover 2' })).toBeVisible()
  expect(sent).toEqual([`PATCH /api/webhooks/${wh.id}`])
})

test('the webhook form leaves the events to the engine when the catalog could not be loaded', async ({ app, engine }) => {
  let failures = 0
  await app.route('**/api/event-types?*', (route) => {
    failures++
    return route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":"unavailable","message":"The catalog is unavailable."}' })
  })
  const webhooks = new WebhooksPage(app)
  await webhooks.open()
  await webhooks.startCreate()
  await webhooks.fillForm({ profile: 'Workestra', name: 'No catalog', url: `${target.url}/nc`, events: ['deal.*', 'deal.won'] })
  await webhooks.form().getByTestId('policy-preview').getByLabel(/Allow for local testing/).check()
  await expect(webhooks.fieldError('Events')).toHaveCount(0)
  await webhooks.submit()
  await expect(webhooks.detail()).toBeVisible()
  expect(failures).toBeGreaterThan(0)
  expect((await engine.call('GET', '/api/webhooks')).body.items[0].events).toEqual(['deal.*', 'deal.won'])
})

test("the endpoint check names the TaskHub sample handler's crash, and shows the handler's answer as text", async ({ app, engine }) => {
  const { createHmac, timingSafeEqual } = await import('node:crypto')
  // The doc's handler: JSON.stringify(req.body), then timingSafeEqual of a "sha256=" header with a bare digest (throws).
  const sample = await startSink((r, res) => {
    try {
      const signature = r.headers.find(([n]) => n.toLowerCase() === 'x-webhook-signature')?.[1]
      const expected = createHmac('sha256', 'e2e-secret').update(JSON.stringify(JSON.parse(r.body.toString()))).digest('hex')
      res.statusCode = timingSafeEqual(Buffer.from(signature as string), Buffer.from(expected)) ? 200 : 401
      res.end()
    } catch (err) {
      res.statusCode = 500
      res.end(`<img src=x onerror="document.title='pwned'"> ${(err as Error).message}`)
    }
  })
  try {
    const wh = (await engine.call('POST', '/api/webhooks', { name: 'Sample handler', url: `${sample.url}/webhooks`, profileId: 'taskhub', events: ['task.*'], secret: 'e2e-secret', allowLocal: true })).body
    await app.goto(`${new URL(engine.ui).origin}/#/webhooks/${wh.id}`)
    const webhooks = new WebhooksPage(app)
    await expect(webhooks.detail()).toBeVisible()
    await webhooks.detail().getByRole('button', { name: 'Check endpoint…' }).click()
    const dialog = app.getByTestId('check-endpoint-dialog')
    // TaskHub signs no timestamp: no old-timestamp probe is promised
    await expect(dialog).toContainText('wrong ones (another secret, no signature, a cut signature) it must refuse')
    await dialog.getByLabel('Event type').selectOption('task.completed')
    await dialog.getByRole('button', { name: 'Run check' }).click()

    const result = dialog.getByTestId('endpoint-check')
    // one crash, one cause: the signed probe names it, the others failed the same way and say nothing more
    await expect(result).toContainText('1 of 5 probes failed, 4 inconclusive')
    const signed = dialog.getByTestId('probe-signed')
    await expect(signed).toContainText('the handler fails on every signed request, right or wrong')
    await expect(signed).toContainText('Fix: Strip the "sha256=" prefix from X-Webhook-Signature before comparing')
    const short = dialog.getByTestId('probe-short_signature')
    await expect(short.getByTestId('probe-verdict')).toHaveText('inconclusive')
    await expect(short).toContainText('"Signed as the profile signs" names its likely cause')
    await short.getByText('What was sent and answered').click()
    await expect(short.getByTestId('probe-response')).toContainText('<img src=x onerror=')
    // the request as sent: start line, headers, body
    const sent = short.getByTestId('probe-request')
    await expect(sent).toContainText(`POST ${sample.url}/webhooks`)
    await expect(sent).toContainText(/X-Webhook-Signature\s*sha256=[0-9a-f]{28}(?![0-9a-f])/)
    await expect(sent).toContainText('"task.completed"')
    expect(await app.title()).not.toBe('pwned')
    expect(JSON.parse(sample.received[0]!.body.toString()).event).toBe('task.completed')
    await app.screenshot({ path: 'test-results/sender-endpoint-check.png' })
  } finally {
    await sample.close()
  }
})

test("the endpoint check of a webhook pointed at one of Hookbench's own inboxes says so above the verdicts", async ({ app, engine }) => {
  const inbox = (await engine.call('POST', '/api/inboxes', { name: 'Loopback check', slug: 'loopback-check-e2e' })).body
  try {
    const wh = (await engine.call('POST', '/api/webhooks', { name: 'Into the inbox', url: inbox.url, profileId: 'taskhub', events: ['task.*'], secret: 'e2e-secret', allowLocal: true })).body
    await app.goto(`${new URL(engine.ui).origin}/#/webhooks/${wh.id}`)
    const webhooks = new WebhooksPage(app)
    await expect(webhooks.detail()).toBeVisible()
    await webhooks.detail().getByRole('button', { name: 'Check endpoint…' }).click()
    const dialog = app.getByTestId('check-endpoint-dialog')
    await dialog.getByRole('button', { name: 'Run check' }).click()
    const note = dialog.getByTestId('check-inbox-note')
    await expect(note).toContainText('This URL is the Hookbench inbox "Loopback check" (/loopback-check-e2e) of this engine, not a handler of yours')
    await expect(note).toContainText('answers per its response rules (200 to every request)')
    // the probes are still listed, as the inbox answered them
    await expect(dialog.getByTestId('probe-wrong_secret')).toContainText('the handler verifies nothing')
  } finally {
    await engine.call('DELETE', `/api/inboxes/${inbox.id}`)
  }
})

test('a webhook whose subscriptions match no type of its catalog any more: the test and check dialogs say so and send nothing', async ({ app, engine }) => {
  await engine.call('POST', '/api/profiles/taskhub/clone', { id: 'taskhub-narrowed', name: 'TaskHub narrowed' })
  const wh = (await engine.call('POST', '/api/webhooks', { name: 'Orphaned', url: `${target.url}/o`, profileId: 'taskhub-narrowed', events: ['task.created', 'comment.*'], secret: 'e2e-secret', allowLocal: true })).body
  const doc = (await engine.call('GET', '/api/event-types/openapi?profileId=taskhub')).body
  expect((await engine.call('POST', '/api/event-types/openapi', { profileId: 'taskhub-narrowed', document: { ...doc, webhooks: { 'task.updated': doc.webhooks['task.updated'] } }, mode: 'replace' })).status).toBe(200)
  try {
    const webhooks = new WebhooksPage(app)
    await app.goto(`${new URL(engine.ui).origin}/#/webhooks/${wh.id}`)
    await expect(webhooks.detail()).toBeVisible()

    await webhooks.detail().getByRole('button', { name: 'Send test' }).click()
    const test = webhooks.testDialog()
    await expect(test.getByTestId('unmatched-subscriptions')).toHaveText(
      "⚠This webhook subscribes to task.created, comment.*, which match no event type of its profile’s catalog now (the catalog changed since). Edit the webhook’s events to subscribe to types of the catalog, then send a test.",
    )
    await expect(test.getByRole('button', { name: 'Send test' })).toBeDisabled()
    await test.getByText('Close', { exact: true }).click()

    await webhooks.detail().getByRole('button', { name: 'Check endpoint…' }).click()
    const check = app.getByTestId('check-endpoint-dialog')
    await expect(check.getByTestId('unmatched-subscriptions')).toContainText('then run the check.')
    await expect(check.getByRole('button', { name: 'Run check' })).toBeDisabled()
    expect(target.received).toHaveLength(0)
  } finally {
    await engine.call('DELETE', `/api/webhooks/${wh.id}`)
    await engine.call('DELETE', '/api/profiles/taskhub-narrowed')
  }
})

test('a webhook with only test sends says in its text that its delivery count leaves tests out', async ({ app, engine }) => {
  const wh = (await engine.call('POST', '/api/webhooks', { name: 'Only tested', url: `${target.url}/t`, profileId: 'standard-webhooks', events: ['*'], allowLocal: true })).body
  expect((await engine.call('POST', `/api/webhooks/${wh.id}/test`, {})).status).toBe(201)
  const webhooks = new WebhooksPage(app)
  await webhooks.open()
  const row = webhooks.row('Only tested')
  await expect(row).toContainText('test')
  await expect(row.getByTestId('delivery-count')).toHaveText('0 deliveries')
  await expect(row).toContainText('tests not counted')

  await row.getByRole('link', { name: 'Only tested' }).click()
  await expect(app.getByTestId('webhook-deliveries').getByTestId('delivery-row')).toHaveCount(1)
  await expect(app.getByTestId('stat-deliveries')).toHaveText(/^0\s*0 pending · tests not counted$/)
  await app.screenshot({ path: 'test-results/sender-tests-not-counted.png' })
})

test('the send-test dialog drops its last result or refusal once the data or the event type changes', async ({ app, engine }) => {
  const wh = (await engine.call('POST', '/api/webhooks', { name: 'Tested twice', url: `${target.url}/t2`, profileId: 'workestra', events: ['contact.*'], allowLocal: true, skipVerification: true })).body
  const webhooks = new WebhooksPage(app)
  await app.goto(`${new URL(engine.ui).origin}/#/webhooks/${wh.id}`)
  await expect(webhooks.detail()).toBeVisible()
  await webhooks.detail().getByRole('button', { name: 'Send test' }).click()
  const dialog = webhooks.testDialog()
  await dialog.getByRole('button', { name: 'Send test' }).click()
  const result = dialog.getByTestId('test-result')
  await expect(result).toContainText('succeeded')

  // editing the data: the result of the generated data no longer applies
  await dialog.getByRole('button', { name: 'Edit data' }).click()
  await expect(result).toBeHidden()
  await dialog.getByRole('button', { name: 'Send test' }).click()
  await expect(result).toContainText('succeeded')
  const editor = dialog.getByTestId('test-data-editor').locator('.cm-content')
  await editor.click()
  await app.keyboard.press('ControlOrMeta+A')
  await app.keyboard.insertText('{"id": 42}')
  await expect(result).toBeHidden()

  // data failing the schema: the refusal names the API field and the app's control, and goes once the type changes
  await dialog.getByRole('button', { name: /Send (test|again)/ }).click()
  const refusal = dialog.getByRole('alert').filter({ hasText: 'does not match the schema' })
  await expect(refusal).toContainText('dataValidation to "warn" (in the app\'s profile form: "Event data failing the schema" → "Send with a warning")')
  await dialog.getByLabel('Event type').selectOption('contact.updated')
  await expect(refusal).toBeHidden()
})

test("a webhook's policy warning points at the button beside it, not at the API's allowLocal, and says \"delivers anyway\" once", async ({ app, engine }) => {
  const wh = (await engine.call('POST', '/api/webhooks', { name: 'Plain http', url: `${target.url}/plain`, profileId: 'workestra', events: ['*'], skipVerification: true })).body
  expect(wh.warnings[0].message).toContain('set allowLocal: true') // the API's words stay for API users
  const webhooks = new WebhooksPage(app)
  await app.goto(`${new URL(engine.ui).origin}/#/webhooks/${wh.id}`)
  const banner = webhooks.detail().getByTestId('policy-warnings')
  await expect(banner.locator('li')).toHaveText('Workestra only accepts https:// webhook URLs, so its real service would refuse this one.')
  await expect(banner.getByTestId('policy-fix')).toHaveText('Hookbench delivers anyway. If this is a local test target, say so with “Allow for local testing”; the warning stays here as a reminder.')
  await expect(banner).not.toContainText('allowLocal')
  await expect(banner).not.toContainText(/anyway[^]*anyway/)
  await banner.getByRole('button', { name: 'Allow for local testing' }).click()
  await expect(banner).toContainText('Allowed for local testing')
  await expect(banner.getByTestId('policy-fix')).toHaveText('Hookbench delivers to it; the warning stays here as a reminder.')
  await expect(banner.locator('li')).toHaveText('Workestra only accepts https:// webhook URLs, so its real service would refuse this one.')
})
