import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { describeScheme, signRequest, SigningConfigError, verifySignature } from '../../../../src-main/engine/signing'

const body = Buffer.from('{"event":"order.created","data":{"id":"ord_1"}}')
const hex = (secret: string, b: Buffer) => createHmac('sha256', secret).update(b).digest('hex')

describe('hmac-sha256', () => {
  it('signs into X-Webhook-Signature as bare hex by default (ConnectGain)', () => {
    const signed = signRequest({ scheme: 'hmac-sha256', secrets: ['your-hmac-secret'], body })
    expect(signed.headers).toEqual([['X-Webhook-Signature', hex('your-hmac-secret', body)]])
    expect(signed.signedContent.equals(body)).toBe(true)
  })

  it("matches WorkFlows' documented verifier: sha256= + hex HMAC of the raw body keyed with the literal whsec_ secret", () => {
    const secret = 'whsec_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'
    const signed = signRequest({ scheme: 'hmac-sha256', options: { headerName: 'X-WorkFlows-Signature', prefix: 'sha256=' }, secrets: [secret], body })
    // The WorkFlows sample handler: "sha256=" + crypto.createHmac("sha256", secret).update(body).digest("hex")
    expect(signed.headers).toEqual([['X-WorkFlows-Signature', 'sha256=' + hex(secret, body)]])
  })

  it('verifies under a configured header name and prefix (Workestra)', () => {
    const options = { headerName: 'X-Workestra-Signature', prefix: 'sha256=' }
    const result = verifySignature({
      scheme: 'hmac-sha256',
      options,
      secrets: [{ value: 'your_webhook_secret' }],
      body,
      headers: [['x-workestra-signature', 'sha256=' + hex('your_webhook_secret', body)]],
      now: 0,
    })
    expect(result.verdict).toBe('valid')
    expect(result.details.signatureHeader).toBe('X-Workestra-Signature')
  })

  it('reports malformed_header when the header holds no digest, with or without a prefix configured', () => {
    const check = (value: string, options?: { prefix: string }) =>
      verifySignature({ scheme: 'hmac-sha256', options, secrets: [{ value: 's' }], body, headers: [['X-Webhook-Signature', value]], now: 0 })
    const bare = check('not-a-signature!')
    expect(bare.verdict).toBe('malformed_header')
    expect(bare.reason).toBe('The X-Webhook-Signature header holds "not-a-signature!", which is not a signature; it should read "<hex digest>".')
    expect(bare.details.received).toEqual(['not-a-signature!'])
    expect(check('garbage', { prefix: 'sha256=' }).reason).toBe(
      'The X-Webhook-Signature header holds "garbage", which is not a signature; it should read "sha256=<hex digest>".',
    )
    // Any hex is a digest (perhaps cut short) where no prefix is expected; a prefixed one keeps its prefix.
    expect(check('deadbeef').verdict).toBe('invalid')
    expect(check('sha256=zz', { prefix: 'sha256=' }).verdict).toBe('invalid')
  })

  it('signs only with the newest secret, since its header holds one signature', () => {
    const signed = signRequest({ scheme: 'hmac-sha256', secrets: ['new', 'old'], body })
    expect(signed.headers).toEqual([['X-Webhook-Signature', hex('new', body)]])
  })

  it('ignores options that this scheme does not read', () => {
    expect(describeScheme('hmac-sha256', { algorithm: 'sha512', encoding: 'base64', template: '{id}' })).toMatchObject({
      algorithm: 'sha256',
      encoding: 'hex',
      template: '{body}',
    })
  })

  it('refuses a header name that cannot be a header, saying what to use', () => {
    expect(() => signRequest({ scheme: 'hmac-sha256', options: { headerName: 'X Signature' }, secrets: ['s'], body })).toThrow(
      new SigningConfigError('"X Signature" is not a valid header name; use letters, digits and dashes, e.g. X-Webhook-Signature.', '/options/headerName'),
    )
  })

  it('refuses to sign without a secret', () => {
    expect(() => signRequest({ scheme: 'hmac-sha256', secrets: [], body })).toThrow(
      'Signing needs at least one secret: give the webhook secret (leave it out when you create a webhook or an inbox to have one generated).',
    )
    expect(() => signRequest({ scheme: 'hmac-sha256', secrets: [''], body })).toThrow(
      'A secret is empty: give the webhook secret, or leave it out when you create a webhook or an inbox to have one generated.',
    )
  })

  it('refuses an unknown scheme and lists the known ones', () => {
    expect(() => signRequest({ scheme: 'hmac-md5' as never, secrets: ['s'], body })).toThrow(
      'Unknown signing scheme "hmac-md5"; use one of hmac-sha256, standard-webhooks, stripe, github, slack, shopify, custom.',
    )
  })
})
