import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { signRequest, verifySignature } from '../../../../src-main/engine/signing'

const secret = 'shpss_0123456789abcdef'
const body = Buffer.from('{"id":820982911946154508,"email":"jon@example.com"}')

describe('shopify', () => {
  it('sends X-Shopify-Hmac-Sha256 as the base64 HMAC-SHA256 of the raw body', () => {
    const signed = signRequest({ scheme: 'shopify', secrets: [secret], body })
    expect(signed.headers).toEqual([['X-Shopify-Hmac-Sha256', createHmac('sha256', secret).update(body).digest('base64')]])
  })

  it('verifies a digest computed independently with node:crypto', () => {
    const digest = createHmac('sha256', secret).update(body).digest('base64')
    const result = verifySignature({ scheme: 'shopify', secrets: [{ value: secret }], body, headers: [['x-shopify-hmac-sha256', digest]], now: 0 })
    expect(result.verdict).toBe('valid')
  })

  it('signs only with the newest secret, since its header holds one signature', () => {
    const signed = signRequest({ scheme: 'shopify', secrets: [secret, 'older'], body })
    expect(signed.headers).toHaveLength(1)
    expect(signed.headers[0]![1]).toBe(createHmac('sha256', secret).update(body).digest('base64'))
  })
})
