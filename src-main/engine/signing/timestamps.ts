import type { TimestampFormat } from '../../../src-shared/signing-schemes'

/** Above this, a "unix seconds" value is really milliseconds (1e11 s is the year 5138). */
export const MS_THRESHOLD = 1e11

/** The header text of a unix-seconds timestamp in a given format. */
export function formatTimestamp(seconds: number, format: TimestampFormat): string {
  switch (format) {
    case 'unix':
      return String(Math.floor(seconds))
    case 'unix-ms':
      return String(Math.round(seconds * 1000))
    case 'iso':
      return new Date(Math.round(seconds * 1000)).toISOString()
  }
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/

/** Parses a timestamp header into unix seconds, or null when it is not in `format`. */
export function parseTimestamp(text: string, format: TimestampFormat): number | null {
  if (format === 'iso') {
    if (!ISO_8601.test(text)) return null
    const ms = Date.parse(text)
    return Number.isFinite(ms) ? ms / 1000 : null
  }
  if (!/^\d{1,16}$/.test(text)) return null
  const n = Number(text)
  return format === 'unix-ms' ? n / 1000 : n
}

/** What a format looks like, for messages. */
export function describeFormat(format: TimestampFormat): string {
  return format === 'unix' ? 'unix seconds' : format === 'unix-ms' ? 'unix milliseconds' : 'an ISO 8601 date-time'
}

const UNITS: [number, string][] = [
  [365 * 86400, 'years'],
  [86400, 'd'],
  [3600, 'h'],
  [60, 'min'],
  [1, 's'],
]

/** A duration in words, two largest units: "8 min 20 s", "3 h 5 min", "53 years 12 d". */
export function formatDuration(totalSeconds: number): string {
  let rest = Math.round(Math.abs(totalSeconds))
  if (rest === 0) return '0 s'
  const out: string[] = []
  for (const [size, name] of UNITS) {
    if (rest >= size && out.length < 2) {
      const n = Math.floor(rest / size)
      out.push(`${n} ${name === 'years' && n === 1 ? 'year' : name}`)
      rest -= n * size
    } else if (out.length > 0) {
      break
    }
  }
  return out.join(' ')
}
