import { describe, expect, it } from 'vitest'
import { compileAllowlist, matchAllowlist } from '../../../../src-main/engine/receiver/allowlist'
import { parseCidr, parseIp } from '../../../../src-main/engine/http/ip'
import { EngineError } from '../../../../src-main/engine/errors'

describe('IP allowlist', () => {
  const rules = compileAllowlist(['203.0.113.0/24', '198.51.100.7', '2001:db8::/32', '::ffff:192.0.2.0/120', '10.0.0.0/8'])
  const match = (ip: string) => matchAllowlist(rules, ip)?.text ?? null

  it('matches IPv4 addresses against IPv4 ranges and single addresses', () => {
    expect(match('203.0.113.5')).toBe('203.0.113.0/24')
    expect(match('203.0.114.5')).toBeNull()
    expect(match('198.51.100.7')).toBe('198.51.100.7')
    expect(match('198.51.100.8')).toBeNull()
    expect(match('10.255.0.1')).toBe('10.0.0.0/8')
  })

  it('matches an IPv4-mapped IPv6 source (what a dual-stack socket reports) against IPv4 ranges', () => {
    expect(match('::ffff:203.0.113.9')).toBe('203.0.113.0/24')
    expect(match('::FFFF:cb00:7109')).toBe('203.0.113.0/24')
    expect(match('::ffff:192.0.2.200')).toBe('::ffff:192.0.2.0/120')
    expect(match('192.0.2.1')).toBe('::ffff:192.0.2.0/120')
  })

  it('matches IPv6 addresses, compressed or not, with zone ids ignored', () => {
    expect(match('2001:db8::1')).toBe('2001:db8::/32')
    expect(match('2001:0db8:ffff:0000:0000:0000:0000:0001')).toBe('2001:db8::/32')
    expect(match('2001:db9::1')).toBeNull()
    expect(match('fe80::1%eth0')).toBeNull()
    expect(match('::1')).toBeNull()
  })

  it('never matches an unparsable source address', () => {
    expect(match('')).toBeNull()
    expect(match('not-an-ip')).toBeNull()
  })

  it('treats /0 as everything of its family', () => {
    const all = compileAllowlist(['0.0.0.0/0'])
    expect(matchAllowlist(all, '8.8.8.8')?.text).toBe('0.0.0.0/0')
    expect(matchAllowlist(all, '2001:db8::1')).toBeNull()
  })

  it('parses addresses to numbers', () => {
    expect(parseIp('1.2.3.4')).toEqual({ version: 4, value: 0x01020304n })
    expect(parseIp('::ffff:1.2.3.4')).toEqual({ version: 4, value: 0x01020304n })
    expect(parseIp('::2')).toEqual({ version: 6, value: 2n })
  })

  it('rejects a bad range with a 400 that names the entry and shows the expected form', () => {
    for (const bad of ['300.1.1.1/24', '10.0.0.0/33', '2001:db8::/129', '10.0.0.0/', 'ten/8', '1.2.3.4/8/9', '']) {
      expect(parseCidr(bad), bad).toBeNull()
    }
    let error: EngineError | undefined
    try {
      compileAllowlist(['10.0.0.0/8', 'nope'])
    } catch (err) {
      error = err as EngineError
    }
    expect(error).toMatchObject({ statusCode: 400, code: 'HB_ERR_INBOX_CIDR', field: '/allowlist/cidrs/1' })
    expect(error!.message).toContain('203.0.113.0/24')
  })
})
