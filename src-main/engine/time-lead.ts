import type { Logger } from 'pino'
import type { Clock } from './clock'
import type { Db } from './db/open'
import { readRuntimeRecord } from './runtime-record'

/**
 * Under `--time-scale` the engine clock runs ahead of the machine's (or behind, below 1), and
 * what the engine schedules is due in that scaled time. The engine notes how far off it is,
 * every second and when it closes; the next start, scaled or not, moves what is still to come by
 * that much, so each keeps the delay it had left instead of firing hours late (a 10-minute retry
 * due 8 h "ahead" after a scaled session). Retries, interval schedules, scenario steps and the
 * end of a rotated secret's overlap move; a cron schedule is put back on its timetable by the
 * schedules themselves (schedules.ts). Times already recorded (created, attempted) stay as
 * they were recorded.
 */
const LEAD_KEY = 'engine.clock_lead_ms'
/** How often the lead is written while the engine runs (real time; a crash loses at most this much times the scale). */
const WRITE_EVERY_MS = 1_000
/** Less than this is clock noise, not a scaled session. */
const NOTICEABLE_MS = 1_000

/** What was due later in engine time, and the columns that say when. */
const DUE_COLUMNS = [
  ['deliveries', 'next_attempt_at', ''],
  ['schedules', 'next_run_at', 'AND cron IS NULL'],
  ['scenario_runs', 'next_step_at', ''],
  ['webhook_secrets', 'expires_at', ''],
] as const

export interface TimeLead {
  /** Writes the lead now and stops writing it (at close, before the database closes). */
  stop(): void
}

/** Whether another process runs an engine on this data folder (its record names a live pid). */
function heldByAnother(dataDir: string): boolean {
  const pid = readRuntimeRecord(dataDir)?.pid
  if (!pid || pid === process.pid) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export function trackTimeLead(db: Db, clock: Clock, log: Logger, dataDir: string): TimeLead {
  // An engine started beside a running one (it will fail on its port, or should not run) moves
  // nothing and records nothing: the running engine's times are its own.
  if (heldByAnother(dataDir)) return { stop() {} }
  const read = db.prepare('SELECT value FROM settings WHERE key = ?')
  const write = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
  const save = () => void write.run(LEAD_KEY, String(clock.now() - clock.wallNow()))

  const previous = Number((read.get(LEAD_KEY) as { value: string } | undefined)?.value ?? 0)
  db.transaction(() => {
    if (Math.abs(previous) >= NOTICEABLE_MS) {
      for (const [table, column, only] of DUE_COLUMNS) {
        db.prepare(`UPDATE ${table} SET ${column} = ${column} - ? WHERE ${column} IS NOT NULL ${only}`).run(previous)
      }
      log.info({ leadMs: previous }, 'the last session ran off the machine clock (--time-scale): what it scheduled keeps the delay it had left')
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
