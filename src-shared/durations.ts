/** Durations in words, the same for the engine's names and the UI's text. */

/** 5 → "5 s", 120 → "2 min", 90 → "1 min 30 s", 3600 → "1 h", 86400 → "1 d". */
export function formatSeconds(total: number): string {
  if (!Number.isFinite(total)) return '—'
  if (total < 60) return `${+total.toFixed(1)} s`
  const units: [number, string][] = [
    [86_400, 'd'],
    [3600, 'h'],
    [60, 'min'],
    [1, 's'],
  ]
  const out: string[] = []
  let rest = Math.round(total)
  for (const [size, unit] of units) {
    if (rest >= size) {
      out.push(`${Math.floor(rest / size)} ${unit}`)
      rest %= size
    }
    if (out.length === 2) break
  }
  return out.join(' ')
}

/** A schedule's timing: "every 1 h", or "cron 0 9 * * 1 (Europe/Paris)". */
export function scheduleTiming(s: { everySeconds?: number | null; cron?: string | null; timezone?: string | null }): string {
  return s.everySeconds != null ? `every ${formatSeconds(s.everySeconds)}` : `cron ${s.cron ?? ''} (${s.timezone ?? 'UTC'})`
}
