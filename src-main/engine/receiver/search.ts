import type { RequestListQuery } from '../../../src-shared/api/requests'
import { VERDICTS } from '../../../src-shared/signing-schemes'
import type { RequestFilter } from '../db/requests-repo'
import { badRequest } from '../errors'

/**
 * Turns the list query of the API into repository filters, and a search box into an FTS5
 * expression: each word becomes a quoted prefix term (`"evt_12"*`), `"quoted phrases"` stay
 * phrases, and all terms must match. User text never reaches FTS5's own syntax unquoted.
 */
export function toFilter(q: RequestListQuery): RequestFilter {
  const f: RequestFilter = {}
  const split = (values: string[] | undefined) =>
    values
      ?.flatMap((v) => v.split(','))
      .map((v) => v.trim())
      .filter(Boolean)
  const methods = split(q.method)?.map((m) => m.toUpperCase())
  if (methods?.length) f.methods = methods
  const verdicts = split(q.verdict)
  if (verdicts?.length) {
    verdicts.forEach((v, i) => {
      if (!(VERDICTS as readonly string[]).includes(v)) {
        throw badRequest('HB_ERR_VALIDATION', `"${v}" is not a verdict; use one of ${VERDICTS.join(', ')}.`, `/verdict/${i}`)
      }
    })
    f.verdicts = verdicts
  }
  const types = split(q.eventType)
  if (types?.length) f.eventTypes = types
  const statuses = split(q.status)
  if (statuses?.length) {
    const s = { exact: [] as number[], ranges: [] as Array<[number, number]>, hang: false }
    statuses.forEach((v, i) => {
      const lower = v.toLowerCase()
      if (lower === 'hang') s.hang = true
      else if (/^[1-5]xx$/.test(lower)) s.ranges.push([Number(lower[0]) * 100, Number(lower[0]) * 100 + 99])
      else if (/^[1-5]\d\d$/.test(lower)) s.exact.push(Number(lower))
      else throw badRequest('HB_ERR_VALIDATION', `"${v}" is not a status filter; use a status (200), a class (5xx) or "hang".`, `/status/${i}`)
    })
    f.statuses = s
  }
  if (q.from !== undefined) f.fromMs = Date.parse(q.from)
  if (q.to !== undefined) f.toMs = Date.parse(q.to)
  if (f.fromMs !== undefined && f.toMs !== undefined && f.fromMs >= f.toMs) {
    throw badRequest('HB_ERR_VALIDATION', '"from" must be before "to".', '/from')
  }
  if (q.duplicate !== undefined) f.duplicate = q.duplicate
  if (q.outOfOrder !== undefined) f.outOfOrder = q.outOfOrder
  if (q.q !== undefined) f.match = ftsExpression(q.q)
  return f
}

/** What the index takes for part of a word: letters, digits, symbols (emoji, ✓, €) and private-use characters (migration 0007). */
const WORD_CHAR = /[\p{L}\p{N}\p{So}\p{Sc}\p{Co}]/u

/** A MATCH expression for a search box; a query without any word matches nothing. */
export function ftsExpression(text: string): string {
  const terms: string[] = []
  for (const m of text.matchAll(/"([^"]*)"|(\S+)/g)) {
    const phrase = m[1]
    const word = m[2]
    if (phrase !== undefined) {
      if (WORD_CHAR.test(phrase)) terms.push(`"${phrase.replace(/"/g, '""')}"`)
    } else if (word !== undefined && WORD_CHAR.test(word)) {
      // A stray quote (an unclosed phrase) is dropped rather than escaped.
      terms.push(`"${word.replace(/"/g, '')}"*`)
    }
  }
  // An impossible token: no word in the query, nothing to find.
  return terms.length ? terms.join(' AND ') : '"\u0001hookbench-no-terms\u0001"'
}

/** Opaque keyset cursor: the seq of the last item of the page, base36. */
export const encodeCursor = (seq: number) => seq.toString(36)
export function decodeCursor(cursor: string): number {
  const seq = /^[0-9a-z]{1,12}$/.test(cursor) ? parseInt(cursor, 36) : NaN
  if (!Number.isSafeInteger(seq) || seq <= 0) {
    throw badRequest('HB_ERR_VALIDATION', 'The cursor is not one this API gave out; pass nextCursor from the previous page as it is.', '/cursor')
  }
  return seq
}
