import { describe, expect, it } from 'vitest'
import { addressChoices, formatFingerprint, formChanged, formOf, networkInput, reachDescription } from '../../../src-renderer/features/settings/network-model'

const lan = [
  { address: '127.0.0.1', family: 'IPv4', interface: 'lo' },
  { address: '192.168.1.20', family: 'IPv4', interface: 'en0' },
  { address: 'fe80::1', family: 'IPv6', interface: 'en0' },
]

describe('network settings form', () => {
  it('offers this machine, each LAN address once and every interface', () => {
    const choices = addressChoices({ host: '127.0.0.1', lanAddresses: [...lan, lan[1]!] })
    expect(choices.map((c) => c.host)).toEqual(['127.0.0.1', '192.168.1.20', 'fe80::1', '0.0.0.0'])
    expect(choices.map((c) => c.exposed)).toEqual([false, true, true, true])
  })

  it('keeps a current address that is no longer listed, so the form shows what is bound', () => {
    expect(addressChoices({ host: '10.0.0.9', lanAddresses: lan }).map((c) => c.host)).toContain('10.0.0.9')
    expect(addressChoices({ host: 'localhost', lanAddresses: [] })[1]).toMatchObject({ host: 'localhost', exposed: false })
  })

  it('always sends the port, so the URLs keep it, and checks it', () => {
    expect(networkInput({ host: '0.0.0.0', port: '8443', tls: true })).toEqual({ ok: true, input: { host: '0.0.0.0', port: 8443, tls: true } })
    expect(networkInput({ host: '0.0.0.0', port: '0', tls: false })).toMatchObject({ ok: true })
    expect(networkInput({ host: '0.0.0.0', port: '70000', tls: false })).toMatchObject({ ok: false })
    expect(networkInput({ host: '0.0.0.0', port: 'abc', tls: false })).toMatchObject({ ok: false })
  })

  it('sees a change only when the address, port or TLS differs', () => {
    const s = { host: '127.0.0.1', port: 4301, tls: false }
    expect(formChanged(formOf(s), s)).toBe(false)
    expect(formChanged({ ...formOf(s), tls: true }, s)).toBe(true)
    expect(formChanged({ ...formOf(s), port: ' 4301 ' }, s)).toBe(false)
  })

  it('says where senders can reach the inboxes, every LAN address for 0.0.0.0', () => {
    expect(reachDescription('192.168.1.20', 4301, lan)).toBe('192.168.1.20:4301')
    expect(reachDescription('fe80::1', 4301, lan)).toBe('[fe80::1]:4301')
    expect(reachDescription('0.0.0.0', 4301, lan)).toBe('any address of this machine (192.168.1.20, fe80::1) on port 4301')
  })

  it('prints fingerprints as colon-separated pairs', () => {
    expect(formatFingerprint('abcdef01')).toBe('AB:CD:EF:01')
    expect(formatFingerprint('AB:CD:EF:01')).toBe('AB:CD:EF:01')
  })
})
