import { expect, type Locator, type Page } from '@playwright/test'

/** The Export… menu button of the inbox or deliveries screen. */
export const exportButton = (page: Page) => page.getByRole('button', { name: 'Export…' })

/** Opens the Export… menu and chooses `label`; resolves with the download it starts. */
export async function exportAs(page: Page, label: string) {
  await exportButton(page).click()
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menu', { name: 'Export' }).getByRole('menuitem', { name: label, exact: true }).click()])
  return download
}

/** The replay dialog and Replays tab of a request, bulk replay, export/import and Settings → Network. */
export class ReplayPage {
  constructor(readonly page: Page) {}

  // --- single replay -------------------------------------------------------------------------

  dialog() {
    return this.page.getByTestId('replay-dialog')
  }

  /** Opens the replay dialog of the request open in the detail pane. */
  async openDialog() {
    await this.page.getByTestId('request-detail').getByRole('button', { name: 'Replay…' }).click()
    await expect(this.dialog()).toBeVisible()
  }

  async send(url: string) {
    await this.dialog().getByLabel('Target URL').fill(url)
    await this.dialog().getByRole('button', { name: /^(Send replay|Send again)$/ }).click()
  }

  /** The result shown in the dialog after sending. */
  result() {
    return this.dialog().getByTestId('replay-result')
  }

  async resign(profile: string, opts: { useInboxSecret?: boolean; secret?: string } = {}) {
    const d = this.dialog()
    await d.getByRole('checkbox', { name: /Re-sign with a fresh timestamp/ }).check()
    await d.getByLabel('Sign as', { exact: true }).selectOption('profile')
    await d.getByLabel('Profile to sign as').selectOption(profile)
    if (opts.useInboxSecret) await d.getByRole('button', { name: "Use this inbox's secret" }).click()
    if (opts.secret) await d.getByLabel('Secret').fill(opts.secret)
  }

  async close() {
    await this.dialog().getByRole('button', { name: /^(Close|Cancel)$/ }).first().click()
    await expect(this.dialog()).toBeHidden()
  }

  replaysTab() {
    return this.page.getByTestId('request-detail').getByRole('tab', { name: /^Replays/ })
  }

  replayItems() {
    return this.page.getByTestId('replays-panel').getByTestId('replay-item')
  }

  // --- bulk ----------------------------------------------------------------------------------

  bulkDialog() {
    return this.page.getByTestId('bulk-replay-dialog')
  }

  async openBulk() {
    await this.page.getByRole('button', { name: /^Replay (all|matching|\d+)…$/ }).click()
    await expect(this.bulkDialog()).toBeVisible()
  }

  progress(scope: Locator | Page = this.page) {
    return scope.getByTestId('bulk-progress')
  }

  // --- export / import -----------------------------------------------------------------------

  exportButton() {
    return exportButton(this.page)
  }

  exportMenu() {
    return this.page.getByRole('menu', { name: 'Export' })
  }

  /** Chooses `label` (e.g. 'HAR 1.2', 'NDJSON (as sent)') in the Export… menu; resolves with the download. */
  exportAs(label: string) {
    return exportAs(this.page, label)
  }

  importInput() {
    return this.page.getByLabel('File to import')
  }

  importNotice() {
    return this.page.getByTestId('import-notice')
  }

  // --- network -------------------------------------------------------------------------------

  network(scope: Locator | Page = this.page) {
    return scope.getByTestId('network-section')
  }

  /** Picks a bind address (by its address text) and applies it. */
  async bind(host: string, opts: { tls?: boolean } = {}, scope: Locator | Page = this.page) {
    const section = this.network(scope)
    await section.getByRole('radio', { name: new RegExp(`^${host.replace(/\./g, '\\.')}`) }).check()
    if (opts.tls !== undefined) await section.getByRole('checkbox', { name: /Serve the inboxes over HTTPS/ })[opts.tls ? 'check' : 'uncheck']()
    await section.getByRole('button', { name: 'Apply' }).click()
    await expect(section.getByRole('status').filter({ hasText: 'Applied.' })).toBeVisible()
  }
}
