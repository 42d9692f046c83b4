import { describe, expect, it } from 'vitest'
import { verdictInfo, verdictLabel } from '../../../src-renderer/components/verdict-badge'
import { ageWords, timestampDate } from '../../../src-renderer/features/requests/timestamp-words'

describe('the stale_timestamp verdict in words', () => {
  it('calls a timestamp ahead of the clock future-dated, not stale, where its age is known', () => {
    expect(verdictInfo('stale_timestamp', -498_579_352)).toMatchObject({ label: 'future-dated', meaning: 'The signed timestamp is ahead of the clock by more than the tolerance.' })
    expect(verdictInfo('stale_timestamp', 600).label).toBe('stale')
    // Where the age is not at hand (the verdict filter), one label covers both, and its meaning says so.
    expect(verdictInfo('stale_timestamp')).toMatchObject({ label: 'stale', meaning: 'The signed timestamp is outside the tolerance: too old, or ahead of the clock.' })
    expect(verdictLabel('stale_timestamp')).toBe('stale')
    expect(verdictInfo('valid', -5).label).toBe('valid')
  })
})

describe('the signed timestamp in the signature panel', () => {
  it('gives an age in short words however far off it is, never "498579352.7 h"', () => {
    expect(ageWords(2 * 3600)).toBe('age 2.0 h')
    expect(ageWords(3 * 86400)).toBe('age 3 d')
    expect(ageWords(-3600)).toBe('1.0 h in the future')
    // A Stripe t= in milliseconds, read as seconds.
    expect(ageWords(-(1_767_225_600_000 - 1_767_225_600))).toBe('55,982 years in the future')
  })

  it('shows the date, and words instead of a RangeError beyond what a Date holds (a 16-digit value)', () => {
    expect(timestampDate(1_767_225_600)).toBe('2026-01-01T00:00:00.000Z')
    expect(timestampDate(1_767_225_600_000_000)).toBe('beyond any date')
  })
})
