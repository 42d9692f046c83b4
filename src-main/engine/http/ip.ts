/** IP addresses and CIDR ranges as numbers: shared by the receiver's allowlist and the sender's profiles and target policy. */
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

/** One parsed CIDR rule: `bits` leading bits of `base` must match. */
export interface CidrRule {
  text: string
  version: 4 | 6
  base: bigint
  bits: number
}

/** Parses a CIDR (`203.0.113.0/24`, `2001:db8::/32`) or a bare address (a /32 or /128). */
export function parseCidr(text: string): CidrRule | null {
  const [addr, prefix, extra] = text.trim().split('/')
  if (extra !== undefined || !addr) return null
  const kind = isIP(addr.replace(/%.*$/, ''))
  if (kind === 0) return null
  const version: 4 | 6 = kind === 4 ? 4 : 6
  const max = version === 4 ? 32 : 128
  let bits = max
  if (prefix !== undefined) {
    if (!/^\d{1,3}$/.test(prefix)) return null
    bits = Number(prefix)
    if (bits > max) return null
  }
  const clean = addr.replace(/%.*$/, '')
  if (version === 4) return { text: text.trim(), version: 4, base: ipv4Value(clean) & maskOf(bits, 32), bits }
  const raw = ipv6Value(clean)
  // `::ffff:203.0.113.0/120` is the IPv4 range 203.0.113.0/24 (sources are mapped the same way).
  if (raw >> 32n === 0xffffn && bits >= 96) {
    return { text: text.trim(), version: 4, base: (raw & 0xffffffffn) & maskOf(bits - 96, 32), bits: bits - 96 }
  }
  return { text: text.trim(), version: 6, base: raw & maskOf(bits, 128), bits }
}

export function maskOf(bits: number, width: number): bigint {
  if (bits === 0) return 0n
  return ((1n << BigInt(bits)) - 1n) << BigInt(width - bits)
}
