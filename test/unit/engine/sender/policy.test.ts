import { describe, expect, it } from 'vitest'
import { getPresetProfile } from '../../../../src-main/engine/catalog/presets'
import { EngineError } from '../../../../src-main/engine/errors'
import { hostKind, parseTargetUrl, policyWarnings } from '../../../../src-main/engine/sender/policy'

describe('target URL policy', () => {
  it('refuses what is not an absolute http(s) URL, naming the field', () => {
    for (const bad of ['example.com/hook', '/hook', 'ftp://example.com', 'javascript:alert(1)', '']) {
      expect(() => parseTargetUrl(bad)).toThrow(EngineError)
      try {
        parseTargetUrl(bad, '/url')
      } catch (err) {
        expect((err as EngineError).field).toBe('/url')
        expect((err as EngineError).statusCode).toBe(400)
      }
    }
    expect(parseTargetUrl('https://example.com/h?x=1').toString()).toBe('https://example.com/h?x=1')
  })

  it('tells loopback, private and link-local targets from public ones without DNS', () => {
    expect(['127.0.0.1', '127.8.9.1', 'localhost', 'api.localhost', '[::1]', '0.0.0.0'].map(hostKind)).toEqual(['loopback', 'loopback', 'loopback', 'loopback', 'loopback', 'unspecified'])
    expect(['10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '100.64.0.1', '[fd00::1]', 'printer.local', 'intranet'].map(hostKind)).toEqual(Array(8).fill('private'))
    expect(['169.254.169.254', '[fe80::1]'].map(hostKind)).toEqual(['link_local', 'link_local'])
    expect(['8.8.8.8', '172.32.0.1', 'example.com', '[2001:db8::1]', '[::ffff:8.8.8.8]'].map(hostKind)).toEqual(Array(5).fill('public'))
    expect(hostKind('[::ffff:127.0.0.1]')).toBe('loopback')
  })

  it('judges IPv6 addresses that embed an IPv4 one by that address, in the hex form URLs normalise them to', () => {
    const hostOf = (url: string) => new URL(url).hostname
    expect(hostOf('http://[::ffff:169.254.169.254]/latest')).toBe('[::ffff:a9fe:a9fe]')
    expect(['http://[::ffff:127.0.0.1]:8080/', 'http://[::127.0.0.1]/'].map((u) => hostKind(hostOf(u)))).toEqual(['loopback', 'loopback'])
    expect(hostKind(hostOf('http://[::ffff:169.254.169.254]/latest'))).toBe('link_local')
    expect(['http://[::ffff:10.0.0.1]/', 'http://[::ffff:192.168.1.9]/'].map((u) => hostKind(hostOf(u)))).toEqual(['private', 'private'])
    expect(hostKind(hostOf('http://[::ffff:8.8.8.8]/'))).toBe('public')
    // NAT64 and 6to4 addresses carry an IPv4 address too.
    expect(['http://[64:ff9b::7f00:1]/', 'http://[64:ff9b::169.254.169.254]/', 'http://[2002:a00:1::1]/', 'http://[2002:c0a8:101::]/'].map((u) => hostKind(hostOf(u)))).toEqual(['loopback', 'link_local', 'private', 'private'])
    expect(['http://[64:ff9b::8.8.8.8]/', 'http://[2002:808:808::1]/'].map((u) => hostKind(hostOf(u)))).toEqual(['public', 'public'])
    const standard = getPresetProfile('standard-webhooks')!
    expect(policyWarnings(new URL('http://[::ffff:a9fe:a9fe]/latest'), standard, false).map((w) => w.code)).toContain('link_local_target')
  })

  it("warns about the profile's rules, and marks the warnings overridden when local testing is allowed", () => {
    const workflows = getPresetProfile('workflows')!
    const url = new URL('http://192.168.1.20:3000/hook')
    expect(policyWarnings(url, workflows, false).map((w) => [w.code, w.overridden])).toEqual([
      ['https_required', false],
      ['private_target', false],
    ])
    expect(policyWarnings(url, workflows, true).every((w) => w.overridden)).toBe(true)
    // the message tells an API user how to acknowledge it; the reason alone is for a host with its own control
    const [https] = policyWarnings(url, workflows, false)
    expect(https!.reason).toBe('WorkFlows only accepts https:// webhook URLs, so its real service would refuse this one.')
    expect(https!.message).toBe(`${https!.reason} Hookbench sends anyway; set allowLocal: true (in the app: "Allow for local testing") to mark this URL as a local test target.`)
    expect(policyWarnings(url, workflows, true)[1]!.reason).toBe('192.168.1.20 is a private or internal address; WorkFlows refuses private and internal targets (SSRF protection).')
    expect(policyWarnings(new URL('https://hooks.example.com/x'), workflows, false)).toEqual([])
    // Workestra wants HTTPS but says nothing about private targets; GitHub-style has no rule.
    expect(policyWarnings(url, getPresetProfile('workestra')!, false).map((w) => w.code)).toEqual(['https_required'])
    expect(policyWarnings(url, getPresetProfile('github')!, false)).toEqual([])
    expect(policyWarnings(new URL('https://user:pw@example.com/'), getPresetProfile('github')!, true).map((w) => [w.code, w.overridden])).toEqual([['credentials_in_url', false]])
  })
})
