import { describe, expect, it } from 'vitest'
import { retryGap, tookText } from '../../../src-renderer/features/deliveries/attempt-times'

describe('attempt times', () => {
  it('says how long after the previous attempt ended the schedule put a retry, on the clock of the times shown', () => {
    // under --time-scale 100: #3 took 99 machine ms, i.e. 10.2 engine seconds; #4 is due 10 s after it ended
    const third = { n: 3, outcome: 'failed' as const, finishedAt: '2026-12-07T10:28:50.719Z' }
    expect(retryGap({ trigger: 'schedule', scheduledAt: '2026-12-07T10:29:00.719Z' }, third)).toBe('+10 s after #3 failed')
    expect(retryGap({ trigger: 'schedule', scheduledAt: '2026-12-07T10:30:50.719Z' }, third)).toBe('+2 min after #3 failed')
    expect(retryGap({ trigger: 'schedule', scheduledAt: '2026-12-07T10:28:50.719Z' }, { ...third, outcome: 'interrupted' })).toBe('+0 s after #3 ended')
  })

  it('says nothing for an attempt the schedule did not place', () => {
    expect(retryGap({ trigger: 'schedule', scheduledAt: '2026-12-07T10:00:00.000Z' }, undefined)).toBeNull()
    expect(retryGap({ trigger: 'manual', scheduledAt: '2026-12-07T10:29:00.719Z' }, { n: 1, outcome: 'failed', finishedAt: '2026-12-07T10:28:50.719Z' })).toBeNull()
    expect(retryGap({ trigger: 'schedule', scheduledAt: '2026-12-07T10:29:00.719Z' }, { n: 1, outcome: 'in_flight', finishedAt: null })).toBeNull()
  })

  it("gives the duration in the machine's milliseconds, and under a time scale what it is on the engine's clock too, in the text", () => {
    expect(tookText(99.1, 1)).toEqual({ text: 'took 99 ms' })
    expect(tookText(5, 100).text).toBe('took 5 ms (500 ms on the engine clock ×100)')
    expect(tookText(99.1, 100)).toEqual({ text: 'took 99 ms (9.9 s on the engine clock ×100)', title: "99 ms of this machine's time. The engine's clock runs ×100, so on its clock (the times shown) the attempt lasted about 9.9 s." })
  })
})
