import { describe, expect, it } from 'vitest'
import { readableByteCounts, relativeTime } from '../../../src-renderer/lib/format'

describe('relativeTime', () => {
  const now = Date.parse('2026-12-07T12:00:00Z')
  const at = (ms: number) => new Date(now + ms).toISOString()

  it('reads the past as ago, and a moment just after a stale "now" as just now, never "in 4 s"', () => {
    expect(relativeTime(at(-1_000), now)).toBe('just now')
    expect(relativeTime(at(4_100), now)).toBe('just now') // happened after the screen last read the time
    expect(relativeTime(at(-5_000), now)).toBe('5 s ago')
    expect(relativeTime(at(-3 * 60_000), now)).toBe('3 min ago')
  })

  it('counts in whole units: no "23.6 s ago" or "in 24.0 h"', () => {
    expect(relativeTime(at(-23_600), now)).toBe('24 s ago')
    expect(relativeTime(at(-59_600), now)).toBe('1 min ago')
    expect(relativeTime(at(-(2 * 3_600_000 + 20 * 60_000)), now)).toBe('2 h ago')
    expect(relativeTime(at(24 * 3_600_000 - 1_000), now)).toBe('in 24 h')
  })

  it('still reads a time well ahead as to come (a secret that expires later)', () => {
    expect(relativeTime(at(3 * 3_600_000), now)).toBe('in 3 h')
  })
})

describe('readableByteCounts', () => {
  it('writes large byte counts of a message in units, and leaves other numbers alone', () => {
    expect(readableByteCounts('The gzip body decodes to more than 16777216 bytes; the decoded view is cut.')).toBe('The gzip body decodes to more than 16.0 MB; the decoded view is cut.')
    expect(readableByteCounts('2048 bytes, then 512 bytes, at offset 16777216')).toBe('2.0 KB, then 512 bytes, at offset 16777216')
  })
})
