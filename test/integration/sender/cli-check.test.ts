/** `hookbench check` against a running engine (the built CLI, spawned): a CI gate for a handler. */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli, startServe, type ServeProcess } from '../../helpers/cli'
import { startSink, type Sink } from '../../helpers/sink'

const SECRET = 'cli-check-secret'

describe('hookbench check', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hookbench-check-'))
  const env = { HOOKBENCH_API: '', HOOKBENCH_TOKEN: '', HOOKBENCH_DATA_DIR: '' }
  let serve: ServeProcess
  const sinks: Sink[] = []

  async function webhookAt(verifies: boolean): Promise<string> {
    // A correct handler, or one that answers 200 to anything.
    const sink = await startSink((r, res) => {
      const given = Buffer.from(r.headers.find(([n]) => n.toLowerCase() === 'x-webhook-signature')?.[1] ?? '')
      const expected = Buffer.from(`sha256=${createHmac('sha256', SECRET).update(r.body).digest('hex')}`)
      res.statusCode = !verifies || (given.length === expected.length && timingSafeEqual(given, expected)) ? 200 : 401
      res.end()
    })
    sinks.push(sink)
    const res = await fetch(`${serve.info.api}/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${serve.info.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'cli', url: `${sink.url}/hooks`, profileId: 'taskhub', events: ['task.*'], secret: SECRET, allowLocal: true }),
    })
    return ((await res.json()) as { id: string }).id
  }

  beforeAll(async () => {
    serve = await startServe(['--data-dir', dataDir, '--port', '0', '--ingest-port', '0'])
  })
  afterAll(async () => {
    await serve.stop()
    await Promise.all(sinks.map((s) => s.close()))
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('exits 0 for a handler that passes, printing each probe', async () => {
    const id = await webhookAt(true)
    const r = await runCli(['check', id, '--data-dir', dataDir], { env })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^Checked http:\/\/127\.0\.0\.1:\d+\/hooks with 5 task\.created probes: 5 passed, 0 failed\n/)
    expect(r.stdout).toContain('\nPASS  Signed with another secret (must be refused; answered 401)\n      Refused (401).\n')
    expect(r.stdout).toContain('Note: Whether the handler compares signatures in constant time cannot be seen from outside')
  })

  it('exits 1 when a probe fails, with the finding and the fix; --json prints the check', async () => {
    const id = await webhookAt(false)
    const r = await runCli(['check', id, '--data-dir', dataDir], { env })
    expect(r.code).toBe(1)
    // a handler that verifies nothing: one failure, the acceptances that follow from it inconclusive, all counted
    expect(r.stdout).toMatch(/^Checked http:\/\/127\.0\.0\.1:\d+\/hooks with 5 task\.created probes: 1 passed, 1 failed, 3 inconclusive\n/)
    expect(r.stdout).toContain(
      '\nFAIL  Signed with another secret (must be refused; answered 200)\n      Accepted (200) a signature made with another secret, and a request without the X-Webhook-Signature header: the handler verifies nothing, so anyone who knows the URL can post events.\n      Fix: ',
    )
    expect(r.stdout).toContain('\n  ?   Without the X-Webhook-Signature header (must be refused; answered 200)\n')
    const json = await runCli(['check', id, '--type', 'task.completed', '--json', '--data-dir', dataDir], { env })
    expect(json.code).toBe(1)
    expect(JSON.parse(json.stdout)).toMatchObject({ webhookId: id, eventType: 'task.completed', passed: 1, failed: 1 })
  })

  it("names the Workestra doc sample's mistake: the sha256= header compared with a bare digest, shown by a probe without the prefix", async () => {
    // shared/seeds/000: hmac.new(secret, payload, hashlib.sha256).hexdigest() == request.headers['X-Workestra-Signature']
    const sink = await startSink((r, res) => {
      const given = r.headers.find(([n]) => n.toLowerCase() === 'x-workestra-signature')?.[1]
      res.statusCode = given === createHmac('sha256', SECRET).update(r.body).digest('hex') ? 200 : 401
      res.end()
    })
    sinks.push(sink)
    const created = await fetch(`${serve.info.api}/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${serve.info.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'sample', url: `${sink.url}/hooks`, profileId: 'workestra', events: ['deal.won'], secret: SECRET, allowLocal: true, skipVerification: true }),
    })
    const { id } = (await created.json()) as { id: string }
    const r = await runCli(['check', id, '--data-dir', dataDir], { env })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/^Checked http:\/\/127\.0\.0\.1:\d+\/hooks with 6 deal\.won probes: 0 passed, 1 failed, 5 inconclusive\n/)
    expect(r.stdout).toContain(
      '\nFAIL  Signed as the profile signs (must be accepted; answered 401)\n      Refused (401) a correctly signed event, and accepted (200) the same kind of event with only the digest in X-Workestra-Signature, ' +
        'without its "sha256=" prefix: the handler compares the header with a bare digest, as the Workestra doc\'s own sample does',
    )
    expect(r.stdout).toContain('\n      Fix: Strip the "sha256=" prefix from X-Workestra-Signature before comparing')
    expect(r.stdout).toContain('\n  ?   Signed right, X-Workestra-Signature without its "sha256=" prefix (must be refused; answered 200)\n      Accepted (200) the digest without its "sha256=" prefix')
  })

  it("says first when the URL is one of the engine's own inboxes: the verdicts describe its response rules", async () => {
    const call = async (path: string, body: unknown) =>
      (await fetch(`${serve.info.api}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${serve.info.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then((r) => r.json())) as { id: string; url: string }
    const inbox = await call('/inboxes', { name: 'Loopback', slug: 'loopback' })
    const { id } = await call('/webhooks', { name: 'loop', url: inbox.url, profileId: 'taskhub', events: ['task.*'], secret: SECRET, allowLocal: true })
    const r = await runCli(['check', id, '--data-dir', dataDir], { env })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(1) // the probes are kept: the inbox accepts what is signed wrong
    expect(r.stdout).toMatch(
      /^Checked http:\/\/127\.0\.0\.1:\d+\/loopback with 5 task\.created probes: 1 passed, 1 failed, 3 inconclusive\nNote: This URL is the Hookbench inbox "Loopback" \(\/loopback\) of this engine, not a handler of yours: it captures every request and answers per its response rules \(200 to every request\)/,
    )
    expect(r.stdout).toContain('the handler verifies nothing, so anyone who knows the URL can post events')
  })

  it('names the flag for a bad event type (exit 2, bad input); an unknown webhook exits 1', async () => {
    const id = await webhookAt(true)
    const bad = await runCli(['check', id, '--type', 'task.nope', '--data-dir', dataDir], { env })
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/^hookbench: "task\.nope" is not an event type of the TaskHub profile\..* Set it with --type\.\n$/)
    const unknown = await runCli(['check', 'wh_nope', '--data-dir', dataDir], { env })
    expect(unknown.code).toBe(1) // a failure, not a usage error: the engine has no such webhook
    expect(unknown.stderr).toMatch(/wh_nope/)
  })
})
