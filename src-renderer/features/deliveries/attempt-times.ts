import type { Attempt } from '../../../src-shared/api/deliveries'
import { formatDuration } from '../../lib/format'
import { formatSeconds } from '../sender-kit/format'

/**
 * How long after the attempt before it ended the retry schedule put this one: "+10 s after #3
 * failed", so the schedule can be checked against the times shown (all on the engine's clock).
 * Null when the schedule did not place it (the first attempt, a manual retry, "send now").
 */
export function retryGap(a: Pick<Attempt, 'trigger' | 'scheduledAt'>, previous: Pick<Attempt, 'n' | 'outcome' | 'finishedAt'> | undefined): string | null {
  if (a.trigger !== 'schedule' || !previous?.finishedAt) return null
  const ms = Date.parse(a.scheduledAt) - Date.parse(previous.finishedAt)
  if (!Number.isFinite(ms) || ms < 0) return null
  return `+${formatSeconds(ms / 1000)} after #${previous.n} ${previous.outcome === 'failed' ? 'failed' : 'ended'}`
}

/**
 * "took 99 ms" with, under `--time-scale`, the same duration on the engine's clock beside it and
 * why the finish time is further on: the duration is the machine's milliseconds, while the times
 * are on the engine's faster clock ("took 5 ms" between times 500 ms apart read as a contradiction).
 */
export function tookText(durationMs: number | null, scale: number): { text: string; title?: string } {
  const text = `took ${formatDuration(durationMs)}`
  if (durationMs == null || scale === 1) return { text }
  return {
    text: `${text} (${formatDuration(durationMs * scale)} on the engine clock ×${scale})`,
    title: `${formatDuration(durationMs)} of this machine's time. The engine's clock runs ×${scale}, so on its clock (the times shown) the attempt lasted about ${formatSeconds((durationMs * scale) / 1000)}.`,
  }
}
