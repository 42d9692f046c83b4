/**
 * The one source of time for domain code. Real time in production, a fake clock in tests
 * (advanced by hand), and a scaled clock for fast-forward mode (`--time-scale 100` makes a
 * 10-minute retry delay pass in 6 seconds). Domain code never calls Date.now() or setTimeout.
 */
export interface ClockTimer {
  readonly id: number
}

export interface Clock {
  /** Milliseconds since the Unix epoch, in this clock's time. */
  now(): number
  /** How many times faster than the machine's this clock runs (`--time-scale`); absent: 1. */
  readonly scale?: number
  /**
   * Wall-clock milliseconds since the epoch, even when this clock runs scaled: for what other
   * systems compare with their own clock (signature timestamps on the wire and checking them).
   */
  wallNow(): number
  /** Runs `fn` once `ms` of this clock's time have passed. */
  setTimeout(fn: () => void, ms: number): ClockTimer
  clearTimeout(timer: ClockTimer): void
  /** Resolves once `ms` of this clock's time have passed. */
  sleep(ms: number): Promise<void>
}

export function nowIso(clock: Clock): string {
  return new Date(clock.now()).toISOString()
}

let nextTimerId = 1

/** Node fires a setTimeout longer than this after 1 ms (with a warning): long waits go in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1

/** Wall-clock time. */
export function createRealClock(): Clock {
  const handles = new Map<number, NodeJS.Timeout>()
  const arm = (id: number, fn: () => void, at: number) => {
    const handle = setTimeout(() => {
      if (Date.now() < at) return arm(id, fn, at)
      handles.delete(id)
      fn()
    }, Math.min(MAX_TIMER_MS, Math.max(0, at - Date.now())))
    handle.unref?.()
    handles.set(id, handle)
  }
  const clock: Clock = {
    now: () => Date.now(),
    wallNow: () => Date.now(),
    setTimeout(fn, ms) {
      const id = nextTimerId++
      arm(id, fn, Date.now() + Math.max(0, ms))
      return { id }
    },
    clearTimeout(timer) {
      const handle = handles.get(timer.id)
      if (handle) clearTimeout(handle)
      handles.delete(timer.id)
    },
    sleep: (ms) => new Promise((resolve) => clock.setTimeout(resolve, ms)),
  }
  return clock
}

export const realClock: Clock = createRealClock()

/**
 * Time that runs `scale` times faster than the wall clock, starting from now.
 * Timers fire after `ms / scale` real milliseconds.
 */
export function createScaledClock(scale: number, base: Clock = realClock): Clock {
  if (!(scale > 0)) throw new Error(`time scale must be a positive number, got ${scale}`)
  const origin = base.now()
  const clock: Clock = {
    scale,
    now: () => Math.round(origin + (base.now() - origin) * scale),
    wallNow: () => base.wallNow(),
    setTimeout: (fn, ms) => base.setTimeout(fn, ms / scale),
    clearTimeout: (timer) => base.clearTimeout(timer),
    sleep: (ms) => new Promise((resolve) => clock.setTimeout(resolve, ms)),
  }
  return clock
}

export interface FakeClock extends Clock {
  /** Moves time forward, firing due timers in order and letting their promises settle. */
  advance(ms: number): Promise<void>
  /** Moves time to an absolute instant (never backwards). */
  advanceTo(epochMs: number): Promise<void>
  /** Number of timers waiting to fire. */
  pendingTimers(): number
}

/** A clock that only moves when told to. Starts at 2026-01-01T00:00:00Z unless given a start. */
export function createFakeClock(startMs = Date.UTC(2026, 0, 1)): FakeClock {
  let current = startMs
  const timers = new Map<number, { at: number; fn: () => void }>()
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve))

  const clock: FakeClock = {
    now: () => current,
    wallNow: () => current,
    setTimeout(fn, ms) {
      const id = nextTimerId++
      timers.set(id, { at: current + Math.max(0, ms), fn })
      return { id }
    },
    clearTimeout(timer) {
      timers.delete(timer.id)
    },
    sleep: (ms) => new Promise((resolve) => clock.setTimeout(resolve, ms)),
    async advance(ms) {
      await clock.advanceTo(current + ms)
    },
    async advanceTo(target) {
      if (target < current) throw new Error('a fake clock never goes backwards')
      for (;;) {
        let nextId: number | undefined
        let nextAt = Infinity
        for (const [id, t] of timers) {
          if (t.at <= target && t.at < nextAt) {
            nextAt = t.at
            nextId = id
          }
        }
        if (nextId === undefined) break
        const timer = timers.get(nextId)!
        timers.delete(nextId)
        current = Math.max(current, timer.at)
        timer.fn()
        await settle()
      }
      current = target
      await settle()
    },
    pendingTimers: () => timers.size,
  }
  return clock
}
