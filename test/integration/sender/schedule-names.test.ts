/**
 * An unnamed schedule is named after its type and timing; that name follows an edit of the type
 * or timing (it would describe another schedule), while a name the user gave stays.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEngine, type TestEngine } from '../../helpers/engine'

describe('schedule names', () => {
  let t: TestEngine
  beforeAll(async () => {
    t = await startTestEngine()
  })
  afterAll(async () => {
    await t.stop()
  })

  const patch = async (id: string, body: unknown) => {
    const res = await t.api('PATCH', `/api/schedules/${id}`, body)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    return res.body.name as string
  }

  it('renames a schedule it named when its timing or type changes', async () => {
    const s = (await t.api('POST', '/api/schedules', { profileId: 'workestra', type: 'contact.created', everySeconds: 10 })).body
    expect(s.name).toBe('contact.created every 10 s')
    expect(await patch(s.id, { cron: '0 9 * * 1' })).toBe('contact.created cron 0 9 * * 1 (UTC)')
    expect(await patch(s.id, { timezone: 'Europe/Paris' })).toBe('contact.created cron 0 9 * * 1 (Europe/Paris)')
    expect(await patch(s.id, { everySeconds: 3600 })).toBe('contact.created every 1 h')
    expect(await patch(s.id, { type: 'contact.updated' })).toBe('contact.updated every 1 h')
    // Edits that leave type and timing alone leave the name alone.
    expect(await patch(s.id, { status: 'paused' })).toBe('contact.updated every 1 h')
    expect((await t.api('GET', `/api/schedules/${s.id}`)).body.name).toBe('contact.updated every 1 h')
  })

  it('keeps a name the user gave, and takes a new one given with the new timing', async () => {
    const s = (await t.api('POST', '/api/schedules', { name: 'Nightly contacts', profileId: 'workestra', type: 'contact.created', everySeconds: 10 })).body
    expect(await patch(s.id, { cron: '0 2 * * *' })).toBe('Nightly contacts')
    expect(await patch(s.id, { everySeconds: 60, name: 'Every minute' })).toBe('Every minute')
    expect(await patch(s.id, { everySeconds: 120 })).toBe('Every minute')
  })

  it("also follows a name in the engine's earlier default words ('every 3600 s', 'every cron …')", async () => {
    const s = (await t.api('POST', '/api/schedules', { name: 'contact.created every 3600 s', profileId: 'workestra', type: 'contact.created', everySeconds: 3600 })).body
    expect(await patch(s.id, { cron: '*/5 * * * *' })).toBe('contact.created cron */5 * * * * (UTC)')
    const c = (await t.api('POST', '/api/schedules', { name: 'contact.created every cron */5 * * * *', profileId: 'workestra', type: 'contact.created', cron: '*/5 * * * *' })).body
    expect(await patch(c.id, { everySeconds: 60 })).toBe('contact.created every 1 min')
  })

  it("takes a null name as 'name it for me': the engine's name, which then follows the timing", async () => {
    const s = (await t.api('POST', '/api/schedules', { name: 'Nightly contacts', profileId: 'workestra', type: 'contact.created', everySeconds: 10 })).body
    expect(await patch(s.id, { name: null })).toBe('contact.created every 10 s')
    expect(await patch(s.id, { everySeconds: 60 })).toBe('contact.created every 1 min')
    // Named along with the new timing given in the same edit.
    const n = (await t.api('POST', '/api/schedules', { name: 'Given', profileId: 'workestra', type: 'contact.created', everySeconds: 10 })).body
    expect(await patch(n.id, { name: null, cron: '0 9 * * 1' })).toBe('contact.created cron 0 9 * * 1 (UTC)')
    // An empty name is still refused: null is the way to ask for the engine's.
    const empty = await t.api('PATCH', `/api/schedules/${n.id}`, { name: '' })
    expect(empty).toMatchObject({ status: 400, body: { field: '/name' } })
  })
})
