/**
 * Decoding of form bodies for display: `application/x-www-form-urlencoded` and
 * `multipart/form-data`. Pure and tolerant: a malformed body gives what could be read plus a
 * note, never an exception, because the inspector must show broken requests too.
 */
import { decodeUtf8, parseContentType } from './content'

/** `a=1&b=2` → [['a','1'],['b','2']], in order, duplicates kept; `+` is a space. */
export function parseUrlEncoded(text: string): [string, string][] {
  if (!text) return []
  const out: [string, string][] = []
  for (const part of text.split('&')) {
    if (part === '') continue
    const eq = part.indexOf('=')
    const rawKey = eq < 0 ? part : part.slice(0, eq)
    const rawVal = eq < 0 ? '' : part.slice(eq + 1)
    out.push([decodeComponent(rawKey), decodeComponent(rawVal)])
  }
  return out
}

/** Percent-decoding that leaves a malformed escape as written instead of throwing. */
export function decodeComponent(s: string): string {
  const plus = s.replace(/\+/g, ' ')
  try {
    return decodeURIComponent(plus)
  } catch {
    return plus.replace(/(%[0-9a-fA-F]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run)
      } catch {
        return run
      }
    })
  }
}

export interface MultipartPart {
  /** Part headers in order, as received. */
  headers: [string, string][]
  /** `name` of the Content-Disposition, null when absent. */
  name: string | null
  filename: string | null
  contentType: string | null
  body: Uint8Array
  /** The body as text when it is UTF-8 (null for binary parts). */
  text: string | null
}

export interface MultipartResult {
  parts: MultipartPart[]
  /** What was wrong with the framing, when something was (e.g. no closing boundary). */
  problems: string[]
}

/** The boundary of a multipart Content-Type, or null. */
export function boundaryOf(contentType: string | null | undefined): string | null {
  return parseContentType(contentType).params.boundary || null
}

const CR = 13
const LF = 10
const DASH = 45

function indexOf(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0]
  const last = haystack.length - needle.length
  outer: for (let i = from; i <= last; i++) {
    if (haystack[i] !== first) continue
    for (let j = 1; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer
    return i
  }
  return -1
}

const latin1 = (bytes: Uint8Array) => {
  let s = ''
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]!)
  return s
}

/** A Content-Disposition parameter (`name="x"`, `filename=y`). */
export function dispositionParam(value: string, param: string): string | null {
  const re = new RegExp(`(?:^|;)\\s*${param}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;]*))`, 'i')
  const m = re.exec(value)
  if (!m) return null
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? '').trim()
}

/**
 * Splits a multipart body on its boundary (RFC 2046). Lines may end in CRLF or a bare LF
 * (some senders get this wrong; we show their parts and say so).
 */
export function parseMultipart(body: Uint8Array, boundary: string): MultipartResult {
  const problems: string[] = []
  const delimiter = new TextEncoder().encode(`--${boundary}`)
  const parts: MultipartPart[] = []
  let pos = indexOf(body, delimiter, 0)
  if (pos < 0) return { parts, problems: [`The boundary "${boundary}" does not occur in the body.`] }
  if (pos > 0 && !(pos === 2 && body[0] === CR && body[1] === LF)) problems.push(`${pos} bytes before the first boundary were ignored (preamble).`)
  let bareLf = false
  let closed = false
  while (pos >= 0) {
    let cursor = pos + delimiter.length
    if (body[cursor] === DASH && body[cursor + 1] === DASH) {
      closed = true
      break
    }
    // rest of the boundary line (transport padding), then its line end
    while (cursor < body.length && body[cursor] !== LF) cursor++
    cursor++
    const next = indexOf(body, delimiter, cursor)
    const end = next < 0 ? body.length : next
    // the line end before the next delimiter belongs to the delimiter
    let partEnd = end
    if (next >= 0) {
      if (body[partEnd - 1] === LF) partEnd--
      if (body[partEnd - 1] === CR) partEnd--
      else if (next >= 0 && partEnd < end) bareLf = true
    }
    const part = body.subarray(Math.min(cursor, partEnd), partEnd)
    parts.push(readPart(part, () => (bareLf = true)))
    if (next < 0) break
    pos = next
  }
  if (!closed) problems.push(`The closing boundary "--${boundary}--" is missing: the body may be cut.`)
  if (bareLf) problems.push('Lines end in LF instead of CRLF.')
  return { parts, problems }
}

function readPart(part: Uint8Array, onBareLf: () => void): MultipartPart {
  // headers end at the first empty line
  let headerEnd = -1
  let bodyStart = part.length
  for (let i = 0; i < part.length; i++) {
    if (part[i] === LF && part[i + 1] === LF) {
      headerEnd = i
      bodyStart = i + 2
      onBareLf()
      break
    }
    if (part[i] === CR && part[i + 1] === LF && part[i + 2] === CR && part[i + 3] === LF) {
      headerEnd = i
      bodyStart = i + 4
      break
    }
  }
  if (headerEnd < 0 && part.length > 0 && (part[0] === LF || (part[0] === CR && part[1] === LF))) {
    headerEnd = 0
    bodyStart = part[0] === LF ? 1 : 2
  }
  const headers: [string, string][] = []
  const headerText = headerEnd < 0 ? '' : (decodeUtf8(part.subarray(0, headerEnd)) ?? latin1(part.subarray(0, headerEnd)))
  for (const line of headerText.split(/\r?\n/)) {
    if (!line) continue
    if (/^[ \t]/.test(line) && headers.length) {
      headers[headers.length - 1]![1] += ` ${line.trim()}`
      continue
    }
    const colon = line.indexOf(':')
    if (colon > 0) headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()])
  }
  const find = (n: string) => headers.find(([k]) => k.toLowerCase() === n)?.[1] ?? null
  const disposition = find('content-disposition') ?? ''
  const body = headerEnd < 0 ? part : part.subarray(bodyStart)
  return {
    headers,
    name: dispositionParam(disposition, 'name'),
    filename: dispositionParam(disposition, 'filename'),
    contentType: find('content-type'),
    body,
    text: decodeUtf8(body),
  }
}
