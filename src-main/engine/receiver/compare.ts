import { pointerToken } from '../../../src-shared/api/errors'
import type { HeaderDiff, JsonChange, RequestComparison, RequestDetail } from '../../../src-shared/api/requests'
import { isUtf8 } from '../http/decode'

/** Most changes listed for one comparison; the UI shows a count beyond that. */
export const MAX_CHANGES = 1000

/** Headers compared by lower-cased name (values in order), then the bodies: a JSON diff when both parse. */
export function compareRequests(a: RequestDetail, b: RequestDetail): RequestComparison {
  return { a, b, headers: diffHeaders(a.headers, b.headers), body: diffBodies(bodyOf(a), bodyOf(b)) }
}

function bodyOf(r: RequestDetail): Buffer {
  const decoded = r.decoded?.bodyBase64
  return Buffer.from(decoded ?? r.bodyBase64, 'base64')
}

export function diffHeaders(a: [string, string][], b: [string, string][]): HeaderDiff[] {
  const group = (list: [string, string][]) => {
    const m = new Map<string, string[]>()
    for (const [n, v] of list) {
      const k = n.toLowerCase()
      m.set(k, [...(m.get(k) ?? []), v])
    }
    return m
  }
  const ga = group(a)
  const gb = group(b)
  const names = [...new Set([...ga.keys(), ...gb.keys()])].sort()
  return names.map((name) => {
    const va = ga.get(name) ?? []
    const vb = gb.get(name) ?? []
    const change = va.length === 0 ? 'added' : vb.length === 0 ? 'removed' : JSON.stringify(va) === JSON.stringify(vb) ? 'same' : 'changed'
    return { name, a: va, b: vb, change }
  })
}

function diffBodies(a: Buffer, b: Buffer): RequestComparison['body'] {
  const identical = a.equals(b)
  const ja = parseJson(a)
  const jb = parseJson(b)
  if (ja.ok && jb.ok) {
    const changes: JsonChange[] = []
    const truncated = diffJson(ja.value, jb.value, '', changes)
    return { kind: 'json', identical, changes, truncated }
  }
  const text = isUtf8(a) && isUtf8(b)
  return { kind: text ? 'text' : 'binary', identical, changes: [], truncated: false }
}

function parseJson(buf: Buffer): { ok: true; value: unknown } | { ok: false } {
  if (buf.length === 0 || !isUtf8(buf)) return { ok: false }
  try {
    return { ok: true, value: parseJsonExact(buf.toString('utf8')) }
  } catch {
    return { ok: false }
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
/** The key of the object a number a double cannot hold becomes (no sender writes it: it starts with NUL). */
const LITERAL = '\u0000number'

/** Whether a double holds this JSON number literal's value exactly (a decimal: to 15 significant digits). */
function fitsDouble(literal: string): boolean {
  const n = Number(literal)
  if (!Number.isFinite(n)) return false
  if (!/[.eE]/.test(literal)) return Number.isSafeInteger(n) || BigInt(literal) === BigInt(n)
  const digits = literal.replace(/^-/, '').replace(/[eE].*$/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '')
  return digits.length <= 15
}

/**
 * JSON.parse, except that a number a double cannot hold (an id above 2^53, a price with 20
 * digits) becomes `{"\u0000number": "<its literal>"}`, so two bodies that differ only there, or
 * in such a number against a string of the same digits, compare as different.
 */
export function parseJsonExact(text: string): unknown {
  let out = ''
  let copied = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x22) {
      // a string: skip to its closing quote, past escaped ones
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++
      continue
    }
    if (c !== 0x2d && (c < 0x30 || c > 0x39)) continue
    NUMBER.lastIndex = i
    const literal = NUMBER.exec(text)?.[0]
    if (!literal) continue
    if (!fitsDouble(literal)) {
      out += `${text.slice(copied, i)}{${JSON.stringify(LITERAL)}:${JSON.stringify(literal)}}`
      copied = i + literal.length
    }
    i += literal.length - 1
  }
  return JSON.parse(copied === 0 ? text : out + text.slice(copied))
}

const isLiteral = (v: unknown): v is Record<typeof LITERAL, string> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as Record<string, unknown>)[LITERAL] === 'string'

/** A value as a change shows it: a number kept as its literal is shown as that literal's text. */
function shown(v: unknown): unknown {
  if (isLiteral(v)) return v[LITERAL]
  if (Array.isArray(v)) return v.map(shown)
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shown(x)]))
  return v
}

/** Appends the differences of two JSON values under `path`; true when it stopped at MAX_CHANGES. */
export function diffJson(a: unknown, b: unknown, path: string, out: JsonChange[]): boolean {
  if (out.length >= MAX_CHANGES) return true
  const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v) && !isLiteral(v)
  if (isObj(a) && isObj(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const p = `${path}/${pointerToken(key)}`
      if (!(key in b)) out.push({ path: p, change: 'removed', a: shown(a[key]) })
      else if (!(key in a)) out.push({ path: p, change: 'added', b: shown(b[key]) })
      else if (diffJson(a[key], b[key], p, out)) return true
      if (out.length >= MAX_CHANGES) return true
    }
    return false
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.max(a.length, b.length)
    for (let i = 0; i < n; i++) {
      const p = `${path}/${i}`
      if (i >= b.length) out.push({ path: p, change: 'removed', a: shown(a[i]) })
      else if (i >= a.length) out.push({ path: p, change: 'added', b: shown(b[i]) })
      else if (diffJson(a[i], b[i], p, out)) return true
      if (out.length >= MAX_CHANGES) return true
    }
    return false
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ path: path || '', change: 'changed', a: shown(a), b: shown(b) })
  return out.length >= MAX_CHANGES
}
