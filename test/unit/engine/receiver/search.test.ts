import { describe, expect, it } from 'vitest'
import { decodeCursor, encodeCursor, ftsExpression, toFilter } from '../../../../src-main/engine/receiver/search'

describe('search and filters', () => {
  it('turns words into quoted prefix terms and keeps quoted phrases, so user text never becomes FTS5 syntax', () => {
    expect(ftsExpression('evt_12 paid')).toBe('"evt_12"* AND "paid"*')
    expect(ftsExpression('"fragile glass" NEAR')).toBe('"fragile glass" AND "NEAR"*')
    expect(ftsExpression('say "hi')).toBe('"say"* AND "hi"*')
    expect(ftsExpression('a"b')).toBe('"ab"*')
  })

  it('matches nothing for a query without any word', () => {
    expect(ftsExpression('*** ( )')).toMatch(/^"\u0001/)
  })

  it('takes a symbol for a word: an emoji, a check mark, a currency sign', () => {
    expect(ftsExpression('🎉 ✓ €')).toBe('"🎉"* AND "✓"* AND "€"*')
  })

  it('splits comma-separated values, upper-cases methods, and parses status classes and hang', () => {
    expect(toFilter({ method: ['get,Post', 'PUT'], status: ['2xx', '404,hang'], eventType: ['a.b'] })).toEqual({
      methods: ['GET', 'POST', 'PUT'],
      statuses: { exact: [404], ranges: [[200, 299]], hang: true },
      eventTypes: ['a.b'],
    })
  })

  it('rejects unknown verdicts, bad statuses and an empty time window with the field named', () => {
    expect(() => toFilter({ verdict: ['valid', 'nope'] })).toThrowError(expect.objectContaining({ field: '/verdict/1' }))
    expect(() => toFilter({ status: ['6xx'] })).toThrowError(expect.objectContaining({ field: '/status/0' }))
    expect(() => toFilter({ from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' })).toThrowError(expect.objectContaining({ field: '/from' }))
  })

  it('round-trips cursors and refuses forged ones', () => {
    expect(decodeCursor(encodeCursor(123456))).toBe(123456)
    for (const bad of ['', '-1', '0', 'zzzzzzzzzzzzz', 'a b']) expect(() => decodeCursor(bad), bad).toThrowError(expect.objectContaining({ field: '/cursor' }))
  })
})
