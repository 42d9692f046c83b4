import { describe, expect, it } from 'vitest'
import {
  generateSecret,
  isLive,
  liveSecretValues,
  newSecretFor,
  rotateSecrets,
  signRequest,
  verifySignature,
} from '../../../../src-main/engine/signing'
import { recipeFor } from '../../../../src-main/engine/signing/registry'
import { schemeSecretFormat } from '../../../../src-shared/secret-shape'
import { SIGNING_SCHEMES, type SigningOptions } from '../../../../src-shared/signing-schemes'
import { NOW_MS, NOW_S } from './helpers'

const HOUR = 3600_000

describe('secrets', () => {
  it('generates whsec_ + base64 of 32 random bytes, different every time', () => {
    const a = generateSecret()
    const b = generateSecret()
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)
    expect(Buffer.from(a.slice(6), 'base64')).toHaveLength(32)
    expect(a).not.toBe(b)
  })

  it('generates whsec_ + 32 hex characters where the whole string is the key', () => {
    const a = generateSecret('literal')
    expect(a).toMatch(/^whsec_[0-9a-f]{32}$/)
    expect(a).not.toBe(generateSecret('literal'))
  })

  it("shapes a new secret as the profile says, else as the scheme's provider hands them out", () => {
    // a profile's documented shape wins: WorkFlows is hmac-sha256 with whsec_ secrets, Workestra any string
    expect(newSecretFor('hmac-sha256', { prefix: 'sha256=' }, 'whsec')).toMatch(/^whsec_[0-9a-f]{32}$/)
    expect(newSecretFor('hmac-sha256', { prefix: 'sha256=' }, 'any')).toMatch(/^[0-9a-f]{48}$/)
    // a bare scheme: Stripe and Standard Webhooks hand out whsec_ secrets, the others any string
    expect(newSecretFor('stripe', {})).toMatch(/^whsec_[0-9a-f]{32}$/)
    expect(newSecretFor('standard-webhooks', {})).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)
    for (const scheme of ['hmac-sha256', 'github', 'slack', 'shopify', 'custom']) expect(newSecretFor(scheme, {})).toMatch(/^[0-9a-f]{48}$/)
    // a key read from the base64 after whsec_ takes nothing else, whatever the profile says
    expect(newSecretFor('custom', { secretFormat: 'whsec' }, 'any')).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)
  })

  it('the shared secret shape knows each scheme\'s key format as its recipe does (the UI makes secrets by it)', () => {
    const cases: [string, SigningOptions][] = [...SIGNING_SCHEMES.map((s): [string, SigningOptions] => [s, {}]), ['custom', { secretFormat: 'whsec' }], ['custom', { secretFormat: 'literal' }]]
    for (const [scheme, options] of cases) expect(schemeSecretFormat(scheme, options), scheme).toBe(recipeFor(scheme, options).secretFormat)
  })

  it('puts the new secret first and keeps the previous ones until the grace period ends', () => {
    const rotated = rotateSecrets([{ value: 'old', label: 'v1' }], { now: NOW_MS, graceMs: 24 * HOUR, next: 'new', label: 'v2' })
    expect(rotated).toEqual([
      { value: 'new', label: 'v2' },
      { value: 'old', label: 'v1', expiresAt: NOW_MS + 24 * HOUR },
    ])
  })

  it('keeps an earlier expiry, and of the expired secrets only the latest two (to explain signatures made with them)', () => {
    const rotated = rotateSecrets(
      [
        { value: 'd', expiresAt: NOW_MS + HOUR },
        { value: 'c', expiresAt: NOW_MS - 1 },
        { value: 'b', expiresAt: NOW_MS - 2 * HOUR },
        { value: 'a', expiresAt: NOW_MS - HOUR },
      ],
      { now: NOW_MS, graceMs: 24 * HOUR, next: 'e' },
    )
    expect(rotated).toEqual([
      { value: 'e' },
      { value: 'd', expiresAt: NOW_MS + HOUR },
      { value: 'c', expiresAt: NOW_MS - 1 },
      { value: 'a', expiresAt: NOW_MS - HOUR },
    ])
    expect(liveSecretValues(rotated, NOW_MS)).toEqual(['e', 'd'])
  })

  it('generates the new secret when none is given, and a zero grace retires the old one at once (kept, expired)', () => {
    const rotated = rotateSecrets([{ value: 'old' }], { now: NOW_MS, graceMs: 0 })
    expect(rotated).toHaveLength(2)
    expect(rotated[0]!.value).toMatch(/^whsec_/)
    expect(rotated[1]).toEqual({ value: 'old', expiresAt: NOW_MS })
    expect(liveSecretValues(rotated, NOW_MS)).toEqual([rotated[0]!.value])
  })

  it('treats a secret as live strictly before its expiry', () => {
    expect(isLive({ value: 's', expiresAt: NOW_MS + 1 }, NOW_MS)).toBe(true)
    expect(isLive({ value: 's', expiresAt: NOW_MS }, NOW_MS)).toBe(false)
    expect(isLive({ value: 's' }, Number.MAX_SAFE_INTEGER)).toBe(true)
    expect(liveSecretValues([{ value: 'a' }, { value: 'b', expiresAt: NOW_MS }], NOW_MS)).toEqual(['a'])
  })

  it('during the overlap, signs with every live secret and a receiver holding either one accepts it', () => {
    const oldSecret = generateSecret()
    const secrets = rotateSecrets([{ value: oldSecret, label: 'old' }], { now: NOW_MS, graceMs: HOUR, label: 'new' })
    const body = Buffer.from('{}')
    for (const scheme of ['standard-webhooks', 'stripe'] as const) {
      const signed = signRequest({ scheme, secrets: liveSecretValues(secrets, NOW_MS), body, id: 'm', timestamp: NOW_S })
      const onlyOld = verifySignature({ scheme, secrets: [{ value: oldSecret }], body, headers: signed.headers, now: NOW_MS })
      const onlyNew = verifySignature({ scheme, secrets: [secrets[0]!], body, headers: signed.headers, now: NOW_MS })
      expect(onlyOld.verdict).toBe('valid')
      expect(onlyNew.verdict).toBe('valid')
      expect(onlyNew.matchedSecret).toBe('new')
    }
  })

  it('after the overlap, refuses the previous secret and says it was rotated out', () => {
    const body = Buffer.from('{}')
    const signed = signRequest({ scheme: 'hmac-sha256', secrets: ['old-secret'], body })
    const result = verifySignature({
      scheme: 'hmac-sha256',
      secrets: [
        { value: 'new-secret', label: 'current' },
        { value: 'old-secret', label: 'previous', expiresAt: NOW_MS - 2 * HOUR },
      ],
      body,
      headers: signed.headers,
      now: NOW_MS,
    })
    expect(result.verdict).toBe('invalid')
    expect(result.reason).toBe('The signature in X-Webhook-Signature does not match the secret.')
    expect(result.diagnosis).toMatchObject({ code: 'rotated_secret', secret: 'previous' })
  })
})
