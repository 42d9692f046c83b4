import Database from 'better-sqlite3'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { request } from 'undici'
import { describe, expect, it } from 'vitest'
import { runCli, startServe } from '../../helpers/cli'
import { tempDir } from '../../helpers/tmp'

describe('hookbench serve', () => {
  it('prints one parseable JSON line whose URLs work, and exits 0 on SIGTERM leaving a database that reopens', async () => {
    const tmp = tempDir()
    const serve = await startServe(['--data-dir', tmp.dir, '--port', '0', '--ingest-port', '0'])
    const { info } = serve
    expect(Object.keys(info).sort()).toEqual(['api', 'dataDir', 'ingest', 'token', 'ui'])
    expect(info.dataDir).toBe(tmp.dir)
    expect(info.ui).toBe(`${info.api.replace(/\/api$/, '')}/?token=${info.token}`)
    expect(info.api).not.toMatch(/:0\//)

    const health = await request(`${info.api}/health`)
    expect(await health.body.json()).toMatchObject({ ok: true })
    const ui = await request(info.ui)
    expect(ui.statusCode).toBe(200)
    expect(await ui.body.text()).toMatch(/<div id="root"/)
    const infoRes = await request(`${info.api}/info`, { headers: { authorization: `Bearer ${info.token}` } })
    expect(((await infoRes.body.json()) as { dataDir: string }).dataDir).toBe(tmp.dir)
    const inbox = await request(`${info.ingest}/nope`, { method: 'POST', body: 'x' })
    expect(inbox.statusCode).toBe(404)
    await inbox.body.dump()
    expect(existsSync(join(tmp.dir, 'engine.json'))).toBe(true)

    const exit = await serve.stop('SIGTERM')
    expect(exit).toEqual({ code: 0, signal: null })
    expect(serve.stderr()).toBe('')
    expect(existsSync(join(tmp.dir, 'engine.json'))).toBe(false)
    // Closed cleanly: the WAL was folded back, and the file opens and passes an integrity check.
    expect(existsSync(join(tmp.dir, 'hookbench.db-wal'))).toBe(false)
    const db = new Database(join(tmp.dir, 'hookbench.db'))
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    db.close()
    tmp.cleanup()
  })

  it('exits 0 on SIGINT (Ctrl-C) too', async () => {
    const tmp = tempDir()
    const serve = await startServe(['--data-dir', tmp.dir, '--port', '0', '--ingest-port', '0'])
    expect(await serve.stop('SIGINT')).toEqual({ code: 0, signal: null })
    tmp.cleanup()
  })

  it('stops cleanly with exit 0 and no stack when its stdout is closed before it could print', async () => {
    const tmp = tempDir()
    try {
      const res = await runCli(['serve', '--json', '--data-dir', tmp.dir, '--port', '0', '--ingest-port', '0'], { closeStdoutAfter: 0 })
      expect(res).toMatchObject({ code: 0, signal: null, stderr: '' })
      expect(existsSync(join(tmp.dir, 'engine.json'))).toBe(false) // the engine closed, not just the process
    } finally {
      tmp.cleanup()
    }
  })

  it('takes the data folder from HOOKBENCH_DATA_DIR when no flag is given', async () => {
    const tmp = tempDir()
    const serve = await startServe(['--port', '0', '--ingest-port', '0'], { HOOKBENCH_DATA_DIR: tmp.dir })
    expect(serve.info.dataDir).toBe(tmp.dir)
    await serve.stop()
    tmp.cleanup()
  })

  it('says in one line which port is taken and which flag changes it', async () => {
    const blocker = createServer()
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r))
    const port = String((blocker.address() as { port: number }).port)
    const tmp = tempDir()
    const control = await runCli(['serve', '--data-dir', tmp.dir, '--port', port, '--ingest-port', '0'])
    expect(control.code).toBe(1)
    expect(control.stderr.trim().split('\n')).toHaveLength(1)
    expect(control.stderr).toContain(`port ${port} is already in use`)
    expect(control.stderr).toContain('--port')
    const ingest = await runCli(['serve', '--data-dir', tmp.dir, '--port', '0', '--ingest-port', port])
    expect(ingest.code).toBe(1)
    expect(ingest.stderr).toContain('--ingest-port')
    blocker.close()
    tmp.cleanup()
  })

  it('rejects a port that is not a number with a usage error (exit 2)', async () => {
    const res = await runCli(['serve', '--port', 'abc'])
    expect(res.code).toBe(2)
    expect(res.stderr).toMatch(/"abc" is not a port/)
  })
})

describe('hookbench --help', () => {
  it('lists every command, and each command lists its flags', async () => {
    const top = await runCli(['--help'])
    expect(top.code).toBe(0)
    expect(top.stdout).toMatch(/serve/)
    const serve = await runCli(['serve', '--help'])
    expect(serve.code).toBe(0)
    for (const flag of ['--data-dir', '--port', '--ingest-port', '--host', '--ingest-host', '--json']) expect(serve.stdout).toContain(flag)
  })

  it('an unknown command is a usage error', async () => {
    const res = await runCli(['frobnicate'])
    expect(res.code).toBe(2)
    expect(res.stderr).toMatch(/unknown command/)
  })
})
