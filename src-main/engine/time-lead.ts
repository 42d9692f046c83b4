import type { Logger } from 'pino'
import type { Clock } from './clock'
import type { Db } from './db/open'

/**
 * Under `--time-scale` the engine clock runs ahead of the machine's, and what the engine
 * schedules (retries, schedule runs, scenario steps) is due in that scaled time. The engine
 * notes how far ahead it is, every few seconds and when it closes; the next start, scaled or
 * not, moves what is still to come back by that lead, so each keeps the delay it had left
 * instead of firing hours late (a 10-minute retry due 8 h "ahead" after a scaled session).
 * Times already recorded (created, attempted) stay as they were recorded.
 */
const LEAD_KEY = 'engine.clock_lead_ms'
/** How often the lead is written while the engine runs (real time: a crash loses at most this). */
const WRITE_EVERY_MS = 5_000
/** Less than this is clock noise, not a scaled session. */
const NOTICEABLE_MS = 1_000

/** What was due later in engine time, and the columns that say when. */
const DUE_COLUMNS = [
  ['deliveries', 'next_attempt_at'],
  ['schedules', 'next_run_at'],
  ['scenario_runs', 'next_step_at'],
] as const

export interface TimeLead {
  /** Writes the lead now and stops writing it (at close, before the database closes). */
  stop(): void
}

export function trackTimeLead(db: Db, clock: Clock, log: Logger): TimeLead {
  const read = db.prepare('SELECT value FROM settings WHERE key = ?')
  const write = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
  const lead = () => Math.max(0, clock.now() - clock.wallNow())
  const save = () => void write.run(LEAD_KEY, String(lead()))

  const previous = Number((read.get(LEAD_KEY) as { value: string } | undefined)?.value ?? 0)
  db.transaction(() => {
    if (previous >= NOTICEABLE_MS) {
      for (const [table, column] of DUE_COLUMNS) db.prepare(`UPDATE ${table} SET ${column} = ${column} - ? WHERE ${column} IS NOT NULL`).run(previous)
      log.info({ leadMs: previous }, 'the last session ran ahead of the machine clock (--time-scale): what it scheduled keeps the delay it had left')
    }
    save()
  })()

  const timer = setInterval(save, WRITE_EVERY_MS)
  timer.unref()
  return {
    stop() {
      clearInterval(timer)
      save()
    },
  }
}
