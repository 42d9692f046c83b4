import { describe, expect, it } from 'vitest'
import { nextRunAfter } from '../../../../src-main/engine/sender/schedules'
import { subscribes } from '../../../../src-shared/event-filters'

const T = Date.UTC(2026, 0, 1, 10, 7, 30)

describe('schedule timetables', () => {
  it('runs every N seconds from its creation, keeping the cadence', () => {
    const s = { everySeconds: 60, cron: null, timezone: 'UTC' }
    expect(nextRunAfter(s, T)).toBe(T + 60_000)
    expect(nextRunAfter(s, T + 60_000, T + 60_000)).toBe(T + 120_000)
  })

  it('skips the runs missed while the engine was stopped instead of firing them in a burst', () => {
    const s = { everySeconds: 60, cron: null, timezone: 'UTC' }
    expect(nextRunAfter(s, T + 10 * 60_000 + 5_000, T + 60_000)).toBe(T + 11 * 60_000)
  })

  it('follows a cron expression in its time zone', () => {
    expect(new Date(nextRunAfter({ everySeconds: null, cron: '*/15 * * * *', timezone: 'UTC' }, T)).toISOString()).toBe('2026-01-01T10:15:00.000Z')
    expect(new Date(nextRunAfter({ everySeconds: null, cron: '0 9 * * *', timezone: 'Europe/Paris' }, T)).toISOString()).toBe('2026-01-02T08:00:00.000Z')
    expect(new Date(nextRunAfter({ everySeconds: null, cron: '*/10 * * * * *', timezone: 'UTC' }, T)).toISOString()).toBe('2026-01-01T10:07:40.000Z')
  })
})

describe('subscriptions', () => {
  it('matches *, prefixes and exact names', () => {
    expect(subscribes(['*'], 'deal.won')).toBe(true)
    expect(subscribes(['deal.*'], 'deal.stage.changed')).toBe(true)
    expect(subscribes(['deal.*'], 'dealer.created')).toBe(false)
    expect(subscribes(['deal.won'], 'deal.won')).toBe(true)
    expect(subscribes(['deal.won'], 'deal.lost')).toBe(false)
    expect(subscribes([], 'deal.won')).toBe(false)
  })
})
