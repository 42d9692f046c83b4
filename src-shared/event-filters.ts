/**
 * A webhook's subscriptions: `*`, a prefix such as `deal.*`, or an exact event type name. The
 * engine refuses a bad one with a 400; the webhook form flags it as it is typed, with the same words.
 */

/** Does a webhook's subscription list take this event type? `*`, `prefix.*` or the exact name (the engine's fan-out and the UI's alike). */
export function subscribes(filters: readonly string[], type: string): boolean {
  return filters.some((f) => f === '*' || f === type || (f.endsWith('.*') && type.startsWith(f.slice(0, -1))))
}

/** Edits (insert, delete, replace a character) from `a` to `b`. */
function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const next = [i]
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    row = next
  }
  return row[b.length]!
}

const normalise = (s: string) => s.toLowerCase().replace(/[._:/-]/g, '')

/**
 * Is `candidate` a typo away from `name`? Case and separators aside, one segment may differ, by
 * one edit when it is short (up to 5 characters) and two beyond: the distance is judged against
 * the segment that differs, so "deal.lost" is not a typo of "deal.won" (a whole name is long
 * enough for two edits to turn one short last segment into another).
 */
function isTypo(name: string, candidate: string): boolean {
  if (normalise(name) === normalise(candidate)) return true
  const a = name.toLowerCase().split('.')
  const b = candidate.toLowerCase().split('.')
  if (a.length !== b.length) return false
  const differing = a.flatMap((segment, i) => (segment === b[i] ? [] : [[segment, b[i]!] as const]))
  if (differing.length !== 1) return false
  const [x, y] = differing[0]!
  return editDistance(x, y) <= (Math.max(x.length, y.length) <= 5 ? 1 : 2)
}

/**
 * Names close to `name`, for "did you mean" hints: those a typo away when there are any
 * ("deal.wonn" → "deal.won", "contact.craeted" → "contact.created"), else those with the same
 * prefix or last segment.
 */
export function suggestNames(name: string, names: readonly string[]): string[] {
  const head = name.split('.')[0]
  const tail = name.split('.').pop()
  const typos = names.filter((n) => isTypo(name, n))
  return (typos.length ? typos : names.filter((n) => n.split('.')[0] === head || n.split('.').pop() === tail)).slice(0, 5)
}

export interface EventFilterProblem {
  /** `never-matches`: a prefix no event type has; `unknown`: no such event type; `not-a-filter`: a `*` elsewhere than at the end. */
  kind: 'never-matches' | 'not-a-filter' | 'unknown'
  message: string
}

/** What is wrong with one subscription against a profile's catalog (`names`), in a sentence; null when nothing is. */
export function eventFilterProblem(filter: string, names: readonly string[], profileName: string): EventFilterProblem | null {
  const f = filter.trim()
  if (f === '*') return null
  if (f.endsWith('.*')) {
    const prefix = f.slice(0, -1)
    if (names.some((n) => n.startsWith(prefix))) return null
    return { kind: 'never-matches', message: `No event type of the ${profileName} profile starts with "${prefix}", so "${f}" would never match.` }
  }
  if (f.includes('*')) return { kind: 'not-a-filter', message: `"${f}" is not a subscription: use "*" for every event, a prefix such as "deal.*", or an exact event type name.` }
  if (names.includes(f)) return null
  const close = suggestNames(f, names)
  return { kind: 'unknown', message: `"${f}" is not an event type of the ${profileName} profile.${close.length ? ` Did you mean ${close.map((n) => `"${n}"`).join(', ')}?` : ''}` }
}
