/**
 * `--time-scale`: the engine clock runs 1000× faster than the wall clock, but what goes on the
 * wire is signed in wall time (a real receiver's 5-minute tolerance would refuse scaled time),
 * and Hookbench's own inboxes judge those timestamps against the wall clock too.
 */
import { Webhook as StandardWebhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { InboxReanalyzedEvent } from '../../../src-shared/api/inboxes'
import { createScaledClock, realClock } from '../../../src-main/engine/clock'
import { runCli } from '../../helpers/cli'
import { startTestEngine, type TestEngine } from '../../helpers/engine'
import { startSink, type Sink } from '../../helpers/sink'
import { tempDir } from '../../helpers/tmp'
import { createInbox, latest, nextEvent } from '../receiver/helpers'
import { deliveryStatus, until } from './helpers'

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const TOLERANCE_MS = 5 * 60_000

describe('signing under a scaled clock', () => {
  let t: TestEngine
  let sink: Sink
  beforeAll(async () => {
    t = await startTestEngine({ clock: createScaledClock(1000) as never })
    sink = await startSink()
    // Sleep on the engine's own (1000×) clock until it is a minute past any receiver's
    // tolerance ahead of the wall clock: ~0.36 s real.
    await t.engine.ctx.clock.sleep(TOLERANCE_MS + 60_000)
    expect(t.engine.ctx.clock.now() - Date.now()).toBeGreaterThan(TOLERANCE_MS)
  })
  afterAll(async () => {
    await t.stop()
    await sink.close()
  })

  const fireTo = async (url: string) => {
    const wh = await t.api('POST', '/api/webhooks', { name: 'scaled', url, profileId: 'standard-webhooks', events: ['*'], secret: SECRET, allowLocal: true })
    expect(wh.status, JSON.stringify(wh.body)).toBe(201)
    const fired = await t.api('POST', '/api/events', { type: 'contact.created', profileId: 'standard-webhooks', webhookIds: [wh.body.id] })
    expect(fired.status, JSON.stringify(fired.body)).toBe(201)
    return deliveryStatus(t, fired.body.deliveries[0].id, 'succeeded')
  }

  it('says in /api/info that the engine clock is scaled, and how far ahead it runs (the UI shows "Time ×1000")', async () => {
    const before = Date.now()
    const info = (await t.api('GET', '/api/info')).body
    const after = Date.now()
    expect(info.clock.scale).toBe(1000)
    expect(info.clock.leadMs).toBeGreaterThan(TOLERANCE_MS)
    // the machine time the lead was read at, so a UI's engine-now carries no round-trip error
    expect(info.clock.wallMs).toBeGreaterThanOrEqual(before)
    expect(info.clock.wallMs).toBeLessThanOrEqual(after)
  })

  it('puts a wall-clock webhook-timestamp on the wire, which the standardwebhooks package accepts', async () => {
    await fireTo(`${sink.url}/hook`)
    const [received] = await sink.waitFor(1)
    const headers = Object.fromEntries(received!.headers.map(([n, v]) => [n.toLowerCase(), v]))
    expect(Math.abs(Number(headers['webhook-timestamp']) * 1000 - Date.now())).toBeLessThan(TOLERANCE_MS)
    expect(new StandardWebhook(SECRET).verify(received!.body, headers)).toEqual(JSON.parse(received!.body.toString()))
  })

  it("is verified as valid by Hookbench's own inbox, at capture and on re-analysis, while receivedAt stays in engine time", async () => {
    const inbox = await createInbox(t, { name: 'scaled', slug: 'scaled', verification: { scheme: 'standard-webhooks', secrets: [SECRET] } })
    await fireTo(inbox.url)
    const captured = await latest(t, inbox.id)
    expect(captured.analysis).toMatchObject({ verdict: 'valid', reason: expect.any(String) })
    expect(Date.parse(captured.receivedAt) - Date.parse(captured.analysis.analyzedAt)).toBeGreaterThan(TOLERANCE_MS)

    const finished = nextEvent<InboxReanalyzedEvent>(t, 'inbox.reanalyzed', (e) => e.inboxId === inbox.id && e.finished)
    expect((await t.api('POST', `/api/inboxes/${inbox.id}/reanalyze`)).status).toBe(200)
    await finished
    expect((await latest(t, inbox.id)).analysis.verdict).toBe('valid')
  })

  it("expires an inbox's rotated secret in wall time, as the signatures it judges", async () => {
    const inbox = await createInbox(t, { name: 'rotating', slug: 'rotating', verification: { scheme: 'standard-webhooks', secrets: [SECRET] } })
    const rotated = await t.api('POST', `/api/inboxes/${inbox.id}/rotate-secret`, { graceSec: 1 })
    expect(rotated.status, JSON.stringify(rotated.body)).toBe(200)
    const old = rotated.body.verification.secrets.find((s: { value: string; live: boolean }) => s.live && rotated.body.verification.secrets[0].value !== s.value)
    // One second of grace in wall time, not in the engine's clock that runs minutes ahead.
    expect(Math.abs(Date.parse(old.expiresAt) - Date.now())).toBeLessThan(TOLERANCE_MS)
    await new Promise((r) => setTimeout(r, 1100)) // the 1 s wall-clock grace must really pass; no event marks its end
    expect((await t.api('GET', `/api/inboxes/${inbox.id}`)).body.verification.secrets[1].live).toBe(false)
    await fireTo(inbox.url)
    expect((await latest(t, inbox.id)).analysis.verdict).toBe('invalid')
  })
})

describe('after a scaled session', () => {
  it('moves what it scheduled back to the machine clock on the next start, keeping the delay it had left; cron stays on its timetable', async () => {
    const dir = tempDir()
    const failing = await startSink((_req, res) => {
      res.statusCode = 500
      res.end()
    })
    try {
      const scaled = await startTestEngine({ dataDir: dir.dir, clock: createScaledClock(1000) as never })
      // One retry, a day after the failure: 86 s of real time at 1000x, so it is still to come at the restart.
      await scaled.api('POST', '/api/profiles/taskhub/clone', { id: 'taskhub-daily' })
      expect((await scaled.api('PATCH', '/api/profiles/taskhub-daily', { retrySchedule: [86_400] })).status).toBe(200)
      const wh = (await scaled.api('POST', '/api/webhooks', { name: 'daily', url: `${failing.url}/h`, profileId: 'taskhub-daily', events: ['*'], allowLocal: true })).body
      const fired = (await scaled.api('POST', '/api/events', { type: 'task.created', profileId: 'taskhub-daily', webhookIds: [wh.id] })).body
      const failedOnce = await until(scaled, async () => {
        const d = (await scaled.api('GET', `/api/deliveries/${fired.deliveries[0].id}`)).body
        return d.attempts.length === 1 && d.nextAttemptAt ? d : null
      })
      const daily = (await scaled.api('POST', '/api/schedules', { profileId: 'taskhub-daily', type: 'task.created', everySeconds: 86_400, status: 'active' })).body
      const halfHourly = (await scaled.api('POST', '/api/schedules', { profileId: 'taskhub-daily', type: 'task.created', cron: '*/30 * * * *' })).body
      await scaled.engine.ctx.clock.sleep(3_600_000) // an hour of engine time (3.6 s real): the engine runs well ahead

      // An engine started beside it by another process (here it fails on the taken port) moves nothing.
      const port = new URL(scaled.engine.urls.api).port
      const beside = await runCli(['serve', '--data-dir', dir.dir, '--port', port, '--ingest-port', '0'])
      expect(beside.code).not.toBe(0)
      expect(beside.stderr).toMatch(/in use/)
      expect((await scaled.api('GET', `/api/deliveries/${fired.deliveries[0].id}`)).body.nextAttemptAt).toBe(failedOnce.nextAttemptAt)

      const now = scaled.engine.ctx.clock.now()
      const left = { retry: Date.parse(failedOnce.nextAttemptAt) - now, daily: Date.parse(daily.nextRunAt) - now }
      expect(left.retry).toBeGreaterThan(0)
      const wallAtClose = Date.now()
      await scaled.engine.close()

      const real = await startTestEngine({ dataDir: dir.dir, clock: realClock as never })
      try {
        const after = (await real.api('GET', `/api/deliveries/${fired.deliveries[0].id}`)).body
        expect(after.status).toBe('pending')
        // Due when the time left at close has passed on this clock, not an hour and more later, where
        // the scaled clock had got to. (Closing takes some real ms, each a second of scaled time.)
        const margin = 5 * 60_000
        expect(Math.abs(Date.parse(after.nextAttemptAt) - (wallAtClose + left.retry))).toBeLessThan(margin)
        const dailyAfter = (await real.api('GET', `/api/schedules/${daily.id}`)).body
        expect(Math.abs(Date.parse(dailyAfter.nextRunAt) - (wallAtClose + left.daily))).toBeLessThan(margin)
        // The cron schedule: the next :00 or :30 of this clock, not one of the scaled clock an hour and more ahead.
        const cronAfter = Date.parse((await real.api('GET', `/api/schedules/${halfHourly.id}`)).body.nextRunAt)
        expect(new Date(cronAfter).getUTCMinutes() % 30).toBe(0)
        expect(cronAfter).toBeGreaterThan(Date.now())
        expect(cronAfter - Date.now()).toBeLessThanOrEqual(30 * 60_000)
      } finally {
        await real.engine.close()
      }
    } finally {
      await failing.close()
      dir.cleanup()
    }
  })
})
