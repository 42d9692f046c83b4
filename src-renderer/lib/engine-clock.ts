/**
 * The engine's clock, seen from the renderer. Under `--time-scale N` the engine records its times
 * (deliveries, captures, schedules, events) on a clock that runs N times faster than the machine's,
 * so "3 min ago" and "next attempt in 20 s" are measured from the engine's now, never Date.now().
 * Both run on the same machine: the engine's wall clock is this browser's Date.now().
 */
export interface EngineClock {
  /** How many times faster than the machine's the engine clock runs (1 without a time scale). */
  scale: number
  /** How far the engine clock was ahead of the machine's at `readAt` (ms; `/api/info` clock.leadMs). */
  leadMs: number
  /** Machine time (Date.now()) at which `leadMs` was measured. */
  readAt: number
}

/** Until /api/info answers, and without a time scale: the engine's now is the machine's. */
export const MACHINE_CLOCK: EngineClock = { scale: 1, leadMs: 0, readAt: 0 }

/**
 * The engine clock from `/api/info`'s `clock`: the lead as the engine read it, at the machine time
 * it read it (`wallMs`; the engine runs on this machine), so the round trip adds no error, which a
 * fast clock would multiply (×1000 turned 100 ms into a minute and a half).
 */
export function engineClockFrom(clock: { scale: number; leadMs: number; wallMs: number }): EngineClock {
  return { scale: clock.scale, leadMs: clock.leadMs, readAt: clock.wallMs }
}

/** The engine's now (epoch ms) at machine time `machineNow`: the lead keeps growing by scale − 1 per machine ms. */
export function engineNow(clock: EngineClock, machineNow = Date.now()): number {
  return clock.readAt + clock.leadMs + (machineNow - clock.readAt) * clock.scale
}

/** The shortest wait (machine ms) between re-reads: a fast clock would otherwise re-render every few ms. */
const MIN_TICK_MS = 250

/**
 * How often (machine ms) to re-read the engine's now for a screen that wants it every `ms` of engine
 * time: ×100 makes a 1 s countdown tick every 250 ms (each tick 25 engine seconds), not every second.
 */
export function tickMs(clock: EngineClock, ms: number): number {
  return Math.max(MIN_TICK_MS, Math.round(ms / clock.scale))
}
