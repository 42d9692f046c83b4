import { describe, expect, it } from 'vitest'
import { halveDigest } from '../../../../src-main/engine/sender/endpoint-check'

describe('halveDigest: the short-signature probe cuts the digest, not its frame', () => {
  it('keeps a prefix, a Stripe timestamp and a Standard Webhooks version', () => {
    const hex = 'a'.repeat(64)
    expect(halveDigest(`sha256=${hex}`)).toBe(`sha256=${'a'.repeat(28)}`)
    expect(halveDigest(hex)).toBe('a'.repeat(32))
    expect(halveDigest(`t=1700000000,v1=${hex}`)).toBe(`t=1700000000,v1=${'a'.repeat(30)}`)
    const b64 = 'K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4='
    expect(halveDigest(`v1,${b64}`)).toBe(`v1,${b64.slice(0, 22)}`)
    expect(halveDigest(`v1,${b64} v1,${b64}x`)).toBe(`v1,${b64} v1,${(b64 + 'x').slice(0, 22)}`)
  })
})
