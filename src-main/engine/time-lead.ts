import type { Logger } from 'pino'
import type { Clock } from './clock'
import type { Db } from './db/open'
import { nextRunAfter } from './sender/schedules'

/**
 * Under `--time-scale` the engine clock runs ahead of the machine's (or behind, below 1), and
 * what the engine schedules is due in that scaled time. The engine notes how far off it is
 * (when that changes, and when it closes); the next start, scaled or not, moves what is still
 * to come by that much, so each keeps the delay it had left instead of firing hours late (a
 * 10-minute retry due 8 h "ahead" after a scaled session). Retries, interval schedules,
 * scenario steps and the end of a rotated secret's overlap move; a cron schedule goes back on
 * its timetable. Times already recorded (created, attempted) stay as they were recorded.
 */
const LEAD_KEY = 'engine.clock_lead_ms'
/** How often the lead is looked at while the engine runs (real time; a crash loses at most this much times the scale). */
const CHECK_EVERY_MS = 1_000
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
  /** Writes the lead now and stops looking at it (at close, before the database closes). */
  stop(): void
}

export function trackTimeLead(db: Db, clock: Clock, log: Logger): TimeLead {
  const read = db.prepare('SELECT value FROM settings WHERE key = ?')
  const write = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
  let written: number | null = null
  // Written when it moved (a real clock's lead stays 0: no write at all while nothing is scaled).
  const save = (always = false) => {
    const lead = clock.now() - clock.wallNow()
    if (!always && written !== null && Math.abs(lead - written) < NOTICEABLE_MS) return
    write.run(LEAD_KEY, String(lead))
    written = lead
  }

  const previous = Number((read.get(LEAD_KEY) as { value: string } | undefined)?.value ?? 0)
  db.transaction(() => {
    if (Math.abs(previous) >= NOTICEABLE_MS) {
      for (const [table, column, only] of DUE_COLUMNS) {
        db.prepare(`UPDATE ${table} SET ${column} = ${column} - ? WHERE ${column} IS NOT NULL ${only}`).run(previous)
      }
      retimeCronSchedules(db, clock.now(), log)
      log.info({ leadMs: previous }, 'the last session ran off the machine clock (--time-scale): what it scheduled keeps the delay it had left')
    }
    save(true)
  })()

  const timer = setInterval(save, CHECK_EVERY_MS)
  timer.unref()
  return {
    stop() {
      clearInterval(timer)
      save(true)
    },
  }
}

/** A cron expression names times on the clock: its next run is the next of those from now. */
function retimeCronSchedules(db: Db, now: number, log: Logger): void {
  const rows = db.prepare(`SELECT id, cron, timezone FROM schedules WHERE cron IS NOT NULL AND next_run_at IS NOT NULL`).all() as Array<{ id: string; cron: string; timezone: string }>
  const update = db.prepare('UPDATE schedules SET next_run_at = ? WHERE id = ?')
  for (const row of rows) {
    try {
      update.run(nextRunAfter({ everySeconds: null, cron: row.cron, timezone: row.timezone }, now), row.id)
    } catch (err) {
      log.warn({ err, scheduleId: row.id }, 'a cron schedule could not be put back on its timetable')
    }
  }
}
