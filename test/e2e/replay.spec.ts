import { readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { closedPort, startSink, type Sink } from '../helpers/sink'
import { expect, test, type ServedEngine } from './fixtures'
import { DeliveriesPage } from './pages/deliveries'
import { ReplayPage } from './pages/replay'
import { post, RequestsPage, stripeSignature } from './pages/requests'

const SECRET = 'whsec_e2e_replay_secret'

async function createInbox(engine: ServedEngine, body: Record<string, unknown>) {
  const r = await engine.call('POST', '/api/inboxes', body)
  expect(r.status, JSON.stringify(r.body)).toBe(201)
  return r.body as { id: string; url: string; slug: string }
}

const inboxPage = (engine: ServedEngine, id: string) => `${engine.ui.split('?')[0]}#/inboxes/${id}`

/** Requests of an inbox through the API, newest first. */
async function listOf(engine: ServedEngine, inboxId: string) {
  return (await engine.call('GET', `/api/inboxes/${inboxId}/requests?limit=500`)).body.items as { id: string; verdict: string; eventId: string | null; path: string }[]
}

test.describe('replay', () => {
  let sink: Sink
  test.beforeAll(async () => {
    sink = await startSink((_req, res) => {
      res.statusCode = 202
      res.setHeader('content-type', 'application/json')
      res.setHeader('x-from', 'staging')
      res.end('{"received":true,"note":"<b>not html</b>"}')
    })
  })
  test.afterAll(async () => sink.close())

  test('replays a captured request to a local server, shows the answer and lists it under the request', async ({ app, engine, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'])
    const inbox = await createInbox(engine, { name: 'Replay source' })
    const body = '{"id":"evt_replay_1","type":"invoice.paid",  "data":{"amount":4200}}\n'
    await post(`${inbox.url}/hooks?x=1`, body, { 'x-custom': 'kept' })

    const requests = new RequestsPage(app)
    const replay = new ReplayPage(app)
    await app.goto(inboxPage(engine, inbox.id))
    await requests.open('evt_replay_1')
    await replay.openDialog()
    // It opens on what it is for (the target URL), not on its first field or its ✕.
    await expect(replay.dialog().getByLabel('Target URL')).toBeFocused()
    const before = sink.received.length
    await replay.send(`${sink.url}/staging/hooks`)

    const result = replay.result()
    await expect(result.getByTestId('replay-status')).toHaveText('202 Accepted')
    await expect(result.getByTestId('replay-duration')).toContainText(/\d+ ms|s$/)
    await expect(result.getByTestId('replay-response')).toContainText('x-from')
    await expect(result.getByTestId('replay-response')).toContainText('<b>not html</b>')
    const [got] = (await sink.waitFor(before + 1)).slice(before)
    expect(got!.url).toBe('/staging/hooks')
    expect(got!.body.toString()).toBe(body)
    expect(got!.headers.find(([n]) => n.toLowerCase() === 'x-custom')?.[1]).toBe('kept')
    await app.screenshot({ path: 'test-results/replay-dialog.png' })

    // the exact request sent, as a cURL command (one snippet builder for the whole app)
    await result.getByRole('tab', { name: 'Request sent' }).click()
    await result.getByRole('group', { name: 'Copy as' }).getByRole('button', { name: 'cURL' }).click()
    const curl = await app.evaluate(() => navigator.clipboard.readText())
    expect(curl).toContain(`curl -X POST '${sink.url}/staging/hooks'`)
    expect(curl).toContain("-H 'x-custom: kept'")

    await replay.close()
    await expect(replay.replaysTab()).toHaveText('Replays (1)')
    await expect(replay.replayItems()).toHaveCount(1)
    await expect(replay.replayItems().first()).toContainText('202')

    // a replay made elsewhere (here the API) appears live under the request
    const id = (await listOf(engine, inbox.id))[0]!.id
    await engine.call('POST', `/api/requests/${id}/replay`, { url: `${sink.url}/second` })
    await expect(replay.replayItems()).toHaveCount(2)
    await expect(replay.replaysTab()).toHaveText('Replays (2)')
    await expect(replay.replayItems().first()).toContainText('/second')

    // copy-as on the captured request itself, to its inbox URL
    await requests.detail().getByRole('group', { name: 'Copy as' }).first().getByRole('button', { name: 'HTTPie' }).click()
    expect(await app.evaluate(() => navigator.clipboard.readText())).toContain(`http POST '${inbox.url}/hooks?x=1'`)
    await app.screenshot({ path: 'test-results/replay-list.png' })

    // an edited body goes out as typed, with a warning that the signature no longer matches it
    await replay.openDialog()
    const dialog = replay.dialog()
    await dialog.getByRole('tab', { name: /^Body/ }).click()
    await dialog.getByRole('button', { name: 'Text', exact: true }).click()
    await dialog.getByLabel('Body to send').fill('{"id":"evt_replay_1","edited":true}')
    await expect(dialog.getByRole('tab', { name: 'Body · edited' })).toBeVisible()
    await expect(dialog).toContainText('The original signature will not match an edited body')
    await app.screenshot({ path: 'test-results/replay-edit.png' })
    const edited = sink.received.length
    await replay.send(`${sink.url}/edited`)
    await expect(result.getByTestId('replay-warning')).toContainText('not re-signed')
    expect((await sink.waitFor(edited + 1))[edited]!.body.toString()).toBe('{"id":"evt_replay_1","edited":true}')

    // a target that refuses the connection: the network error, no response
    await replay.send(`http://127.0.0.1:${await closedPort()}/down`)
    await expect(result.getByTestId('replay-status')).toHaveText('Connection refused')
    await expect(result.getByTestId('replay-error')).toBeVisible()
    await replay.close()
    await expect(replay.replaysTab()).toHaveText('Replays (4)')
    await app.emulateMedia({ colorScheme: 'dark' })
    await app.screenshot({ path: 'test-results/replay-list-dark.png' })
  })

  test("shows the engine's refusal of the target URL under the URL, which takes the focus, and sends nothing", async ({ app, engine }) => {
    const inbox = await createInbox(engine, { name: 'Refused target' })
    await post(inbox.url, '{"id":"evt_refused_1","type":"invoice.paid"}')
    const requests = new RequestsPage(app)
    const replay = new ReplayPage(app)
    await app.goto(inboxPage(engine, inbox.id))
    await requests.open('evt_refused_1')
    await replay.openDialog()

    // A well-formed URL the form lets through, longer than the engine takes.
    const before = sink.received.length
    const url = replay.dialog().getByLabel('Target URL')
    await replay.send(`${sink.url}/${'a'.repeat(4000)}`)
    const field = replay.dialog().locator('.field').filter({ has: app.getByLabel('Target URL') })
    await expect(field.locator('.field-message')).toHaveText('Target URL must be at most 4000 characters long.')
    await expect(url).toBeFocused()
    await expect(replay.dialog().getByTestId('replay-failure')).toHaveCount(0)
    await expect(replay.result()).toHaveCount(0)
    await app.screenshot({ path: 'test-results/replay-url-refused.png' })
    const [captured] = await listOf(engine, inbox.id)
    expect((await engine.call('GET', `/api/requests/${captured!.id}/replays`)).body.items).toEqual([])
    expect(sink.received.length).toBe(before)

    // Fixed, it goes on Enter in the field (the footer's button submits the form), and the message goes with the error.
    await url.fill(`${sink.url}/fixed`)
    await url.press('Enter')
    await expect(replay.result().getByTestId('replay-status')).toHaveText('202 Accepted')
    await expect(field.locator('.field-message')).toHaveCount(0)
    await replay.close()
  })

  test('a stale signature fails at a twin inbox until the replay is re-signed', async ({ app, engine }) => {
    const verification = { profileId: 'stripe', secrets: [{ value: SECRET, label: 'current' }] }
    const source = await createInbox(engine, { name: 'Stripe source', verification })
    const twin = await createInbox(engine, { name: 'Stripe twin', verification })
    const body = JSON.stringify({ id: 'evt_resign_1', type: 'charge.succeeded', data: { object: { id: 'ch_1' } } })
    // signed an hour ago: past Stripe's 5-minute tolerance
    await post(source.url, body, { 'stripe-signature': stripeSignature(SECRET, body, Math.floor(Date.now() / 1000) - 3600) })

    const requests = new RequestsPage(app)
    const replay = new ReplayPage(app)
    await app.goto(inboxPage(engine, source.id))
    await requests.open('evt_resign_1')
    await expect(requests.verdict()).toHaveText(/stale/i)
    await replay.openDialog()
    await replay.send(twin.url)
    await expect(replay.result().getByTestId('replay-status')).toHaveText('200 OK')
    await expect.poll(async () => (await listOf(engine, twin.id)).map((r) => r.verdict)).toEqual(['stale_timestamp'])

    await replay.resign('stripe', { useInboxSecret: true })
    await replay.dialog().getByRole('radio', { name: 'New id' }).click()
    await replay.dialog().getByRole('button', { name: 'Send again' }).click()
    await expect(replay.result()).toContainText('re-signed')
    await expect.poll(async () => (await listOf(engine, twin.id)).map((r) => r.verdict)).toEqual(['valid', 'stale_timestamp'])
    await app.screenshot({ path: 'test-results/replay-resigned.png' })
    await replay.close()

    // the twin shows it verified, with a new event id
    await app.goto(inboxPage(engine, twin.id))
    await expect(requests.rows()).toHaveCount(2)
    await expect(requests.rows().first()).toContainText('valid')
    // compared whole: the fresh id keeps the prefix and its random tail may begin with a 1
    const fresh = (await listOf(engine, twin.id))[0]!.eventId
    expect(fresh).toMatch(/^evt_resign_/)
    expect(fresh).not.toBe('evt_resign_1')
    await expect(requests.rows().first()).toContainText(fresh!)
  })

  test('bulk replays the filtered requests with live progress, and stops on demand', async ({ app, engine }) => {
    const inbox = await createInbox(engine, { name: 'Bulk source' })
    for (let i = 1; i <= 6; i++) {
      const type = i % 3 === 0 ? 'invoice.failed' : 'invoice.paid'
      await post(`${inbox.url}/n${i}`, JSON.stringify({ id: `evt_bulk_${i}`, type, data: { n: i } }))
    }
    const requests = new RequestsPage(app)
    const replay = new ReplayPage(app)
    await app.goto(inboxPage(engine, inbox.id))
    await expect(requests.rows()).toHaveCount(6)
    await app.getByRole('combobox', { name: 'Event type' }).fill('invoice.paid')
    await app.getByRole('combobox', { name: 'Event type' }).press('Enter')
    await expect(requests.count()).toHaveText('4 matching')

    await replay.openBulk()
    const dialog = replay.bulkDialog()
    await expect(dialog).toContainText('All 4 requests matching the current filters')
    await dialog.getByLabel('Target URL').fill(`${sink.url}/bulk`)
    await dialog.getByLabel('Rate (requests per second)').fill('20')
    const before = sink.received.length
    await dialog.getByRole('button', { name: 'Replay 4' }).click()
    const progress = replay.progress(dialog)
    await expect(progress).toHaveAttribute('data-state', 'done')
    await expect(progress.getByTestId('bulk-sent')).toHaveText('4 / 4 sent')
    await expect(progress.getByTestId('bulk-ok')).toHaveText('4 2xx')
    await expect(progress.getByTestId('bulk-failed')).toHaveText('0 failed')
    await expect(progress.getByTestId('bulk-summary')).toContainText('All 4 sent: 4 answered 2xx')
    await app.screenshot({ path: 'test-results/replay-bulk-done.png' })
    // oldest first, only the filtered ones
    expect((await sink.waitFor(before + 4)).slice(before).map((r) => r.url)).toEqual(['/bulk', '/bulk', '/bulk', '/bulk'])
    expect(sink.received.slice(before).map((r) => JSON.parse(r.body.toString()).id)).toEqual(['evt_bulk_1', 'evt_bulk_2', 'evt_bulk_4', 'evt_bulk_5'])
    await dialog.getByRole('button', { name: 'Close' }).first().click()
    await expect(app.getByTestId('bulk-strip')).toContainText('4 / 4 sent')
    await app.getByTestId('bulk-strip').getByRole('button', { name: 'Dismiss' }).click()

    // the ticked requests at one per second, stopped after the first
    await app.getByRole('button', { name: 'Clear filters' }).click()
    await expect(requests.rows()).toHaveCount(6)
    for (const n of [6, 3, 2]) await requests.select(`evt_bulk_${n}`)
    await replay.openBulk()
    await expect(dialog).toContainText('The 3 ticked requests')
    await dialog.getByLabel('Rate (requests per second)').fill('0.5')
    await dialog.getByRole('button', { name: 'Replay 3' }).click()
    await expect(progress.getByTestId('bulk-sent')).toHaveText('1 / 3 sent')
    await app.screenshot({ path: 'test-results/replay-bulk-running.png' })
    await progress.getByRole('button', { name: 'Stop' }).click()
    await expect(progress).toHaveAttribute('data-state', 'stopped')
    await expect(progress.getByTestId('bulk-summary')).toContainText('Stopped after 1 of 3')
    expect(JSON.parse(sink.received.at(-1)!.body.toString()).id).toBe('evt_bulk_2')
  })

  test('resends a delivery attempt to another URL, copies it as a snippet, and re-fires its event to another webhook', async ({ app, engine, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'])
    const target = await startSink()
    const second = await startSink()
    try {
      const wh = await engine.call('POST', '/api/webhooks', { name: 'Resend source', url: `${target.url}/orig`, profileId: 'workestra', events: ['*'], allowLocal: true })
      expect(wh.status).toBe(201)
      const fired = (await engine.call('POST', '/api/events', { type: 'deal.created', profileId: 'workestra', webhookIds: [wh.body.id] })).body
      const deliveryId = fired.deliveries[0].id as string
      await app.goto(`${engine.ui.split('?')[0]}#/deliveries/${deliveryId}`)
      const attempt = app.locator('[data-testid="attempt"][data-n="1"]')
      await expect(attempt).toHaveAttribute('data-outcome', 'succeeded')
      await attempt.getByRole('group', { name: 'Copy as' }).getByRole('button', { name: 'fetch' }).click()
      expect(await app.evaluate(() => navigator.clipboard.readText())).toContain(`await fetch(${JSON.stringify(`${target.url}/orig`)}`)
      await attempt.screenshot({ path: 'test-results/replay-attempt-actions.png' })

      await attempt.getByRole('button', { name: 'Resend to URL…' }).click()
      const dialog = app.getByTestId('resend-dialog')
      await dialog.getByLabel('Target URL').fill(`${sink.url}/resent`)
      const before = sink.received.length
      await dialog.getByRole('button', { name: 'Resend', exact: true }).click()
      await expect(dialog.getByTestId('replay-status')).toHaveText('202 Accepted')
      const [got] = (await sink.waitFor(before + 1)).slice(before)
      expect(got!.url).toBe('/resent')
      const sent = (await engine.call('GET', `/api/deliveries/${deliveryId}`)).body.attempts[0].request as { body: string; bodyEncoding: 'utf8' | 'base64' }
      expect(got!.body.equals(Buffer.from(sent.body, sent.bodyEncoding === 'base64' ? 'base64' : 'utf8'))).toBe(true)
      await app.screenshot({ path: 'test-results/replay-resend.png' })
      await dialog.getByRole('button', { name: 'Close' }).first().click()

      // listed under the delivery with its status, URL and attempt; one made elsewhere (the API) appears live
      const deliveries = new DeliveriesPage(app)
      await expect(deliveries.resends()).toHaveCount(1)
      await expect(deliveries.resends().first()).toContainText('202 Accepted')
      await expect(deliveries.resends().first()).toContainText(`POST ${sink.url}/resent`)
      await expect(deliveries.resends().first()).toContainText('attempt #1')
      await engine.call('POST', `/api/deliveries/${deliveryId}/resend`, { url: `${sink.url}/again`, attempt: 1 })
      await expect(deliveries.resends()).toHaveCount(2)
      const newest = deliveries.resends().first()
      await expect(newest).toContainText(`${sink.url}/again`)
      await expect(newest.getByTestId('replay-item-duration')).toHaveText(/\d+ ms|s$/)
      await newest.getByRole('group', { name: 'Copy as' }).getByRole('button', { name: 'cURL' }).click()
      expect(await app.evaluate(() => navigator.clipboard.readText())).toContain(`curl -X POST '${sink.url}/again'`)
      await app.screenshot({ path: 'test-results/replay-resends.png', fullPage: true })

      // the same event (id, time, data) to another webhook of its profile
      const other = await engine.call('POST', '/api/webhooks', { name: 'Second environment', url: `${second.url}/env2`, profileId: 'workestra', events: ['*'], allowLocal: true })
      expect(other.status).toBe(201)
      await app.getByRole('button', { name: 'Re-fire to other webhooks…' }).click()
      const refire = app.getByTestId('refire-dialog')
      await expect(refire.getByRole('listitem').filter({ hasText: 'Resend source' })).toContainText('already sent')
      await refire.getByRole('checkbox', { name: 'Re-fire to Second environment' }).check()
      await refire.getByRole('button', { name: 'Re-fire to 1 webhook' }).click()
      await expect(refire.getByTestId('refire-done')).toContainText('Re-fired to 1 webhook.')
      await app.screenshot({ path: 'test-results/replay-refire.png' })
      // (creating the webhook sent it a test event first)
      const ofEvent = () => second.received.filter((r) => JSON.parse(r.body.toString()).id === fired.event.id)
      await expect.poll(() => ofEvent().length).toBe(1)
      expect(ofEvent()[0]!.url).toBe('/env2')
      await refire.getByRole('link', { name: 'See every delivery of this event' }).click()
      await expect(app.getByTestId('delivery-list').getByTestId('delivery-row')).toHaveCount(2)
    } finally {
      await target.close()
      await second.close()
    }
  })
})

test.describe('export and import', () => {
  test('exports a HAR from the inbox screen, with the filters applied', async ({ app, engine }) => {
    const inbox = await createInbox(engine, { name: 'Export source' })
    await post(`${inbox.url}/a`, JSON.stringify({ id: 'evt_exp_1', type: 'order.created' }), { authorization: 'Bearer sk_live_exported' })
    await post(`${inbox.url}/b`, JSON.stringify({ id: 'evt_exp_2', type: 'order.paid' }))
    await post(`${inbox.url}/c`, new Uint8Array([0, 1, 2, 255]), { 'content-type': 'application/octet-stream' })
    const requests = new RequestsPage(app)
    const replay = new ReplayPage(app)
    await app.goto(inboxPage(engine, inbox.id))
    await expect(requests.rows()).toHaveCount(3)

    // Keyboard: arrows move through the choices and download nothing; Escape closes, back on the button.
    const downloads: string[] = []
    app.on('download', (d) => downloads.push(d.suggestedFilename()))
    await replay.exportButton().focus()
    await app.keyboard.press('ArrowDown')
    await expect(replay.exportMenu()).toBeVisible()
    await expect(replay.exportMenu().getByRole('menuitem', { name: 'NDJSON', exact: true })).toBeFocused()
    await expect(replay.exportMenu().getByRole('group', { name: 'To share: credentials hidden' }).getByRole('menuitem')).toHaveCount(4)
    await expect(replay.exportMenu().getByRole('group', { name: 'As sent: Authorization, cookies and keys included' }).getByRole('menuitem')).toHaveCount(4)
    await app.keyboard.press('ArrowDown')
    await app.keyboard.press('ArrowDown')
    await expect(replay.exportMenu().getByRole('menuitem', { name: 'CSV', exact: true })).toBeFocused()
    await app.keyboard.press('End')
    await expect(replay.exportMenu().getByRole('menuitem', { name: 'HAR 1.2 (as sent)', exact: true })).toBeFocused()
    await app.keyboard.press('Escape')
    await expect(replay.exportMenu()).toBeHidden()
    await expect(replay.exportButton()).toBeFocused()
    // Enter on a choice downloads it: the only download so far.
    await app.keyboard.press('Enter')
    await expect(replay.exportMenu().getByRole('menuitem', { name: 'NDJSON', exact: true })).toBeFocused()
    await app.keyboard.press('ArrowDown')
    await app.keyboard.press('ArrowDown')
    const [csv] = await Promise.all([app.waitForEvent('download'), app.keyboard.press('Enter')])
    expect(csv.suggestedFilename()).toMatch(/\.csv$/)
    expect(downloads).toEqual([csv.suggestedFilename()])
    await expect(replay.exportButton()).toBeFocused()

    // The first choices make a file to share: credential values hidden.
    const download = await replay.exportAs('HAR 1.2')
    expect(download.suggestedFilename()).toMatch(/^hookbench-requests-.*\.har$/)
    const harText = await readFile((await download.path())!, 'utf8')
    const har = JSON.parse(harText) as { log: { version: string; comment?: string; entries: { request: { method: string; url: string; headers: { name: string; value: string }[] } }[] } }
    expect(har.log.version).toBe('1.2')
    expect(har.log.entries.map((e) => new URL(e.request.url).pathname)).toEqual([`/${inbox.slug}/a`, `/${inbox.slug}/b`, `/${inbox.slug}/c`])
    expect(har.log.entries[0]!.request.headers.find((h) => h.name.toLowerCase() === 'authorization')?.value).toBe('[redacted]')
    expect(harText).not.toContain('sk_live_exported')
    expect(har.log.comment).toMatch(/redacted/)

    await requests.search('evt_exp_1')
    await expect(requests.count()).toHaveText('1 matching')
    const filtered = await replay.exportAs('NDJSON (as sent)')
    const lines = (await readFile((await filtered.path())!, 'utf8')).trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain('evt_exp_1')
    expect(lines[0]).toContain('Bearer sk_live_exported')
  })

  test('imports a HAR and an NDJSON export into another inbox, and refuses a corrupt file with its reason', async ({ app, engine }) => {
    const source = await createInbox(engine, { name: 'Import source' })
    const bytes = new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x31, 0x7d, 0x00, 0xff])
    await post(`${source.url}/one`, JSON.stringify({ id: 'evt_imp_1', type: 'user.created' }))
    await post(`${source.url}/two`, bytes, { 'content-type': 'application/octet-stream' })
    const dir = tmpdir()
    const harPath = join(dir, `hb-e2e-${source.id}.har`)
    const ndjsonPath = join(dir, `hb-e2e-${source.id}.ndjson`)
    const fetchExport = async (format: string) => {
      const res = await fetch(`${engine.api.replace(/\/api$/, '')}/api/export/requests?format=${format}&inboxId=${source.id}`, { headers: { authorization: `Bearer ${engine.token}` } })
      expect(res.status).toBe(200)
      return Buffer.from(await res.arrayBuffer())
    }
    await writeFile(harPath, await fetchExport('har'))
    await writeFile(ndjsonPath, await fetchExport('ndjson'))

    const target = await createInbox(engine, { name: 'Import target' })
    const requests = new RequestsPage(app)
    const replay = new ReplayPage(app)
    await app.goto(inboxPage(engine, target.id))
    await expect(app.getByTestId('waiting-for-requests')).toBeVisible()

    await replay.importInput().setInputFiles(harPath)
    await expect(replay.importNotice()).toContainText(/Imported 2 requests from .*\.har \(HAR\)/)
    await expect(requests.rows()).toHaveCount(2)
    await requests.open('/two')
    await expect(requests.detail().getByTestId('request-body')).toHaveAttribute('data-kind', 'binary')

    await replay.importInput().setInputFiles(ndjsonPath)
    await expect(replay.importNotice()).toContainText('Imported 2 requests')
    await expect(requests.rows()).toHaveCount(4)
    // byte for byte: the imported body is the captured one
    const imported = (await listOf(engine, target.id)).find((r) => r.path.endsWith('/two'))!
    const detail = (await engine.call('GET', `/api/requests/${imported.id}`)).body as { bodyBase64: string }
    expect(Buffer.from(detail.bodyBase64, 'base64').equals(Buffer.from(bytes))).toBe(true)
    await app.screenshot({ path: 'test-results/import-done.png' })

    await replay.importInput().setInputFiles({ name: 'broken.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from('{"not":"a request"}\n{oops\n') })
    await expect(replay.importNotice()).toHaveAttribute('role', 'alert')
    await expect(replay.importNotice()).toContainText('broken.ndjson was not imported:')
    await expect(replay.importNotice()).toContainText(/line \d/i)
    await expect(requests.rows()).toHaveCount(4)
  })
})

test.describe('network settings', () => {
  test('copies the UI and API docs URLs with the access token, so they open as pasted', async ({ app, engine, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'])
    await app.goto(`${engine.ui.split('?')[0]}#/settings`)
    const urls = app.getByTestId('settings-urls')
    const row = (label: string) => urls.locator('dd').nth(['UI', 'API', 'Inboxes', 'API docs'].indexOf(label))
    await expect(row('API docs')).toContainText('Copy includes the access token')
    await expect(row('API docs').locator('code')).not.toContainText('token')

    await row('API docs').getByRole('button', { name: 'Copy' }).click()
    const docs = await app.evaluate(() => navigator.clipboard.readText())
    expect(docs.startsWith(`${engine.api}/docs?token=`)).toBe(true)
    expect((await fetch(docs)).status).toBe(200)

    await row('UI').getByRole('button', { name: 'Copy' }).click()
    const ui = await app.evaluate(() => navigator.clipboard.readText())
    expect(new URL(ui).searchParams.get('token')).toBe(new URL(engine.ui).searchParams.get('token'))
  })

  test('shows the bind and URLs, exposes the inboxes with a warning, serves HTTPS with its certificate, and goes back to loopback', async ({ app, engine }) => {
    const replay = new ReplayPage(app)
    const port = new URL(engine.ingest).port
    await app.goto(`${engine.ui.split('?')[0]}#/settings`)
    const section = replay.network()
    await expect(section.getByTestId('network-bind')).toHaveText(`127.0.0.1:${port}`)
    await expect(section.getByTestId('exposure-badge')).toHaveText('this machine only')
    await expect(section.getByTestId('network-url').first()).toContainText(engine.ingest)
    await expect(section.getByTestId('exposure-warning')).toHaveCount(0)

    // choosing every interface says what it means before applying
    await section.getByRole('radio', { name: /^0\.0\.0\.0/ }).check()
    await expect(section.getByTestId('exposure-warning')).toContainText('This exposes your inboxes.')
    await expect(section.getByTestId('exposure-warning')).toContainText('127.0.0.1')
    await section.getByRole('button', { name: 'Apply' }).click()
    await expect(section.getByTestId('network-bind')).toHaveText(`0.0.0.0:${port}`)
    await expect(section.getByTestId('exposure-badge')).toHaveText('exposed on the network')
    await expect(section.getByTestId('exposure-warning')).toContainText('Your inboxes are exposed.')
    await app.screenshot({ path: 'test-results/settings-network-exposed.png', fullPage: true })

    // HTTPS: a certificate with its fingerprint and a download
    await replay.bind('127.0.0.1', { tls: true })
    await expect(section.getByTestId('tls-badge')).toHaveText('HTTPS')
    await expect(section.getByTestId('network-url').first()).toContainText(`https://127.0.0.1:${port}`)
    await expect(section.getByTestId('cert-fingerprint')).toHaveText(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)
    const [pem] = await Promise.all([app.waitForEvent('download'), section.getByRole('button', { name: 'Download certificate (.pem)' }).click()])
    expect(await readFile((await pem.path())!, 'utf8')).toContain('-----BEGIN CERTIFICATE-----')
    await app.screenshot({ path: 'test-results/settings-network-https.png', fullPage: true })

    // the inbox screen shows its HTTPS URL and the compact settings
    const inbox = await createInbox(engine, { name: 'Network inbox' })
    await app.goto(inboxPage(engine, inbox.id))
    await expect(app.getByTestId('inbox-url').first()).toContainText(`https://127.0.0.1:${port}/${inbox.slug}`)
    await app.getByRole('button', { name: /^Network/ }).click()
    const dialog = app.getByTestId('network-dialog')
    await expect(replay.network(dialog).getByTestId('network-url').first()).toHaveText(`https://127.0.0.1:${port}/${inbox.slug}`)
    await app.screenshot({ path: 'test-results/inbox-network-dialog.png' })
    await app.emulateMedia({ colorScheme: 'dark' })
    await app.screenshot({ path: 'test-results/inbox-network-dialog-dark.png' })

    // back to plain HTTP on loopback, as the other tests expect
    await replay.bind('127.0.0.1', { tls: false }, dialog)
    await expect(replay.network(dialog).getByTestId('tls-badge')).toHaveText('HTTP')
    await dialog.getByRole('button', { name: 'Close' }).click()
    await expect(app.getByTestId('inbox-url').first()).toHaveText(`http://127.0.0.1:${port}/${inbox.slug}`)
    const settings = (await engine.call('GET', '/api/settings/ingest')).body
    expect(settings).toMatchObject({ host: '127.0.0.1', tls: false, exposed: false })
  })
})
