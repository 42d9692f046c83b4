import { describe, expect, it } from 'vitest'
import { createFakeClock, createScaledClock, nowIso, type Clock } from '../../../src-main/engine/clock'

describe('clock', () => {
  it('a fake clock stands still until advanced', async () => {
    const clock = createFakeClock(Date.UTC(2026, 0, 1))
    expect(nowIso(clock)).toBe('2026-01-01T00:00:00.000Z')
    await clock.advance(1500)
    expect(clock.now()).toBe(Date.UTC(2026, 0, 1) + 1500)
  })

  it('fires due timers in time order, each at its own instant', async () => {
    const clock = createFakeClock(0)
    const fired: Array<[string, number]> = []
    clock.setTimeout(() => fired.push(['b', clock.now()]), 200)
    clock.setTimeout(() => fired.push(['a', clock.now()]), 100)
    clock.setTimeout(() => fired.push(['c', clock.now()]), 500)
    await clock.advance(300)
    expect(fired).toEqual([['a', 100], ['b', 200]])
    expect(clock.pendingTimers()).toBe(1)
    await clock.advance(200)
    expect(fired.at(-1)).toEqual(['c', 500])
  })

  it('lets async work started by a timer run before the next timer fires', async () => {
    const clock = createFakeClock(0)
    const log: string[] = []
    const work = async () => {
      await clock.sleep(10)
      log.push(`slept until ${clock.now()}`)
      await clock.sleep(10)
      log.push(`slept until ${clock.now()}`)
    }
    void work()
    await clock.advance(25)
    expect(log).toEqual(['slept until 10', 'slept until 20'])
  })

  it('cancels a timer', async () => {
    const clock = createFakeClock(0)
    let fired = false
    const t = clock.setTimeout(() => (fired = true), 10)
    clock.clearTimeout(t)
    await clock.advance(20)
    expect(fired).toBe(false)
  })

  it('never goes backwards', async () => {
    const clock = createFakeClock(1000)
    await expect(clock.advanceTo(999)).rejects.toThrow(/never goes backwards/)
  })

  it('a scaled clock runs N times faster than its base clock', async () => {
    const base = createFakeClock(0)
    const fast: Clock = createScaledClock(100, base)
    let fired = -1
    fast.setTimeout(() => (fired = fast.now()), 60_000) // one minute of scaled time
    await base.advance(600) // 0.6 s of base time
    expect(fired).toBe(60_000)
    expect(() => createScaledClock(0)).toThrow(/positive/)
  })

  it("a scaled clock's wall time is its base clock's, however far ahead its own time runs", async () => {
    const base = createFakeClock(Date.UTC(2026, 0, 1))
    const fast = createScaledClock(100, base)
    await base.advance(10_000)
    expect(fast.now()).toBe(Date.UTC(2026, 0, 1) + 1_000_000)
    expect(fast.wallNow()).toBe(Date.UTC(2026, 0, 1) + 10_000)
    expect(base.wallNow()).toBe(base.now())
  })
})

describe('ids', async () => {
  const { newId, randomSlug } = await import('../../../src-main/engine/ids')
  it('sort by creation time and carry their prefix', () => {
    const a = newId('req', Date.UTC(2026, 0, 1))
    const b = newId('req', Date.UTC(2026, 0, 1) + 1)
    const c = newId('req', Date.UTC(2027, 0, 1))
    expect(a).toMatch(/^req_[0-9a-z]{22}$/)
    expect([c, a, b].sort()).toEqual([a, b, c])
    expect(newId('req', 0)).not.toBe(newId('req', 0))
  })
  it('random slugs are URL-safe', () => {
    expect(randomSlug(12)).toMatch(/^[a-z0-9]{12}$/)
  })
})

describe('the real clock', async () => {
  const { createRealClock } = await import('../../../src-main/engine/clock')
  it('tells wall time both ways', () => {
    const clock = createRealClock()
    const before = Date.now()
    const [now, wall] = [clock.now(), clock.wallNow()]
    expect(now).toBeGreaterThanOrEqual(before)
    expect(wall).toBeGreaterThanOrEqual(now)
    expect(wall).toBeLessThanOrEqual(Date.now())
  })
  it('waits out delays longer than a Node timer can hold (30 days) instead of firing at once', async () => {
    const clock = createRealClock()
    const warnings: string[] = []
    const onWarning = (w: Error) => warnings.push(w.name)
    process.on('warning', onWarning)
    let fired = false
    const timer = clock.setTimeout(() => (fired = true), 30 * 86_400_000)
    // An overflowing Node timer fires after 1 ms: a later 20 ms timer proves this one did not.
    await new Promise((r) => setTimeout(r, 20))
    process.off('warning', onWarning)
    clock.clearTimeout(timer)
    expect(fired).toBe(false)
    expect(warnings).not.toContain('TimeoutOverflowWarning')
  })
})
