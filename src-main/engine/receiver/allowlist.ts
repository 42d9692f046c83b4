import { isIP } from 'node:net'
import { badRequest } from '../errors'
import { ipv4Value, ipv6Value, parseIp } from '../http/ip'

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

function maskOf(bits: number, width: number): bigint {
  if (bits === 0) return 0n
  return ((1n << BigInt(bits)) - 1n) << BigInt(width - bits)
}

/** Parses a CIDR list; throws a 400 naming the first bad entry. */
export function compileAllowlist(cidrs: readonly string[], field = '/allowlist/cidrs'): CidrRule[] {
  return cidrs.map((text, i) => {
    const rule = parseCidr(text)
    if (!rule) {
      throw badRequest(
        'HB_ERR_INBOX_CIDR',
        `"${text}" is not an IP range: write a CIDR such as 203.0.113.0/24 or 2001:db8::/32, or a single address.`,
        `${field}/${i}`,
      )
    }
    return rule
  })
}

/** The first rule the address falls in, or null (also for an unparsable address). */
export function matchAllowlist(rules: readonly CidrRule[], address: string): CidrRule | null {
  const ip = parseIp(address)
  if (!ip) return null
  for (const rule of rules) {
    if (rule.version !== ip.version) continue
    const width = rule.version === 4 ? 32 : 128
    if ((ip.value & maskOf(rule.bits, width)) === rule.base) return rule
  }
  return null
}
