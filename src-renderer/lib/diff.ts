/**
 * Differences between two captured requests, for the compare screen: JSON values (by JSON
 * pointer), header lists (by lower-cased name, values in order) and text (by line). Pure.
 * The engine's `/api/requests/compare` answers the JSON and header diffs of the raw bodies;
 * these run on what only the UI decodes (form fields) and give the line view.
 */
import type { HeaderDiff, JsonChange } from '../../src-shared/api/requests'
import { pointerToken } from '../../src-shared/api/errors'

export type { HeaderDiff, JsonChange }

export const MAX_JSON_CHANGES = 1000

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)
const has = (o: Record<string, unknown>, k: string) => Object.prototype.hasOwnProperty.call(o, k)

/**
 * Every difference between `a` and `b`, depth first, object keys in `a`'s order then `b`'s
 * new ones; arrays index by index. Stops after `max` changes (`truncated`).
 */
export function diffJson(a: unknown, b: unknown, max = MAX_JSON_CHANGES): { changes: JsonChange[]; truncated: boolean } {
  const changes: JsonChange[] = []
  let truncated = false
  const push = (c: JsonChange) => {
    if (changes.length >= max) {
      truncated = true
      return false
    }
    changes.push(c)
    return true
  }
  const walk = (x: unknown, y: unknown, path: string): boolean => {
    if (isObject(x) && isObject(y)) {
      for (const key of Object.keys(x)) {
        const p = `${path}/${pointerToken(key)}`
        if (!has(y, key)) {
          if (!push({ path: p, change: 'removed', a: x[key] })) return false
        } else if (!walk(x[key], y[key], p)) return false
      }
      for (const key of Object.keys(y)) {
        if (!has(x, key) && !push({ path: `${path}/${pointerToken(key)}`, change: 'added', b: y[key] })) return false
      }
      return true
    }
    if (Array.isArray(x) && Array.isArray(y)) {
      const n = Math.max(x.length, y.length)
      for (let i = 0; i < n; i++) {
        const p = `${path}/${i}`
        if (i >= y.length) {
          if (!push({ path: p, change: 'removed', a: x[i] })) return false
        } else if (i >= x.length) {
          if (!push({ path: p, change: 'added', b: y[i] })) return false
        } else if (!walk(x[i], y[i], p)) return false
      }
      return true
    }
    if (!sameJson(x, y)) return push({ path, change: 'changed', a: x, b: y })
    return true
  }
  walk(a, b, '')
  return { changes, truncated }
}

/** Deep equality of JSON values (key order ignored). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameJson(v, b[i]))
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a)
    if (ka.length !== Object.keys(b).length) return false
    return ka.every((k) => has(b, k) && sameJson(a[k], b[k]))
  }
  return false
}

/** Headers grouped by lower-cased name (values in received order), names sorted. */
export function diffHeaders(a: readonly (readonly [string, string])[], b: readonly (readonly [string, string])[]): HeaderDiff[] {
  const group = (list: readonly (readonly [string, string])[]) => {
    const m = new Map<string, string[]>()
    for (const [n, v] of list) {
      const k = n.toLowerCase()
      const vals = m.get(k)
      if (vals) vals.push(v)
      else m.set(k, [v])
    }
    return m
  }
  const ga = group(a)
  const gb = group(b)
  return [...new Set([...ga.keys(), ...gb.keys()])].sort().map((name) => {
    const va = ga.get(name) ?? []
    const vb = gb.get(name) ?? []
    const change: HeaderDiff['change'] =
      va.length === 0 ? 'added' : vb.length === 0 ? 'removed' : va.length === vb.length && va.every((v, i) => v === vb[i]) ? 'same' : 'changed'
    return { name, a: va, b: vb, change }
  })
}

export interface LineOp {
  op: '=' | '-' | '+'
  text: string
  /** 1-based line numbers in a and b (null on the side the line is not on). */
  aLine: number | null
  bLine: number | null
}

/** Largest edit distance the line diff searches before giving up on alignment. */
export const MAX_LINE_EDITS = 4000

/**
 * Line diff (Myers' O(ND) algorithm). When the texts differ by more than `maxEdits` lines it
 * falls back to "all of a removed, all of b added" rather than spend seconds on the UI thread.
 */
export function diffLines(aText: string, bText: string, maxEdits = MAX_LINE_EDITS): LineOp[] {
  const a = aText === '' ? [] : aText.split('\n')
  const b = bText === '' ? [] : bText.split('\n')
  // common prefix and suffix first: the usual webhook pair differs in a few lines
  let pre = 0
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++
  let suf = 0
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++
  const midA = a.slice(pre, a.length - suf)
  const midB = b.slice(pre, b.length - suf)
  const ops: LineOp[] = []
  for (let i = 0; i < pre; i++) ops.push({ op: '=', text: a[i]!, aLine: i + 1, bLine: i + 1 })
  const mid = myers(midA, midB, maxEdits)
  let ai = pre
  let bi = pre
  for (const op of mid) {
    if (op === '=') ops.push({ op, text: a[ai]!, aLine: ++ai, bLine: ++bi })
    else if (op === '-') ops.push({ op, text: a[ai]!, aLine: ++ai, bLine: null })
    else ops.push({ op, text: b[bi]!, aLine: null, bLine: ++bi })
  }
  for (let i = 0; i < suf; i++) ops.push({ op: '=', text: a[ai]!, aLine: ++ai, bLine: ++bi })
  return ops
}

function myers(a: string[], b: string[], maxEdits: number): ('=' | '-' | '+')[] {
  const n = a.length
  const m = b.length
  if (n === 0) return Array<'+'>(m).fill('+')
  if (m === 0) return Array<'-'>(n).fill('-')
  const max = Math.min(n + m, maxEdits)
  const offset = max + 1
  const v = new Int32Array(2 * max + 3)
  const trace: Int32Array[] = []
  let found = false
  outer: for (let d = 0; d <= max; d++) {
    trace.push(v.slice())
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1
      let y = x - k
      while (x < n && y < m && a[x] === b[y]) {
        x++
        y++
      }
      v[offset + k] = x
      if (x >= n && y >= m) {
        found = true
        break outer
      }
    }
  }
  if (!found) return [...Array<'-'>(n).fill('-'), ...Array<'+'>(m).fill('+')]
  // walk the trace back from (n, m)
  const out: ('=' | '-' | '+')[] = []
  let x = n
  let y = m
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d]!
    const k = x - y
    const prevK = k === -d || (k !== d && vd[offset + k - 1]! < vd[offset + k + 1]!) ? k + 1 : k - 1
    const prevX = vd[offset + prevK]!
    const prevY = prevX - prevK
    while (x > prevX && y > prevY) {
      out.push('=')
      x--
      y--
    }
    if (d > 0) out.push(x === prevX ? '+' : '-')
    x = prevX
    y = prevY
  }
  return out.reverse()
}

/** Short text for a JSON value in a diff cell. */
export function previewValue(v: unknown, max = 200): string {
  if (v === undefined) return ''
  const s = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v)
  return s.length > max ? `${s.slice(0, max - 1)}…` : s
}
