/** Formatting helpers for the UI. All output is plain text (never HTML). */

export function formatBytes(n: number | null | undefined): string {
  if (n == null || Number.isNaN(n)) return '—'
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}

/**
 * A message with its large byte counts in units ("decodes to more than 16777216 bytes" → "… more
 * than 16.0 MB"): the engine's messages give exact counts, read at a glance in units.
 */
export function readableByteCounts(text: string): string {
  return text.replace(/\b(\d{4,}) bytes\b/g, (_, n: string) => formatBytes(Number(n)))
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms == null) return '—'
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`
  return `${(ms / 3_600_000).toFixed(1)} h`
}

/** Local date and time to the second, e.g. 2026-11-23 14:05:09. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—'
  const d = new Date(iso)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
}

/**
 * How far `now` may lag behind: screens re-read the time every few seconds (useEngineNow), and the
 * engine's now is estimated, so a thing that happened since reads as a little in the future. It is
 * "just now", never "in 4 s".
 */
const NOW_LAG_MS = 10_000

/**
 * A distance in time in whole units, "24 s", "3 min", "24 h": a relative time is read at a glance,
 * where "23.6 s" or "24.0 h" only add digits (formatDuration keeps them for latencies).
 */
function wholeUnits(ms: number): string {
  const s = Math.round(ms / 1000)
  if (s < 60) return `${s} s`
  const min = Math.round(ms / 60_000)
  if (min < 60) return `${min} min`
  return `${Math.round(ms / 3_600_000)} h`
}

/**
 * "just now", "5 s ago", "3 min ago", "2 h ago", "in 3 h" (a time to come), else the date. `now` is on
 * the clock that recorded `iso`: the engine's (useEngineNow) for what the engine records.
 */
export function relativeTime(iso: string | null | undefined, now: number): string {
  if (!iso) return '—'
  const diff = now - new Date(iso).getTime()
  if (diff < -NOW_LAG_MS) return `in ${wholeUnits(-diff)}`
  if (diff < 2000) return 'just now'
  if (diff < 86_400_000) return `${wholeUnits(diff)} ago`
  return formatTime(iso)
}
