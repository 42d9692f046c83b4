import { describe, expect, it } from 'vitest'
import type { JsonChange } from '../../../../src-shared/api/requests'
import { diffHeaders, diffJson, MAX_CHANGES, parseJsonExact } from '../../../../src-main/engine/receiver/compare'

describe('comparing two requests', () => {
  it('diffs headers by lower-cased name, keeping every value in order', () => {
    expect(
      diffHeaders(
        [['Content-Type', 'application/json'], ['X-A', '1'], ['X-A', '2'], ['X-Gone', 'g']],
        [['content-type', 'application/json'], ['x-a', '1'], ['X-New', 'n']],
      ),
    ).toEqual([
      { name: 'content-type', a: ['application/json'], b: ['application/json'], change: 'same' },
      { name: 'x-a', a: ['1', '2'], b: ['1'], change: 'changed' },
      { name: 'x-gone', a: ['g'], b: [], change: 'removed' },
      { name: 'x-new', a: [], b: ['n'], change: 'added' },
    ])
  })

  it('lists JSON differences as JSON pointers', () => {
    const out: JsonChange[] = []
    diffJson({ a: 1, b: { c: [1, 2, 3], 'd/e': 'x' }, gone: true }, { a: 2, b: { c: [1, 3], 'd/e': 'y' }, added: null }, '', out)
    expect(out).toEqual([
      { path: '/a', change: 'changed', a: 1, b: 2 },
      { path: '/b/c/1', change: 'changed', a: 2, b: 3 },
      { path: '/b/c/2', change: 'removed', a: 3 },
      { path: '/b/d~1e', change: 'changed', a: 'x', b: 'y' },
      { path: '/gone', change: 'removed', a: true },
      { path: '/added', change: 'added', b: null },
    ])
  })

  it('reports a change of type at the root, and stops at the cap', () => {
    const root: JsonChange[] = []
    diffJson([1], { x: 1 }, '', root)
    expect(root).toEqual([{ path: '', change: 'changed', a: [1], b: { x: 1 } }])
    const many: JsonChange[] = []
    const a = Object.fromEntries(Array.from({ length: MAX_CHANGES + 50 }, (_, i) => [`k${i}`, i]))
    expect(diffJson(a, {}, '', many)).toBe(true)
    expect(many.length).toBe(MAX_CHANGES)
  })
})

describe('parseJsonExact', () => {
  const literal = (text: string) => ({ '\u0000number': text })

  it('keeps a number a double cannot hold as its literal, and everything else as JSON.parse does', () => {
    expect(parseJsonExact('{"id": 12345678901234567891, "n": 42, "p": -1.5e3, "s": "12345678901234567891 in a string", "a": [9007199254740993]}')).toEqual({
      id: literal('12345678901234567891'),
      n: 42,
      p: -1500,
      s: '12345678901234567891 in a string',
      a: [literal('9007199254740993')],
    })
    // 1e20 and 100000000000000000000 are the same double, exactly: plain numbers both.
    expect(parseJsonExact('{"x": 0.12345678901234567, "e": "\\"-1\\"", "big": 1e400, "w": 100000000000000000000}')).toEqual({
      x: literal('0.12345678901234567'),
      e: '"-1"',
      big: literal('1e400'),
      w: 1e20,
    })
    expect(() => parseJsonExact('{"a": 1,}')).toThrow()
  })

  it('lets a compare see two ids above 2^53 that differ only past double precision, or a number turned string', () => {
    const diff = (a: string, b: string) => {
      const out: Parameters<typeof diffJson>[3] = []
      diffJson(parseJsonExact(a), parseJsonExact(b), '', out)
      return out
    }
    expect(diff('{"id": 12345678901234567890}', '{"id": 12345678901234567891}')).toEqual([{ path: '/id', change: 'changed', a: '12345678901234567890', b: '12345678901234567891' }])
    expect(diff('{"id": 12345678901234567891}', '{"id": "12345678901234567891"}')).toHaveLength(1)
    expect(diff('{"n": 1e20}', '{"n": 100000000000000000000}')).toEqual([])
    expect(diff('{}', '{"ids": [12345678901234567891]}')).toEqual([{ path: '/ids', change: 'added', b: ['12345678901234567891'] }])
  })
})
