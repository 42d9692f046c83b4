import { describe, expect, it } from 'vitest'
import { getPresetProfile } from '../../../../src-main/engine/catalog/presets'
import { verifySignature } from '../../../../src-main/engine/signing'
import { buildOutgoingRequest, reservedHeaderNames } from '../../../../src-main/engine/sender/outgoing'

const body = Buffer.from('{"type":"contact.created","data":{"id":"1"}}')
const base = { webhook: { id: 'wh_1', url: 'https://example.com:8443/hooks?a=1', headers: { Authorization: 'Bearer x' } }, eventId: 'msg_1', eventType: 'contact.created', body, wallNow: 1_767_225_600_000, userAgent: 'Hookbench/0 (+webhooks)' }

describe('the request of one attempt', () => {
  it('puts transport, profile, signature and custom headers in a fixed order', () => {
    const r = buildOutgoingRequest({ ...base, profile: getPresetProfile('connectgain')!, secrets: ['s'] })
    expect(r.wireHeaders.map(([n]) => n)).toEqual(['host', 'connection', 'Content-Type', 'User-Agent', 'X-Webhook-Event', 'X-Webhook-Timestamp', 'X-Webhook-Signature', 'Authorization', 'content-length'])
    expect(r.wireHeaders[0]).toEqual(['host', 'example.com:8443'])
    expect(r.wireHeaders.at(-1)).toEqual(['content-length', String(body.length)])
    expect(r.headers).toEqual(r.wireHeaders.slice(2, -1))
  })

  it('sends no signature without a secret', () => {
    const r = buildOutgoingRequest({ ...base, profile: getPresetProfile('connectgain')!, secrets: [] })
    expect(r.headers.map(([n]) => n)).not.toContain('X-Webhook-Signature')
  })

  it('signs the exact body with a fresh timestamp per attempt and one signature per live secret', () => {
    const profile = getPresetProfile('standard-webhooks')!
    const secrets = ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD']
    const a = buildOutgoingRequest({ ...base, profile, secrets })
    const b = buildOutgoingRequest({ ...base, profile, secrets, wallNow: base.wallNow + 5_000 })
    const get = (h: [string, string][], n: string) => h.find(([k]) => k === n)?.[1]
    expect(get(a.headers, 'webhook-id')).toBe('msg_1')
    expect(get(b.headers, 'webhook-id')).toBe('msg_1')
    expect(Number(get(b.headers, 'webhook-timestamp')) - Number(get(a.headers, 'webhook-timestamp'))).toBe(5)
    expect(get(a.headers, 'webhook-signature')!.split(' ')).toHaveLength(2)
    for (const secret of secrets) {
      expect(verifySignature({ scheme: 'standard-webhooks', secrets: [{ value: secret }], body, headers: a.headers, now: base.wallNow }).verdict).toBe('valid')
    }
  })

  it('keeps signing with the previous secret during an overlap when the scheme carries one signature', () => {
    const profile = getPresetProfile('taskhub')!
    const [current, previous] = ['new-secret', 'old-secret']
    const r = buildOutgoingRequest({ ...base, profile, secrets: [current, previous] })
    const verdict = (secret: string) => verifySignature({ scheme: profile.scheme, options: profile.signing, secrets: [{ value: secret }], body, headers: r.headers, now: base.wallNow }).verdict
    expect(verdict(previous)).toBe('valid')
    expect(verdict(current)).toBe('invalid')
    // Once the overlap has ended only the new secret is live, and it signs.
    const after = buildOutgoingRequest({ ...base, profile, secrets: [current] })
    expect(verifySignature({ scheme: profile.scheme, options: profile.signing, secrets: [{ value: current }], body, headers: after.headers, now: base.wallNow }).verdict).toBe('valid')
  })

  it('sends credentials given in the URL as Basic authorization, unless a custom Authorization header is set', () => {
    const profile = getPresetProfile('github')!
    const webhook = { id: 'wh_1', url: 'http://user:pa%40ss@127.0.0.1:8080/auth', headers: {} }
    const r = buildOutgoingRequest({ ...base, profile, webhook, secrets: ['s'] })
    expect(r.headers.filter(([n]) => n.toLowerCase() === 'authorization')).toEqual([['Authorization', `Basic ${Buffer.from('user:pa@ss').toString('base64')}`]])
    expect(r.wireHeaders[0]).toEqual(['host', '127.0.0.1:8080'])
    const custom = buildOutgoingRequest({ ...base, profile, webhook: { ...webhook, headers: { authorization: 'Bearer t' } }, secrets: ['s'] })
    expect(custom.headers.filter(([n]) => n.toLowerCase() === 'authorization')).toEqual([['authorization', 'Bearer t']])
  })

  it('keeps a malformed percent sequence in URL credentials as written instead of failing every attempt', () => {
    const webhook = { id: 'wh_1', url: 'http://us%zzer:p%E9%41ss@127.0.0.1:8080/auth', headers: {} }
    const r = buildOutgoingRequest({ ...base, profile: getPresetProfile('github')!, webhook, secrets: ['s'] })
    const auth = r.headers.find(([n]) => n === 'Authorization')![1]
    // As curl sends it: each %XX is that byte (0xE9 alone is Latin-1 é), a malformed escape stays as written.
    expect(Buffer.from(auth.replace('Basic ', ''), 'base64')).toEqual(Buffer.from('us%zzer:p\xe9Ass', 'latin1'))
  })

  it("keeps the profile's own Content-Type (Stripe) instead of adding a second one", () => {
    const r = buildOutgoingRequest({ ...base, profile: getPresetProfile('stripe')!, secrets: ['whsec_x'] })
    expect(r.headers.filter(([n]) => n.toLowerCase() === 'content-type')).toEqual([['Content-Type', 'application/json; charset=utf-8']])
  })

  it('reserves the names a custom header may not take', () => {
    const names = reservedHeaderNames(getPresetProfile('taskhub')!)
    for (const n of ['host', 'content-length', 'content-type', 'user-agent', 'x-webhook-signature', 'x-webhook-id', 'x-webhook-timestamp', 'transfer-encoding']) expect(names.has(n), n).toBe(true)
    expect(names.has('authorization')).toBe(false)
    expect(reservedHeaderNames(getPresetProfile('github')!).has('x-hub-signature-256')).toBe(true)
  })
})
