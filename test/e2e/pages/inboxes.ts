import { expect, type Locator, type Page } from '@playwright/test'
import { ScreenPage } from './shell'

export interface InboxFormInput {
  name: string
  slug?: string
  profile?: string
  secret?: string
  /** Response sequence, e.g. `500, 200`. */
  sequence?: string
}

/** The inbox list, the inbox form and the header of one inbox. */
export class InboxesPage extends ScreenPage {
  constructor(page: Page) {
    super(page, 'Inboxes')
  }

  async openList() {
    await this.open()
  }

  table() {
    return this.page.getByRole('table', { name: 'Inboxes' })
  }

  row(name: string): Locator {
    return this.page.getByTestId('inbox-row').filter({ has: this.page.getByRole('link', { name, exact: true }) })
  }

  form() {
    return this.page.getByRole('dialog', { name: /New inbox|Edit inbox/ })
  }

  /** Fills the form section by section; the dialog must be open. */
  async fillForm(input: Partial<InboxFormInput>) {
    const form = this.form()
    if (input.name !== undefined) {
      await form.getByRole('button', { name: 'General' }).click()
      await form.getByRole('textbox', { name: 'Name', exact: true }).fill(input.name)
    }
    if (input.slug !== undefined) await form.getByRole('textbox', { name: 'Slug' }).fill(input.slug)
    if (input.profile) {
      await form.getByRole('button', { name: 'Verification' }).click()
      await form.getByRole('radio', { name: 'Provider profile' }).click()
      await form.getByRole('combobox', { name: 'Profile' }).selectOption(input.profile)
    }
    if (input.secret) {
      await form.getByRole('button', { name: 'Add secret', exact: true }).click()
      await form.getByRole('textbox', { name: 'Secret 1', exact: true }).fill(input.secret)
    }
    if (input.sequence !== undefined) {
      await form.getByRole('button', { name: 'Response' }).click()
      await form.getByRole('textbox', { name: 'Sequence' }).fill(input.sequence)
    }
  }

  /** Creates an inbox through the form and lands on its page; returns its first URL. */
  async create(input: InboxFormInput): Promise<string> {
    await this.page.getByRole('button', { name: 'New inbox' }).first().click()
    await expect(this.form()).toBeVisible()
    await this.fillForm(input)
    await this.form().getByRole('button', { name: 'Create inbox' }).click()
    await expect(this.form()).toBeHidden()
    await expect(this.page.getByRole('heading', { level: 1, name: input.name })).toBeVisible()
    return (await this.urls().first().textContent())!.trim()
  }

  /** URLs shown for the inbox (on its page, or in a row of the list). */
  urls(scope: Locator | Page = this.page) {
    return scope.getByTestId('inbox-url')
  }
}
