import { badRequest } from '../errors'
import { maskOf, parseCidr, parseIp, type CidrRule } from '../http/ip'

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
