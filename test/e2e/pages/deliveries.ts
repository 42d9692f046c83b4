import { expect, type Page } from '@playwright/test'
import { ScreenPage } from './shell'

/** The Deliveries screen: the live log and a delivery's attempt timeline. */
export class DeliveriesPage extends ScreenPage {
  constructor(page: Page) {
    super(page, 'Deliveries')
  }

  rows() {
    return this.page.getByTestId('delivery-list').getByTestId('delivery-row')
  }

  async openDelivery(id: string) {
    await this.page.locator(`[data-testid="delivery-row"][data-delivery-id="${id}"]`).first().click()
    await expect(this.detail()).toBeVisible()
  }

  detail() {
    return this.page.getByTestId('delivery-detail')
  }

  status() {
    return this.page.getByTestId('delivery-status')
  }

  attempts() {
    return this.page.getByTestId('attempt')
  }

  attempt(n: number) {
    return this.page.locator(`[data-testid="attempt"][data-n="${n}"]`)
  }

  /** Expands an attempt (the latest is open already) and returns its request and response panes. */
  async attemptPanes(n: number) {
    const a = this.attempt(n)
    const head = a.locator('.tl-head')
    if ((await head.getAttribute('aria-expanded')) !== 'true') await head.click()
    return { request: a.getByTestId('attempt-request'), response: a.getByTestId('attempt-response') }
  }

  /** The resends of the open delivery's attempts to other URLs, newest first. */
  resends() {
    return this.page.getByTestId('resends-panel').getByTestId('replay-item')
  }

  sendNextRetryNow() {
    return this.page.getByTestId('next-attempt').getByRole('button', { name: 'Send next retry now' })
  }
}
