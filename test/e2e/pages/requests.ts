import { expect, type Locator, type Page } from '@playwright/test'
import { createHmac } from 'node:crypto'
import { request } from 'node:http'

/** Stripe's scheme: `Stripe-Signature: t=<unix>,v1=hex(HMAC-SHA256(secret, "<t>.<body>"))`. */
export function stripeSignature(secret: string, signedBody: string, t = Math.floor(Date.now() / 1000)): string {
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${signedBody}`).digest('hex')}`
}

/** A curl-like POST from the test process (not the browser) to an inbox URL. */
export async function post(url: string, body: string | Uint8Array, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : new Blob([body as BlobPart]) })
}

/** One inbox's request list, its filters and the request detail pane. */
export class RequestsPage {
  constructor(readonly page: Page) {}

  list() {
    return this.page.getByRole('list', { name: 'Requests' })
  }

  rows() {
    return this.page.getByTestId('request-row')
  }

  /** The row showing `text` (an event id, a path). */
  row(text: string | RegExp): Locator {
    return this.rows().filter({ hasText: text })
  }

  count() {
    return this.page.getByTestId('request-count')
  }

  async open(text: string | RegExp) {
    await this.row(text).getByRole('link').click()
    await expect(this.detail()).toBeVisible()
    await expect(this.detail()).toHaveAttribute('data-request-id', (await this.row(text).getAttribute('data-request-id'))!)
  }

  detail() {
    return this.page.getByTestId('request-detail')
  }

  verdict() {
    return this.page.getByTestId('detail-verdict')
  }

  async tab(name: string | RegExp) {
    await this.detail().getByRole('tab', { name }).click()
  }

  async search(text: string) {
    await this.page.getByRole('searchbox', { name: 'Search requests' }).fill(text)
    await this.page.getByRole('searchbox', { name: 'Search requests' }).press('Enter')
  }

  async select(text: string | RegExp) {
    await this.row(text).getByRole('checkbox').check()
  }

  compareButton() {
    return this.page.getByRole('button', { name: /^Compare/ })
  }

  compareView() {
    return this.page.getByTestId('compare-view')
  }
}

/**
 * A POST with repeated header lines (`fetch` joins repeated headers into one "a, b" value;
 * node:http sends one line per array item, as a proxy or a sloppy sender would). node:http writes
 * the header strings in the first chunk's encoding: UTF-8 with a string body, one byte per
 * character with a byte body (to send exact header bytes).
 */
export function postRaw(url: string, body: string | Uint8Array, headers: Record<string, string | string[]>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    })
    req.on('error', reject)
    req.end(body)
  })
}
