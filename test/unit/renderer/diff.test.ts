import { describe, expect, it } from 'vitest'
import { diffHeaders, diffJson, diffLines, previewValue, sameJson } from '../../../src-renderer/lib/diff'

describe('JSON diff', () => {
  it('lists added, removed and changed values by JSON pointer', () => {
    const a = { id: 'evt_1', data: { object: { amount: 100, currency: 'usd', 'a/b': 1 } }, tags: ['x', 'y'] }
    const b = { id: 'evt_2', data: { object: { amount: 100, 'a/b': 2, status: 'paid' } }, tags: ['x'] }
    expect(diffJson(a, b).changes).toEqual([
      { path: '/id', change: 'changed', a: 'evt_1', b: 'evt_2' },
      { path: '/data/object/currency', change: 'removed', a: 'usd' },
      { path: '/data/object/a~1b', change: 'changed', a: 1, b: 2 },
      { path: '/data/object/status', change: 'added', b: 'paid' },
      { path: '/tags/1', change: 'removed', a: 'y' },
    ])
  })

  it('finds nothing between equal values, whatever the key order', () => {
    expect(diffJson({ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 })).toEqual({ changes: [], truncated: false })
    expect(sameJson({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true)
    expect(sameJson([1, 2], [2, 1])).toBe(false)
  })

  it('reports a type change at its path, and a root change at ""', () => {
    expect(diffJson({ a: { x: 1 } }, { a: [1] }).changes).toEqual([{ path: '/a', change: 'changed', a: { x: 1 }, b: [1] }])
    expect(diffJson(1, 'one').changes).toEqual([{ path: '', change: 'changed', a: 1, b: 'one' }])
  })

  it('stops at the limit and says it did', () => {
    const a = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, i]))
    const r = diffJson(a, {}, 10)
    expect(r.changes).toHaveLength(10)
    expect(r.truncated).toBe(true)
  })
})

describe('header diff', () => {
  it('groups by lower-cased name, keeps value order and classifies each name', () => {
    const a: [string, string][] = [['Content-Type', 'application/json'], ['X-Sig', 'v1=a'], ['X-Sig', 'v1=b'], ['X-Old', '1']]
    const b: [string, string][] = [['content-type', 'application/json'], ['x-sig', 'v1=b'], ['x-sig', 'v1=a'], ['X-New', '2']]
    expect(diffHeaders(a, b)).toEqual([
      { name: 'content-type', a: ['application/json'], b: ['application/json'], change: 'same' },
      { name: 'x-new', a: [], b: ['2'], change: 'added' },
      { name: 'x-old', a: ['1'], b: [], change: 'removed' },
      { name: 'x-sig', a: ['v1=a', 'v1=b'], b: ['v1=b', 'v1=a'], change: 'changed' },
    ])
  })
})

describe('line diff', () => {
  it('aligns unchanged lines and marks removed and added ones with line numbers', () => {
    const ops = diffLines('a\nb\nc\nd', 'a\nc\nx\nd')
    expect(ops.map((o) => `${o.op}${o.text}`)).toEqual(['=a', '-b', '=c', '+x', '=d'])
    expect(ops[3]).toEqual({ op: '+', text: 'x', aLine: null, bLine: 3 })
    expect(ops[4]).toEqual({ op: '=', text: 'd', aLine: 4, bLine: 4 })
  })

  it('handles empty sides and identical texts', () => {
    expect(diffLines('', 'a\nb').map((o) => o.op)).toEqual(['+', '+'])
    expect(diffLines('a', '').map((o) => o.op)).toEqual(['-'])
    expect(diffLines('same\ntext', 'same\ntext').every((o) => o.op === '=')).toBe(true)
  })

  it('gives a minimal diff on larger inputs and falls back past the edit budget', () => {
    const a = Array.from({ length: 2000 }, (_, i) => `line ${i}`)
    const b = [...a]
    b[500] = 'changed'
    b.splice(1500, 1)
    const ops = diffLines(a.join('\n'), b.join('\n'))
    expect(ops.filter((o) => o.op !== '=')).toHaveLength(3)
    const far = diffLines(a.join('\n'), a.map((l) => l + '!').join('\n'), 10)
    expect(far.filter((o) => o.op === '-')).toHaveLength(2000)
    expect(far.filter((o) => o.op === '+')).toHaveLength(2000)
  })

  it('previews values briefly', () => {
    expect(previewValue('x'.repeat(300), 10)).toBe('"xxxxxxxx…')
    expect(previewValue({ a: 1 })).toBe('{"a":1}')
    expect(previewValue(undefined)).toBe('')
  })
})
