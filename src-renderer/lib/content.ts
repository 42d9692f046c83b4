/**
 * Content sniffing and byte formatting for captured payloads. Pure functions: bytes in, plain
 * data out. Nothing here produces HTML; the components render every value as text.
 *
 * JSON is parsed with our own small parser (not JSON.parse) because an inspector must show
 * what arrived: numbers keep their source text (a 19-digit id must not become ...000), keys
 * keep their order and their duplicates, and `__proto__` is just a key.
 */
import { pointerToken } from '../../src-shared/api/errors'
import { parseContentType, type ParsedContentType } from '../../src-shared/content-type'

export { parseContentType, type ParsedContentType }

export type BodyKind = 'empty' | 'json' | 'form' | 'multipart' | 'xml' | 'text' | 'binary'

export interface SniffedBody {
  kind: BodyKind
  /** What the Content-Type header claims, as a kind ('' when there is no header). */
  declared: BodyKind | ''
  contentType: ParsedContentType
  /** The body as text when it is well-formed UTF-8 (else null). */
  text: string | null
  /** The parsed JSON when `kind` is json (null when it is too deeply nested for the tree). */
  json: JsonNode | null
  /** Why a JSON-declared body is not shown as JSON. */
  jsonError: string | null
  /** Valid JSON nested deeper than MAX_JSON_DEPTH: `kind` is json, with no tree. */
  jsonTooDeep: boolean
}

// ---------------------------------------------------------------------------------------------
// Bytes

export function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64)
  const out = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
  return out
}

export function bytesToBase64(bytes: Uint8Array): string {
  let bin = ''
  // in chunks: spreading a large body into one call overflows the argument limit
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(bin)
}

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
const lenientUtf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true })

/** UTF-8 text, or null when the bytes are not well-formed UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return fatalUtf8.decode(bytes)
  } catch {
    return null
  }
}

/**
 * The UTF-8 reading of a received header value. HTTP hands header bytes over one character per
 * byte (Latin-1), so "Jürgen" sent as UTF-8 arrives as "JÃ¼rgen". Null when the value is ASCII,
 * is not one character per byte (typed text, an import), or its bytes are not UTF-8.
 */
export function utf8Reading(value: string): string | null {
  if (!/[\x80-\xff]/.test(value) || /[^\x00-\xff]/.test(value)) return null
  return decodeUtf8(Uint8Array.from(value, (c) => c.charCodeAt(0)))
}

/** UTF-8 with U+FFFD for malformed sequences (for previews of binary-ish content). */
export const decodeUtf8Lenient = (bytes: Uint8Array): string => lenientUtf8.decode(bytes)

/** True when the text is mostly printable (control characters other than tab/CR/LF are rare). */
export function looksPrintable(text: string): boolean {
  if (!text) return true
  let control = 0
  const n = Math.min(text.length, 8192)
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i)
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0x7f || c === 0xfffd) control++
  }
  return control / n < 0.02
}

// ---------------------------------------------------------------------------------------------
// Headers

/** The first value of a header, by case-insensitive name. */
export function headerValue(headers: readonly (readonly [string, string])[], name: string): string | null {
  const lower = name.toLowerCase()
  for (const [n, v] of headers) if (n.toLowerCase() === lower) return v
  return null
}

/** The kind a Content-Type announces. */
export function kindOfMime(mime: string): BodyKind | '' {
  if (!mime) return ''
  if (mime === 'application/json' || mime.endsWith('+json') || mime === 'text/json') return 'json'
  if (mime === 'application/x-www-form-urlencoded') return 'form'
  if (mime.startsWith('multipart/')) return 'multipart'
  if (mime === 'application/xml' || mime === 'text/xml' || mime.endsWith('+xml')) return 'xml'
  if (mime.startsWith('text/')) return 'text'
  return 'binary'
}

const FORM_LIKE = /^[\w.\-~%+*[\]]+=[^&\s]*(&[\w.\-~%+*[\]]+=[^&\s]*)*$/

/**
 * What a body is, from its bytes first and its Content-Type second: a webhook that says
 * `text/plain` but carries JSON is shown as JSON (the analysis flags the mismatch).
 */
export function sniffBody(bytes: Uint8Array, contentTypeHeader: string | null | undefined): SniffedBody {
  const contentType = parseContentType(contentTypeHeader)
  const declared = kindOfMime(contentType.mime)
  const base = { declared, contentType, json: null, jsonError: null, jsonTooDeep: false }
  if (bytes.length === 0) return { ...base, kind: 'empty', text: '' }
  const text = decodeUtf8(bytes)
  if (declared === 'multipart' && contentType.params.boundary) return { ...base, kind: 'multipart', text }
  if (text === null) return { ...base, kind: 'binary', text: null }
  const trimmed = text.trim()
  let jsonError: string | null = null
  if (declared === 'json' || /^[[{"]/.test(trimmed) || (declared === '' && /^(-?\d|true$|false$|null$)/.test(trimmed))) {
    try {
      return { ...base, kind: 'json', text, json: parseJson(text) }
    } catch (err) {
      jsonError = (err as Error).message
      // Our parser stops at a depth limit; the engine's JSON.parse (no such limit in V8) says whether the body is still valid JSON.
      if (err instanceof JsonTooDeepError) {
        const valid = nativeJsonError(text)
        if (valid === null) return { ...base, kind: 'json', text, jsonTooDeep: true }
        jsonError = valid
      }
    }
  }
  if (declared === 'form' || (declared !== 'xml' && declared !== 'json' && FORM_LIKE.test(trimmed))) return { ...base, kind: 'form', text, jsonError }
  if (declared === 'xml' || /^<\?xml\s/.test(trimmed)) return { ...base, kind: 'xml', text, jsonError }
  if (!looksPrintable(text)) return { ...base, kind: 'binary', text, jsonError }
  return { ...base, kind: 'text', text, jsonError }
}

// ---------------------------------------------------------------------------------------------
// JSON, as received

export type JsonNode =
  | { type: 'object'; entries: [string, JsonNode][] }
  | { type: 'array'; items: JsonNode[] }
  | { type: 'string'; value: string }
  | { type: 'number'; raw: string }
  | { type: 'boolean'; value: boolean }
  | { type: 'null' }

/** Deepest nesting the parser accepts (a hostile `[[[[...` must not blow the stack). */
export const MAX_JSON_DEPTH = 512

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message)
    this.name = 'JsonSyntaxError'
  }
}

/** Thrown by parseJson at MAX_JSON_DEPTH: the text may still be valid JSON. */
export class JsonTooDeepError extends JsonSyntaxError {}

/** JSON.parse's complaint about the text, null when it is valid JSON. */
function nativeJsonError(text: string): string | null {
  try {
    JSON.parse(text)
    return null
  } catch (err) {
    return (err as Error).message
  }
}

/** Parses RFC 8259 JSON into a tree that keeps number text, key order and duplicate keys. */
export function parseJson(text: string): JsonNode {
  let i = 0
  const fail = (what: string, Err = JsonSyntaxError): never => {
    const near = text.slice(i, i + 12)
    throw new Err(i >= text.length ? `Unexpected end of JSON (${what})` : `${what} at offset ${i}, near ${JSON.stringify(near)}`, i)
  }
  const ws = () => {
    while (i < text.length) {
      const c = text.charCodeAt(i)
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++
      else break
    }
  }
  const str = (): string => {
    i++ // opening quote
    let out = ''
    let start = i
    for (;;) {
      if (i >= text.length) fail('Unterminated string')
      const c = text.charCodeAt(i)
      if (c === 0x22) {
        out += text.slice(start, i)
        i++
        return out
      }
      if (c < 0x20) fail('Control character in a string')
      if (c === 0x5c) {
        out += text.slice(start, i)
        const e = text[i + 1]
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }
        if (e !== undefined && e in simple) {
          out += simple[e]
          i += 2
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16))
          i += 6
        } else fail('Bad escape')
        start = i
        continue
      }
      i++
    }
  }
  const value = (depth: number): JsonNode => {
    if (depth > MAX_JSON_DEPTH) fail(`Nested deeper than ${MAX_JSON_DEPTH} levels`, JsonTooDeepError)
    ws()
    const c = text[i]
    if (c === '{') {
      i++
      const entries: [string, JsonNode][] = []
      ws()
      if (text[i] === '}') {
        i++
        return { type: 'object', entries }
      }
      for (;;) {
        ws()
        if (text[i] !== '"') fail('Expected a property name')
        const key = str()
        ws()
        if (text[i] !== ':') fail('Expected ":"')
        i++
        entries.push([key, value(depth + 1)])
        ws()
        if (text[i] === ',') {
          i++
          continue
        }
        if (text[i] === '}') {
          i++
          return { type: 'object', entries }
        }
        fail('Expected "," or "}"')
      }
    }
    if (c === '[') {
      i++
      const items: JsonNode[] = []
      ws()
      if (text[i] === ']') {
        i++
        return { type: 'array', items }
      }
      for (;;) {
        items.push(value(depth + 1))
        ws()
        if (text[i] === ',') {
          i++
          continue
        }
        if (text[i] === ']') {
          i++
          return { type: 'array', items }
        }
        fail('Expected "," or "]"')
      }
    }
    if (c === '"') return { type: 'string', value: str() }
    if (c === 't' && text.startsWith('true', i)) {
      i += 4
      return { type: 'boolean', value: true }
    }
    if (c === 'f' && text.startsWith('false', i)) {
      i += 5
      return { type: 'boolean', value: false }
    }
    if (c === 'n' && text.startsWith('null', i)) {
      i += 4
      return { type: 'null' }
    }
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400))
    if (m && m[0]) {
      i += m[0].length
      return { type: 'number', raw: m[0] }
    }
    return fail('Unexpected character')
  }
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0
  i = start
  const root = value(0)
  ws()
  if (i < text.length) fail('Unexpected data after the JSON value')
  return root
}

/** Counts the nodes of a tree (to pick how much to expand at first). */
export function countNodes(node: JsonNode, limit = Infinity): number {
  let n = 0
  const stack: JsonNode[] = [node]
  while (stack.length && n < limit) {
    const cur = stack.pop()!
    n++
    if (cur.type === 'object') for (const [, v] of cur.entries) stack.push(v)
    else if (cur.type === 'array') for (const v of cur.items) stack.push(v)
  }
  return n
}

/** Keys that appear more than once in one object, anywhere in the tree (JSON pointers). */
export function duplicateKeys(node: JsonNode, path = ''): string[] {
  const out: string[] = []
  const walk = (n: JsonNode, p: string) => {
    if (n.type === 'object') {
      const seen = new Set<string>()
      for (const [k, v] of n.entries) {
        const child = `${p}/${pointerToken(k)}`
        if (seen.has(k) && !out.includes(child)) out.push(child)
        seen.add(k)
        walk(v, child)
      }
    } else if (n.type === 'array') n.items.forEach((v, idx) => walk(v, `${p}/${idx}`))
  }
  walk(node, path)
  return out
}


/** Re-indents JSON text without parsing numbers (keeps them as sent); null if not JSON. */
export function prettyJson(text: string, indent = 2): string | null {
  let node: JsonNode
  try {
    node = parseJson(text)
  } catch {
    return null
  }
  return stringifyNode(node, indent)
}

export function stringifyNode(node: JsonNode, indent = 2, level = 0): string {
  const pad = ' '.repeat(indent * (level + 1))
  const end = ' '.repeat(indent * level)
  switch (node.type) {
    case 'object':
      if (!node.entries.length) return '{}'
      return `{\n${node.entries.map(([k, v]) => `${pad}${JSON.stringify(k)}: ${stringifyNode(v, indent, level + 1)}`).join(',\n')}\n${end}}`
    case 'array':
      if (!node.items.length) return '[]'
      return `[\n${node.items.map((v) => pad + stringifyNode(v, indent, level + 1)).join(',\n')}\n${end}]`
    case 'string':
      return JSON.stringify(node.value)
    case 'number':
      return node.raw
    case 'boolean':
      return String(node.value)
    case 'null':
      return 'null'
  }
}

/** The tree as a plain JS value (for diffs). Numbers beyond 2^53 stay as their source text. */
export function toPlain(node: JsonNode): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>
      for (const [k, v] of node.entries) out[k] = toPlain(v)
      return out
    }
    case 'array':
      return node.items.map(toPlain)
    case 'string':
      return node.value
    case 'number': {
      const n = Number(node.raw)
      return Number.isSafeInteger(n) || !/^-?\d+$/.test(node.raw) ? n : node.raw
    }
    case 'boolean':
      return node.value
    case 'null':
      return null
  }
}

// ---------------------------------------------------------------------------------------------
// Hex

export const HEX_ROW_BYTES = 16

export interface HexRow {
  /** Offset of the row, 8 hex digits. */
  offset: string
  /** Up to 16 bytes as two-digit hex, grouped by 8. */
  hex: string
  /** The same bytes as ASCII, '.' for anything not printable. */
  ascii: string
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'))

/** One row of a hex dump (`row` counts rows of 16 bytes). */
export function hexRow(bytes: Uint8Array, row: number): HexRow {
  const start = row * HEX_ROW_BYTES
  const end = Math.min(bytes.length, start + HEX_ROW_BYTES)
  const hex: string[] = []
  let ascii = ''
  for (let i = start; i < start + HEX_ROW_BYTES; i++) {
    if (i === start + 8) hex.push('')
    if (i < end) {
      const b = bytes[i]!
      hex.push(HEX[b]!)
      ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.'
    } else hex.push('  ')
  }
  return { offset: start.toString(16).padStart(8, '0'), hex: hex.join(' ').trimEnd(), ascii }
}

export const hexRowCount = (length: number) => Math.ceil(length / HEX_ROW_BYTES)

/** A classic `offset  hex  |ascii|` dump, for copying. */
export function hexDump(bytes: Uint8Array, maxRows = Infinity): string {
  const rows = Math.min(hexRowCount(bytes.length), maxRows)
  const lines: string[] = []
  for (let r = 0; r < rows; r++) {
    const { offset, hex, ascii } = hexRow(bytes, r)
    lines.push(`${offset}  ${hex.padEnd(HEX_ROW_BYTES * 3, ' ')} |${ascii}|`)
  }
  return lines.join('\n')
}
