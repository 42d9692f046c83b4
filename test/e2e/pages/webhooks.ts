import { expect, type Locator, type Page } from '@playwright/test'
import { ScreenPage } from './shell'

/** The Webhooks screen: list, create/edit form, detail with its secret panel and send-test dialog. */
export class WebhooksPage extends ScreenPage {
  constructor(page: Page) {
    super(page, 'Webhooks')
  }

  list() {
    return this.page.getByTestId('webhook-list')
  }

  row(name: string) {
    return this.page.getByTestId('webhook-row').filter({ hasText: name })
  }

  form() {
    return this.page.getByTestId('webhook-form')
  }

  async startCreate() {
    await this.page.getByRole('button', { name: /New webhook|Create a webhook/ }).first().click()
    await expect(this.form()).toBeVisible()
  }

  async fillForm({ name, url, profile, events }: { name?: string; url?: string; profile?: string; events?: string[] }) {
    const form = this.form()
    if (profile) await form.getByLabel('Profile').selectOption({ label: profile })
    if (name !== undefined) await form.getByLabel('Name', { exact: true }).fill(name)
    if (url !== undefined) await form.getByLabel('URL').fill(url)
    if (events) {
      for (const chip of await form.getByRole('button', { name: /^Remove / }).all()) await chip.click()
      for (const e of events) {
        await form.getByRole('combobox', { name: 'Events' }).fill(e)
        await form.getByRole('combobox', { name: 'Events' }).press('Enter')
      }
    }
  }

  /** The message shown under a form field (the engine's, placed by the field it names). */
  fieldError(label: string): Locator {
    return this.form().locator('.field').filter({ has: this.page.getByText(label, { exact: true }) }).getByRole('alert')
  }

  async submit() {
    await this.form().getByRole('button', { name: /Create webhook|Save changes/ }).click()
  }

  detail() {
    return this.page.getByTestId('webhook-detail')
  }

  status() {
    return this.page.getByTestId('webhook-status')
  }

  secretPanel() {
    return this.page.getByTestId('secret-panel')
  }

  async revealSecret(): Promise<string> {
    await this.secretPanel().getByRole('button', { name: 'Reveal' }).click()
    return (await this.secretPanel().getByTestId('secret-value').textContent()) ?? ''
  }

  testDialog() {
    return this.page.getByTestId('send-test-dialog')
  }

  async sendTest() {
    await this.detail().getByRole('button', { name: 'Send test' }).click()
    await expect(this.testDialog()).toBeVisible()
    await this.testDialog().getByRole('button', { name: 'Send test' }).click()
    await expect(this.testDialog().getByTestId('test-result')).toBeVisible()
    return this.testDialog().getByTestId('test-result')
  }
}
