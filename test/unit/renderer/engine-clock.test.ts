import { describe, expect, it } from 'vitest'
import { engineClockFrom, engineNow, MACHINE_CLOCK, tickMs } from '../../../src-renderer/lib/engine-clock'
import { countdown } from '../../../src-renderer/features/sender-kit/format'
import { relativeTime } from '../../../src-renderer/lib/format'

describe('engine clock', () => {
  const t0 = Date.parse('2026-12-07T12:00:00Z')

  it("is the machine's clock without a time scale", () => {
    expect(engineNow(MACHINE_CLOCK, t0)).toBe(t0)
    const clock = engineClockFrom({ scale: 1, leadMs: 0, wallMs: t0 + 20 })
    expect(engineNow(clock, t0 + 5_000)).toBe(t0 + 5_000)
  })

  it('runs ahead by the lead the engine read at the machine time it gives, and scale times faster from there', () => {
    // The engine was 10 min ahead at t0 + 10 ms, however long its answer took to arrive.
    const clock = engineClockFrom({ scale: 100, leadMs: 600_000, wallMs: t0 + 10 })
    expect(clock.readAt).toBe(t0 + 10)
    expect(engineNow(clock, t0 + 10)).toBe(t0 + 10 + 600_000)
    // One machine second later, 100 engine seconds have passed.
    expect(engineNow(clock, t0 + 1_010)).toBe(t0 + 10 + 600_000 + 100_000)
  })

  it('runs behind, and slower, below a scale of 1', () => {
    const clock = engineClockFrom({ scale: 0.5, leadMs: -2_000, wallMs: t0 })
    expect(engineNow(clock, t0 + 4_000)).toBe(t0 - 2_000 + 2_000)
  })

  it('makes a delivery just made read "just now" and its retry count down on the engine clock', () => {
    const clock = engineClockFrom({ scale: 100, leadMs: 3 * 3_600_000, wallMs: t0 })
    const createdAt = new Date(engineNow(clock, t0 + 5)).toISOString()
    const nextAttemptAt = new Date(Date.parse(createdAt) + 20 * 60_000).toISOString()
    expect(relativeTime(createdAt, t0 + 5)).toBe('in 3 h') // what the machine's clock made of it
    expect(relativeTime(createdAt, engineNow(clock, t0 + 5))).toBe('just now')
    expect(countdown(nextAttemptAt, engineNow(clock, t0 + 5))).toBe('in 20 min')
    // 12 machine seconds are the 20 engine minutes: the countdown ends when the engine retries.
    expect(countdown(nextAttemptAt, engineNow(clock, t0 + 5 + 12_000))).toBe('due now')
  })

  it('re-reads the time at the engine\'s speed, never more often than every 250 ms', () => {
    expect(tickMs(MACHINE_CLOCK, 1_000)).toBe(1_000)
    expect(tickMs(MACHINE_CLOCK, 5_000)).toBe(5_000)
    expect(tickMs({ ...MACHINE_CLOCK, scale: 4 }, 5_000)).toBe(1_250)
    expect(tickMs({ ...MACHINE_CLOCK, scale: 100 }, 1_000)).toBe(250)
    expect(tickMs({ ...MACHINE_CLOCK, scale: 0.5 }, 5_000)).toBe(10_000)
  })
})
