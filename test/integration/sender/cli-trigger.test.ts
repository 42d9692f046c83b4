/** `hookbench trigger` against a running engine (the built CLI, spawned). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli, startServe, type ServeProcess } from '../../helpers/cli'
import { startSink, type Sink } from '../../helpers/sink'

describe('hookbench trigger', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hookbench-trigger-'))
  let serve: ServeProcess
  let sink: Sink
  let webhookId: string
  // The engine is found through the data folder's record, not through the environment.
  const env = { HOOKBENCH_API: '', HOOKBENCH_TOKEN: '', HOOKBENCH_DATA_DIR: '' }

  beforeAll(async () => {
    sink = await startSink()
    serve = await startServe(['--data-dir', dataDir, '--port', '0', '--ingest-port', '0'])
    const res = await fetch(`${serve.info.api}/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${serve.info.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'cli', url: `${sink.url}/cli`, profileId: 'taskhub', events: ['task.*'], allowLocal: true }),
    })
    webhookId = ((await res.json()) as { id: string }).id
  })
  afterAll(async () => {
    await serve.stop()
    await sink.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('fires an event found through the data folder and prints the event id and its deliveries', async () => {
    const r = await runCli(['trigger', 'task.created', '--data-dir', dataDir], { env })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^Fired task\.created evt_[A-Za-z0-9]{24} \(profile taskhub\)\n  dlv_[0-9a-z]+ → wh_[0-9a-z]+ pending\n$/)
    expect(r.stdout).toContain(webhookId)
    await sink.waitFor(1)
  })

  it('takes --data as JSON or @file, --webhook and --profile, and prints JSON with --json', async () => {
    const data = { id: 'task_789', name: 'Design homepage', status: 'todo', priority: 'high', project_id: 'proj_123', assignee_id: 'user_456', created_by: 'user_789', due_date: '2025-10-30' }
    const file = join(dataDir, 'data.json')
    writeFileSync(file, JSON.stringify(data))
    for (const flag of [JSON.stringify(data), `@${file}`]) {
      const before = sink.received.length
      const r = await runCli(['trigger', 'task.created', '--data', flag, '--webhook', webhookId, '--profile', 'taskhub', '--data-dir', dataDir, '--json'], { env })
      expect(r.stderr).toBe('')
      expect(r.code).toBe(0)
      const fired = JSON.parse(r.stdout)
      expect(fired.event).toMatchObject({ type: 'task.created', profileId: 'taskhub', data })
      expect(fired.deliveries).toEqual([expect.objectContaining({ webhookId, status: 'pending' })])
      const [received] = (await sink.waitFor(before + 1)).slice(before)
      expect(JSON.parse(received!.body.toString()).data).toEqual(data)
    }
  })

  it('finds the engine through --api/--token and HOOKBENCH_API/HOOKBENCH_TOKEN too', async () => {
    const viaFlags = await runCli(['trigger', 'task.completed', '--api', serve.info.api, '--token', serve.info.token], { env })
    expect(viaFlags.code).toBe(0)
    const viaEnv = await runCli(['trigger', 'task.completed'], { env: { ...env, HOOKBENCH_API: serve.info.api, HOOKBENCH_TOKEN: serve.info.token } })
    expect(viaEnv.code).toBe(0)
    expect(viaEnv.stdout).toMatch(/^Fired task\.completed/)
  })

  it('says clearly when no engine is running, and relays the API’s fix-it messages', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'hookbench-none-'))
    try {
      const none = await runCli(['trigger', 'task.created', '--data-dir', empty], { env })
      expect(none.code).toBe(1)
      expect(none.stdout).toBe('')
      expect(none.stderr).toMatch(/^hookbench: No running Hookbench engine found: .*engine\.json does not exist\. Start one with `hookbench serve --data-dir .*`.*--api <url> --token <token>/)
    } finally {
      rmSync(empty, { recursive: true, force: true })
    }
    const refused = await runCli(['trigger', 'task.created', '--api', 'http://127.0.0.1:9/api', '--token', 'x'], { env })
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/Cannot reach the Hookbench engine at http:\/\/127\.0\.0\.1:9\/api.*is it running\?/)

    const unknown = await runCli(['trigger', 'task.create', '--profile', 'taskhub', '--data-dir', dataDir], { env })
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/"task\.create" is not an event type of the TaskHub profile\. Did you mean .*"task\.created".* \[\/type\] \(HB_ERR_EVENT_TYPE_UNKNOWN\)/)
    // The engine's advice in the CLI's words: the flag, not the API field.
    const nowhere = await runCli(['trigger', 'no.such.type', '--data-dir', dataDir], { env })
    expect(nowhere.code).toBe(2)
    expect(nowhere.stderr).toContain('give --profile to say which profile fires it')
    expect(nowhere.stderr).not.toContain('profileId')
    const noWebhook = await runCli(['trigger', 'task.created', '--webhook', 'wh_nope', '--data-dir', dataDir], { env })
    expect(noWebhook.code).toBe(2)
    expect(noWebhook.stderr).toMatch(/No webhook with id "wh_nope".* Check --webhook\.\n$/)
    expect(noWebhook.stderr).not.toContain('Set it with')
    // The engine names an API field; the CLI says which flag sets it.
    const wrongData = await runCli(['trigger', 'task.created', '--data', '[1, 2]', '--data-dir', dataDir], { env })
    expect(wrongData.code).toBe(2)
    expect(wrongData.stderr).toMatch(/\[\/data[^\]]*\] \(HB_ERR_[A-Z_]+\) Check --data\.\n$/)
    const badJson = await runCli(['trigger', 'task.created', '--data', '{nope', '--data-dir', dataDir], { env })
    expect(badJson.code).toBe(2)
    expect(badJson.stderr).toMatch(/--data is not valid JSON/)
    const badToken = await runCli(['trigger', 'task.created', '--api', serve.info.api, '--token', 'wrong'], { env })
    expect(badToken.code).toBe(1)
    expect(badToken.stderr).toMatch(/refused the token/)
  })

  it('says flags for free-standing field names only: a URL in the message keeps its query', async () => {
    const r = await runCli(['trigger', 'deal.won', '--profile', 'stripe', '--data-dir', dataDir], { env })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/"deal\.won" is not an event type of the Stripe-style profile\. GET \/api\/event-types\?profileId=stripe lists its \d+ event types\./)
    expect(r.stderr).not.toContain('?--profile')
  })

  it('says which subscribed webhooks an event was not sent to because they are paused', async () => {
    const api = (path: string) => fetch(`${serve.info.api}${path}`, { method: 'POST', headers: { authorization: `Bearer ${serve.info.token}` } })
    expect((await api(`/webhooks/${webhookId}/pause`)).status).toBe(200)
    const r = await runCli(['trigger', 'task.created', '--data-dir', dataDir], { env })
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`  no deliveries: no active webhook of this profile subscribes to this event type\n  not sent to ${webhookId} "cli": it is paused (resume or re-enable it to receive new events)\n`)
    expect((await api(`/webhooks/${webhookId}/enable`)).status).toBe(200)
  })
})
