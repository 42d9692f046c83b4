import { formatDuration } from '../../lib/format'

const DAY = 86400
const YEAR = 365 * DAY

/**
 * A signed timestamp as a date. A 16-digit "unix seconds" value (microseconds sent by mistake) lies
 * beyond what a Date can hold, where toISOString() would throw.
 */
export function timestampDate(seconds: number): string {
  const date = new Date(seconds * 1000)
  return Number.isNaN(date.getTime()) ? 'beyond any date' : date.toISOString()
}

/**
 * How far a signed timestamp is from the time it was judged at, in words that stay short however
 * far off it is: "age 2.0 h", "age 3 d", "56,915 years in the future" (milliseconds read as seconds).
 */
export function ageWords(ageSec: number): string {
  const s = Math.abs(ageSec)
  const amount = s < 2 * DAY ? formatDuration(s * 1000) : s < 2 * YEAR ? `${Math.round(s / DAY)} d` : `${Math.round(s / YEAR).toLocaleString('en-US')} years`
  return ageSec < 0 ? `${amount} in the future` : `age ${amount}`
}
