import { randomBytes, randomFillSync } from 'node:crypto'

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz' // Crockford base32, lowercase
// One random fill per 512 ids: a call into the CSPRNG per id was a visible share of a capture.
const pool = Buffer.alloc(12 * 512)
let poolAt = pool.length

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
  if (poolAt + 12 > pool.length) {
    randomFillSync(pool)
    poolAt = 0
  }
  let rand = ''
  for (let i = poolAt; i < poolAt + 12; i++) rand += ALPHABET[pool[i]! % 32]
  poolAt += 12
  return `${prefix}_${time}${rand}`
}

/** Random URL-safe string of `length` chars from [a-z0-9] (inbox slugs, short codes). */
export function randomSlug(length = 10): string {
  const alphabet = 'abcdefghijkmnopqrstuvwxyz23456789'
  let out = ''
  for (const b of randomBytes(length)) out += alphabet[b % alphabet.length]
  return out
}
