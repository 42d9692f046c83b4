/**
 * Editing a schedule (`PATCH /api/schedules/:id`), as the schedule form tells its user: a new
 * timing starts the timetable again from the save, any other edit keeps the next run, a paused
 * schedule stays paused, and a refused edit names its field and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEngine, type TestEngine } from '../../helpers/engine'

describe('schedule edits', () => {
  let t: TestEngine
  beforeAll(async () => {
    t = await startTestEngine()
  })
  afterAll(async () => {
    await t.stop()
  })

  const at = (ms: number) => new Date(ms).toISOString()
  const create = async (body: Record<string, unknown>) => {
    const res = await t.api('POST', '/api/schedules', { profileId: 'workestra', type: 'deal.created', ...body })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    return res.body
  }
  const patch = async (id: string, body: unknown) => {
    const res = await t.api('PATCH', `/api/schedules/${id}`, body)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    return res.body
  }

  it('keeps the next run through an edit of the type, data, targets or name', async () => {
    const s = await create({ everySeconds: 600 })
    await t.clock.advance(120_000)
    const data = (await t.api('POST', '/api/event-types/sample', { profileId: 'workestra', type: 'deal.won', seed: 1 })).body.data
    expect(await patch(s.id, { type: 'deal.won', data, name: 'Won deals' })).toMatchObject({ type: 'deal.won', name: 'Won deals', nextRunAt: s.nextRunAt, status: 'active' })
    expect(await patch(s.id, { data: null })).toMatchObject({ data: null, nextRunAt: s.nextRunAt })
    const w = await t.api('POST', '/api/webhooks', { name: 'w', url: 'http://127.0.0.1:9/w', profileId: 'workestra', events: ['deal.*'], allowLocal: true, skipVerification: true })
    expect(w.status, JSON.stringify(w.body)).toBe(201)
    expect(await patch(s.id, { webhookIds: [w.body.id] })).toMatchObject({ webhookIds: [w.body.id], nextRunAt: s.nextRunAt })
    expect(await patch(s.id, { webhookIds: null })).toMatchObject({ webhookIds: null, nextRunAt: s.nextRunAt })
  })

  it('starts the timetable again from the save when the period or the cron expression changes', async () => {
    const s = await create({ everySeconds: 600 })
    await t.clock.advance(120_000)
    const edited = await patch(s.id, { everySeconds: 300 })
    expect(edited).toMatchObject({ everySeconds: 300, nextRunAt: at(t.clock.now() + 300_000) })
    const cron = await patch(s.id, { cron: '0 * * * *' })
    expect(cron).toMatchObject({ everySeconds: null, cron: '0 * * * *' })
    expect(Date.parse(cron.nextRunAt)).toBe(Math.floor(t.clock.now() / 3_600_000 + 1) * 3_600_000)
  })

  it('leaves a paused schedule paused, whatever is edited', async () => {
    const s = await create({ everySeconds: 600, status: 'paused' })
    expect(await patch(s.id, { everySeconds: 60, type: 'deal.won' })).toMatchObject({ status: 'paused', nextRunAt: null, everySeconds: 60, type: 'deal.won' })
  })

  it('refuses a cron expression that does not parse on /cron, and keeps the schedule as it was', async () => {
    const s = await create({ everySeconds: 600 })
    const before = (await t.api('GET', `/api/schedules/${s.id}`)).body
    const res = await t.api('PATCH', `/api/schedules/${s.id}`, { cron: '61 * * * *', type: 'deal.won' })
    expect(res).toMatchObject({ status: 400, body: { error: 'HB_ERR_SCHEDULE_CRON', field: '/cron' } })
    expect((await t.api('GET', `/api/schedules/${s.id}`)).body).toEqual(before)
  })
})
