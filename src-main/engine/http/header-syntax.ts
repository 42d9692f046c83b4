/** What HTTP/1.1 lets a header carry, checked before a configuration is saved rather than on every send. */
import { HEADER_NAME_PATTERN } from '../../../src-shared/catalog'

/** A header name: an RFC 9110 token. */
export const HEADER_NAME = new RegExp(HEADER_NAME_PATTERN)

/** A character a header value cannot carry (Node's check, RFC 9110 field-vchar + obs-text: tab, printable ASCII, 0x80-0xff). */
export const UNSENDABLE_HEADER_CHAR = /[^\t\x20-\x7e\x80-\xff]/u

/** Why `name` cannot be a header name, or null. */
export function headerNameProblem(name: string): string | null {
  if (HEADER_NAME.test(name)) return null
  return `"${name}" is not a valid header name: use letters, digits and dashes (e.g. X-Tenant-Id), with no spaces or colons.`
}

/** `U+00E9`: how a message names one character (a whole code point). */
export const codePointOf = (ch: string): string => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`

/** Why `value` cannot travel in header `name`, or null. */
export function headerValueProblem(name: string, value: string): string | null {
  const bad = UNSENDABLE_HEADER_CHAR.exec(value)
  if (!bad) return null
  const ch = bad[0] // a whole character: the u flag matches an emoji's two UTF-16 units together
  const code = ch.codePointAt(0)!
  const shown = code < 0x20 || code === 0x7f ? `the control character ${codePointOf(ch)}` : `"${ch}" (${codePointOf(ch)})`
  return `The value of ${name} holds ${shown}, which a header cannot carry: header values are printable ASCII or Latin-1 text on one line. Percent-encode or base64 the value.`
}
