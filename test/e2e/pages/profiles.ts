import { expect, type Page } from '@playwright/test'
import { ScreenPage } from './shell'

/** The Profiles screen: presets and user profiles, clone dialog, profile form. */
export class ProfilesPage extends ScreenPage {
  constructor(page: Page) {
    super(page, 'Profiles')
  }

  async select(name: string) {
    await this.page.getByTestId('profile-item').filter({ hasText: new RegExp(`^${name}`) }).first().click()
    await expect(this.detail().getByRole('heading', { name, exact: true })).toBeVisible()
  }

  detail() {
    return this.page.getByTestId('profile-detail')
  }

  form() {
    return this.page.getByTestId('profile-form')
  }

  async clone(name: string) {
    await this.detail().getByRole('button', { name: 'Clone…' }).click()
    const dialog = this.page.getByTestId('clone-dialog')
    await dialog.getByLabel('Name').fill(name)
    await dialog.getByRole('button', { name: 'Clone profile' }).click()
    await expect(this.detail().getByRole('heading', { name, exact: true })).toBeVisible()
  }
}
