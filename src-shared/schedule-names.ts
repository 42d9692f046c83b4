/**
 * The name the engine gives a schedule left unnamed, in the words the UI shows its timing
 * ("invoice.overdue every 1 h"). The engine renames such a schedule when its type or timing
 * changes; the schedule form shows it as the empty name field's placeholder.
 */
import { scheduleTiming } from './durations'

type Naming = { type: string; everySeconds?: number | null; cron?: string | null; timezone?: string | null }

export const defaultScheduleName = (s: Naming): string => `${s.type} ${scheduleTiming(s)}`

/**
 * Whether `s` carries the name the engine gave it: today's words, or the earlier ones ("every
 * 3600 s", "every cron 0 9 * * 1"). A user who typed that very name is taken for the engine.
 */
export const hasDefaultScheduleName = (s: Naming & { name: string }): boolean =>
  s.name === defaultScheduleName(s) || s.name === `${s.type} every ${s.everySeconds ? `${s.everySeconds} s` : `cron ${s.cron ?? ''}`}`
