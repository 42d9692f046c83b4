import { _electron as electron, expect, test } from '@playwright/test'
import { createRequire } from 'node:module'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const require = createRequire(import.meta.url)
const repoRoot = join(import.meta.dirname, '..', '..')

/** Why the desktop shell cannot run here, or null when it can. */
function electronUnavailable(): string | null {
  let binary: string
  try {
    binary = require('electron') as unknown as string
  } catch {
    return 'no Electron binary: its download comes from outside the npm registry (node node_modules/electron/install.js fetches it)'
  }
  if (!existsSync(binary)) return `no Electron binary at ${binary}`
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return 'no display (DISPLAY/WAYLAND_DISPLAY unset)'
  return null
}

const reason = electronUnavailable()
if (reason) console.log(`[electron.spec] skipped: ${reason}`)

test.describe('desktop shell (Electron)', () => {
  test.skip(!!reason, reason ?? '')

  test('opens the same UI, connected, with exactly the expected bridge keys', async () => {
    const app = await electron.launch({
      args: [repoRoot],
      env: { ...process.env, HOOKBENCH_DATA_DIR: mkdtempSync(join(tmpdir(), 'hookbench-electron-')) },
    })
    const win = await app.firstWindow()
    await expect(win.locator('#root')).toHaveAttribute('data-app-state', 'ready')
    await expect(win.getByTestId('connection-indicator')).toHaveAttribute('data-state', 'connected')
    const keys = await win.evaluate(() => Object.keys((window as unknown as { hookbench: object }).hookbench).sort())
    expect(keys).toEqual(['apiBase', 'openDataFolder', 'platform', 'saveFile', 'token'])
    expect(await win.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined')
    await app.close()
  })
})
