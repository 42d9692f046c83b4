import { createHmac, timingSafeEqual } from 'node:crypto'
import type { ContentSample, HashAlgorithm, SignatureEncoding } from '../../../src-shared/signing-schemes'

/** Headers as received: any case, duplicates allowed, in arrival order. */
export type HeaderList = readonly (readonly [string, string])[]

/** Longest content sample put in a result; the UI has the full body anyway. */
export const SAMPLE_LIMIT = 64 * 1024

export function hmac(algorithm: HashAlgorithm, key: Uint8Array, content: Uint8Array): Buffer {
  return createHmac(algorithm, key).update(content).digest()
}

/** The canonical text of a digest: lower-case hex, or standard padded base64. */
export function encodeDigest(digest: Uint8Array, encoding: SignatureEncoding): string {
  return Buffer.from(digest).toString(encoding)
}

/** Decodes a digest only if `text` is exactly its canonical encoding (what official verifiers compare). */
export function decodeStrict(text: string, encoding: SignatureEncoding): Buffer | null {
  if (text === '') return null
  const pattern = encoding === 'hex' ? /^(?:[0-9a-f]{2})+$/ : /^[A-Za-z0-9+/]+={0,2}$/
  if (!pattern.test(text)) return null
  const bytes = Buffer.from(text, encoding)
  return bytes.toString(encoding) === text ? bytes : null
}

/** Decodes a digest written loosely: hex in any case, base64 or base64url with or without padding. */
export function decodeLenient(text: string, encoding: SignatureEncoding): Buffer | null {
  if (encoding === 'hex') {
    return /^(?:[0-9a-fA-F]{2})+$/.test(text) ? Buffer.from(text, 'hex') : null
  }
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return null
  const standard = text.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '')
  if (standard.length % 4 === 1) return null
  const bytes = Buffer.from(standard, 'base64')
  // Reject inputs whose trailing bits are not zero: they are not an encoding of any digest.
  return bytes.toString('base64').replace(/=+$/, '') === standard ? bytes : null
}

/** Whether text uses only a digest encoding's characters (hex in any case; base64 or base64url, padded or not), whatever its length. */
export function inDigestAlphabet(text: string, encoding: SignatureEncoding): boolean {
  return (encoding === 'hex' ? /^[0-9a-fA-F]+$/ : /^[A-Za-z0-9+/_-]+={0,2}$/).test(text)
}

/** Constant-time equality; different lengths are unequal without comparing contents. */
export function safeEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b)
}

/** All values of a header, matched case-insensitively, in arrival order. */
export function headerValues(headers: HeaderList, name: string): string[] {
  const wanted = name.toLowerCase()
  return headers.filter(([n]) => n.toLowerCase() === wanted).map(([, v]) => v)
}

/** The first value of a header, trimmed, or undefined when absent. */
export function firstHeader(headers: HeaderList, name: string): string | undefined {
  return headerValues(headers, name)[0]?.trim()
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** True when the bytes are well-formed UTF-8. */
export function isUtf8(bytes: Uint8Array): boolean {
  try {
    utf8.decode(bytes)
    return true
  } catch {
    return false
  }
}

/** Bytes for display: UTF-8 text when they are valid UTF-8, else base64; at most `limit` bytes. */
export function sampleOf(bytes: Uint8Array, limit = SAMPLE_LIMIT): ContentSample {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const truncated = buf.length > limit
  let head = truncated ? buf.subarray(0, limit) : buf
  if (isUtf8(buf)) {
    // Cut on a character boundary so the sample stays valid text.
    while (truncated && head.length > 0 && !isUtf8(head)) head = head.subarray(0, head.length - 1)
    return { text: head.toString('utf8'), encoding: 'utf8', bytes: buf.length, ...(truncated ? { truncated } : {}) }
  }
  return { text: head.toString('base64'), encoding: 'base64', bytes: buf.length, ...(truncated ? { truncated } : {}) }
}

/** Shortens a long value for a sentence, keeping both ends visible. */
export function ellipsize(text: string, max = 80): string {
  return text.length <= max ? text : `${text.slice(0, max - 12)}…${text.slice(-11)}`
}
