/** IP address text to numbers: shared by the receiver's allowlist and the sender's target policy. */
import { isIP } from 'node:net'

export interface ParsedIp {
  version: 4 | 6
  value: bigint
}

/**
 * Parses an address; an IPv4-mapped IPv6 address (`::ffff:203.0.113.5`, what a dual-stack
 * listener reports for IPv4 clients) becomes the IPv4 address, so IPv4 ranges match it.
 */
export function parseIp(address: string): ParsedIp | null {
  const text = address.trim().replace(/%.*$/, '')
  const kind = isIP(text)
  if (kind === 4) return { version: 4, value: ipv4Value(text) }
  if (kind !== 6) return null
  const value = ipv6Value(text)
  if (value >> 32n === 0xffffn) return { version: 4, value: value & 0xffffffffn }
  return { version: 6, value }
}

export function ipv4Value(text: string): bigint {
  return text.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n)
}

export function ipv6Value(text: string): bigint {
  let head = text
  let tailV4: bigint | null = null
  const lastColon = head.lastIndexOf(':')
  if (head.slice(lastColon + 1).includes('.')) {
    tailV4 = ipv4Value(head.slice(lastColon + 1))
    head = `${head.slice(0, lastColon + 1)}0:0`
  }
  const [left, right] = head.includes('::') ? head.split('::') : [head, undefined]
  const l = left ? left.split(':') : []
  const r = right ? right.split(':') : []
  const groups = right === undefined ? l : [...l, ...Array(8 - l.length - r.length).fill('0'), ...r]
  let value = groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g || '0', 16)), 0n)
  if (tailV4 !== null) value = (value & ~0xffffffffn) | tailV4
  return value
}

/** Dotted text of an IPv4 value. */
export function ipv4Text(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.')
}
