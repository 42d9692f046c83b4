import { sign as octokitSign, verify as octokitVerify, verifyWithFallback } from '@octokit/webhooks-methods'
import { Webhook } from 'standardwebhooks'
import Stripe from 'stripe'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { generateSecret, signRequest, verifySignature } from '../../../../src-main/engine/signing'
import { NOW_MS, NOW_S } from './helpers'

/** Verifier libraries sign and check against real time; pin it so the tests are deterministic. */
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(NOW_MS)
})
afterEach(() => {
  vi.useRealTimers()
})

const payload = '{"id":"evt_1","object":"event","type":"invoice.paid","data":{"name":"Zoë 🚀"}}'
const body = Buffer.from(payload)
const asRecord = (headers: [string, string][]) => Object.fromEntries(headers)

describe('interop with standardwebhooks (the reference library)', () => {
  const secret = generateSecret()
  const other = generateSecret()

  it('verifies what we sign', () => {
    const signed = signRequest({ scheme: 'standard-webhooks', secrets: [secret], body, id: 'msg_1', timestamp: NOW_S })
    expect(new Webhook(secret).verify(body, asRecord(signed.headers))).toEqual(JSON.parse(payload))
  })

  it('verifies our rotation header with either live secret', () => {
    const signed = signRequest({ scheme: 'standard-webhooks', secrets: [secret, other], body, id: 'msg_1', timestamp: NOW_S })
    expect(() => new Webhook(secret).verify(body, asRecord(signed.headers))).not.toThrow()
    expect(() => new Webhook(other).verify(body, asRecord(signed.headers))).not.toThrow()
  })

  it('rejects what we sign with another secret, as we do', () => {
    const signed = signRequest({ scheme: 'standard-webhooks', secrets: [other], body, id: 'msg_1', timestamp: NOW_S })
    expect(() => new Webhook(secret).verify(body, asRecord(signed.headers))).toThrow('No matching signature found')
  })

  it('is verified by us when it signs', () => {
    const signature = new Webhook(secret).sign('msg_2', new Date(NOW_MS), payload)
    const result = verifySignature({
      scheme: 'standard-webhooks',
      secrets: [{ value: secret }],
      body,
      headers: [
        ['webhook-id', 'msg_2'],
        ['webhook-timestamp', String(NOW_S)],
        ['webhook-signature', signature],
      ],
      now: NOW_MS,
    })
    expect(result.verdict).toBe('valid')
  })
})

describe('interop with stripe-node', () => {
  const secret = 'whsec_test_' + 'a1b2c3d4e5f6'.repeat(3)
  const other = 'whsec_test_' + 'f6e5d4c3b2a1'.repeat(3)

  it('constructs the event from what we sign', () => {
    const signed = signRequest({ scheme: 'stripe', secrets: [secret], body, timestamp: NOW_S })
    const event = Stripe.webhooks.constructEvent(body, signed.headers[0]![1], secret, 300, undefined, NOW_MS)
    expect(event.id).toBe('evt_1')
  })

  it('accepts our rotation header with either live secret', () => {
    const signed = signRequest({ scheme: 'stripe', secrets: [secret, other], body, timestamp: NOW_S })
    const header = signed.headers[0]![1]
    expect(Stripe.webhooks.constructEvent(body, header, secret, 300, undefined, NOW_MS).id).toBe('evt_1')
    expect(Stripe.webhooks.constructEvent(body, header, other, 300, undefined, NOW_MS).id).toBe('evt_1')
  })

  it('rejects a stale signature of ours, as we do', () => {
    const signed = signRequest({ scheme: 'stripe', secrets: [secret], body, timestamp: NOW_S - 600 })
    expect(() => Stripe.webhooks.constructEvent(body, signed.headers[0]![1], secret, 300, undefined, NOW_MS)).toThrow('Timestamp outside the tolerance zone')
    expect(verifySignature({ scheme: 'stripe', secrets: [{ value: secret }], body, headers: signed.headers, now: NOW_MS }).verdict).toBe('stale_timestamp')
  })

  it('is verified by us when it generates a test header', () => {
    const header = Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: NOW_S })
    expect(header).toMatch(new RegExp(`^t=${NOW_S},v1=[0-9a-f]{64}$`))
    const result = verifySignature({ scheme: 'stripe', secrets: [{ value: secret }], body, headers: [['stripe-signature', header]], now: NOW_MS })
    expect(result.verdict).toBe('valid')
    expect(signRequest({ scheme: 'stripe', secrets: [secret], body, timestamp: NOW_S }).headers[0]![1]).toBe(header)
  })
})

describe('interop with @octokit/webhooks-methods', () => {
  const secret = "It's a Secret to Everybody"

  it('verifies what we sign', async () => {
    const signed = signRequest({ scheme: 'github', secrets: [secret], body })
    expect(await octokitVerify(secret, payload, signed.headers[0]![1])).toBe(true)
    expect(await octokitVerify('another secret', payload, signed.headers[0]![1])).toBe(false)
  })

  it('verifies what we sign with a previous secret through its fallback list', async () => {
    const signed = signRequest({ scheme: 'github', secrets: ['old secret'], body })
    expect(await verifyWithFallback(secret, payload, signed.headers[0]![1], ['old secret'])).toBe(true)
  })

  it('is verified by us when it signs', async () => {
    const signature = await octokitSign(secret, payload)
    const result = verifySignature({ scheme: 'github', secrets: [{ value: secret }], body, headers: [['X-Hub-Signature-256', signature]], now: NOW_MS })
    expect(result.verdict).toBe('valid')
    expect(signRequest({ scheme: 'github', secrets: [secret], body }).headers[0]![1]).toBe(signature)
  })
})
