import { join } from 'node:path'
import { request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli, startServe, type ServeProcess } from '../../helpers/cli'
import { tempDir } from '../../helpers/tmp'

describe('hookbench export against a running engine', () => {
  let serve: ServeProcess
  let tmp: ReturnType<typeof tempDir>
  let empty: ReturnType<typeof tempDir>
  /** Only the flags name the engine: no engine.json to fall back on. */
  let env: NodeJS.ProcessEnv
  const REQUESTS = 60

  beforeAll(async () => {
    tmp = tempDir()
    empty = tempDir()
    serve = await startServe(['--data-dir', tmp.dir, '--port', '0', '--ingest-port', '0'])
    env = { HOOKBENCH_API: serve.info.api, HOOKBENCH_TOKEN: serve.info.token, HOOKBENCH_DATA_DIR: empty.dir }
    const created = await request(`${serve.info.api}/inboxes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${serve.info.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'big', slug: 'big' }),
    })
    expect(created.statusCode).toBe(201)
    await created.body.dump()
    // Far more than a pipe holds (64 KiB), so the export is still writing when the reader goes.
    const body = JSON.stringify({ type: 'bulk.item', pad: 'x'.repeat(8 * 1024) })
    for (let i = 0; i < REQUESTS; i++) {
      const res = await request(`${serve.info.ingest}/big/n${i}`, { method: 'POST', body, headers: { 'content-type': 'application/json' } })
      await res.body.dump()
    }
  })

  afterAll(async () => {
    await serve?.stop()
    tmp?.cleanup()
    empty?.cleanup()
  })

  it.each([
    ['deliveries', ['--inbox', 'inb_x'], '--inbox applies to "export requests" only'],
    ['deliveries', ['--verdict', 'invalid'], '--verdict applies to "export requests" only'],
    ['requests', ['--webhook', 'wh_x'], '--webhook applies to "export deliveries" only'],
    ['requests', ['--delivery-status', 'failed'], '--delivery-status applies to "export deliveries" only'],
  ])('export %s %j exits 2 with nothing on stdout instead of exporting everything', async (kind, flags, message) => {
    const res = await runCli(['export', kind, ...flags], { env })
    expect(res.code).toBe(2)
    expect(res.stdout).toBe('')
    expect(res.stderr).toContain(`hookbench: ${message}`)
  })

  it('--redact hides the values of credential headers; without it they are exported as sent', async () => {
    const res = await request(`${serve.info.ingest}/big/auth`, { method: 'POST', body: '{"type":"with.auth"}', headers: { 'content-type': 'application/json', authorization: 'Bearer cli_token_secret' } })
    await res.body.dump()
    const redacted = await runCli(['export', 'requests', '--search', 'with.auth', '--redact'], { env })
    expect(redacted.code, redacted.stderr).toBe(0)
    const line = JSON.parse(redacted.stdout.trim()) as { headers: [string, string][] }
    expect(line.headers.find(([n]) => n.toLowerCase() === 'authorization')).toEqual([expect.stringMatching(/^authorization$/i), '[redacted]'])
    expect(redacted.stdout).not.toContain('cli_token_secret')
    const asSent = await runCli(['export', 'requests', '--search', 'with.auth'], { env })
    expect(asSent.stdout).toContain('Bearer cli_token_secret')
  })

  it('--inbox takes a slug as well as an id; an unknown one, or an -o path that cannot be written, is a one-line usage error', async () => {
    const bySlug = await runCli(['export', 'requests', '--inbox', 'big', '--search', 'n7'], { env })
    expect(bySlug.code, bySlug.stderr).toBe(0)
    expect(bySlug.stdout.trim().split('\n').map((l) => JSON.parse(l).path)).toEqual(['/big/n7'])
    const unknown = await runCli(['export', 'requests', '--inbox', 'nope'], { env })
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/^hookbench: No inbox "nope": give a slug or id .*\(big\)\.\n$/)
    const nowhere = await runCli(['export', 'requests', '-o', join(tmp.dir, 'no', 'such', 'dir', 'f.ndjson')], { env })
    expect(nowhere.code).toBe(2)
    expect(nowhere.stderr).toMatch(/^hookbench: Cannot write .*f\.ndjson: no such folder\. Give -o a file in a folder that exists\.\n$/)
  })

  it('names the export flag, not the engine’s query field, when the engine refuses a filter value', async () => {
    const status = await runCli(['export', 'deliveries', '--delivery-status', 'bogus'], { env })
    expect(status.code).toBe(2)
    expect(status.stderr).toMatch(/^hookbench: --delivery-status must be one of: pending, succeeded, failed, held \(HB_ERR_VALIDATION\)\n$/)
    const from = await runCli(['export', 'requests', '--from', 'yesterday'], { env })
    expect(from.code).toBe(2)
    expect(from.stderr).toMatch(/^hookbench: --from must be a valid date-time/)
    for (const res of [status, from]) expect(res.stderr).not.toContain('querystring')
  })

  it('combines --token with HOOKBENCH_API, the flag winning over its own variable; never sends HOOKBENCH_TOKEN to a typed --api', async () => {
    const apiFromEnv = await runCli(['export', 'requests', '--token', serve.info.token, '--format', 'csv'], {
      env: { ...env, HOOKBENCH_TOKEN: '' },
    })
    expect(apiFromEnv.stderr).toBe('')
    expect(apiFromEnv.code).toBe(0)
    expect(apiFromEnv.stdout.split('\r\n').length).toBeGreaterThan(REQUESTS)
    const tokenFromEnv = await runCli(['export', 'requests', '--api', serve.info.api, '--format', 'csv'], { env: { ...env, HOOKBENCH_API: '' } })
    expect(tokenFromEnv.code).toBe(2)
    expect(tokenFromEnv.stderr).toMatch(/^hookbench: --api names an engine: give its --token too; the token in HOOKBENCH_TOKEN is only sent to HOOKBENCH_API/)
    const flagWins = await runCli(['export', 'deliveries', '--token', serve.info.token], { env: { ...env, HOOKBENCH_TOKEN: 'wrong' } })
    expect(flagWins.code, flagWins.stderr).toBe(0)
  })

  it('ends quietly with exit 0 when the reader closes stdout mid-export (| head -c 700)', async () => {
    const res = await runCli(['export', 'requests', '--format', 'json'], { closeStdoutAfter: 700, env })
    expect(Buffer.byteLength(res.stdout)).toBeGreaterThanOrEqual(700)
    expect(res.stderr).toBe('')
    expect(res).toMatchObject({ code: 0, signal: null })
  })

  it('ends quietly with exit 0 when stdout is closed before the export starts', async () => {
    for (const kind of ['deliveries', 'requests']) {
      const res = await runCli(['export', kind, '--format', 'json'], { closeStdoutAfter: 0, env })
      expect(res.stderr).toBe('')
      expect(res).toMatchObject({ code: 0, signal: null })
    }
  })
})
