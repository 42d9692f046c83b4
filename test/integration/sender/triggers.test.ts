/** Schedules and scenarios, driven by the engine's (fake) clock. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEngine, type TestEngine } from '../../helpers/engine'
import { startSink, type Sink } from '../../helpers/sink'
import { deliveryStatus, until } from './helpers'

const T0 = Date.UTC(2026, 0, 1)
const at = (ms: number) => new Date(T0 + ms).toISOString()

describe('schedules and scenarios', () => {
  let t: TestEngine
  let sink: Sink
  let webhookId: string
  beforeAll(async () => {
    t = await startTestEngine()
    sink = await startSink()
    webhookId = (await t.api('POST', '/api/webhooks', { name: 'w', url: `${sink.url}/w`, profileId: 'workestra', events: ['deal.*', 'contact.*'], allowLocal: true, skipVerification: true })).body.id
  })
  afterAll(async () => {
    await t.stop()
    await sink.close()
  })

  const eventsOf = async (source: string) => (await t.api('GET', `/api/events?source=${source}&limit=500`)).body.items.reverse()
  const elapsed = () => t.clock.now() - T0

  it('fires every N seconds with fresh data each time, pauses and resumes', async () => {
    const base = elapsed()
    const created = await t.api('POST', '/api/schedules', { profileId: 'workestra', type: 'deal.created', everySeconds: 60 })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const s = created.body
    expect(s).toMatchObject({ name: 'deal.created every 1 min', status: 'active', nextRunAt: at(base + 60_000), runCount: 0, data: null, timezone: 'UTC' })
    await t.clock.advanceTo(T0 + base + 59_999)
    expect((await t.api('GET', `/api/schedules/${s.id}`)).body.runCount).toBe(0)
    // Every run tells live lists the schedule as it now is (run count, last and next run).
    const updates: Array<{ runCount: number; nextRunAt: string }> = []
    const off = t.engine.ctx.events.subscribe((e) => {
      if (e.topic === 'schedule.updated' && (e.data as { id: string }).id === s.id) updates.push(e.data as { runCount: number; nextRunAt: string })
    })
    await t.clock.advanceTo(T0 + base + 180_000)
    off()
    expect(updates.map((u) => [u.runCount, u.nextRunAt])).toEqual([
      [1, at(base + 120_000)],
      [2, at(base + 180_000)],
      [3, at(base + 240_000)],
    ])
    const after = (await t.api('GET', `/api/schedules/${s.id}`)).body
    expect(after).toMatchObject({ runCount: 3, lastRunAt: at(base + 180_000), nextRunAt: at(base + 240_000), lastError: null })
    const fired = (await eventsOf('schedule')).filter((e: { sourceId: string }) => e.sourceId === s.id)
    expect(fired.map((e: { createdAt: string }) => e.createdAt)).toEqual([at(base + 60_000), at(base + 120_000), at(base + 180_000)])
    const datas = await Promise.all(fired.map(async (e: { id: string }) => (await t.api('GET', `/api/events/${e.id}`)).body.event.data))
    expect(new Set(datas.map((d) => JSON.stringify(d))).size).toBe(3) // fresh data each run
    for (const e of fired) expect(e.deliveries.total).toBe(1)

    expect((await t.api('POST', `/api/schedules/${s.id}/pause`)).body).toMatchObject({ status: 'paused', nextRunAt: null })
    await t.clock.advanceTo(T0 + base + 600_000)
    expect((await t.api('GET', `/api/schedules/${s.id}`)).body.runCount).toBe(3)
    expect((await t.api('POST', `/api/schedules/${s.id}/resume`)).body).toMatchObject({ status: 'active', nextRunAt: at(base + 660_000) })
    const now = await t.api('POST', `/api/schedules/${s.id}/run`)
    expect(now.status).toBe(201)
    expect(now.body.event).toMatchObject({ type: 'deal.created', source: 'schedule', sourceId: s.id })
    expect((await t.api('GET', `/api/schedules/${s.id}`)).body).toMatchObject({ runCount: 4, nextRunAt: at(base + 660_000) })
    expect((await t.api('DELETE', `/api/schedules/${s.id}`)).status).toBe(204)
  })

  it('fires on a cron expression in engine time, with fixed data when given', async () => {
    const base = elapsed()
    const data = (await t.api('POST', '/api/event-types/sample', { profileId: 'workestra', type: 'contact.created', seed: 3 })).body.data
    const s = (await t.api('POST', '/api/schedules', { profileId: 'workestra', type: 'contact.created', cron: '*/15 * * * *', data })).body
    const first = Date.parse(s.nextRunAt)
    expect(new Date(first).getUTCMinutes() % 15).toBe(0)
    expect(first).toBeGreaterThan(T0 + base)
    await t.clock.advanceTo(first + 15 * 60_000)
    const runs = (await eventsOf('schedule')).filter((e: { sourceId: string }) => e.sourceId === s.id)
    expect(runs.map((e: { createdAt: string }) => e.createdAt)).toEqual([new Date(first).toISOString(), new Date(first + 15 * 60_000).toISOString()])
    for (const e of runs) expect((await t.api('GET', `/api/events/${e.id}`)).body.event.data).toEqual(data)
    await t.api('DELETE', `/api/schedules/${s.id}`)
  })

  it('runs a scenario whose later steps refer to the deal created in step 0', async () => {
    const base = elapsed()
    const created = await t.api('POST', '/api/scenarios', {
      name: 'Deal lifecycle',
      profileId: 'workestra',
      steps: [
        { name: 'created', type: 'deal.created' },
        { type: 'deal.stage_changed', delaySeconds: 30, data: { id: '{{steps.0.data.id}}' } },
        { type: 'deal.won', delaySeconds: 60, data: { id: '{{steps.created.data.id}}', name: 'Won: {{steps.0.data.name}}' } },
      ],
    })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const run = await t.api('POST', `/api/scenarios/${created.body.id}/run`)
    expect(run.status).toBe(201)
    // Step 0 has no delay: it fired before the answer.
    expect(run.body).toMatchObject({ status: 'running', nextStepAt: at(base + 30_000) })
    expect(run.body.steps.map((s: { status: string }) => s.status)).toEqual(['fired', 'waiting', 'waiting'])
    const dealId = run.body.steps[0].data.id
    expect(typeof dealId).toBe('string')

    await t.clock.advanceTo(T0 + base + 30_000)
    await t.clock.advanceTo(T0 + base + 90_000)
    const done = (await t.api('GET', `/api/scenario-runs/${run.body.id}`)).body
    expect(done.status).toBe('completed')
    expect(done.finishedAt).toBe(at(base + 90_000))
    expect(done.steps.map((s: { firedAt: string }) => s.firedAt)).toEqual([at(base), at(base + 30_000), at(base + 90_000)])
    expect(done.steps[1].data.id).toBe(dealId)
    expect(done.steps[2].data).toMatchObject({ id: dealId, name: `Won: ${run.body.steps[0].data.name}` })
    // Merged over generated data: the rest of deal.won's required fields are there.
    const won = (await t.api('GET', `/api/events/${done.steps[2].eventId}`)).body
    expect(won.event).toMatchObject({ type: 'deal.won', source: 'scenario', sourceId: run.body.id })
    const d = await deliveryStatus(t, won.deliveries[0].id, 'succeeded')
    expect(JSON.parse(d.attempts[0]!.request.body).data.id).toBe(dealId)
    expect(d.webhookId).toBe(webhookId)

    const runs = (await t.api('GET', `/api/scenarios/${created.body.id}/runs`)).body.items
    expect(runs).toHaveLength(1)
    expect((await t.api('GET', `/api/scenarios/${created.body.id}`)).body.lastRun.id).toBe(run.body.id)
  })

  it('fails a run at a step whose data is rejected, skipping the rest, and can cancel a waiting run', async () => {
    // Templated data is known only at run (literal data that fails the schema is refused at save).
    const bad = (await t.api('POST', '/api/scenarios', {
      name: 'bad',
      profileId: 'workestra',
      steps: [{ type: 'deal.created' }, { type: 'deal.won', data: { id: '{{steps.0.event.type}}' }, dataMode: 'replace' }, { type: 'deal.lost' }],
    })).body
    const run = (await t.api('POST', `/api/scenarios/${bad.id}/run`)).body
    expect(run.status).toBe('failed')
    expect(run.steps.map((s: { status: string }) => s.status)).toEqual(['fired', 'failed', 'skipped'])
    expect(run.steps[1].error).toMatch(/does not match the schema of deal\.won/)

    const slow = (await t.api('POST', '/api/scenarios', { name: 'slow', profileId: 'workestra', steps: [{ type: 'deal.created', delaySeconds: 3600 }] })).body
    const waiting = (await t.api('POST', `/api/scenarios/${slow.id}/run`)).body
    expect(waiting.steps[0].status).toBe('waiting')
    const cancelled = (await t.api('POST', `/api/scenario-runs/${waiting.id}/cancel`)).body
    expect(cancelled).toMatchObject({ status: 'cancelled', nextStepAt: null })
    expect(cancelled.steps[0].status).toBe('skipped')
    await t.clock.advance(7200_000)
    expect((await t.api('GET', `/api/scenario-runs/${waiting.id}`)).body.steps[0].eventId).toBeNull()
  })

  it('fails only the run whose template names something the data does not hold; other runs go on', async () => {
    const hostile = (await t.api('POST', '/api/scenarios', {
      name: 'hostile',
      profileId: 'workestra',
      steps: [{ type: 'deal.created' }, { type: 'deal.won', data: { name: '{{steps.0.data.constructor}}' }, delaySeconds: 10 }],
    })).body
    const healthy = (await t.api('POST', '/api/scenarios', {
      name: 'healthy',
      profileId: 'workestra',
      steps: [{ type: 'deal.created' }, { type: 'deal.won', data: { id: '{{steps.0.data.id}}' }, delaySeconds: 20 }],
    })).body
    const first = await t.api('POST', `/api/scenarios/${hostile.id}/run`)
    expect(first.status, JSON.stringify(first.body)).toBe(201)
    const second = (await t.api('POST', `/api/scenarios/${healthy.id}/run`)).body
    await t.clock.advance(30_000)
    const failed = (await t.api('GET', `/api/scenario-runs/${first.body.id}`)).body
    expect(failed).toMatchObject({ status: 'failed', nextStepAt: null })
    expect(failed.steps.map((s: { status: string }) => s.status)).toEqual(['fired', 'failed'])
    expect(failed.steps[1].error).toMatch(/step 0 has no "constructor" there/)
    const completed = await until(t, async () => {
      const r = (await t.api('GET', `/api/scenario-runs/${second.id}`)).body
      return r.status === 'completed' ? r : null
    })
    expect(completed.steps[1].data.id).toBe(completed.steps[0].data.id)
  })

  it('a step or a scheduled run that cannot be written fails alone: it moves on, and the others fire', async () => {
    // The database refuses one event type, as a full disk would: not a problem of the step's own.
    const db = t.engine.ctx.db
    db.exec("CREATE TEMP TRIGGER refuse_lost BEFORE INSERT ON events WHEN NEW.type = 'deal.lost' BEGIN SELECT RAISE(ABORT, 'disk full (test)'); END")
    try {
      const lost = (await t.api('POST', '/api/scenarios', { name: 'lost', profileId: 'workestra', steps: [{ type: 'deal.created' }, { type: 'deal.lost', delaySeconds: 10 }] })).body
      const won = (await t.api('POST', '/api/scenarios', { name: 'won', profileId: 'workestra', steps: [{ type: 'deal.created' }, { type: 'deal.won', delaySeconds: 20 }] })).body
      const lostRun = (await t.api('POST', `/api/scenarios/${lost.id}/run`)).body
      const wonRun = (await t.api('POST', `/api/scenarios/${won.id}/run`)).body
      const failing = (await t.api('POST', '/api/schedules', { profileId: 'workestra', type: 'deal.lost', everySeconds: 60 })).body
      const healthy = (await t.api('POST', '/api/schedules', { profileId: 'workestra', type: 'deal.updated', everySeconds: 60 })).body
      const base = elapsed()
      await t.clock.advance(61_000)

      const failedRun = (await t.api('GET', `/api/scenario-runs/${lostRun.id}`)).body
      expect(failedRun).toMatchObject({ status: 'failed', nextStepAt: null })
      expect(failedRun.steps[1]).toMatchObject({ status: 'failed', eventId: null, error: expect.stringContaining('could not fire: disk full (test)') })
      expect((await t.api('GET', `/api/scenario-runs/${wonRun.id}`)).body.status).toBe('completed')

      const after = (await t.api('GET', `/api/schedules/${failing.id}`)).body
      expect(after).toMatchObject({ runCount: 1, nextRunAt: at(base + 120_000), lastError: expect.stringContaining('could not fire: disk full (test)') })
      expect((await t.api('GET', `/api/schedules/${healthy.id}`)).body).toMatchObject({ runCount: 1, lastError: null })
      expect((db.prepare("SELECT count(*) AS n FROM events WHERE type = 'deal.lost'").get() as { n: number }).n).toBe(0)
      for (const id of [failing.id, healthy.id]) await t.api('DELETE', `/api/schedules/${id}`)
    } finally {
      db.exec('DROP TRIGGER refuse_lost')
    }
  })

  it('survives a restart: schedules and scenario runs are rows', async () => {
    const { createFakeClock } = await import('../../../src-main/engine/clock')
    const s = (await t.api('POST', '/api/schedules', { profileId: 'workestra', type: 'deal.updated', everySeconds: 120 })).body
    const scn = (await t.api('POST', '/api/scenarios', { name: 'later', profileId: 'workestra', steps: [{ type: 'deal.created', delaySeconds: 100 }] })).body
    const run = (await t.api('POST', `/api/scenarios/${scn.id}/run`)).body
    const dataDir = t.dataDir
    const now = t.clock.now()
    await t.engine.close()
    const t2 = await startTestEngine({ dataDir, clock: createFakeClock(now) })
    try {
      await t2.clock.advance(120_000)
      const after = await until(t2, async () => {
        const sch = (await t2.api('GET', `/api/schedules/${s.id}`)).body
        const r = (await t2.api('GET', `/api/scenario-runs/${run.id}`)).body
        return sch.runCount === 1 && r.status === 'completed' ? { sch, r } : null
      })
      expect(after.r.steps[0].eventId).toEqual(expect.any(String))
    } finally {
      await t2.engine.close()
      t = await startTestEngine({ dataDir, clock: createFakeClock(t2.clock.now()) })
    }
  })

  it('keeps a webhook that a schedule or a scenario sends to from being deleted, naming them', async () => {
    const target = (await t.api('POST', '/api/webhooks', { name: 'Named', url: `${sink.url}/n`, profileId: 'workestra', events: ['*'], allowLocal: true, skipVerification: true })).body
    const schedule = (await t.api('POST', '/api/schedules', { name: 'nightly', profileId: 'workestra', type: 'deal.created', everySeconds: 3600, webhookIds: [target.id] })).body
    const scenario = (await t.api('POST', '/api/scenarios', { name: 'deal flow', profileId: 'workestra', steps: [{ type: 'deal.created' }, { type: 'deal.won', webhookIds: [target.id] }] })).body
    const refused = await t.api('DELETE', `/api/webhooks/${target.id}`)
    expect(refused.status).toBe(409)
    expect(refused.body).toMatchObject({ error: 'HB_ERR_WEBHOOK_IN_USE' })
    expect(refused.body.message).toBe(
      `The schedule "nightly" (${schedule.id}) and the scenario "deal flow" (${scenario.id}) send to the webhook "Named", so it cannot be deleted: remove it from them, or delete them, first.`,
    )
    // Moved to another profile, it would get the events of a profile it no longer has.
    const moved = await t.api('PATCH', `/api/webhooks/${target.id}`, { profileId: 'taskhub' })
    expect(moved).toMatchObject({ status: 409, body: { error: 'HB_ERR_WEBHOOK_IN_USE', field: '/profileId' } })
    expect(moved.body.message).toMatch(/send to the webhook "Named", so it cannot be moved to the TaskHub profile:/)
    expect((await t.api('PATCH', `/api/webhooks/${target.id}`, { name: 'Renamed' })).status).toBe(200)
    expect((await t.api('GET', `/api/webhooks/${target.id}`)).status).toBe(200)
    expect((await t.api('DELETE', `/api/schedules/${schedule.id}`)).status).toBe(204)
    expect((await t.api('DELETE', `/api/webhooks/${target.id}`)).body.message).toMatch(/^The scenario "deal flow" .* sends to the webhook "Renamed", so it cannot be deleted: remove it from that one, or delete it, first\.$/)
    expect((await t.api('PUT', `/api/scenarios/${scenario.id}`, { name: 'deal flow', profileId: 'workestra', steps: [{ type: 'deal.created' }, { type: 'deal.won' }] })).status).toBe(200)
    expect((await t.api('DELETE', `/api/webhooks/${target.id}`)).status).toBe(204)
    await t.api('DELETE', `/api/scenarios/${scenario.id}`)
  })
})
