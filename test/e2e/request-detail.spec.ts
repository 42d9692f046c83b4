import { gzipSync } from 'node:zlib'
import { closedPort } from '../helpers/sink'
import { expect, test } from './fixtures'
import { post, postRaw, RequestsPage, stripeSignature } from './pages/requests'

const SECRET = 'whsec_e2e_detail_secret'

async function stripeInbox(engine: { call: (m: string, p: string, b?: unknown) => Promise<{ body: any }> }, name: string) {
  const { body } = await engine.call('POST', '/api/inboxes', { name, verification: { profileId: 'stripe', secrets: [{ value: SECRET, label: 'current' }] } })
  return body as { id: string; url: string }
}

test.describe('request detail', () => {
  test('shows the overview, the verdict, the matched secret, headers in order and the JSON tree', async ({ app, engine }) => {
    const inbox = await stripeInbox(engine, 'Detail')
    // written by hand: JSON.stringify would round the 20-digit number the tree must keep
    const body = '{"id":"evt_detail_1","type":"charge.succeeded","data":{"object":{"id":"ch_1","amount":12345678901234567890,"paid":true}}}'
    // x-customer goes out as UTF-8 bytes (node's client encodes header strings as UTF-8)
    const customer = 'Jürgen Müller'
    await postRaw(`${inbox.url}/hooks?attempt=1`, body, { 'stripe-signature': stripeSignature(SECRET, body), 'x-dup': ['first', 'second'], 'x-customer': customer })
    const requests = new RequestsPage(app)
    await app.goto(`${engine.ui.split('?')[0]}#/inboxes/${inbox.id}`)
    await requests.open('evt_detail_1')

    await expect(requests.verdict()).toHaveText('valid')
    const overview = requests.detail().getByTestId('request-overview')
    await expect(overview).toContainText('charge.succeeded')
    await expect(overview).toContainText('127.0.0.1')
    await expect(requests.detail().getByRole('heading', { level: 2 })).toContainText('/hooks?attempt=1')

    // JSON tree: numbers exactly as sent, collapsible
    const tree = requests.detail().getByTestId('json-tree')
    await expect(tree).toContainText('12345678901234567890')
    await tree.getByRole('button', { name: 'Collapse /data', exact: true }).click()
    await expect(tree).not.toContainText('ch_1')
    await tree.getByRole('button', { name: 'Expand /data', exact: true }).click()
    await expect(tree).toContainText('ch_1')

    await requests.tab(/^Headers/)
    const headers = requests.detail().getByRole('table', { name: 'Request headers' })
    await expect(headers.getByRole('row').filter({ hasText: 'x-dup' })).toHaveCount(2)
    await expect(headers.getByRole('row').filter({ hasText: 'first' })).toContainText('×2')
    // UTF-8 header bytes read as UTF-8, and marked so
    await expect(headers.getByRole('row').filter({ hasText: 'x-customer' })).toContainText('Jürgen MüllerUTF-8')

    await requests.tab('Signature')
    await expect(app.getByTestId('matched-secret')).toHaveText('current')
    await expect(app.getByTestId('signature-panel')).toContainText('Stripe-Signature')

    await requests.tab('Response')
    await expect(app.getByTestId('response-panel')).toContainText('200')
    await requests.tab('Body')
    await app.screenshot({ path: 'test-results/request-detail.png' })
  })

  test('explains a body re-serialized before signing, with the fix', async ({ app, engine }) => {
    const inbox = await stripeInbox(engine, 'Broken signer')
    const sent = JSON.stringify({ id: 'evt_reserialized', type: 'invoice.paid', data: { object: { id: 'in_9', amount: 100 } } }, null, 2)
    // the classic mistake: the sender signs JSON.stringify(JSON.parse(body)), then sends other bytes
    const signed = JSON.stringify(JSON.parse(sent))
    await post(inbox.url, sent, { 'stripe-signature': stripeSignature(SECRET, signed) })

    const requests = new RequestsPage(app)
    await app.goto(`${engine.ui.split('?')[0]}#/inboxes/${inbox.id}`)
    await expect(requests.row('evt_reserialized')).toContainText('invalid')
    await requests.open('evt_reserialized')
    await expect(requests.verdict()).toHaveText('invalid')
    await expect(app.getByTestId('callout-diagnosis')).toContainText(/re-serialized/)

    await requests.tab(/^Signature/)
    await expect(app.getByTestId('diagnosis-sentence')).toContainText('re-serialized')
    await expect(app.getByTestId('diagnosis')).toContainText('Fix:')
    await expect(app.getByTestId('diagnosis')).toContainText('raw body')
    const sigs = app.getByRole('table', { name: 'Expected and received signatures' })
    await expect(sigs).toContainText('v1=')
    // words, not the diagnosis code
    await expect(app.getByTestId('diagnosis')).not.toContainText('reserialized_json')
    await app.screenshot({ path: 'test-results/request-diagnosis.png' })
  })

  test('a signature no known mistake explains: a plain sentence, the data in the table', async ({ app, engine }) => {
    const inbox = await stripeInbox(engine, 'Wrong secret')
    const body = JSON.stringify({ id: 'evt_wrong_secret', type: 'invoice.paid', data: { object: { id: 'in_3', note: 'a "quoted" word' } } })
    await post(inbox.url, body, { 'stripe-signature': stripeSignature('whsec_some_other_secret', body) })

    const requests = new RequestsPage(app)
    await app.goto(`${engine.ui.split('?')[0]}#/inboxes/${inbox.id}`)
    await requests.open('evt_wrong_secret')
    await expect(app.getByTestId('callout-diagnosis')).toHaveText('No known mistake reproduces the received signature, so the secret probably differs or the body changed on the way.')
    await requests.tab(/^Signature/)
    const diagnosis = app.getByTestId('diagnosis')
    await expect(app.getByTestId('diagnosis-sentence')).toHaveText('No known mistake reproduces the received signature, so the secret probably differs or the body changed on the way.')
    await expect(diagnosis).toContainText('Tried: re-serialized JSON')
    await expect(diagnosis).toContainText('Fix:')
    // no hashes, no escaped JSON, no code in the explanation: those are in the table and the sample below
    await expect(diagnosis).not.toContainText('v1=')
    await expect(diagnosis).not.toContainText('\\"')
    await expect(diagnosis).not.toContainText('no_match')
    await expect(app.getByRole('table', { name: 'Expected and received signatures' })).toContainText('v1=')
  })

  test('compares two requests: header and JSON body differences', async ({ app, engine }) => {
    const inbox = await stripeInbox(engine, 'Compare')
    const a = JSON.stringify({ id: 'evt_cmp_a', type: 'invoice.paid', data: { object: { id: 'in_1', amount: 100, currency: 'eur' } } })
    const b = JSON.stringify({ id: 'evt_cmp_b', type: 'invoice.paid', data: { object: { id: 'in_1', amount: 250, status: 'paid' } } })
    await post(inbox.url, a, { 'stripe-signature': stripeSignature(SECRET, a), 'x-attempt': '1', 'x-customer': 'Anna' })
    // x-customer goes out as UTF-8 bytes (node's client encodes header strings as UTF-8)
    await postRaw(inbox.url, b, { 'stripe-signature': stripeSignature(SECRET, b), 'x-attempt': '2', 'x-retry-reason': 'timeout', 'x-customer': 'Jürgen Müller' })

    const requests = new RequestsPage(app)
    await app.goto(`${engine.ui.split('?')[0]}#/inboxes/${inbox.id}`)
    await expect(requests.rows()).toHaveCount(2)
    await expect(requests.compareButton()).toBeDisabled()
    await requests.select('evt_cmp_a')
    await requests.select('evt_cmp_b')
    await requests.compareButton().click()

    const view = requests.compareView()
    await expect(view).toBeVisible()
    await expect(view.getByTestId('compare-event-type')).toHaveText(['invoice.paid', 'invoice.paid'])
    const headerDiff = view.getByRole('table', { name: 'Header differences' })
    await expect(headerDiff.getByRole('row').filter({ hasText: 'x-attempt' })).toContainText('changed')
    await expect(headerDiff.getByRole('row').filter({ hasText: 'x-retry-reason' })).toContainText('added')
    // read as UTF-8, as the Headers tab reads it (not "JÃ¼rgen")
    await expect(headerDiff.getByRole('row').filter({ hasText: 'x-customer' })).toContainText('Jürgen MüllerUTF-8')
    const bodyDiff = view.getByRole('table', { name: 'JSON body differences' })
    await expect(bodyDiff.getByRole('row').filter({ hasText: '/data/object/amount' })).toContainText('changed')
    await expect(bodyDiff.getByRole('row').filter({ hasText: '/data/object/amount' })).toContainText('250')
    await expect(bodyDiff.getByRole('row').filter({ hasText: '/data/object/currency' })).toContainText('removed')
    await expect(bodyDiff.getByRole('row').filter({ hasText: '/data/object/status' })).toContainText('added')
    await view.getByRole('tab', { name: 'Lines' }).click()
    // the bodies as received: compact JSON stays compact
    await expect(view.getByTestId('line-diff')).toContainText('"amount":250')
    await app.screenshot({ path: 'test-results/request-compare.png' })
  })

  test('compares the same JSON sent compact and indented: the bytes differ, the lines show it', async ({ app, engine }) => {
    const inbox = await stripeInbox(engine, 'Compare bytes')
    const event = { id: 'evt_cmp_same', type: 'invoice.paid', data: { object: { id: 'in_2', amount: 42 } } }
    const compact = JSON.stringify(event)
    await post(`${inbox.url}/compact`, compact, { 'stripe-signature': stripeSignature(SECRET, compact) })
    await post(`${inbox.url}/indented`, JSON.stringify(event, null, 2), { 'stripe-signature': stripeSignature(SECRET, compact) })

    const requests = new RequestsPage(app)
    await app.goto(`${engine.ui.split('?')[0]}#/inboxes/${inbox.id}`)
    await expect(requests.rows()).toHaveCount(2)
    await requests.select('/compact')
    await requests.select('/indented')
    await requests.compareButton().click()

    const view = requests.compareView()
    await expect(view.getByTestId('body-diff-summary')).toContainText('Same JSON, different bytes')
    await expect(view.getByTestId('body-diff-summary')).toContainText('a signature over one does not verify the other')
    await expect(view.getByRole('tab', { name: 'Lines' })).toHaveAttribute('aria-selected', 'true')
    const lines = view.getByTestId('line-diff')
    await expect(lines).not.toContainText('The texts are identical')
    await expect(lines.locator('.ld-del')).toContainText(compact)
    await expect(lines.locator('.ld-add').filter({ hasText: '"amount": 42' })).toHaveCount(1)
  })

  test('a hostile payload is shown as text and runs nothing', async ({ app, engine }) => {
    const inbox = await stripeInbox(engine, 'Hostile')
    const dialogs: string[] = []
    app.on('dialog', (d) => {
      dialogs.push(d.message())
      void d.dismiss()
    })
    const img = '<img src=x onerror="alert(1);window.__pwned=1">'
    const script = '<script>alert(2);window.__pwned=2</script>'
    const svg = '<svg onload="window.__pwned=3"></svg>'
    const body = JSON.stringify({ id: 'evt_hostile', type: 'x.hostile', html: img, script, svg, link: 'javascript:alert(3)' })
    await post(`${inbox.url}/evil`, body, { 'x-evil': img })
    await post(`${inbox.url}/page`, `<!doctype html><html><body>${img}${script}${svg}</body></html>`, { 'content-type': 'text/html' })

    const requests = new RequestsPage(app)
    await app.goto(`${engine.ui.split('?')[0]}#/inboxes/${inbox.id}`)
    await requests.open('evt_hostile')
    const tree = requests.detail().getByTestId('json-tree')
    await expect(tree).toContainText(img.replace(/"/g, '\\"'))
    await expect(tree).toContainText(script)
    await requests.tab(/^Headers/)
    await expect(requests.detail().getByRole('table', { name: 'Request headers' })).toContainText(img)

    await requests.open('/page')
    await requests.tab('Body')
    await expect(requests.detail().getByTestId('raw-body')).toContainText(script)
    await requests.detail().getByRole('tab', { name: 'Hex' }).click()
    await expect(requests.detail().getByRole('region', { name: 'Hex dump' })).toContainText('html><body><img ')

    // nothing ran, nothing was injected: no dialog, no global, no element from the payload
    expect(dialogs).toEqual([])
    expect(await app.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined()
    await expect(app.locator('img[src="x"], svg[onload], [onerror]')).toHaveCount(0)
    expect(await app.locator('script').evaluateAll((els) => els.filter((e) => !(e as HTMLScriptElement).src).length)).toBe(0)
  })

  test('bidi control characters in a payload are shown escaped, never obeyed', async ({ app, engine }) => {
    const inbox = await stripeInbox(engine, 'Bidi')
    // "\u202eevil" would display as "live" (and flip the quote after it); the isolate and the mark hide too
    const body = JSON.stringify({ id: 'evt_bidi', type: 'x.bidi', a: '\u202eevil', ['k\u2067ey']: 'mark\u200fed', emoji: '😀' })
    await post(`${inbox.url}/bidi`, body)
    await post(`${inbox.url}/bidi-form`, 'name=%E2%80%AEevil&ok=1', { 'content-type': 'application/x-www-form-urlencoded' })
    const controls = /[\u202a-\u202e\u2066-\u2069\u200e\u200f]/

    const requests = new RequestsPage(app)
    await app.goto(`${engine.ui.split('?')[0]}#/inboxes/${inbox.id}`)
    await requests.open('evt_bidi')
    const tree = requests.detail().getByTestId('json-tree')
    await expect(tree).toContainText('"\\u202eevil"')
    await expect(tree).toContainText('"k\\u2067ey"')
    await expect(tree).toContainText('"mark\\u200fed"')
    await expect(tree).toContainText('😀')
    expect(await tree.textContent()).not.toMatch(controls)
    // marked as an escape, so it is not mistaken for text the sender wrote
    await expect(tree.locator('.char-escape').filter({ hasText: '\\u202e' })).toHaveAttribute('title', /RIGHT-TO-LEFT OVERRIDE/)

    await requests.detail().getByRole('tab', { name: 'Raw' }).click()
    await expect(requests.detail().getByTestId('raw-body')).toContainText('\\u202eevil')
    expect(await requests.detail().getByTestId('raw-body').textContent()).not.toMatch(controls)

    await requests.open('/bidi-form')
    const fields = requests.detail().getByRole('table', { name: 'Form fields' })
    await expect(fields).toContainText('\\u202eevil')
    expect(await fields.textContent()).not.toMatch(controls)
    await app.screenshot({ path: 'test-results/request-bidi.png' })
  })

  test('zero-width and control characters are shown escaped in the raw view, the tree and header values', async ({ app, engine }) => {
    const inbox = await stripeInbox(engine, 'Invisible')
    // "to\u200bken" looks like "token" and is not
    const body = JSON.stringify({ id: 'evt_zw', type: 'x.zw', token: 'to\u200bken', ['k\u2060ey']: 'bom\ufeff' })
    // the header's UTF-8 bytes, one character per byte: with a byte body, node:http writes them as they are
    await postRaw(`${inbox.url}/zw`, Buffer.from(body), { 'x-token': Buffer.from('to\u200bken').toString('latin1') })
    const prose = 'This line is long enough for one control character to leave it a text body. '
    await post(`${inbox.url}/zw-text`, `Your to\u200bken is ready.\u0000 ${prose.repeat(2)}`, { 'content-type': 'text/plain' })
    const hidden = /[\u0000\u200b\u2060\ufeff]/

    const requests = new RequestsPage(app)
    await app.goto(`${engine.ui.split('?')[0]}#/inboxes/${inbox.id}`)
    await requests.open('evt_zw')
    const tree = requests.detail().getByTestId('json-tree')
    await expect(tree).toContainText('"to\\u200bken"')
    await expect(tree).toContainText('"k\\u2060ey"')
    await expect(tree).toContainText('"bom\\ufeff"')
    expect(await tree.textContent()).not.toMatch(hidden)
    await expect(tree.locator('.char-escape').filter({ hasText: '\\u200b' })).toHaveAttribute('title', 'U+200B ZERO WIDTH SPACE: an invisible character, shown escaped')

    await requests.detail().getByRole('tab', { name: 'Raw' }).click()
    const raw = requests.detail().getByTestId('raw-body')
    await expect(raw.locator('.char-escape')).toHaveText(['\\u200b', '\\u2060', '\\ufeff'])
    expect(await raw.textContent()).not.toMatch(hidden)

    await requests.tab(/^Headers/)
    const header = requests.detail().getByRole('table', { name: 'Request headers' }).getByRole('row').filter({ hasText: 'x-token' })
    await expect(header.locator('.char-escape')).toHaveText('\\u200b')
    await expect(header).toContainText('invisible chars')

    await requests.open('/zw-text')
    await requests.tab('Body')
    const text = requests.detail().getByTestId('raw-body')
    await expect(text.locator('.char-escape')).toHaveText(['\\u200b', '\\u0000'])
    await expect(text.locator('.char-escape').last()).toHaveAttribute('title', 'U+0000 NULL: an invisible character, shown escaped')
  })

  test('a 12 000-character header value is cut to a few lines, the whole value a click away', async ({ app, engine }) => {
    const inbox = await stripeInbox(engine, 'Long header')
    // Node's HTTP server takes 16 KiB of headers; an imported request can hold a longer value, cut the same way.
    const value = 'h'.repeat(11_990) + 'TAIL_MARK!'
    expect((await post(`${inbox.url}/long-header`, '{"id":"evt_long_header","type":"x.long"}', { 'x-long': value })).status).toBe(200)
    const requests = new RequestsPage(app)
    await app.goto(`${engine.ui.split('?')[0]}#/inboxes/${inbox.id}`)
    await requests.open('evt_long_header')
    await requests.tab(/^Headers/)
    const row = requests.detail().getByRole('table', { name: 'Request headers' }).getByRole('row').filter({ hasText: 'x-long' })
    const show = row.getByRole('button', { name: 'show all 12,000 chars' })
    await expect(show).toBeVisible()
    await expect(row).not.toContainText('TAIL_MARK!')
    expect((await row.boundingBox())!.height).toBeLessThan(200)
    await show.click()
    await expect(row).toContainText('TAIL_MARK!')
    await row.getByRole('button', { name: 'show less' }).click()
    await expect(row).not.toContainText('TAIL_MARK!')
  })

  test('the detail tabs follow the ARIA tabs pattern: arrows move and select, only the selected tab is in the Tab order, the panel is labelled by it', async ({ app, engine }) => {
    const inbox = await stripeInbox(engine, 'Tab keys')
    await post(inbox.url, '{"id":"evt_tabs","type":"x.tabs"}')
    const requests = new RequestsPage(app)
    await app.goto(`${engine.ui.split('?')[0]}#/inboxes/${inbox.id}`)
    await requests.open('evt_tabs')
    const bar = requests.detail().getByRole('tablist', { name: 'Request details' })
    const tabs = bar.getByRole('tab')
    const body = bar.getByRole('tab', { name: 'Body' })
    await expect(body).toHaveAttribute('aria-selected', 'true')
    await expect(bar.locator('[role=tab][tabindex="0"]')).toHaveCount(1)
    await expect(requests.detail().getByRole('tabpanel', { name: 'Body' })).toBeVisible()
    await body.focus()
    await app.keyboard.press('ArrowRight')
    const headers = bar.getByRole('tab', { name: /^Headers/ })
    await expect(headers).toBeFocused()
    await expect(headers).toHaveAttribute('aria-selected', 'true')
    await expect(headers).toHaveAttribute('tabindex', '0')
    await expect(body).toHaveAttribute('tabindex', '-1')
    const panel = requests.detail().getByRole('tabpanel')
    await expect(headers).toHaveAttribute('aria-controls', (await panel.getAttribute('id'))!)
    await expect(panel).toHaveAccessibleName(/^Headers/)
    await app.keyboard.press('End')
    await expect(tabs.last()).toBeFocused()
    await expect(tabs.last()).toHaveAttribute('aria-selected', 'true')
    await app.keyboard.press('ArrowRight')
    await expect(body).toBeFocused()
    await app.keyboard.press('ArrowLeft')
    await expect(tabs.last()).toBeFocused()
    await app.keyboard.press('Home')
    await expect(body).toHaveAttribute('aria-selected', 'true')
  })

  test('a copy the clipboard refuses says so, instead of "Copied"', async ({ app, engine, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'])
    const inbox = await stripeInbox(engine, 'Copy refused')
    await post(inbox.url, '{"id":"evt_copy","type":"x.copy"}', { 'x-copy': 'me' })
    const requests = new RequestsPage(app)
    await app.goto(`${engine.ui.split('?')[0]}#/inboxes/${inbox.id}`)
    await requests.open('evt_copy')
    await requests.tab(/^Headers/)
    const copy = requests.detail().getByRole('button', { name: 'Copy all' })
    await copy.click()
    await expect(requests.detail().getByRole('button', { name: 'Copied' })).toBeVisible()
    expect(await app.evaluate(() => navigator.clipboard.readText())).toContain('x-copy: me')
    // the browser's clipboard refusing the write (a denied permission, an unfocused window)
    await app.evaluate(() => {
      navigator.clipboard.writeText = () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'))
    })
    await expect(copy).toBeVisible()
    await copy.click()
    await expect(requests.detail().getByRole('button', { name: 'Copy failed — select and copy by hand' })).toBeVisible()
    await expect(requests.detail().getByRole('button', { name: 'Copied' })).toHaveCount(0)
  })

  test('an imported request whose file recorded no answer says so, instead of reading as still waiting', async ({ app, engine }) => {
    const inbox = await stripeInbox(engine, 'Imported')
    const entry = (id: string, status: number) => ({
      startedDateTime: '2026-03-01T10:00:00.000Z',
      request: { method: 'POST', url: 'https://staging.example/hooks', headers: [{ name: 'Content-Type', value: 'application/json' }], postData: { mimeType: 'application/json', text: JSON.stringify({ id, type: 'x.imported' }) } },
      response: { status, headers: [], content: { size: 0 } },
    })
    const res = await engine.call('POST', `/api/inboxes/${inbox.id}/import`, { log: { version: '1.2', entries: [entry('evt_imported_none', 0), entry('evt_imported_200', 200)] } })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    await post(`${inbox.url}/live`, '{"id":"evt_live","type":"x.live"}')
    const requests = new RequestsPage(app)
    await app.goto(`${engine.ui.split('?')[0]}#/inboxes/${inbox.id}`)

    await requests.open('evt_imported_none')
    const overview = requests.detail().getByTestId('request-overview')
    await expect(overview.getByTestId('detail-imported')).toHaveText('imported')
    await expect(overview).toContainText('none recorded')
    await expect(overview).not.toContainText('pending')
    await requests.tab('Response')
    await expect(requests.detail().getByRole('tabpanel')).toHaveText('Imported; the file recorded no answer.')

    await requests.open('evt_imported_200')
    await expect(overview.getByTestId('detail-imported')).toBeVisible()
    await requests.open('evt_live')
    await expect(overview.getByTestId('detail-imported')).toHaveCount(0)
  })

  test('gzip bodies have a decoded view, binary bodies a hex view, forms their fields', async ({ app, engine }) => {
    const inbox = await stripeInbox(engine, 'Encodings')
    const json = JSON.stringify({ id: 'evt_gzip', type: 'compressed.event', data: { note: 'inflated fine' } })
    await post(`${inbox.url}/gz`, gzipSync(Buffer.from(json)), { 'content-encoding': 'gzip' })
    await post(`${inbox.url}/bin`, new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0x00, 0x01, 0x02]), { 'content-type': 'application/octet-stream' })
    await post(`${inbox.url}/form`, 'token=abc&text=hello+world&payload=%7B%22type%22%3A%22block_actions%22%7D', { 'content-type': 'application/x-www-form-urlencoded' })

    const requests = new RequestsPage(app)
    await app.goto(`${engine.ui.split('?')[0]}#/inboxes/${inbox.id}`)
    await requests.open('/gz')
    const body = requests.detail().getByTestId('request-body')
    await expect(body.getByRole('button', { name: 'Decoded (gzip)' })).toHaveAttribute('aria-pressed', 'true')
    await expect(body.getByTestId('json-tree')).toContainText('inflated fine')
    await body.getByRole('button', { name: 'As received' }).click()
    await expect(body.getByRole('region', { name: 'Hex dump' })).toContainText('1f 8b')

    await requests.open('/bin')
    await expect(body.getByRole('region', { name: 'Hex dump' })).toContainText('de ad be ef 00 01 02')

    await requests.open('/form')
    const fields = body.getByRole('table', { name: 'Form fields' })
    await expect(fields.getByRole('row').filter({ hasText: 'text' })).toContainText('hello world')
    await expect(fields.getByRole('row').filter({ hasText: 'payload' })).toContainText('block_actions')
  })

  test('valid JSON nested too deep for the tree is said to be valid, not "does not parse"', async ({ app, engine }) => {
    const inbox = await stripeInbox(engine, 'Deep JSON')
    await post(`${inbox.url}/deep`, '['.repeat(5000) + ']'.repeat(5000), { 'content-type': 'application/json' })
    const requests = new RequestsPage(app)
    await app.goto(`${engine.ui.split('?')[0]}#/inboxes/${inbox.id}`)
    await requests.open('/deep')
    const body = requests.detail().getByTestId('request-body')
    await expect(body.getByRole('note')).toHaveText(/^Valid JSON, but nested more than 512 levels deep: too deep to show as a tree/)
    await expect(body).not.toContainText('does not parse')
    await expect(body.getByRole('tab', { name: 'Raw' })).toHaveAttribute('aria-selected', 'true')
    await expect(body.getByTestId('raw-body')).toContainText('[[[[')
    // the engine's analysis (JSON.parse) finds nothing wrong with it either
    await expect(requests.detail().getByTestId('request-flags')).toHaveCount(0)
  })

  test('the Response tab and the flags say what happened: a 502 Hookbench made up, a hang, a duplicate with no event id, a cut decoded view', async ({ app, engine }) => {
    const requests = new RequestsPage(app)
    const open = async (inboxId: string, text: string) => {
      await app.goto(`${engine.ui.split('?')[0]}#/inboxes/${inboxId}`)
      await requests.open(text)
    }

    // answering with the first forward target's response, the target down: the 502 is Hookbench's
    const target = `http://127.0.0.1:${await closedPort()}`
    const { body: forwarding } = await engine.call('POST', '/api/inboxes', { name: 'Forward down', forwardTo: [target], response: { status: 200, fromForward: true } })
    expect((await post(`${forwarding.url}/fwd`, '{"type":"fwd.test"}')).status).toBe(502)
    await open(forwarding.id, '/fwd')
    await requests.tab('Response')
    const panel = requests.detail().getByTestId('response-panel')
    await expect(panel.locator('.verdict-line')).toHaveText(
      new RegExp(`^502Made by Hookbench: the inbox answers with its first forward target's response, and ${target.replace(/\./g, '\\.')} could not be reached: connection refused.*\\. See Forwards\\.$`),
    )

    // a hang: what the sender does is its own business
    const { body: hanging } = await engine.call('POST', '/api/inboxes', { name: 'Hanging', response: { status: 200, hang: true } })
    const abort = new AbortController()
    const pending = fetch(`${hanging.url}/hang`, { method: 'POST', body: '{}', signal: abort.signal }).catch(() => null)
    await open(hanging.id, '/hang')
    await requests.tab('Response')
    await expect(panel.locator('.verdict-line')).toHaveText('no answerFrom hang: never answered; the sender waits until its own timeout gives up.')
    abort.abort()
    await pending

    // a duplicate with no event id: named by its type, object and time, not by the internal key
    const { body: plain } = await engine.call('POST', '/api/inboxes', { name: 'No ids' })
    const event = JSON.stringify({ type: 'task.created', created_at: '2025-10-14T10:30:00.000Z', data: { id: 'task_789' } })
    await post(`${plain.url}/first`, event)
    await post(`${plain.url}/again`, event)
    // the 25 MB of zeros gzip to a few kB: the decoded view is cut at the engine's bound
    await post(`${plain.url}/bomb`, gzipSync(Buffer.alloc(25 * 1024 * 1024)), { 'content-encoding': 'gzip' })
    await open(plain.id, '/again')
    const flags = requests.detail().getByTestId('request-flags')
    await expect(flags).toContainText('The same task.created for task_789 at ')
    await expect(flags).toContainText('was already received (no event id in this request: its type, time and object identify it)')
    await expect(flags).not.toContainText('@2025')
    await requests.open('/bomb')
    await expect(flags).toContainText('decodes to more than 16.0 MB')
    await expect(flags).not.toContainText('16777216')
  })

  test('keyboard: arrows move between requests in the focused list', async ({ app, engine }) => {
    const inbox = await stripeInbox(engine, 'Keys')
    for (const id of ['evt_k1', 'evt_k2', 'evt_k3']) await post(inbox.url, JSON.stringify({ id, type: 't' }))
    const requests = new RequestsPage(app)
    await app.goto(`${engine.ui.split('?')[0]}#/inboxes/${inbox.id}`)
    await expect(requests.rows()).toHaveCount(3)
    await requests.list().focus()
    await app.keyboard.press('ArrowDown')
    await expect(requests.detail().getByTestId('request-overview')).toContainText('evt_k3')
    await app.keyboard.press('ArrowDown')
    await expect(requests.detail().getByTestId('request-overview')).toContainText('evt_k2')
    await app.keyboard.press('x')
    await expect(requests.row('evt_k2').getByRole('checkbox')).toBeChecked()
    await app.keyboard.press('ArrowUp')
    await expect(requests.detail().getByTestId('request-overview')).toContainText('evt_k3')
    // The list is one Tab stop (its rows are ticked with x): Tab leaves it for the detail.
    await app.keyboard.press('Tab')
    expect(await app.evaluate(() => document.activeElement?.closest('.request-scroller') === null)).toBe(true)
  })
})
