import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { SCHEME_OPTIONS } from '../../../../src-shared/signing-schemes'
import { buildEventPayload } from '../../../../src-main/engine/catalog/envelope'
import { getPresetEventType, getPresetProfile, listPresetProfiles } from '../../../../src-main/engine/catalog/presets'
import { generateSecret, signRequest, validateSigningConfig } from '../../../../src-main/engine/signing'

const T = Date.UTC(2024, 2, 15, 10, 30)

function signedHeaders(profileId: string, eventName: string, secret: string): { body: Buffer; headers: Record<string, string> } {
  const profile = getPresetProfile(profileId)!
  const et = getPresetEventType(profileId, eventName)!
  const body = Buffer.from(JSON.stringify(buildEventPayload({ profile, eventType: et, eventId: 'evt_1', timestamp: T, webhookId: 'wh_1', data: et.example })))
  const signed = signRequest({ scheme: profile.scheme, options: profile.signing, secrets: [secret], body, id: 'msg_1', timestamp: T / 1000 })
  return { body, headers: Object.fromEntries(signed.headers) }
}

const hex = (secret: string, body: Buffer) => createHmac('sha256', secret).update(body).digest('hex')

describe('presets with the signing module', () => {
  it('every preset uses only the signing options its scheme reads, and the signing module accepts them', () => {
    for (const p of listPresetProfiles()) {
      const reads = SCHEME_OPTIONS[p.scheme] as readonly string[]
      expect(Object.keys(p.signing).filter((k) => !reads.includes(k)), p.id).toEqual([])
      expect(() => validateSigningConfig({ scheme: p.scheme, options: p.signing }), p.id).not.toThrow()
    }
  })

  it('Workestra: X-Workestra-Signature: sha256=<hex HMAC of the raw body>', () => {
    const { body, headers } = signedHeaders('workestra', 'contact.created', 'your_webhook_secret')
    expect(headers).toEqual({ 'X-Workestra-Signature': `sha256=${hex('your_webhook_secret', body)}` })
  })

  it('ConnectGain: X-Webhook-Signature: <plain hex>', () => {
    const { body, headers } = signedHeaders('connectgain', 'contact.created', 'your-hmac-secret')
    expect(headers).toEqual({ 'X-Webhook-Signature': hex('your-hmac-secret', body) })
  })

  it('WorkFlows: X-WorkFlows-Signature: sha256=<hex>, keyed with the whole whsec_ string', () => {
    const secret = generateSecret()
    expect(secret).toMatch(/^whsec_/)
    const { body, headers } = signedHeaders('workflows', 'alert.created', secret)
    expect(headers).toEqual({ 'X-WorkFlows-Signature': `sha256=${hex(secret, body)}` })
  })

  it('TaskHub: X-Webhook-Signature: sha256=<hex>', () => {
    const { body, headers } = signedHeaders('taskhub', 'task.created', 'your_webhook_secret')
    expect(headers).toEqual({ 'X-Webhook-Signature': `sha256=${hex('your_webhook_secret', body)}` })
  })

  it('Standard Webhooks, Stripe and GitHub get their own headers from their schemes', () => {
    expect(Object.keys(signedHeaders('standard-webhooks', 'user.created', generateSecret()).headers).map((h) => h.toLowerCase()).sort()).toEqual([
      'webhook-id',
      'webhook-signature',
      'webhook-timestamp',
    ])
    expect(signedHeaders('stripe', 'invoice.paid', 'whsec_test').headers['Stripe-Signature']).toMatch(/^t=1710498600,v1=[0-9a-f]{64}$/)
    const gh = signedHeaders('github', 'push', 'It\'s a Secret to Everybody')
    expect(gh.headers['X-Hub-Signature-256']).toBe(`sha256=${hex("It's a Secret to Everybody", gh.body)}`)
  })
})
