import { randomBytes } from 'node:crypto'

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz' // Crockford base32, lowercase

/**
 * A string id `<prefix>_<time><random>` that sorts by creation time (10 chars of ms time,
 * then 12 random chars), e.g. `req_01kq3m9x7a4fz2c9d8e7b6a5`. Sortable ids make keyset
 * pagination and "newest first" cheap without a separate sequence.
 */
export function newId(prefix: string, nowMs: number): string {
  let time = ''
  let t = Math.max(0, Math.floor(nowMs))
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32]! + time
    t = Math.floor(t / 32)
  }
  const bytes = randomBytes(12)
  let rand = ''
  for (const b of bytes) rand += ALPHABET[b % 32]
  return `${prefix}_${time}${rand}`
}

/** Random URL-safe string of `length` chars from [a-z0-9] (inbox slugs, short codes). */
export function randomSlug(length = 10): string {
  const alphabet = 'abcdefghijkmnopqrstuvwxyz23456789'
  let out = ''
  for (const b of randomBytes(length)) out += alphabet[b % alphabet.length]
  return out
}
