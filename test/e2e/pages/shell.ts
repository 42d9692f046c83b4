import { expect, type Page } from '@playwright/test'

/** The app shell: sidebar navigation and the connection indicator. */
export class ShellPage {
  constructor(readonly page: Page) {}

  nav(label: string) {
    return this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label, exact: true })
  }

  async open(label: string) {
    await this.nav(label).click()
    await expect(this.page.getByRole('heading', { level: 1, name: label })).toBeVisible()
  }

  connection() {
    return this.page.getByTestId('connection-indicator')
  }
}

/** A screen reached from the sidebar: its page module opens it by its entry. */
export class ScreenPage {
  readonly shell: ShellPage
  constructor(
    readonly page: Page,
    private readonly entry: string,
  ) {
    this.shell = new ShellPage(page)
  }

  async open() {
    await this.shell.open(this.entry)
  }
}
