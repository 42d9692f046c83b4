import { expect, type Locator, type Page } from '@playwright/test'
import { ScreenPage } from './shell'

/** The Events screen: catalog, fire dialog, schedules, scenarios. */
export class EventsPage extends ScreenPage {
  constructor(page: Page) {
    super(page, 'Events')
  }

  async tab(name: 'Catalog' | 'Schedules' | 'Scenarios' | 'Fired events') {
    await this.page.getByRole('tab', { name }).click()
  }

  async pickProfile(label: string) {
    const value = await this.profileOption(label).getAttribute('value')
    await this.page.getByTestId('event-catalog').getByLabel('Profile').selectOption(value!)
  }

  async pickType(name: string) {
    await this.page.getByRole('list', { name: 'Event types' }).getByRole('listitem').filter({ hasText: name }).first().click()
    await expect(this.page.getByTestId('event-type-detail').getByRole('heading', { name })).toBeVisible()
  }

  detail() {
    return this.page.getByTestId('event-type-detail')
  }

  /** The catalog's event types (their names) as listed, in order. */
  listedTypes() {
    return this.page.getByRole('list', { name: 'Event types' }).getByRole('listitem').locator('.mono')
  }

  /** The profile picker's option for a profile, which shows its event-type count: "Name (12)". */
  profileOption(label: string) {
    return this.page.getByTestId('event-catalog').getByLabel('Profile').locator('option', { hasText: new RegExp(`^${label} \\(`) })
  }

  typeForm() {
    return this.page.getByTestId('event-type-form')
  }

  /** Opens the new-event-type form of the user profile shown. */
  async openNewType() {
    await this.page.getByTestId('event-catalog').getByRole('button', { name: 'New event type' }).click()
    await expect(this.typeForm()).toBeVisible()
    return this.typeForm()
  }

  async openEditType() {
    await this.detail().getByRole('button', { name: 'Edit', exact: true }).click()
    await expect(this.typeForm()).toBeVisible()
    return this.typeForm()
  }

  /** A form field (its <Field> wrapper) holding the element with this test id, e.g. a JSON editor. */
  typeFormField(testId: string) {
    return this.typeForm().locator('.field').filter({ has: this.page.getByTestId(testId) })
  }

  /** Replaces a JSON editor's whole text, as a user pasting would. */
  async replaceText(editor: Locator, text: string) {
    const content = editor.locator('.cm-content')
    await content.click()
    await this.page.keyboard.press('ControlOrMeta+A')
    if (text) await this.page.keyboard.insertText(text)
    else await this.page.keyboard.press('Delete')
  }

  fireDialog() {
    return this.page.getByTestId('fire-dialog')
  }

  async openFire() {
    await this.page.getByTestId('event-type-detail').getByRole('button', { name: 'Fire event…' }).click()
    await expect(this.fireDialog()).toBeVisible()
  }

  editor() {
    return this.fireDialog().getByTestId('fire-data-editor')
  }

  editorMessages() {
    return this.fireDialog().getByTestId('fire-data-editor-messages')
  }

  /** Replaces the editor's whole text, as a user pasting would. */
  async setData(text: string) {
    await this.replaceText(this.editor(), text)
  }

  async editorText(): Promise<string> {
    return this.editor().locator('.cm-content').evaluate((el) => Array.from(el.querySelectorAll('.cm-line')).map((l) => l.textContent).join('\n'))
  }

  fireButton() {
    return this.fireDialog().getByRole('button', { name: /^Fire (event|anyway)$/ })
  }

  /** Opens the new-schedule dialog with a profile (by label), an event type and a period in seconds filled in; returns the dialog. */
  async startSchedule(profile: string, type: string, everySeconds: number) {
    await this.open()
    await this.tab('Schedules')
    await this.page.getByRole('button', { name: 'New schedule' }).click()
    const dialog = this.page.getByTestId('schedule-dialog')
    await dialog.getByLabel('Profile').selectOption({ label: profile })
    await dialog.getByLabel('Event type').selectOption(type)
    await dialog.getByLabel('Every (seconds)').fill(String(everySeconds))
    return dialog
  }

  scheduleRow(name: string) {
    return this.page.getByTestId('schedule-row').filter({ hasText: name })
  }

  scheduleDialog() {
    return this.page.getByTestId('schedule-dialog')
  }

  /** Opens the schedule form of a listed schedule (by its name), prefilled; returns the dialog. */
  async editSchedule(name: string) {
    await this.scheduleRow(name).getByRole('button', { name: `Edit ${name}` }).click()
    await expect(this.scheduleDialog()).toBeVisible()
    return this.scheduleDialog()
  }

  /** The schedule form's field (its <Field> wrapper) of a label, which shows the engine's message. */
  scheduleField(label: string) {
    return this.scheduleDialog().locator('.field').filter({ has: this.page.getByLabel(label, { exact: true }) })
  }
}
