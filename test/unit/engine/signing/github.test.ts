import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { signRequest, verifySignature } from '../../../../src-main/engine/signing'
import { vectors } from './helpers'

const { secret } = vectors.github
const body = Buffer.from(vectors.github.body)
const sha1 = `sha1=${createHmac('sha1', secret).update(body).digest('hex')}`
const verifyWith = (headers: [string, string][]) => verifySignature({ scheme: 'github', secrets: [{ value: secret }], body, headers, now: 0 })

describe('github', () => {
  it('sends X-Hub-Signature-256 and the legacy X-Hub-Signature (HMAC-SHA1)', () => {
    const signed = signRequest({ scheme: 'github', secrets: [secret], body })
    expect(signed.headers).toEqual([
      ['X-Hub-Signature-256', vectors.github.signature256],
      ['X-Hub-Signature', sha1],
    ])
    expect(sha1).toBe('sha1=01dc10d0c83e72ed246219cdd91669667fe2ca59')
  })

  it('verifies a request that carries only the legacy header and says so', () => {
    const result = verifyWith([['X-Hub-Signature', sha1]])
    expect(result.verdict).toBe('valid')
    expect(result.reason).toBe('The signature (the legacy X-Hub-Signature, HMAC-SHA1; X-Hub-Signature-256 is absent) matches secret #1.')
    expect(result.details.signatureHeader).toBe('X-Hub-Signature')
  })

  it('checks X-Hub-Signature-256 when both are present, whatever the legacy header says', () => {
    const wrong = `sha256=${'0'.repeat(64)}`
    const result = verifyWith([
      ['X-Hub-Signature-256', wrong],
      ['X-Hub-Signature', sha1],
    ])
    expect(result.verdict).toBe('invalid')
    expect(result.details.received).toEqual([wrong])
  })

  it('reports malformed_header for a prefix with no digest after it', () => {
    const result = verifyWith([['X-Hub-Signature-256', 'sha256=']])
    expect(result.verdict).toBe('malformed_header')
    expect(result.reason).toBe('The X-Hub-Signature-256 header is "sha256=" with nothing after it; the digest is missing.')
  })

  it('reports malformed_header when a signature header holds no signature, the legacy one included', () => {
    const result = verifyWith([['X-Hub-Signature-256', 'garbage']])
    expect(result.verdict).toBe('malformed_header')
    expect(result.reason).toBe('The X-Hub-Signature-256 header holds "garbage", which is not a signature; it should read "sha256=<hex digest>".')
    const legacy = verifyWith([['X-Hub-Signature', 'not a signature']])
    expect(legacy.verdict).toBe('malformed_header')
    expect(legacy.reason).toBe('The X-Hub-Signature header holds "not a signature", which is not a signature; it should read "sha1=<hex digest>".')
    // A bare digest, or another algorithm's sha1=, is still a signature that diagnosis explains.
    const bare = verifyWith([['X-Hub-Signature-256', vectors.github.signature256.slice('sha256='.length)]])
    expect(bare.diagnosis?.code).toBe('prefix_missing')
    const sha1Prefixed = verifyWith([['X-Hub-Signature-256', sha1]])
    expect(sha1Prefixed.diagnosis?.code).toBe('algorithm_sha1')
  })

  it('reports missing_signature naming both headers when neither is present', () => {
    const result = verifyWith([['Content-Type', 'application/json']])
    expect(result.verdict).toBe('missing_signature')
    expect(result.reason).toBe('The request has neither X-Hub-Signature-256 nor the legacy X-Hub-Signature header, so it carries no signature.')
  })

  it('rejects upper-case hex as the official verifiers do', () => {
    const result = verifyWith([['X-Hub-Signature-256', vectors.github.signature256.toUpperCase().replace('SHA256=', 'sha256=')]])
    expect(result.verdict).toBe('invalid')
    expect(result.diagnosis?.code).toBe('encoding_noncanonical')
  })
})
