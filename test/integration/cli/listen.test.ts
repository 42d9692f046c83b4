import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { request } from 'undici'
import { describe, expect, it } from 'vitest'
import { cliPath, runCli, startServe } from '../../helpers/cli'
import { startSink } from '../../helpers/sink'
import { tempDir } from '../../helpers/tmp'
import { RUNTIME_FILE } from '../../../src-main/engine/runtime-record'

interface Listening {
  child: ChildProcess
  lines: string[]
  /** Resolves with the first stdout line matching. */
  waitForLine(match: RegExp): Promise<string>
  stop(): Promise<number | null>
}

function startListen(args: string[]): Listening {
  const child = spawn(process.execPath, [cliPath, 'listen', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  const lines: string[] = []
  const waiters: Array<{ match: RegExp; resolve: (l: string) => void }> = []
  let buf = ''
  let stderr = ''
  child.stderr!.on('data', (d) => (stderr += d))
  child.stdout!.on('data', (d) => {
    buf += d
    let i
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i)
      buf = buf.slice(i + 1)
      lines.push(line)
      for (const w of waiters.filter((w) => w.match.test(line))) {
        waiters.splice(waiters.indexOf(w), 1)
        w.resolve(line)
      }
    }
  })
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)))
  return {
    child,
    lines,
    waitForLine: (match) => {
      const hit = lines.find((l) => match.test(l))
      if (hit) return Promise.resolve(hit)
      return Promise.race([
        new Promise<string>((resolve) => waiters.push({ match, resolve })),
        exited.then((code) => Promise.reject(new Error(`listen exited (${code}) before printing ${match}: ${stderr}`))),
      ])
    },
    stop: () => {
      child.kill('SIGINT')
      return exited
    },
  }
}

describe('hookbench listen', () => {
  it('prints the inbox URL, then a line per request, forwarding the exact bytes to the local app; Ctrl-C exits 0', async () => {
    const tmp = tempDir()
    const serve = await startServe(['--data-dir', tmp.dir, '--port', '0', '--ingest-port', '0'])
    const app = await startSink((_req, res) => res.end('thanks'))
    const listen = startListen(['--data-dir', tmp.dir, '--forward-to', `${app.url}/webhooks`, '--inbox', 'stripe-dev'])
    const ready = await listen.waitForLine(/^Ready! Send webhooks to /)
    const inboxUrl = /Send webhooks to (\S+)/.exec(ready)![1]!
    expect(inboxUrl).toBe(`${serve.info.ingest}/stripe-dev`)

    const body = Buffer.concat([Buffer.from('{"id":"evt_1","type":"charge.succeeded","note":"é"}'), Buffer.from([0x0a])])
    const sent = await request(inboxUrl, { method: 'POST', body, headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=abc' } })
    expect(sent.statusCode).toBe(200)
    await sent.body.dump()
    const [got] = await app.waitFor(1)
    expect(got!.url).toBe('/webhooks')
    expect(got!.body.equals(body)).toBe(true)
    expect(got!.headers).toContainEqual(['stripe-signature', 't=1,v1=abc'])
    const line = await listen.waitForLine(/charge\.succeeded/)
    expect(line).toMatch(/POST\s+\/stripe-dev\s+charge\.succeeded\s+\[not_configured\]\s+→ 200 in \d+ ms/)

    // a path below the slug is appended to the forward URL, and the query follows as sent (not re-encoded), like the inbox forwarder
    await (await request(`${inboxUrl}/orders?x=1&note=a%20b+c&path=%2Fd`, { method: 'POST', body: '{}' })).body.dump()
    const [, second] = await app.waitFor(2)
    expect(second!.url).toBe('/webhooks/orders?x=1&note=a%20b+c&path=%2Fd')

    expect(await listen.stop()).toBe(0)
    expect((await serve.stop()).code).toBe(0)
    await app.close()
    tmp.cleanup()
  })

  it('with --json, writes JSON lines only to stdout: a ready line with the inbox URL, then one per request', async () => {
    const tmp = tempDir()
    const serve = await startServe(['--data-dir', tmp.dir, '--port', '0', '--ingest-port', '0'])
    const app = await startSink()
    const listen = startListen(['--data-dir', tmp.dir, '--forward-to', app.url, '--inbox', 'jq', '--json'])
    try {
      // The first line, whatever it is, must already be JSON (it used to be "Ready! Send webhooks to …").
      const ready = JSON.parse(await listen.waitForLine(/./)) as { inbox: { url: string } }
      expect(ready).toMatchObject({ ready: true, inbox: { url: `${serve.info.ingest}/jq`, slug: 'jq' }, forwardTo: app.url, resignedWith: null })
      await (await request(ready.inbox.url, { method: 'POST', body: '{"type":"t.json"}' })).body.dump()
      const line = JSON.parse(await listen.waitForLine(/"request"/)) as unknown
      expect(line).toMatchObject({ request: { path: '/jq' }, forward: { response: { status: 200 } } })
      // what `| jq` reads: every stdout line is JSON
      expect(listen.lines).toHaveLength(2)
      for (const l of listen.lines) expect(() => JSON.parse(l) as unknown, l).not.toThrow()
      expect(await listen.stop()).toBe(0)
    } finally {
      listen.child.kill('SIGKILL') // no-op once it has exited
      await serve.stop()
      await app.close()
      tmp.cleanup()
    }
  })

  it('stops as on Ctrl-C when its stdout is closed (| head): the engine it started is closed, exit 0, no stack', async () => {
    const tmp = tempDir()
    try {
      const res = await runCli(['listen', '--data-dir', tmp.dir, '--forward-to', 'http://127.0.0.1:9/x', '--port', '0', '--ingest-port', '0', '--json'], { closeStdoutAfter: 0 })
      expect(res).toMatchObject({ code: 0, signal: null })
      expect(res.stderr).not.toMatch(/EPIPE|Error/)
      expect(existsSync(join(tmp.dir, RUNTIME_FILE))).toBe(false) // the engine closed, not just the process
    } finally {
      tmp.cleanup()
    }
  })

  it('says a half --api/--token pair is a usage error instead of starting an engine of its own', async () => {
    const tmp = tempDir()
    // (It used to start an engine and run until killed: runCli's timeout ends it.)
    const res = await runCli(['listen', '--data-dir', tmp.dir, '--token', 't', '--forward-to', 'http://127.0.0.1:9/x', '--port', '0', '--ingest-port', '0'], {
      env: { HOOKBENCH_API: '' },
      timeoutMs: 10_000,
    })
    expect(res.code).toBe(2)
    expect(res.stderr).toMatch(/^hookbench: --token gives a token but no engine: add --api <url> or set HOOKBENCH_API/)
    expect(existsSync(join(tmp.dir, RUNTIME_FILE))).toBe(false)
    tmp.cleanup()
  })

  it('starts its own engine when none is running, and leaves nothing behind when stopped', async () => {
    const tmp = tempDir()
    const app = await startSink()
    const listen = startListen(['--data-dir', tmp.dir, '--forward-to', app.url, '--port', '0', '--ingest-port', '0'])
    const ready = await listen.waitForLine(/^Ready!/)
    const inboxUrl = /Send webhooks to (\S+)/.exec(ready)![1]!
    expect(inboxUrl).toMatch(/\/listen$/)
    await (await request(inboxUrl, { method: 'POST', body: 'hello' })).body.dump()
    expect((await app.waitFor(1))[0]!.body.toString()).toBe('hello')
    await listen.waitForLine(/→ 200/)
    const pid = listen.child.pid!
    // The engine listen started runs inside it and leaves its runtime record while it runs.
    expect(existsSync(join(tmp.dir, RUNTIME_FILE))).toBe(true)
    expect(await listen.stop()).toBe(0)
    expect(() => process.kill(pid, 0)).toThrow()
    expect(existsSync(join(tmp.dir, RUNTIME_FILE))).toBe(false) // the engine closed, not just the process
    await expect(request(inboxUrl, { method: 'POST', body: 'x' })).rejects.toThrow()
    await app.close()
    tmp.cleanup()
  })

  it('closes the engine it started when it cannot go on (a bad inbox slug), and exits', async () => {
    const tmp = tempDir()
    const res = await runCli(['listen', '--data-dir', tmp.dir, '--forward-to', 'http://127.0.0.1:9/x', '--inbox', 'Bad Slug!', '--port', '0', '--ingest-port', '0'])
    expect(res.code).toBe(2)
    expect(res.stderr).toMatch(/slug/i)
    tmp.cleanup()
  })

  it('refuses a --forward-to that is not a URL (exit 2)', async () => {
    const res = await runCli(['listen', '--forward-to', 'localhost:3000'])
    expect(res.code).toBe(2)
    expect(res.stderr).toMatch(/--forward-to: "localhost:3000" does not say http:\/\/ or https:\/\//)
    const ftp = await runCli(['listen', '--forward-to', 'ftp://example.com/x'])
    expect(ftp.code).toBe(2)
    expect(ftp.stderr).toMatch(/--forward-to: The URL must start with https:\/\/ or http:\/\//)
  })
})

describe('hookbench replay, export and import against a running engine', () => {
  it('replays a captured request, exports the inbox to a file, and imports it into another inbox', async () => {
    const tmp = tempDir()
    const serve = await startServe(['--data-dir', tmp.dir, '--port', '0', '--ingest-port', '0'])
    const env = { HOOKBENCH_API: serve.info.api, HOOKBENCH_TOKEN: serve.info.token }
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await request(serve.info.api.replace(/\/api$/, '') + path, {
        method: method as 'GET',
        headers: { authorization: `Bearer ${serve.info.token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      return (await res.body.json()) as any
    }
    await call('POST', '/api/inboxes', { name: 'a', slug: 'a' })
    const b = await call('POST', '/api/inboxes', { name: 'b', slug: 'b' })
    await (await request(`${serve.info.ingest}/a/x`, { method: 'POST', body: '{"type":"t.one"}', headers: { 'content-type': 'application/json' } })).body.dump()
    const list = await call('GET', `/api/inboxes/${(await call('GET', '/api/inboxes')).items.find((i: { slug: string }) => i.slug === 'a').id}/requests`)
    const reqId = list.items[0].id

    const app = await startSink()
    const replayed = await runCli(['replay', reqId, '--to', `${app.url}/r`], { env })
    expect(replayed.code, replayed.stderr).toBe(0)
    expect(replayed.stdout).toMatch(new RegExp(`Replayed ${reqId} → ${app.url}/r`))
    expect(replayed.stdout).toMatch(/200 in \d+ ms/)
    expect((await app.waitFor(1))[0]!.body.toString()).toBe('{"type":"t.one"}')
    expect(replayed.stdout).not.toMatch(/re-signed/)
    // "a fresh timestamp" only where the scheme signs one: Workestra signs the body alone, Stripe t.body
    const workestra = await runCli(['replay', reqId, '--to', `${app.url}/r`, '--resign-profile', 'workestra', '--resign-secret', 'k'], { env })
    expect(workestra.code, workestra.stderr).toBe(0)
    expect(workestra.stdout).toMatch(/\n {2}re-signed\n/)
    expect(workestra.stdout).not.toMatch(/timestamp/)
    const stripe = await runCli(['replay', reqId, '--to', `${app.url}/r`, '--resign-profile', 'stripe', '--resign-secret', 'whsec_k'], { env })
    expect(stripe.code, stripe.stderr).toBe(0)
    expect(stripe.stdout).toMatch(/\n {2}re-signed with a fresh timestamp\n/)
    const scheme = await runCli(['replay', reqId, '--to', `${app.url}/r`, '--resign-scheme', 'hmac-sha256', '--resign-secret', 'k'], { env })
    expect(scheme.stdout).toMatch(/\n {2}re-signed\n/)
    // A 500 from the target is an answer: exit 0, unless --fail asks for a 2xx (curl's rule).
    const failing = await startSink((_req, res) => {
      res.statusCode = 500
      res.end('no')
    })
    try {
      const lenient = await runCli(['replay', reqId, '--to', failing.url], { env })
      expect(lenient.code, lenient.stderr).toBe(0)
      expect(lenient.stdout).toMatch(/500 in \d+ ms/)
      const strict = await runCli(['replay', reqId, '--to', failing.url, '--fail'], { env })
      expect(strict.code).toBe(1)
      expect(strict.stdout).toMatch(/500 in \d+ ms/)
      expect((await runCli(['replay', reqId, '--to', `${app.url}/r`, '--fail'], { env })).code).toBe(0)
    } finally {
      await failing.close()
    }

    const file = join(tmp.dir, 'a.har')
    const exported = await runCli(['export', 'requests', '--format', 'har', '--inbox', list.items[0].inboxId, '--out', file], { env })
    expect(exported.code, exported.stderr).toBe(0)
    const imported = await runCli(['import', file, '--inbox', 'b'], { env })
    expect(imported.code, imported.stderr).toBe(0)
    expect(imported.stdout).toMatch(/Imported 1 requests \(har\) into b/)
    const inB = await call('GET', `/api/inboxes/${b.id}/requests`)
    expect(inB.items.map((i: { path: string }) => i.path)).toEqual(['/b/x'])

    const bad = join(tmp.dir, 'bad.ndjson')
    writeFileSync(bad, '{"format":"hookbench.request/v1"}\nnot json\n')
    const refused = await runCli(['import', bad, '--inbox', 'b'], { env })
    expect(refused.code).toBe(2) // the engine's 400: a usage error, as for every other command
    expect(refused.stderr).toMatch(/line 1: method is missing.* \(HB_ERR_IMPORT_INVALID\)/)

    const stdout = await runCli(['export', 'deliveries', '--format', 'csv'], { env })
    expect(stdout.code).toBe(0)
    expect(stdout.stdout.split('\r\n')[0]).toMatch(/^delivery_id,delivery_status,event_id/)

    expect((await runCli(['export', 'things'], { env })).code).toBe(2)
    for (const args of [['export', 'requests'], ['import', file, '--inbox', 'b']]) {
      const refusedToken = await runCli(args, { env: { ...env, HOOKBENCH_TOKEN: 'wrong' } })
      expect(refusedToken.code).toBe(1)
      expect(refusedToken.stderr).toMatch(/refused the token .*Check --token \/ HOOKBENCH_TOKEN\./)
    }
    await serve.stop()
    await app.close()
    tmp.cleanup()
  })
})
