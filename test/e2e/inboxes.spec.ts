import { expect, test } from './fixtures'
import { InboxesPage } from './pages/inboxes'
import { post, RequestsPage, stripeSignature } from './pages/requests'

const SECRET = 'whsec_e2e_inboxes_secret'

const event = (id: string, type = 'invoice.paid', extra: Record<string, unknown> = {}) =>
  JSON.stringify({ id, type, created: Math.floor(Date.now() / 1000), data: { object: { id: `in_${id}`, amount: 4200, ...extra } } })

test.describe('inboxes', () => {
  test('creates an inbox in the UI; signed requests appear live, newest first, and open to their verdict', async ({ app }) => {
    const inboxes = new InboxesPage(app)
    const requests = new RequestsPage(app)
    await inboxes.openList()
    const url = await inboxes.create({ name: 'Stripe staging', profile: 'stripe', secret: SECRET })
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[a-z0-9][a-z0-9_-]*$/)

    // nothing yet: the page says how to send a first request, with the real URL
    await expect(app.getByTestId('waiting-for-requests')).toContainText(`curl -X POST '${url}/events'`)

    for (const id of ['evt_live_1', 'evt_live_2', 'evt_live_3']) {
      const body = event(id)
      const res = await post(`${url}/webhooks/stripe`, body, { 'stripe-signature': stripeSignature(SECRET, body) })
      expect(res.status).toBe(200)
    }
    // no reload: the live feed brings them in, newest first
    await expect(requests.rows()).toHaveCount(3)
    await expect(requests.rows().first()).toContainText('evt_live_3')
    await expect(requests.rows().last()).toContainText('evt_live_1')
    await expect(requests.count()).toHaveText('3 requests')
    await expect(requests.row('evt_live_2').getByTitle(/matches one of the inbox secrets/)).toHaveText('valid')

    await requests.open('evt_live_2')
    await expect(requests.verdict()).toHaveText('valid')
    await expect(requests.detail().getByTestId('request-overview')).toContainText('invoice.paid')
    await requests.tab('Signature')
    await expect(app.getByTestId('matched-secret')).toHaveText('#1')

    // the list screen has the count and the last request
    await inboxes.openList()
    const row = inboxes.row('Stripe staging')
    await expect(row.getByTestId('inbox-count')).toHaveText('3')
    await expect(row).toContainText('/webhooks/stripe')
    await expect(inboxes.urls(row).first()).toHaveText(url)
    await app.screenshot({ path: 'test-results/inbox-list.png' })
  })

  test('full-text search finds requests by body, header and path words; filters narrow by verdict', async ({ app, engine }) => {
    const { body: inbox } = await engine.call('POST', '/api/inboxes', { name: 'Search me', verification: { profileId: 'stripe', secrets: [SECRET] } })
    const good = event('evt_search_good', 'customer.created', { nickname: 'periwinkle' })
    await post(`${inbox.url}/a`, good, { 'stripe-signature': stripeSignature(SECRET, good) })
    await post(`${inbox.url}/b`, event('evt_search_bad', 'invoice.paid'), { 'stripe-signature': stripeSignature('wrong', 'x'), 'x-trace-id': 'tangerine-42' })
    await post(`${inbox.url}/orders/zucchini`, event('evt_search_path', 'order.created'))

    const requests = new RequestsPage(app)
    await app.goto(`${engine.ui.split('?')[0]}#/inboxes/${inbox.id}`)
    await expect(requests.rows()).toHaveCount(3)

    await requests.search('periwinkle')
    await expect(requests.rows()).toHaveCount(1)
    await expect(requests.rows().first()).toContainText('evt_search_good')
    await expect(requests.count()).toHaveText('1 matching')

    await requests.search('tangerine')
    await expect(requests.rows()).toHaveCount(1)
    await expect(requests.rows().first()).toContainText('evt_search_bad')

    await requests.search('zucchini')
    await expect(requests.rows()).toHaveCount(1)
    await expect(requests.rows().first()).toContainText('/orders/zucchini')

    await requests.search('nothing-has-this-word')
    await expect(app.getByRole('heading', { name: 'No request matches' })).toBeVisible()
    await app.getByRole('button', { name: 'Clear filters' }).first().click()
    await expect(requests.rows()).toHaveCount(3)

    await app.getByRole('combobox', { name: 'Verdict' }).selectOption('invalid')
    await expect(requests.rows()).toHaveCount(1)
    await expect(requests.rows().first()).toContainText('evt_search_bad')
    await app.getByRole('combobox', { name: 'Verdict' }).selectOption('missing_signature')
    await expect(requests.rows()).toHaveCount(1)
    await expect(requests.rows().first()).toContainText('evt_search_path')

    // a live capture that matches the active filter joins the list
    await post(`${inbox.url}/c`, event('evt_search_late', 'order.created'))
    await expect(requests.rows()).toHaveCount(2)
    await expect(requests.rows().first()).toContainText('evt_search_late')

    // oldest first: the first capture on top, a new one at the end; clearing the filters keeps the order
    await app.getByRole('combobox', { name: 'Order' }).selectOption('oldest')
    await expect(requests.rows().first()).toContainText('evt_search_path')
    await expect(requests.rows().last()).toContainText('evt_search_late')
    await app.getByRole('button', { name: 'Clear filters' }).first().click()
    await expect(requests.rows()).toHaveCount(4)
    await expect(requests.rows().first()).toContainText('evt_search_good')
    await post(`${inbox.url}/d`, event('evt_search_last', 'order.created'))
    await expect(requests.rows()).toHaveCount(5)
    await expect(requests.rows().last()).toContainText('evt_search_last')
    await expect(app.getByRole('combobox', { name: 'Order' })).toHaveValue('oldest')
  })

  test('the Event type filter keeps suggesting the types seen before it narrowed the list, until the inbox is cleared', async ({ app, engine }) => {
    const { body: inbox } = await engine.call('POST', '/api/inboxes', { name: 'Typed events' })
    for (const [id, type] of [['evt_t1', 'invoice.paid'], ['evt_t2', 'order.created'], ['evt_t3', 'customer.deleted']]) await post(inbox.url, event(id!, type))
    const requests = new RequestsPage(app)
    await app.goto(`${engine.ui.split('?')[0]}#/inboxes/${inbox.id}`)
    await expect(requests.rows()).toHaveCount(3)
    const suggestions = app.locator('#event-type-options option')
    const all = ['customer.deleted', 'invoice.paid', 'order.created']
    await expect(suggestions).toHaveCount(3)
    expect(await suggestions.evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(all)

    const type = app.getByRole('combobox', { name: 'Event type' })
    await type.fill('order.created')
    await expect(requests.rows()).toHaveCount(1)
    // the other types are still there to pick
    expect(await suggestions.evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(all)
    await type.fill('invoice.paid')
    await expect(requests.rows().first()).toContainText('evt_t1')

    // cleared, the inbox has no types to suggest
    await engine.call('DELETE', `/api/inboxes/${inbox.id}/requests`)
    await expect(requests.rows()).toHaveCount(0)
    await expect(suggestions).toHaveCount(0)
  })

  test('edits the response rules: a sequence of 503 then 200 is what senders get', async ({ app, engine }) => {
    const { body: inbox } = await engine.call('POST', '/api/inboxes', { name: 'Flaky endpoint' })
    const inboxes = new InboxesPage(app)
    await inboxes.openList()
    await inboxes.row('Flaky endpoint').getByRole('button', { name: 'Edit Flaky endpoint' }).click()
    await inboxes.fillForm({ sequence: '503, 503, 200' })
    await inboxes.form().getByRole('button', { name: 'Save' }).click()
    await expect(inboxes.form()).toBeHidden()
    await expect(inboxes.row('Flaky endpoint')).toContainText('503,503,200 then 200 (3 of 3 left)')

    const statuses: number[] = []
    for (let i = 0; i < 4; i++) statuses.push((await post(inbox.url, event(`evt_flaky_${i}`))).status)
    expect(statuses).toEqual([503, 503, 200, 200])
    await expect(inboxes.row('Flaky endpoint').getByTestId('inbox-count')).toHaveText('4')
    // used up, the sequence no longer reads as what comes next
    await expect(inboxes.row('Flaky endpoint')).toContainText('200 · sequence 503,503,200 spent')
    await inboxes.row('Flaky endpoint').getByRole('link', { name: 'Flaky endpoint', exact: true }).click()
    await expect(app.getByText('answers 200 · sequence 503,503,200 spent')).toBeVisible()
  })

  test('editing one limit leaves the other as stored, even a body limit that is not a whole MiB', async ({ app, engine }) => {
    const { body: inbox } = await engine.call('POST', '/api/inboxes', { name: 'Small limits', limits: { maxBodyBytes: 1024, retention: 5 } })
    const inboxes = new InboxesPage(app)
    await inboxes.openList()
    await inboxes.row('Small limits').getByRole('button', { name: 'Edit Small limits' }).click()
    const form = inboxes.form()
    await form.getByRole('button', { name: 'Allowlist & limits' }).click()
    await expect(form.getByLabel('Max body size')).toHaveValue('1 KiB')
    await form.getByLabel('Retention (requests)').fill('6')
    await form.getByRole('button', { name: 'Save' }).click()
    await expect(form).toBeHidden()
    const { body: saved } = await engine.call('GET', `/api/inboxes/${inbox.id}`)
    expect(saved.limits).toEqual({ maxBodyBytes: 1024, retention: 6 })
  })

  test('a bad setting gets the engine message next to its field', async ({ app }) => {
    const inboxes = new InboxesPage(app)
    await inboxes.openList()
    await app.getByRole('button', { name: 'New inbox' }).first().click()
    await inboxes.fillForm({ name: 'Bad slug', slug: 'Not A Slug!' })
    await inboxes.form().getByRole('button', { name: 'Create inbox' }).click()
    await expect(inboxes.form().getByRole('alert')).toContainText(/slug/i)
    await expect(inboxes.form()).toBeVisible()
    await inboxes.form().getByRole('button', { name: 'Cancel' }).click()
    await expect(inboxes.form()).toBeHidden()
  })

  test('a response setting another one overrides gets the engine message next to it, and goes when the other is turned off', async ({ app }) => {
    const inboxes = new InboxesPage(app)
    await inboxes.openList()
    await app.getByRole('button', { name: 'New inbox' }).first().click()
    await inboxes.fillForm({ name: 'Overridden', sequence: '500, 200' })
    const form = inboxes.form()
    const hang = form.getByRole('checkbox', { name: /^Hang/ })
    await hang.check()
    await form.getByRole('button', { name: 'Create inbox' }).click()
    const sequenceError = form.locator('.field').filter({ has: app.getByRole('textbox', { name: 'Sequence' }) }).getByRole('alert')
    await expect(sequenceError).toHaveText('response.sequence would never be used while response.hang is on: no request is answered at all. Remove the sequence, or turn hang off.')
    await hang.uncheck()
    await expect(form.getByRole('alert')).toHaveCount(0)

    // answering with the forward target's response leaves hang unused: said under the Hang box
    await form.getByRole('textbox', { name: 'Sequence' }).fill('')
    await hang.check()
    await form.getByRole('button', { name: 'Forwarding' }).click()
    await form.getByRole('textbox', { name: 'Forward to' }).fill('http://127.0.0.1:3000/hooks')
    const fromForward = form.getByRole('checkbox', { name: /Answer with the first target/ })
    await fromForward.check()
    await form.getByRole('button', { name: 'Create inbox' }).click()
    await expect(form.getByRole('alert')).toHaveText(/^response\.hang would never be used while response\.fromForward is on/)
    await expect(hang).toBeVisible() // the form went to the Response section, where the message is
    await form.getByRole('button', { name: 'Forwarding' }).click()
    await fromForward.uncheck()
    await form.getByRole('button', { name: 'Create inbox' }).click()
    await expect(form).toBeHidden()
    await expect(app.getByRole('heading', { level: 1, name: 'Overridden' })).toBeVisible()
  })

  test("a field's error goes as soon as the field is edited, before any new submit", async ({ app }) => {
    const inboxes = new InboxesPage(app)
    await inboxes.openList()
    await app.getByRole('button', { name: 'New inbox' }).first().click()
    await inboxes.fillForm({ name: 'Err inbox' })
    const form = inboxes.form()
    await form.getByRole('button', { name: 'Allowlist & limits' }).click()
    const allowlist = form.getByLabel('IP allowlist')
    await allowlist.fill('999.1.1.1/99')
    await form.getByRole('button', { name: 'Create inbox' }).click()
    const error = form.locator('.field').filter({ has: app.getByLabel('IP allowlist') }).getByRole('alert')
    await expect(error).toContainText('999.1.1.1/99')
    await expect(form.getByRole('button', { name: /Allowlist & limits/ }).getByLabel('has errors')).toBeVisible()

    // emptied: the message about the old value is gone at once (the browser's min=0 check would block the next submit anyway)
    await allowlist.fill('')
    await expect(error).toHaveCount(0)
    await expect(form.getByRole('button', { name: /Allowlist & limits/ }).getByLabel('has errors')).toHaveCount(0)
    await form.getByLabel('Max body size').fill('-1')
    await expect(form.getByRole('alert')).toHaveCount(0)
    await form.getByRole('button', { name: 'Cancel' }).click()
    await expect(inboxes.form()).toBeHidden()
  })

  test('with a search active, live arrivals are counted as arrivals, not as matches', async ({ app, engine }) => {
    const { body: inbox } = await engine.call('POST', '/api/inboxes', { name: 'Live search' })
    await post(inbox.url, JSON.stringify({ type: 'match', x: 'onerror first' }))
    const requests = new RequestsPage(app)
    await app.goto(`${engine.ui.split('?')[0]}#/inboxes/${inbox.id}`)
    await expect(requests.rows()).toHaveCount(1)
    await requests.search('onerror')
    await expect(requests.count()).toHaveText('1 matching')

    await post(inbox.url, JSON.stringify({ type: 'nomatch' }))
    await post(inbox.url, JSON.stringify({ type: 'match', x: 'onerror here' }))
    const arrivals = app.locator('.list-header .new-pill')
    // two requests arrived; only the engine can say that one of them matches
    await expect(arrivals).toHaveText('2 new in inbox — refresh')
    await expect(arrivals).toHaveAttribute('title', /arrived in this inbox .* refresh to see which match/)
    await expect(requests.count()).toHaveText('1 matching')
    await arrivals.click()
    await expect(requests.count()).toHaveText('2 matching')
    await expect(requests.rows()).toHaveCount(2)
    await expect(arrivals).toHaveCount(0)
  })

  test('clear and delete ask first, then empty the inbox and remove it', async ({ app, engine }) => {
    const { body: inbox } = await engine.call('POST', '/api/inboxes', { name: 'Short lived' })
    await post(inbox.url, event('evt_gone'))
    const inboxes = new InboxesPage(app)
    await inboxes.openList()
    const row = inboxes.row('Short lived')
    await expect(row.getByTestId('inbox-count')).toHaveText('1')
    await row.getByRole('button', { name: 'Clear Short lived' }).click()
    await app.getByRole('dialog', { name: 'Clear inbox' }).getByRole('button', { name: 'Clear requests' }).click()
    await expect(row.getByTestId('inbox-count')).toHaveText('0')
    await row.getByRole('button', { name: 'Delete Short lived' }).click()
    await app.getByRole('dialog', { name: 'Delete inbox' }).getByRole('button', { name: 'Delete inbox' }).click()
    await expect(row).toHaveCount(0)
    expect((await engine.call('GET', `/api/inboxes/${inbox.id}`)).status).toBe(404)
  })

  test('loopback quick start: an inbox, a webhook pointed at it and a test event, verified end to end', async ({ app, engine }) => {
    const inboxes = new InboxesPage(app)
    const requests = new RequestsPage(app)
    await inboxes.openList()
    await app.getByRole('button', { name: 'Loopback quick start' }).first().click()
    const dialog = app.getByRole('dialog', { name: 'Loopback quick start' })
    await dialog.getByLabel('Profile').selectOption('standard-webhooks')
    await dialog.getByRole('button', { name: 'Create and send' }).click()
    // The whole cycle in the dialog: both sides' results, each with a way to it.
    const steps = dialog.getByRole('list', { name: 'Quick start steps' }).getByRole('listitem')
    await expect(steps).toHaveCount(4)
    await expect(steps.nth(3)).toHaveAttribute('data-state', 'done', { timeout: 20_000 })
    await expect(steps.nth(3)).toContainText('signature valid')
    // one path everywhere: the full path as received, the inbox's slug included
    const inbox = ((await engine.call('GET', '/api/inboxes')).body.items as { id: string; name: string; url: string }[]).find((i) => i.name.startsWith('Loopback'))!
    const path = new URL(inbox.url).pathname
    expect(path).not.toBe('/')
    await expect(steps.nth(3)).toContainText(`POST ${path} · signature valid`)
    await expect(steps.nth(2).getByRole('link', { name: 'Open the delivery' })).toBeVisible()
    await expect(steps.nth(3).getByRole('link', { name: 'Open the request' })).toBeVisible()
    await app.screenshot({ path: 'test-results/loopback-steps.png' })
    await dialog.getByRole('button', { name: 'Open the inbox' }).click()
    await expect(app.getByRole('heading', { level: 1, name: /Loopback/ })).toBeVisible()
    await expect(requests.rows()).not.toHaveCount(0)
    await expect(requests.rows().first().locator(".req-path")).toHaveText(path)
    await requests.rows().first().getByRole('link').click()
    await expect(requests.verdict()).toHaveText('valid')
    await expect(requests.detail().getByRole('heading', { level: 2 })).toContainText(path)
    await app.screenshot({ path: 'test-results/loopback.png' })
    await inboxes.openList()
    await expect(inboxes.row(inbox.name)).toContainText(`POST ${path}`)
  })

  test('a generated secret takes the shape the profile hands out, in the loopback dialog and the inbox form', async ({ app, engine }) => {
    const inboxes = new InboxesPage(app)
    const requests = new RequestsPage(app)
    await inboxes.openList()
    await app.getByRole('button', { name: 'Loopback quick start' }).first().click()
    const dialog = app.getByRole('dialog', { name: 'Loopback quick start' })
    const secret = dialog.getByLabel('Shared secret')
    await expect(secret).toHaveValue(/^whsec_[A-Za-z0-9+/]{43}=$/) // Standard Webhooks
    await dialog.getByLabel('Profile').selectOption('taskhub')
    await expect(secret).toHaveValue(/^[0-9a-f]{48}$/)
    await dialog.getByLabel('Profile').selectOption('workflows')
    await expect(secret).toHaveValue(/^whsec_[0-9a-f]{32}$/) // the WorkFlows doc's "whsec_xxxx…"
    // one typed by the user stays whatever the profile; "New" makes one in the profile's shape again
    await secret.fill('my-own-secret')
    await dialog.getByLabel('Profile').selectOption('taskhub')
    await expect(secret).toHaveValue('my-own-secret')
    await dialog.getByLabel('Profile').selectOption('workflows')
    await dialog.getByRole('button', { name: 'New', exact: true }).click()
    await expect(secret).toHaveValue(/^whsec_[0-9a-f]{32}$/)
    const shared = await secret.inputValue()
    await dialog.getByRole('button', { name: 'Create and send' }).click()
    const steps = dialog.getByRole('list', { name: 'Quick start steps' }).getByRole('listitem')
    await expect(steps.nth(3)).toHaveAttribute('data-state', 'done', { timeout: 20_000 })
    await expect(steps.nth(3)).toContainText('signature valid')
    // the capture verified valid, so the webhook signed with the same secret the inbox holds
    const created = (await engine.call('GET', '/api/inboxes')).body.items as { name: string; verification: { secrets: { value: string }[] } | null }[]
    expect(created.find((i) => i.name === 'Loopback · WorkFlows')?.verification?.secrets[0]?.value).toBe(shared)
    await dialog.getByRole('button', { name: 'Open the inbox' }).click()
    await expect(requests.rows()).not.toHaveCount(0)

    // the inbox form's "Add generated secret" follows the chosen profile too
    await inboxes.openList()
    await app.getByRole('button', { name: 'New inbox' }).first().click()
    await inboxes.fillForm({ profile: 'workflows' })
    const form = inboxes.form()
    await form.getByRole('button', { name: 'Add generated secret' }).click()
    await expect(form.getByRole('textbox', { name: 'Secret 1', exact: true })).toHaveValue(/^whsec_[0-9a-f]{32}$/)
    await form.getByRole('combobox', { name: 'Profile' }).selectOption('taskhub')
    await form.getByRole('button', { name: 'Add generated secret' }).click()
    await expect(form.getByRole('textbox', { name: 'Secret 1', exact: true })).toHaveValue(/^[0-9a-f]{48}$/)
    await expect(form.getByRole('textbox', { name: 'Secret 2', exact: true })).toHaveValue(/^whsec_[0-9a-f]{32}$/)
  })
})
