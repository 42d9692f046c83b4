import { test as base, expect, type Page } from '@playwright/test'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface ServedEngine {
  ui: string
  api: string
  ingest: string
  token: string
  dataDir: string
  /** Authenticated JSON call to the control API. */
  call<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>
}

const repoRoot = join(import.meta.dirname, '..', '..')

/** One real engine (`hookbench serve`) and data folder per worker. */
export const test = base.extend<{ app: Page }, { engine: ServedEngine; engineArgs: string[] }>({
  /** More `hookbench serve` flags for this file's engine, e.g. `test.use({ engineArgs: ['--time-scale', '100'] })`. */
  engineArgs: [[], { scope: 'worker', option: true }],
  engine: [
    async ({ engineArgs }, use) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'hookbench-e2e-'))
      const child: ChildProcess = spawn(
        process.execPath,
        [join(repoRoot, 'bin', 'hookbench.js'), 'serve', '--json', '--port', '0', '--ingest-port', '0', '--data-dir', dataDir, ...engineArgs],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      )
      const line = await new Promise<string>((resolve, reject) => {
        let out = ''
        child.stdout!.on('data', (d) => {
          out += d
          if (out.includes('\n')) resolve(out.split('\n')[0]!)
        })
        child.once('exit', (code) => reject(new Error(`hookbench serve exited with ${code}; run npm run build first`)))
      })
      const info = JSON.parse(line) as Omit<ServedEngine, 'call'>
      const call: ServedEngine['call'] = async (method, path, body) => {
        const res = await fetch(info.api.replace(/\/api$/, '') + path, {
          method,
          headers: { authorization: `Bearer ${info.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
          body: body === undefined ? undefined : JSON.stringify(body),
        })
        const text = await res.text()
        return { status: res.status, body: text ? JSON.parse(text) : undefined }
      }
      await use({ ...info, call })
      child.kill('SIGTERM')
      await new Promise((r) => child.once('exit', r))
      rmSync(dataDir, { recursive: true, force: true })
    },
    { scope: 'worker' },
  ],
  /** The UI opened with its token, ready. */
  app: async ({ page, engine }, use) => {
    await page.goto(engine.ui)
    await expect(page.locator('#root')).toHaveAttribute('data-app-state', 'ready')
    await use(page)
  },
})

export { expect }
