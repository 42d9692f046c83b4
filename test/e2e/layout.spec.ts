import { expect, test } from './fixtures'
import { InboxesPage } from './pages/inboxes'
import { post, RequestsPage } from './pages/requests'
import { WebhooksPage } from './pages/webhooks'
import type { Locator, Page } from '@playwright/test'

/**
 * Long values (a 3 500-character request target, an 800-character webhook URL) and the minimum
 * window size (1024x700) must not push titles, tabs, columns or row actions out of sight.
 * Geometry only: bounding boxes against the viewport, never timings.
 */

const WIDE = { width: 1400, height: 900 }
const NARROW = { width: 1024, height: 700 }

/** Every element the locator matches lies inside the viewport horizontally (and is not squeezed to nothing). */
async function expectInsideViewport(page: Page, locator: Locator) {
  const width = page.viewportSize()!.width
  const boxes = await locator.evaluateAll((els) => els.map((el) => el.getBoundingClientRect().toJSON() as DOMRect))
  expect(boxes.length).toBeGreaterThan(0)
  for (const b of boxes) {
    expect(b.left).toBeGreaterThanOrEqual(0)
    expect(b.right).toBeLessThanOrEqual(width)
    expect(b.width).toBeGreaterThan(0)
  }
}

/** The main area scrolls vertically only: nothing in it is wider than it. */
async function expectNoSidewaysScroll(page: Page) {
  const [scroll, client] = await page.locator('main').evaluate((m) => [m.scrollWidth, m.clientWidth])
  expect(scroll).toBeLessThanOrEqual(client)
}

/** A button whose label is laid out on one line, not one letter per line. */
async function expectOneLineButton(button: Locator) {
  const box = (await button.boundingBox())!
  expect(box.height).toBeLessThan(40)
  expect(box.width).toBeGreaterThan(box.height)
}

/**
 * Nothing in a table row spills out of its cell onto its neighbour: every element lies inside its
 * cell, an element that clips (overflow other than visible, e.g. an ellipsized name) by its own box.
 */
async function expectCellsHoldTheirContent(row: Locator) {
  const spills = await row.locator(':scope > td').evaluateAll((cells) =>
    cells.flatMap((td, column) => {
      const cell = td.getBoundingClientRect()
      const out: string[] = []
      const visit = (el: Element) => {
        const b = el.getBoundingClientRect()
        if (b.width > 0 && (b.left < cell.left - 1 || b.right > cell.right + 1)) out.push(`column ${column + 1}: <${el.tagName.toLowerCase()} class="${el.className}"> ${Math.round(b.left)}..${Math.round(b.right)} outside ${Math.round(cell.left)}..${Math.round(cell.right)}`)
        if (getComputedStyle(el).overflowX === 'visible') for (const child of el.children) visit(child)
      }
      for (const child of td.children) visit(child)
      return out
    }),
  )
  expect(spills).toEqual([])
}

/** The last character of the element's text is drawn inside the element (not cut off by an ellipsis or its clip). */
async function expectEndShown(locator: Locator) {
  const [end, box] = await locator.evaluate((el) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT)
    let last: Text | null = null
    while (walker.nextNode()) if ((walker.currentNode as Text).data.trim()) last = walker.currentNode as Text
    const range = document.createRange()
    range.setStart(last!, last!.data.trimEnd().length - 1)
    range.setEnd(last!, last!.data.trimEnd().length)
    return [range.getBoundingClientRect().toJSON() as DOMRect, el.getBoundingClientRect().toJSON() as DOMRect]
  })
  expect(end.width).toBeGreaterThan(0)
  expect(end.right).toBeLessThanOrEqual(box.right + 1)
  expect(end.left).toBeGreaterThanOrEqual(box.left - 1)
}

/**
 * The element's text breaks only between pieces (words, or an event type's dot-separated parts,
 * the dot staying with the part before it): no piece is split across lines, and the last piece is
 * drawn in full (not cut by an ellipsis).
 */
async function expectBrokenOnlyBetween(locator: Locator, pieces: 'words' | 'dotted') {
  const split = await locator.evaluate((el, mode) => {
    const text = el.textContent ?? ''
    const re = mode === 'words' ? /\S+/g : /[^.\s]+\.?/g
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT)
    const nodes: Text[] = []
    while (walker.nextNode()) nodes.push(walker.currentNode as Text)
    // map an offset in textContent to its text node
    const at = (offset: number): [Text, number] => {
      for (const n of nodes) {
        if (offset <= n.data.length) return [n, offset]
        offset -= n.data.length
      }
      return [nodes.at(-1)!, nodes.at(-1)!.data.length]
    }
    const box = el.getBoundingClientRect()
    const bad: string[] = []
    for (const m of text.matchAll(re)) {
      const range = document.createRange()
      range.setStart(...at(m.index!))
      range.setEnd(...at(m.index! + m[0].length))
      const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)))
      const r = range.getBoundingClientRect()
      if (lines.size > 1) bad.push(`"${m[0]}" split over ${lines.size} lines`)
      else if (r.right > box.right + 1) bad.push(`"${m[0]}" cut at the edge`)
    }
    return bad
  }, pieces)
  expect(split).toEqual([])
}

/** A select shows its chosen option whole (not "HMAC-SHA256 (…" or "u…"), beside the room its arrow takes. */
async function expectSelectShowsChoice(select: Locator) {
  const [text, needed, room] = await select.evaluate((el: HTMLSelectElement) => {
    const style = getComputedStyle(el)
    const probe = document.createElement('span')
    probe.textContent = el.selectedOptions[0]?.text ?? ''
    probe.style.font = style.font
    probe.style.whiteSpace = 'pre'
    probe.style.position = 'absolute'
    document.body.append(probe)
    const width = probe.getBoundingClientRect().width
    probe.remove()
    // the text starts after the left padding; Chromium draws the arrow in about 20 px at the right
    return [probe.textContent, width + parseFloat(style.paddingLeft) + 20, el.clientWidth] as const
  })
  expect(needed, `"${text}" needs ${Math.round(needed)} px, the select has ${room}`).toBeLessThanOrEqual(room)
}

/** A text input shows its whole value (it does not scroll inside itself). */
async function expectInputShowsValue(input: Locator) {
  const [value, scroll, client] = await input.evaluate((el: HTMLInputElement) => [el.value, el.scrollWidth, el.clientWidth] as const)
  expect(scroll, `"${value}" is wider than its input`).toBeLessThanOrEqual(client)
}

const origin = (ui: string) => ui.split('?')[0]!

test.describe('layout with long values and at the minimum window size', () => {
  const created: { inboxes: string[]; webhooks: string[] } = { inboxes: [], webhooks: [] }
  test.afterEach(async ({ engine }) => {
    for (const id of created.webhooks.splice(0)) await engine.call('DELETE', `/api/webhooks/${id}`)
    for (const id of created.inboxes.splice(0)) await engine.call('DELETE', `/api/inboxes/${id}`)
  })

  async function inbox(engine: { call: (m: string, p: string, b?: unknown) => Promise<{ body: any }> }, name: string, more: Record<string, unknown> = {}) {
    const { body } = await engine.call('POST', '/api/inboxes', { name, ...more })
    created.inboxes.push(body.id)
    return body as { id: string; url: string; slug: string }
  }

  async function webhook(engine: { call: (m: string, p: string, b?: unknown) => Promise<{ body: any; status: number }> }, name: string, url: string, events = ['*']) {
    const res = await engine.call('POST', '/api/webhooks', { name, url, profileId: 'stripe', events, allowLocal: true })
    expect(res.status).toBe(201)
    created.webhooks.push(res.body.id)
    return res.body as { id: string; url: string }
  }

  test('a 3 500-character request target stays on one line: verdict and tabs stay near the top, the full target a click away', async ({ app, engine }) => {
    await app.setViewportSize(WIDE)
    const box = await inbox(engine, 'Long path')
    const target = `/${'p'.repeat(2000)}?q=${'q'.repeat(1500)}`
    await post(`${box.url}${target}`, '{"ok":true}')
    const requests = new RequestsPage(app)
    await app.goto(`${origin(engine.ui)}#/inboxes/${box.id}`)
    await requests.open(/pppp/)

    const path = requests.detail().locator('.detail-path')
    expect((await path.boundingBox())!.height).toBeLessThan(30)
    expect((await requests.detail().locator('.detail-header').boundingBox())!.height).toBeLessThan(120)
    const bodyTab = (await requests.detail().getByRole('tab', { name: 'Body' }).boundingBox())!
    expect(bodyTab.y + bodyTab.height).toBeLessThan(WIDE.height)
    await expect(requests.verdict()).toBeInViewport()
    await expect(path).toHaveAttribute('title', `/${box.slug}${target}`)

    // the whole target, broken across the pane in a bounded box
    await requests.detail().getByRole('button', { name: /^all 3,5\d\d chars$/ }).click()
    await expect(path).toHaveClass(/expanded/)
    expect((await path.boundingBox())!.height).toBeLessThan(200)
    await expect(requests.detail().getByRole('tab', { name: 'Body' })).toBeVisible()
    await requests.detail().getByRole('button', { name: 'one line' }).click()
    expect((await path.boundingBox())!.height).toBeLessThan(30)
    await app.screenshot({ path: 'test-results/layout-long-path.png' })

    // dialogs named after the request keep their title to one line and their buttons in view
    await requests.detail().getByRole('button', { name: 'Replay…' }).click()
    const replay = app.getByTestId('replay-dialog')
    expect((await replay.getByRole('heading', { level: 2 }).first().boundingBox())!.height).toBeLessThan(40)
    await expect(replay.getByRole('button', { name: 'Send replay' })).toBeInViewport()
    await replay.getByRole('button', { name: 'Cancel' }).click()
    await requests.detail().getByRole('button', { name: 'Delete', exact: true }).click()
    const confirm = app.getByRole('dialog', { name: 'Delete request' })
    await expect(confirm.getByRole('button', { name: 'Delete' })).toBeInViewport()
    expect((await confirm.locator('.dialog-body').boundingBox())!.height).toBeLessThan(300)
    await confirm.getByRole('button', { name: 'Cancel' }).click()
  })

  test('the JSON tree wraps a 3 000-character key inside its box and keeps "show all" of a 200 000-character value on one line', async ({ app, engine }) => {
    const box = await inbox(engine, 'Long JSON')
    await post(box.url, JSON.stringify({ type: 'long.word', token: 'x'.repeat(200_000), ['k'.repeat(3000)]: 'v' }), { 'content-type': 'application/json' })
    const requests = new RequestsPage(app)
    for (const size of [{ width: 1360, height: 860 }, NARROW]) {
      await app.setViewportSize(size)
      await app.goto(`${origin(engine.ui)}#/inboxes/${box.id}`)
      await requests.open('long.word')
      const tree = requests.detail().getByTestId('json-tree')
      const root = tree.locator('.jt-root')
      // no sideways scroll inside the tree: the long key breaks across lines
      const [scroll, client] = await root.evaluate((el) => [el.scrollWidth, el.clientWidth])
      expect(scroll).toBeLessThanOrEqual(client)
      const key = tree.locator('.jt-key').filter({ hasText: 'kkkk' })
      expect((await key.boundingBox())!.height).toBeGreaterThan(40)
      await expectInsideViewport(app, key)
      // its value is drawn inside the tree, not past its right edge
      const value = tree.locator('.jt-string').filter({ hasText: /^"v"$/ })
      const rootBox = (await root.boundingBox())!
      const valueBox = (await value.boundingBox())!
      expect(valueBox.x + valueBox.width).toBeLessThanOrEqual(rootBox.x + rootBox.width)
      // the toggle of the long value reads as a button, not a column of letters
      await expectOneLineButton(tree.getByRole('button', { name: 'show all 200,000 chars' }))
      await expectNoSidewaysScroll(app)
      await app.screenshot({ path: `test-results/layout-json-tree-${size.width}.png` })
    }
  })

  test('at 1024x700 the request detail header is usable: path on one line, actions and tabs inside the window', async ({ app, engine }) => {
    await app.setViewportSize(NARROW)
    const box = await inbox(engine, 'Narrow detail')
    await post(`${box.url}/stripe-in`, JSON.stringify({ id: 'evt_narrow', type: 'customer.created' }))
    const requests = new RequestsPage(app)
    await app.goto(`${origin(engine.ui)}#/inboxes/${box.id}`)
    await requests.open('evt_narrow')

    const header = requests.detail().locator('.detail-header')
    const path = requests.detail().locator('.detail-path')
    await expect(path).toHaveText(`/${box.slug}/stripe-in`)
    // one line, wide enough for the short path (it was drawn one character per line)
    const pathBox = (await path.boundingBox())!
    expect(pathBox.height).toBeLessThan(30)
    expect(pathBox.width).toBeGreaterThan(80)
    await expectInsideViewport(app, header.getByRole('button'))
    await expectInsideViewport(app, requests.detail().getByRole('tab'))
    for (const name of ['Replay…', 'Download body', 'Delete']) await expectOneLineButton(header.getByRole('button', { name, exact: true }))
    // the method label is not drawn under the actions
    const method = (await header.locator('.method').boundingBox())!
    const replay = (await header.getByRole('button', { name: 'Replay…' }).boundingBox())!
    expect(method.y + method.height <= replay.y || method.x + method.width <= replay.x).toBe(true)
    await expectNoSidewaysScroll(app)
    await app.screenshot({ path: 'test-results/layout-narrow-detail.png' })
  })

  test('at 1024x700 a 3 000-character event type and id stay inside the overview card: cut, with the whole value a click away', async ({ app, engine }) => {
    await app.setViewportSize(NARROW)
    const box = await inbox(engine, 'Long event')
    const type = 'x'.repeat(3000)
    const id = 'y'.repeat(3000)
    await post(box.url, JSON.stringify({ type, id }))
    const requests = new RequestsPage(app)
    await app.goto(`${origin(engine.ui)}#/inboxes/${box.id}`)
    await requests.open(/xxxx/)

    const pane = requests.detail().locator('xpath=..')
    const overview = requests.detail().getByTestId('request-overview')
    const fits = async () => {
      for (const el of [pane, overview]) {
        const [scroll, client] = await el.evaluate((e) => [e.scrollWidth, e.clientWidth])
        expect(scroll).toBeLessThanOrEqual(client)
      }
      await expectInsideViewport(app, overview.locator('dd'))
      await expectNoSidewaysScroll(app)
    }
    await fits()
    // cut: the tabs stay near the top, each value has its toggle
    // (the engine keeps the first 500 characters of an event id)
    const toggles = overview.getByRole('button', { name: /^show all [\d,]+ chars$/ })
    await expect(toggles).toHaveCount(2)
    await expect(requests.detail().getByRole('tab', { name: 'Body' })).toBeInViewport()
    // whole: broken across the card, still inside it
    await toggles.first().click()
    await toggles.last().click()
    await expect(overview).toContainText(type)
    await expect(overview).toContainText(id.slice(0, 500))
    await fits()
    await app.screenshot({ path: 'test-results/layout-long-event.png' })
  })

  test('a webhook with an 800-character URL keeps every column and its row actions in view, in the list and the deliveries log', async ({ app, engine }) => {
    const longUrl = `http://127.0.0.1:9/api/${'segment-'.repeat(60)}?token=${'z'.repeat(300)}`
    // a long name too: it is an option of the Deliveries screen's webhook filter
    const long = await webhook(engine, `Long URL ${'n'.repeat(300)}`, longUrl)
    await webhook(engine, 'Short one', 'http://127.0.0.1:9/short')
    const fired = await engine.call('POST', '/api/events', { type: 'payment_intent.created', profileId: 'stripe', webhookIds: [long.id] })
    expect(fired.status).toBe(201)
    const webhooks = new WebhooksPage(app)

    for (const size of [WIDE, NARROW]) {
      await app.setViewportSize(size)
      await webhooks.open()
      await expect(webhooks.row('Long URL')).toBeVisible()
      await expectInsideViewport(app, webhooks.list().getByRole('button', { name: /^(Test|Pause)$/ }))
      await expectInsideViewport(app, webhooks.list().locator('th'))
      await expect(webhooks.row('Long URL').getByTitle(longUrl)).toBeVisible()
      await expectNoSidewaysScroll(app)
    }
    await app.screenshot({ path: 'test-results/layout-webhook-list-1024.png' })

    await app.setViewportSize(WIDE)
    await app.goto(`${origin(engine.ui)}#/deliveries`)
    const row = app.locator(`[data-testid="delivery-row"]`).filter({ hasText: 'payment_intent.created' }).first()
    await expect(row).toBeVisible()
    await expectInsideViewport(app, app.getByTestId('delivery-list').locator('th'))
    await expectInsideViewport(app, row.locator('td'))
    await expectNoSidewaysScroll(app)
    await app.screenshot({ path: 'test-results/layout-deliveries.png' })

    // its page at the minimum size: the actions go below the title rather than squeeze the URL line
    await app.setViewportSize(NARROW)
    await row.click()
    const head = app.getByTestId('delivery-detail').locator('.detail-head')
    await expect(head.getByRole('button', { name: 'Retry now' }).or(head.getByRole('button', { name: 'Send next retry now' }))).toBeVisible()
    expect((await head.locator('.detail-url').boundingBox())!.height).toBeLessThan(40)
    await expectInsideViewport(app, head.locator('.btn'))
    await expectNoSidewaysScroll(app)
  })

  test('at 1024x700 the inbox list keeps Edit, Clear and Delete in view and its header buttons on one row', async ({ app, engine }) => {
    await app.setViewportSize(NARROW)
    const a = await inbox(engine, 'Narrow A')
    await inbox(engine, 'Narrow B')
    await post(`${a.url}/${'deep/'.repeat(40)}end`, '{"ok":true}')
    const inboxes = new InboxesPage(app)
    await inboxes.openList()
    for (const name of ['Narrow A', 'Narrow B']) {
      const row = inboxes.row(name)
      await expectInsideViewport(app, row.getByRole('button', { name: new RegExp(`^(Edit|Clear|Delete) ${name}$`) }))
      await expectInsideViewport(app, row.locator('td'))
    }
    await expectInsideViewport(app, inboxes.table().locator('th'))
    await expectNoSidewaysScroll(app)
    const quick = (await app.getByRole('button', { name: 'Loopback quick start' }).boundingBox())!
    const create = (await app.getByRole('button', { name: 'New inbox' }).first().boundingBox())!
    expect(Math.abs(quick.y - create.y)).toBeLessThan(2)
    await app.screenshot({ path: 'test-results/layout-narrow-inboxes.png' })
  })

  test('a webhook page: the latest deliveries fit their card, and a long URL leaves its Copy button whole', async ({ app, engine }) => {
    const longUrl = `http://127.0.0.1:9/api/${'segment-'.repeat(60)}?token=${'z'.repeat(300)}`
    const long = await webhook(engine, `Long detail ${'n'.repeat(200)}`, longUrl)
    await engine.call('POST', '/api/events', { type: 'payment_intent.created', profileId: 'stripe', webhookIds: [long.id] })
    await engine.call('POST', `/api/webhooks/${long.id}/test`, {})
    const webhooks = new WebhooksPage(app)
    for (const size of [WIDE, NARROW]) {
      await app.setViewportSize(size)
      await app.goto(`${origin(engine.ui)}#/webhooks/${long.id}`)
      await expect(webhooks.detail()).toBeVisible()
      await expect(app.getByTestId('webhook-deliveries').getByTestId('delivery-row')).not.toHaveCount(0)

      // header: the Copy button beside the URL is not squeezed into a column of letters; the URL keeps to one line
      await expectOneLineButton(webhooks.detail().locator('.detail-url').getByRole('button', { name: 'Copy' }))
      expect((await webhooks.detail().locator('.detail-url').boundingBox())!.height).toBeLessThan(40)
      await expect(app.getByTestId('webhook-url')).toHaveAttribute('title', longUrl)
      // the 212-character name breaks inside the window, on three lines at most
      const title = webhooks.detail().getByRole('heading', { level: 1 })
      await expectInsideViewport(app, title)
      expect((await title.boundingBox())!.height).toBeLessThan(90)

      // the latest deliveries: no column clipped by the card
      const card = app.getByTestId('webhook-deliveries').locator('xpath=..')
      const [scroll, client] = await card.evaluate((el) => [el.scrollWidth, el.clientWidth])
      expect(scroll).toBeLessThanOrEqual(client)
      await expectInsideViewport(app, app.getByTestId('webhook-deliveries').locator('th'))
      await expectNoSidewaysScroll(app)
    }
    await app.screenshot({ path: 'test-results/layout-webhook-detail-1024.png' })
  })

  test('a held delivery keeps its row one line high: the reason is cut with its full text in a title, the event and created columns stay readable', async ({ app, engine }) => {
    const held = await webhook(engine, 'Held here', 'http://127.0.0.1:9/held', ['*'])
    await engine.call('POST', '/api/events', { type: 'payment_intent.created', profileId: 'stripe', webhookIds: [held.id] })
    await engine.call('POST', `/api/webhooks/${held.id}/pause`, {})
    await engine.call('POST', '/api/events', { type: 'customer.subscription.created', profileId: 'stripe', webhookIds: [held.id] })

    async function expectReadableHeldRow(table: Locator) {
      const row = table.locator('[data-testid="delivery-row"][data-status="held"]').first()
      await expect(row).toBeVisible()
      // the reason is one line, not a paragraph (the row may hold an event type broken after its dots)
      expect((await row.getByTestId('held-note').boundingBox())!.height).toBeLessThan(24)
      expect((await row.boundingBox())!.height).toBeLessThan(90)
      await expect(row.getByTestId('held-note')).toHaveAttribute('title', /^Held: the webhook was paused at .+; resume it \(enable\) to send\.$/)
      // the event column keeps a readable width (it was cut to three letters), the created time is not cut by the card
      expect((await row.locator('td.col-event').boundingBox())!.width).toBeGreaterThan(120)
      await expectCellsHoldTheirContent(row)
      const card = (await table.boundingBox())!
      const container = (await table.locator('xpath=..').boundingBox())!
      expect(card.x + card.width).toBeLessThanOrEqual(container.x + container.width + 1)
      await expectInsideViewport(app, table.locator('th:visible'))
    }

    for (const size of [{ width: 1360, height: 860 }, NARROW]) {
      await app.setViewportSize(size)
      await app.goto(`${origin(engine.ui)}#/webhooks/${held.id}`)
      await expectReadableHeldRow(app.getByTestId('webhook-deliveries'))
      await expectNoSidewaysScroll(app)
      await app.screenshot({ path: `test-results/layout-held-webhook-${size.width}.png` })

      await app.goto(`${origin(engine.ui)}#/deliveries`)
      await expectReadableHeldRow(app.getByTestId('delivery-list'))
      await expectNoSidewaysScroll(app)
      await app.screenshot({ path: `test-results/layout-held-deliveries-${size.width}.png` })
    }

    // the delivery's page has the whole reason
    await app.locator('[data-testid="delivery-row"][data-status="held"]').first().click()
    await expect(app.getByTestId('held-reason')).toContainText('resume it (enable) to send.')
  })

  test('at 1024x700 profile names break between words and event types after a dot, never mid-word or cut to a few letters', async ({ app, engine }) => {
    const clone = await engine.call('POST', '/api/profiles/workestra/clone', {})
    expect(clone.status).toBe(201)
    try {
      const made: string[] = []
      for (const [name, profileId, events] of [
        ['Copy subscriber', clone.body.id, ['deal.lost']],
        ['Loopback · WorkFlows', 'workflows', ['*']],
        ['Standard one', 'standard-webhooks', ['*']],
      ] as const) {
        const res = await engine.call('POST', '/api/webhooks', { name, url: 'http://127.0.0.1:9/x', profileId, events, allowLocal: true, skipVerification: true })
        expect(res.status, JSON.stringify(res.body)).toBe(201)
        created.webhooks.push(res.body.id)
        made.push(res.body.id)
      }
      expect((await engine.call('POST', '/api/events', { type: 'alert.acknowledged', profileId: 'workflows', webhookIds: [made[1]] })).status).toBe(201)
      expect((await engine.call('POST', '/api/events', { type: 'contact.created', profileId: 'standard-webhooks', webhookIds: [made[2]] })).status).toBe(201)
      await app.setViewportSize(NARROW)

      const webhooks = new WebhooksPage(app)
      await webhooks.open()
      await expect(webhooks.row('Standard one')).toContainText('Standard Webhooks')
      await app.screenshot({ path: 'test-results/layout-profile-names-1024.png' })
      for (const [name, profile] of [['Copy subscriber', clone.body.name], ['Loopback · WorkFlows', 'WorkFlows'], ['Standard one', 'Standard Webhooks']]) {
        const cell = webhooks.row(name!).locator('td.col-profile')
        await expect(cell).toHaveText(profile!)
        await expectBrokenOnlyBetween(cell.locator('.webhook-profile'), 'words')
      }

      await app.goto(`${origin(engine.ui)}#/deliveries`)
      for (const type of ['alert.acknowledged', 'contact.created']) {
        const link = app.getByTestId('delivery-list').getByRole('link', { name: type, exact: true }).first()
        await expect(link).toBeVisible()
        await expectBrokenOnlyBetween(link, 'dotted')
      }
      await expectNoSidewaysScroll(app)
      await app.screenshot({ path: 'test-results/layout-event-types-1024.png' })
    } finally {
      for (const id of created.webhooks.splice(0)) await engine.call('DELETE', `/api/webhooks/${id}`)
      await engine.call('DELETE', `/api/profiles/${clone.body.id}`)
    }
  })

  test('the webhook list at 1024x700 and 1360x860: long names, URLs and event lists stay in their columns, the actions in view', async ({ app, engine }) => {
    const target = await inbox(engine, 'Webhook target', { slug: 'webhook-target-for-the-list-layout' })
    const subscriptions = ['customer.subscription.created', 'customer.subscription.updated', 'customer.subscription.deleted', 'payment_intent.payment_failed', 'invoice.*']
    const names = [
      `Billing service — production mirror for the European customers ${'n'.repeat(60)}`,
      'Averyveryveryverylongwebhooknamewithoutanyspacesatalltoseehowitwraps',
      'Paused subscriber',
    ]
    await webhook(engine, names[0]!, `${target.url}/hooks/${'segment-'.repeat(30)}?token=${'z'.repeat(100)}`, subscriptions)
    await webhook(engine, names[1]!, `${target.url}/unbroken`, subscriptions.slice(0, 3))
    const paused = await webhook(engine, names[2]!, `${target.url}/paused`, ['*'])
    await engine.call('POST', '/api/events', { type: 'customer.subscription.created', profileId: 'stripe' })
    await engine.call('POST', `/api/webhooks/${paused.id}/pause`, {})
    await engine.call('POST', '/api/events', { type: 'customer.subscription.created', profileId: 'stripe', webhookIds: [paused.id] })
    const webhooks = new WebhooksPage(app)

    for (const size of [NARROW, { width: 1360, height: 860 }]) {
      await app.setViewportSize(size)
      await webhooks.open()
      // every row has its last delivery and success rate, and the paused one its held delivery and Resume button
      for (const name of names) await expect(webhooks.row(name)).toContainText('%')
      await expect(webhooks.row(names[2]!)).toContainText('1 held')
      await expect(webhooks.row(names[2]!).getByRole('button', { name: 'Resume' })).toBeVisible()
      await expectNoSidewaysScroll(app)
      await expectInsideViewport(app, webhooks.list().locator('th'))
      for (const name of names) {
        const row = webhooks.row(name)
        await expectCellsHoldTheirContent(row)
        await expectInsideViewport(app, row.getByRole('button'))
        for (const button of await row.getByRole('button').all()) await expectOneLineButton(button)
        // the name is the row's label: its column is wide enough for more than a few letters, on two lines at most
        expect((await row.locator('td').first().boundingBox())!.width).toBeGreaterThan(120)
        expect((await row.getByRole('link').boundingBox())!.height).toBeLessThan(42)
      }
      await app.screenshot({ path: `test-results/layout-webhook-list-${size.width}.png` })
    }
  })

  test('the inbox list at 1024x700 and 1360x860: names read on two lines at most, URLs end with their slug in view, the actions in view', async ({ app, engine }) => {
    const names = ['Production billing receiver for the EU region (staging mirror)', 'A-very-long-inbox-name-without-any-spaces-at-all-to-see-how-it-wraps', 'Short']
    const verified = await inbox(engine, names[0]!, {
      slug: 'production-billing-receiver-eu-staging-mirror',
      verification: { profileId: 'stripe', secrets: ['whsec_layout'] },
      response: { status: 200, delayMs: 150, sequence: { steps: [{ status: 500 }, { status: 500 }], repeat: true } },
    })
    const unbroken = await inbox(engine, names[1]!)
    await inbox(engine, names[2]!)
    await post(`${verified.url}/${'deep/'.repeat(40)}end`, '{"ok":true}')
    await post(`${unbroken.url}/x`, '{"ok":true}')
    const inboxes = new InboxesPage(app)

    for (const size of [NARROW, { width: 1360, height: 860 }]) {
      await app.setViewportSize(size)
      await inboxes.openList()
      await expect(inboxes.row(names[0]!).getByTestId('inbox-count')).toHaveText('1')
      await expectNoSidewaysScroll(app)
      await expectInsideViewport(app, inboxes.table().locator('th'))
      for (const th of await inboxes.table().locator('th').all()) expect((await th.boundingBox())!.height).toBeLessThan(30)
      for (const name of names) {
        const row = inboxes.row(name)
        await expectCellsHoldTheirContent(row)
        await expectInsideViewport(app, row.getByRole('button'))
        // the name's column is wide enough for more than a few letters, the name on two lines at most
        expect((await row.locator('td').first().boundingBox())!.width).toBeGreaterThan(100)
        expect((await row.getByRole('link', { name, exact: true }).boundingBox())!.height).toBeLessThan(46)
        // the URL ends with its slug in view: on one line, the origin giving way; a 45-character slug may break instead
        const url = inboxes.urls(row).first()
        if (name !== names[0]) expect((await url.boundingBox())!.height).toBeLessThan(24)
        await expectEndShown(url)
        await expectOneLineButton(row.getByRole('button', { name: 'Copy' }).first())
      }
      await app.screenshot({ path: `test-results/layout-inbox-list-${size.width}.png` })
    }

    // its page: the unbroken name breaks inside the window
    await inboxes.row(names[1]!).getByRole('link', { name: names[1]!, exact: true }).click()
    await expect(app.getByRole('heading', { level: 1, name: names[1]! })).toBeVisible()
    await expectInsideViewport(app, app.getByRole('heading', { level: 1 }))
    await expectNoSidewaysScroll(app)
  })
  test('the profile form at 1360x860 and 1024x700: the constant-header rows and their remove buttons stay in their card, selects and header names show whole', async ({ app, engine }) => {
    const clone = await engine.call('POST', '/api/profiles/workestra/clone', { name: 'Form layout' })
    expect(clone.status).toBe(201)
    try {
      for (const size of [{ width: 1360, height: 860 }, NARROW]) {
        await app.setViewportSize(size)
        await app.goto(`${origin(engine.ui)}#/profiles/${clone.body.id}/edit`)
        const form = app.getByTestId('profile-form')
        await expect(form).toBeVisible()
        await form.getByRole('button', { name: '+ Header' }).click()
        await form.getByLabel('Constant header 1 name').fill('X-Workestra-Environment')
        await form.getByLabel('Constant header 1 value').fill('staging-eu-west-1')
        await form.locator('#pf-h-ts').fill('X-Workestra-Timestamp')

        await app.screenshot({ path: `test-results/layout-profile-form-${size.width}.png`, fullPage: true })
        // the header rows, their × included, lie inside the Headers card
        const card = form.locator('.card').filter({ has: app.getByLabel('Constant header 1 name') })
        const box = (await card.boundingBox())!
        for (const el of [form.getByLabel('Constant header 1 name'), form.getByLabel('Constant header 1 value'), form.getByRole('button', { name: 'Remove constant header 1' })]) {
          const b = (await el.boundingBox())!
          expect(b.x).toBeGreaterThanOrEqual(box.x)
          expect(b.x + b.width).toBeLessThanOrEqual(box.x + box.width)
        }
        expect((await form.getByRole('button', { name: 'Remove constant header 1' }).boundingBox())!.width).toBeGreaterThan(20)
        for (const select of ['#pf-scheme', '.inline-fields select', '#pf-dv', '#pf-secret-format', '#pf-idformat'].map((css) => form.locator(css))) {
          await expectSelectShowsChoice(select)
        }
        for (const input of [form.locator('#pf-sig-headerName'), form.locator('#pf-h-ts'), form.getByLabel('Constant header 1 name')]) await expectInputShowsValue(input)
        await expectNoSidewaysScroll(app)
      }
    } finally {
      await engine.call('DELETE', `/api/profiles/${clone.body.id}`)
    }
  })

  test("a webhook's latest deliveries at 1360x860 and 1024x700 keep a short event type such as endpoint.verify on one line; the delivery names its profile", async ({ app, engine }) => {
    const clone = await engine.call('POST', '/api/profiles/workestra/clone', { name: 'My Workestra' })
    expect(clone.status).toBe(201)
    const sink = await inbox(engine, 'Verify target')
    try {
      // the handshake (endpoint.verify) and a longer type
      const res = await engine.call('POST', '/api/webhooks', { name: 'Verified one', url: sink.url, profileId: clone.body.id, events: ['*'], allowLocal: true })
      expect(res.status, JSON.stringify(res.body)).toBe(201)
      created.webhooks.push(res.body.id)
      expect((await engine.call('POST', '/api/events', { type: 'deal.stage_changed', profileId: clone.body.id, webhookIds: [res.body.id] })).status).toBe(201)
      for (const size of [{ width: 1360, height: 860 }, NARROW]) {
        await app.setViewportSize(size)
        await app.goto(`${origin(engine.ui)}#/webhooks/${res.body.id}`)
        const table = app.getByTestId('webhook-deliveries')
        const verify = table.getByRole('link', { name: 'endpoint.verify', exact: true })
        await expect(verify).toBeVisible()
        expect((await verify.boundingBox())!.height, 'endpoint.verify on one line').toBeLessThan(24)
        await expectBrokenOnlyBetween(table.getByRole('link', { name: 'deal.stage_changed', exact: true }), 'dotted')
        for (const row of await table.getByTestId('delivery-row').all()) await expectCellsHoldTheirContent(row)
        await expectNoSidewaysScroll(app)
        await app.screenshot({ path: `test-results/layout-webhook-latest-${size.width}.png` })
      }
      // the delivery's page names the profile as the list does, its id a hover away
      await app.getByTestId('webhook-deliveries').getByRole('link', { name: 'endpoint.verify', exact: true }).click()
      const profile = app.getByTestId('delivery-profile')
      await expect(profile).toHaveText('My Workestra')
      await expect(profile).toHaveAttribute('title', clone.body.id)
      await expectEndShown(profile)
    } finally {
      for (const id of created.webhooks.splice(0)) await engine.call('DELETE', `/api/webhooks/${id}`)
      await engine.call('DELETE', `/api/profiles/${clone.body.id}`)
    }
  })
})
