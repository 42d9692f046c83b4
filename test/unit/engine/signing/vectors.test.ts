import { describe, expect, it } from 'vitest'
import { signRequest, verifySignature } from '../../../../src-main/engine/signing'
import { vectors } from './helpers'

describe('published signature examples', () => {
  it("signs the Standard Webhooks specification's example exactly", () => {
    const v = vectors.standardWebhooks
    const signed = signRequest({ scheme: 'standard-webhooks', secrets: [v.secret], body: Buffer.from(v.body), id: v.id, timestamp: v.timestamp })
    expect(signed.headers).toEqual([
      ['webhook-id', 'msg_p5jXN8AQM9LWM0D4loKWxJek'],
      ['webhook-timestamp', '1614265330'],
      ['webhook-signature', 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE='],
    ])
    expect(signed.signedContent.toString()).toBe('msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330.{"test": 2432232314}')
  })

  it("verifies the Standard Webhooks specification's example at its own timestamp", () => {
    const v = vectors.standardWebhooks
    const result = verifySignature({
      scheme: 'standard-webhooks',
      secrets: [{ value: v.secret, label: 'spec' }],
      body: Buffer.from(v.body),
      headers: [
        ['Webhook-Id', v.id],
        ['Webhook-Timestamp', String(v.timestamp)],
        ['Webhook-Signature', v.signature],
      ],
      now: v.timestamp * 1000,
    })
    expect(result.verdict).toBe('valid')
    expect(result.matchedSecret).toBe('spec')
    expect(result.reason).toBe('The signature matches the secret "spec".')
  })

  it("signs GitHub's documented test vector (It's a Secret to Everybody / Hello, World!)", () => {
    const v = vectors.github
    const signed = signRequest({ scheme: 'github', secrets: [v.secret], body: Buffer.from(v.body) })
    expect(signed.headers[0]).toEqual(['X-Hub-Signature-256', 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17'])
    expect(v.signature256).toBe('sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17')
  })

  it("verifies GitHub's documented test vector", () => {
    const v = vectors.github
    const result = verifySignature({
      scheme: 'github',
      secrets: [{ value: v.secret }],
      body: Buffer.from(v.body),
      headers: [['x-hub-signature-256', v.signature256]],
      now: 0,
    })
    expect(result.verdict).toBe('valid')
    expect(result.matchedSecret).toBe('#1')
  })

  it("signs Slack's documented example exactly", () => {
    const v = vectors.slack
    const signed = signRequest({ scheme: 'slack', secrets: [v.secret], body: Buffer.from(v.body), timestamp: v.timestamp })
    expect(signed.headers).toEqual([
      ['X-Slack-Request-Timestamp', '1531420618'],
      ['X-Slack-Signature', 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503'],
    ])
    expect(signed.signedContent.toString().startsWith('v0:1531420618:token=xyzz0WbapA4vBCDEFasx0q6G&')).toBe(true)
  })

  it("verifies Slack's documented example one minute after it was sent", () => {
    const v = vectors.slack
    const result = verifySignature({
      scheme: 'slack',
      secrets: [{ value: v.secret }],
      body: Buffer.from(v.body),
      headers: [
        ['X-Slack-Request-Timestamp', String(v.timestamp)],
        ['X-Slack-Signature', v.signature],
      ],
      now: (v.timestamp + 60) * 1000,
    })
    expect(result.verdict).toBe('valid')
    expect(result.details.ageSec).toBe(60)
  })
})
