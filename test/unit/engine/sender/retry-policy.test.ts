import { describe, expect, it } from 'vitest'
import { disabledReason, describeFailure, shouldDisable } from '../../../../src-main/engine/sender/auto-disable'
import { isSuccessStatus, maxAttempts, nextRetryAt } from '../../../../src-main/engine/sender/retry-policy'

describe('retry policy', () => {
  const workestra = { retrySchedule: [5, 30, 120, 600] }

  it('counts the first attempt plus one per delay', () => {
    expect(maxAttempts(workestra)).toBe(5)
    expect(maxAttempts({ retrySchedule: [] })).toBe(1)
  })

  it('waits the k-th delay after the k-th failed attempt, from the moment it failed', () => {
    expect([1, 2, 3, 4].map((k) => nextRetryAt(workestra, k, 1_000))).toEqual([6_000, 31_000, 121_000, 601_000])
  })

  it('has no retry once the schedule is used up', () => {
    expect(nextRetryAt(workestra, 5, 0)).toBeNull()
    expect(nextRetryAt({ retrySchedule: [] }, 1, 0)).toBeNull()
  })

  it('counts any 2xx as success and nothing else', () => {
    expect([200, 201, 204, 299].every(isSuccessStatus)).toBe(true)
    expect([100, 199, 300, 301, 304, 400, 410, 500].some(isSuccessStatus)).toBe(false)
  })
})

describe('auto-disable', () => {
  it('disables at the threshold and never when the profile has none', () => {
    expect(shouldDisable({ disableAfter: 3 }, 2)).toBe(false)
    expect(shouldDisable({ disableAfter: 3 }, 3)).toBe(true)
    expect(shouldDisable({ disableAfter: null }, 1_000)).toBe(false)
  })

  it('says why, with the last failure and what to do', () => {
    expect(disabledReason({ name: 'TaskHub', disableAfter: 3, retrySchedule: [60, 300, 1800] }, 3, describeFailure(null, { code: 'refused', message: 'connection refused' }))).toBe(
      'Disabled after 3 consecutive failed deliveries (TaskHub disables a webhook after 3 consecutive deliveries fail all 4 of their attempts); last failure: refused: connection refused. Fix the endpoint, then enable the webhook.',
    )
    expect(describeFailure(503, null)).toBe('HTTP 503')
  })
})
