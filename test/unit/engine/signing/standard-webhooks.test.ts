import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { signRequest, SigningConfigError, verifySignature } from '../../../../src-main/engine/signing'
import type { SigningSecret } from '../../../../src-shared/signing-schemes'
import { NOW_MS, NOW_S, OTHER_SECRET, SECRET } from './helpers'

const body = Buffer.from('{"type":"invoice.paid"}')
const b64 = (secret: string, content: string) =>
  createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64')).update(content).digest('base64')

function verifyWith(headers: [string, string][], secrets: SigningSecret[] = [{ value: SECRET }]) {
  return verifySignature({ scheme: 'standard-webhooks', secrets, body, headers, now: NOW_MS })
}

describe('standard-webhooks', () => {
  it('signs {id}.{timestamp}.{body} with the base64-decoded whsec_ key, one v1 signature per live secret, newest first', () => {
    const signed = signRequest({ scheme: 'standard-webhooks', secrets: [SECRET, OTHER_SECRET], body, id: 'msg_42', timestamp: NOW_S })
    const content = `msg_42.${NOW_S}.{"type":"invoice.paid"}`
    expect(signed.signedContent.toString()).toBe(content)
    expect(signed.headers).toEqual([
      ['webhook-id', 'msg_42'],
      ['webhook-timestamp', String(NOW_S)],
      ['webhook-signature', `v1,${b64(SECRET, content)} v1,${b64(OTHER_SECRET, content)}`],
    ])
  })

  it('makes up a msg_ id when none is given', () => {
    const signed = signRequest({ scheme: 'standard-webhooks', secrets: [SECRET], body, timestamp: NOW_S })
    expect(signed.headers[0]![1]).toMatch(/^msg_[A-Za-z0-9_-]{24}$/)
  })

  it('refuses to sign without a timestamp and says how to pass one', () => {
    expect(() => signRequest({ scheme: 'standard-webhooks', secrets: [SECRET], body })).toThrow(
      new SigningConfigError('The standard-webhooks scheme signs a timestamp: pass timestamp in unix seconds, e.g. Math.floor(clock.now() / 1000).', '/timestamp'),
    )
  })

  it('refuses a secret that is not whsec_ + base64 and says what a valid one looks like', () => {
    expect(() => signRequest({ scheme: 'standard-webhooks', secrets: ['whsec_not base64!'], body, timestamp: NOW_S })).toThrow(
      /^The secret "whsec…" is not whsec_ followed by base64, which this scheme needs: its HMAC key is the base64-decoded bytes after "whsec_"\./,
    )
  })

  it('accepts a bare base64 secret like the reference library does', () => {
    const bare = SECRET.slice('whsec_'.length)
    const a = signRequest({ scheme: 'standard-webhooks', secrets: [bare], body, id: 'm', timestamp: NOW_S })
    const b = signRequest({ scheme: 'standard-webhooks', secrets: [SECRET], body, id: 'm', timestamp: NOW_S })
    expect(a.headers).toEqual(b.headers)
  })

  it('ignores signatures of other versions (v1a, v2) when a v1 signature is valid', () => {
    const signed = signRequest({ scheme: 'standard-webhooks', secrets: [SECRET], body, id: 'm', timestamp: NOW_S })
    const sig = signed.headers[2]![1]
    const result = verifyWith([signed.headers[0]!, signed.headers[1]!, ['webhook-signature', `v1a,AAAA v2,${sig.slice(3)} ${sig}`]])
    expect(result.verdict).toBe('valid')
    expect(result.details.received).toEqual([sig])
  })

  it('reports malformed_header when only non-HMAC signatures are present', () => {
    const result = verifyWith([
      ['webhook-id', 'm'],
      ['webhook-timestamp', String(NOW_S)],
      ['webhook-signature', 'v1a,AAAA'],
    ])
    expect(result.verdict).toBe('malformed_header')
    expect(result.reason).toBe('The webhook-signature header holds no v1 signature (found "v1a,…"); only "v1,<base64>" HMAC signatures can be checked.')
  })

  it('reports malformed_header, saying what a valid header looks like, when no entry is a v1 signature or a digest', () => {
    const withSignature = (value: string): [string, string][] => [
      ['webhook-id', 'm'],
      ['webhook-timestamp', String(NOW_S)],
      ['webhook-signature', value],
    ]
    const garbage = verifyWith(withSignature('garbage'))
    expect(garbage.verdict).toBe('malformed_header')
    expect(garbage.reason).toBe(
      'The webhook-signature header holds no "v1,<base64>" signature (found "garbage"); it should hold "v1,<base64>" signatures separated by spaces.',
    )
    const tokens = verifyWith(withSignature('sig=abc  not-a-signature'))
    expect(tokens.verdict).toBe('malformed_header')
    expect(tokens.reason).toBe(
      'The webhook-signature header holds no "v1,<base64>" signature (found "sig=abc", "not-a-signature"); it should hold "v1,<base64>" signatures separated by spaces.',
    )
    // A bare digest is still a signature, written without its "v1," (diagnosis names that).
    const content = `m.${NOW_S}.{"type":"invoice.paid"}`
    const bare = verifyWith(withSignature(b64(SECRET, content)))
    expect(bare.verdict).toBe('invalid')
    expect(bare.diagnosis?.code).toBe('prefix_missing')
    // Junk next to a v1 signature is left out of the candidates, as other versions are.
    const mixed = verifyWith(withSignature(`garbage v1,${b64(SECRET, content)}`))
    expect(mixed.verdict).toBe('valid')
    expect(mixed.details.received).toEqual([`v1,${b64(SECRET, content)}`])
  })

  it('reports malformed_header when webhook-id is missing', () => {
    const result = verifyWith([
      ['webhook-timestamp', String(NOW_S)],
      ['webhook-signature', 'v1,AAAA'],
    ])
    expect(result.verdict).toBe('malformed_header')
    expect(result.reason).toBe('The webhook-signature header is present but webhook-id is missing; the id is part of the signed content.')
  })

  it('reports malformed_header when webhook-timestamp is missing or not a number', () => {
    const missing = verifyWith([
      ['webhook-id', 'm'],
      ['webhook-signature', 'v1,AAAA'],
    ])
    expect(missing.verdict).toBe('malformed_header')
    expect(missing.reason).toBe('The webhook-signature header is present but webhook-timestamp is missing; the timestamp is part of the signed content.')
    const text = verifyWith([
      ['webhook-id', 'm'],
      ['webhook-timestamp', '2026-01-01T00:00:00Z'],
      ['webhook-signature', 'v1,AAAA'],
    ])
    expect(text.verdict).toBe('malformed_header')
    expect(text.reason).toBe('The webhook-timestamp header is "2026-01-01T00:00:00Z", which is not a whole number of unix seconds.')
  })

  it('says which secret matched during a rotation and that the sender still uses the older one', () => {
    const signed = signRequest({ scheme: 'standard-webhooks', secrets: [OTHER_SECRET], body, id: 'm', timestamp: NOW_S })
    const result = verifyWith(signed.headers, [
      { value: SECRET, label: 'current' },
      { value: OTHER_SECRET, label: 'previous', expiresAt: NOW_MS + 3600_000 },
    ])
    expect(result.verdict).toBe('valid')
    expect(result.matchedSecret).toBe('previous')
    expect(result.reason).toBe(
      'The signature matches the secret "previous", an older secret (accepted until 2026-01-01T01:00:00.000Z): the sender has not switched to the newest one yet.',
    )
  })

  it('gives the Standard Webhooks defaults in the scheme description', async () => {
    const { describeScheme } = await import('../../../../src-main/engine/signing')
    expect(describeScheme('standard-webhooks')).toEqual({
      scheme: 'standard-webhooks',
      signatureHeader: 'webhook-signature',
      prefix: 'v1,',
      algorithm: 'sha256',
      encoding: 'base64',
      secretFormat: 'whsec',
      template: '{id}.{timestamp}.{body}',
      idHeader: 'webhook-id',
      timestampHeader: 'webhook-timestamp',
      timestampFormat: 'unix',
      toleranceSec: 300,
      multiSignature: true,
    })
  })
})
