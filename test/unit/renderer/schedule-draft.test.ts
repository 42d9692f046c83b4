import { describe, expect, it } from 'vitest'
import type { Schedule } from '../../../src-shared/api/triggers'
import { draftOf, restartsTiming, toInput, toPatch } from '../../../src-renderer/features/events/schedule-draft'

const saved: Schedule = {
  id: 'sch_1',
  name: 'deal.created every 1 h',
  profileId: 'workestra',
  type: 'deal.created',
  everySeconds: 3600,
  cron: null,
  timezone: 'UTC',
  data: null,
  webhookIds: null,
  status: 'active',
  nextRunAt: '2026-01-01T01:00:00.000Z',
  lastRunAt: null,
  lastEventId: null,
  lastError: null,
  runCount: 0,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
}

describe('schedule draft', () => {
  it('sends what a new draft says, paused only when asked', () => {
    const d = draftOf(undefined, 'Europe/Paris', { profileId: 'workestra', type: 'deal.won' })
    expect(toInput(d)).toEqual({ profileId: 'workestra', type: 'deal.won', everySeconds: 60 })
    expect(toInput({ ...d, mode: 'cron', name: ' Nightly ', paused: true, fixed: true, data: '{"id":"d_1"}', targets: ['wh_1'] })).toEqual({
      profileId: 'workestra',
      type: 'deal.won',
      name: 'Nightly',
      cron: '*/5 * * * *',
      timezone: 'Europe/Paris',
      data: { id: 'd_1' },
      webhookIds: ['wh_1'],
      status: 'paused',
    })
  })

  it('sends nothing for an unchanged schedule, and only what changed (never the status)', () => {
    const d = draftOf(saved, 'Europe/Paris')
    expect(d).toMatchObject({ name: '', mode: 'every', every: '3600', fixed: false, targets: null })
    expect(toPatch(saved, d)).toBeNull()
    expect(toPatch({ ...saved, status: 'paused' }, { ...d, paused: false })).toBeNull()
    const patch = toPatch(saved, { ...d, every: '300', type: 'deal.won' })
    expect(patch).toEqual({ everySeconds: 300, type: 'deal.won' })
    expect(restartsTiming(patch)).toBe(true)
    expect(restartsTiming(toPatch(saved, { ...d, type: 'deal.won' }))).toBe(false)
  })

  it("leaves the engine's name to the engine; an emptied given name asks for it again", () => {
    expect(toPatch(saved, { ...draftOf(saved, 'UTC'), name: 'Hourly' })).toEqual({ name: 'Hourly' })
    const named = { ...saved, name: 'Hourly' }
    expect(draftOf(named, 'UTC').name).toBe('Hourly')
    expect(toPatch(named, { ...draftOf(named, 'UTC'), name: '  ' })).toEqual({ name: null })
  })

  it('switches timing, data and targets in the words the engine takes', () => {
    const d = draftOf(saved, 'Europe/Paris')
    // to cron: the zone the form offered (an every-N schedule's UTC was not chosen)
    expect(toPatch(saved, { ...d, mode: 'cron', cron: '0 9 * * 1' })).toEqual({ cron: '0 9 * * 1', timezone: 'Europe/Paris' })
    const cron = { ...saved, everySeconds: null, cron: '0 9 * * 1', timezone: 'Europe/Paris' }
    expect(draftOf(cron, 'UTC')).toMatchObject({ mode: 'cron', zone: 'Europe/Paris', every: '60' })
    expect(toPatch(cron, { ...draftOf(cron, 'UTC'), mode: 'every' })).toEqual({ everySeconds: 60 })
    // an emptied period is sent, so the engine says a timing is missing
    expect(toPatch(saved, { ...d, every: '' })).toEqual({ everySeconds: null })
    const fixed = { ...saved, data: { id: 'd_1' }, webhookIds: ['b', 'a'] }
    const fd = draftOf(fixed, 'UTC')
    expect(toPatch(fixed, { ...fd, targets: ['a', 'b'] })).toBeNull()
    expect(toPatch(fixed, { ...fd, fixed: false, targets: null })).toEqual({ data: null, webhookIds: null })
    expect(toPatch(fixed, { ...fd, data: '{ "id": "d_2" }' })).toEqual({ data: { id: 'd_2' } })
    expect(toPatch(fixed, { ...fd, data: '{ "id": ' })).toBeNull()
  })
})
