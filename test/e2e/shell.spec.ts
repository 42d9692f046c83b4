import { ShellPage } from './pages/shell'
import { expect, test } from './fixtures'

test.describe('app shell', () => {
  test('opens with the token, hides it from the address bar, connects and navigates every entry', async ({ app, engine }) => {
    const shell = new ShellPage(app)
    expect(app.url()).not.toContain('token=')
    expect(await app.evaluate(() => sessionStorage.getItem('hookbench.token'))).toBe(engine.token)
    await expect(shell.connection()).toHaveAttribute('data-state', 'connected')
    await expect(shell.connection()).toHaveText(/Connected/)

    for (const label of ['Webhooks', 'Events', 'Deliveries', 'Inboxes', 'Profiles', 'Settings']) {
      await shell.open(label)
      await expect(shell.nav(label)).toHaveAttribute('aria-current', 'page')
    }
    await app.screenshot({ path: 'test-results/shell-settings.png', fullPage: true })
  })

  test('settings shows the data folder, versions and URLs', async ({ app, engine }) => {
    const shell = new ShellPage(app)
    await shell.open('Settings')
    await expect(app.getByTestId('settings-data')).toContainText(engine.dataDir)
    await expect(app.getByTestId('settings-urls')).toContainText(engine.api)
    await expect(app.getByTestId('settings-urls')).toContainText(engine.ingest)
    await expect(app.getByTestId('settings-versions')).toContainText(/SQLite/)
  })

  test('keeps working after a reload: the token lives in session storage', async ({ app }) => {
    await app.reload()
    await expect(app.locator('#root')).toHaveAttribute('data-app-state', 'ready')
    await expect(new ShellPage(app).connection()).toHaveAttribute('data-state', 'connected')
  })

  test('without a token the page says where to find one', async ({ page, engine }) => {
    await page.goto(engine.ui.split('?')[0]!)
    await expect(page.locator('#root')).toHaveAttribute('data-app-state', 'no-token')
    await expect(page.getByRole('heading', { name: /needs its access token/ })).toBeVisible()
  })

  test('loads with a clean console: a favicon (no /favicon.ico 404), no error, no failed request', async ({ page, engine }) => {
    const problems: string[] = []
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console.${m.type()}: ${m.text()}`)
    })
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`)
    })
    page.on('requestfailed', (r) => problems.push(`failed ${r.url()}`))
    await page.goto(engine.ui)
    await expect(page.locator('#root')).toHaveAttribute('data-app-state', 'ready')
    await expect(new ShellPage(page).connection()).toHaveAttribute('data-state', 'connected')
    await new ShellPage(page).open('Webhooks')
    // the icon is inline (img-src allows data:), so the browser has nothing to ask the engine for
    await expect(page.locator('link[rel="icon"]')).toHaveAttribute('href', /^data:image\/svg\+xml,/)
    const icon = (await page.locator('link[rel="icon"]').getAttribute('href'))!
    const drawn = await page.evaluate(
      (href) =>
        new Promise<boolean>((resolve) => {
          const img = new Image()
          img.onload = () => resolve(img.naturalWidth > 0)
          img.onerror = () => resolve(false)
          img.src = href
        }),
      icon,
    )
    expect(drawn).toBe(true)
    expect(problems).toEqual([])
  })

  test('the page is served with a strict Content-Security-Policy', async ({ page, engine }) => {
    const res = await page.goto(engine.ui)
    const csp = res!.headers()['content-security-policy']!
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toContain("'unsafe-eval'")
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/)
  })
})
