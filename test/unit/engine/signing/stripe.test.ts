import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { signRequest, verifySignature } from '../../../../src-main/engine/signing'
import { NOW_MS, NOW_S, OTHER_SECRET, SECRET } from './helpers'

const body = Buffer.from('{"id":"evt_1","object":"event"}')
const hex = (secret: string, content: string) => createHmac('sha256', secret).update(content).digest('hex')
const verifyWith = (value: string) =>
  verifySignature({ scheme: 'stripe', secrets: [{ value: SECRET }], body, headers: [['stripe-signature', value]], now: NOW_MS })

describe('stripe', () => {
  it('signs {t}.{body} keyed with the literal whsec_ text, one v1= per live secret', () => {
    const signed = signRequest({ scheme: 'stripe', secrets: [SECRET, OTHER_SECRET], body, timestamp: NOW_S })
    const content = `${NOW_S}.{"id":"evt_1","object":"event"}`
    expect(signed.signedContent.toString()).toBe(content)
    expect(signed.headers).toEqual([['Stripe-Signature', `t=${NOW_S},v1=${hex(SECRET, content)},v1=${hex(OTHER_SECRET, content)}`]])
  })

  it('ignores v0= entries next to a valid v1=', () => {
    const v1 = hex(SECRET, `${NOW_S}.${body}`)
    const result = verifyWith(`t=${NOW_S},v1=${v1},v0=6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39`)
    expect(result.verdict).toBe('valid')
    expect(result.details.received).toEqual([`v1=${v1}`])
  })

  it('reads a Stripe-Signature split over two header lines', () => {
    const v1 = hex(SECRET, `${NOW_S}.${body}`)
    const result = verifySignature({
      scheme: 'stripe',
      secrets: [{ value: SECRET }],
      body,
      headers: [
        ['Stripe-Signature', `t=${NOW_S}`],
        ['Stripe-Signature', `v1=${v1}`],
      ],
      now: NOW_MS,
    })
    expect(result.verdict).toBe('valid')
  })

  it('reports malformed_header when only v0= signatures are present', () => {
    const result = verifyWith(`t=${NOW_S},v0=abcd`)
    expect(result.verdict).toBe('malformed_header')
    expect(result.reason).toBe("The Stripe-Signature header has no v1= signature (only v0=, which Stripe's libraries ignore).")
  })

  it('reports malformed_header when no entry is a v1= signature or a digest', () => {
    const result = verifyWith(`t=${NOW_S},garbage`)
    expect(result.verdict).toBe('malformed_header')
    expect(result.reason).toBe('The Stripe-Signature header has no v1= signature (found "garbage"); it should read t=<unix seconds>,v1=<hex>.')
    const mixed = verifyWith(`t=${NOW_S},v0=abcd,garbage`)
    expect(mixed.verdict).toBe('malformed_header')
    expect(mixed.reason).toBe('The Stripe-Signature header has no v1= signature (found v0=, "garbage"); it should read t=<unix seconds>,v1=<hex>.')
    // A bare digest is still a signature, written without its v1= (diagnosis names that).
    const bare = verifyWith(`t=${NOW_S},${hex(SECRET, `${NOW_S}.${body}`)}`)
    expect(bare.verdict).toBe('invalid')
    expect(bare.diagnosis?.code).toBe('prefix_missing')
  })

  it('reports malformed_header when t= is missing or not a number', () => {
    const missing = verifyWith('v1=abcd')
    expect(missing.verdict).toBe('malformed_header')
    expect(missing.reason).toBe('The Stripe-Signature header has no t=<timestamp> entry; it should read t=<unix seconds>,v1=<hex>.')
    const text = verifyWith('t=yesterday,v1=abcd')
    expect(text.verdict).toBe('malformed_header')
    expect(text.reason).toBe('The Stripe-Signature timestamp t=yesterday is not a whole number of unix seconds.')
  })

  it('says a t= in milliseconds is far in the future and looks like milliseconds, without a duration of millennia', () => {
    const t = NOW_MS - 2000
    const result = verifyWith(`t=${t},v1=${hex(SECRET, `${t}.${body}`)}`)
    expect(result.verdict).toBe('stale_timestamp')
    expect(result.reason).toBe(
      `The signature matches secret #1, but the timestamp (t=${t} in Stripe-Signature) is far in the future, beyond the 5 min tolerance: it looks like milliseconds where this scheme expects unix seconds.`,
    )
    expect(result.diagnosis?.code).toBe('timestamp_ms')
    expect(result.details.ageSec).toBeLessThan(0)
    // A signature that does not match says the same of its timestamp.
    const invalid = verifyWith(`t=${t},v1=${hex(OTHER_SECRET, `${t}.${body}`)}`)
    expect(invalid.reason).toBe(
      `The signature in Stripe-Signature does not match the secret. Besides, the timestamp (t=${t} in Stripe-Signature) is far in the future, beyond the 5 min tolerance: it looks like milliseconds where this scheme expects unix seconds.`,
    )
  })

  it('gives a timestamp days out once, not again as its excess over the tolerance', () => {
    const t = NOW_S - 3 * 86400
    expect(verifyWith(`t=${t},v1=${hex(SECRET, `${t}.${body}`)}`).reason).toBe(
      `The signature matches secret #1, but the timestamp (t=${t} in Stripe-Signature) is 3 d old, far beyond the 5 min tolerance.`,
    )
    const ahead = NOW_S + 10 * 365 * 86400
    expect(verifyWith(`t=${ahead},v1=${hex(SECRET, `${ahead}.${body}`)}`).reason).toBe(
      `The signature matches secret #1, but the timestamp (t=${ahead} in Stripe-Signature) is 10 years in the future, far beyond the 5 min tolerance.`,
    )
  })

  it('names the timestamp inside Stripe-Signature when it is stale', () => {
    const signed = signRequest({ scheme: 'stripe', secrets: [SECRET], body, timestamp: NOW_S - 400 })
    const result = verifySignature({ scheme: 'stripe', secrets: [{ value: SECRET }], body, headers: signed.headers, now: NOW_MS })
    expect(result.reason).toBe(
      `The signature matches secret #1, but the timestamp (t=${NOW_S - 400} in Stripe-Signature) is 6 min 40 s old, 1 min 40 s beyond the 5 min tolerance.`,
    )
  })
})
