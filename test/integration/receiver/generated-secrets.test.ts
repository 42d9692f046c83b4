import { createHmac } from 'node:crypto'
import { request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Inbox } from '../../../src-shared/api/inboxes'
import type { Webhook } from '../../../src-shared/api/webhooks'
import { startTestEngine, type TestEngine } from '../../helpers/engine'
import { createInbox, latest } from './helpers'

/**
 * An inbox that verifies as a preset and is given no secret generates one in the shape that
 * product's doc (or, for the conventions, its provider) hands out, the same rule a webhook of
 * that profile follows; and a request signed with it exactly as the doc says, posted over HTTP to
 * the inbox URL, verifies. The signatures here are computed the docs' way, not by the engine.
 */
const hmac = (key: string | Buffer, content: string, encoding: 'hex' | 'base64' = 'hex') => createHmac('sha256', key).update(content).digest(encoding)

interface Case {
  profileId: string
  /** The shape the doc or the provider's convention gives. */
  shape: RegExp
  body: string
  /** The headers the doc says to send, signed with `secret` at unix time `ts`. */
  sign(secret: string, body: string, ts: number): Record<string, string>
  /** The doc makes the secret optional: a webhook created without one has none (and sends no signature). */
  optionalSecret?: true
}

const HEX_48 = /^[0-9a-f]{48}$/
const CASES: Case[] = [
  {
    // "Secret — For signature verification": whatever the user enters; X-Workestra-Signature: sha256=<hex>
    profileId: 'workestra',
    shape: HEX_48,
    body: '{"id":"evt_1","type":"contact.created","created_at":"2024-03-15T10:30:00Z","workspace_id":"ws_1","data":{"id":"con_1"}}',
    sign: (secret, body) => ({ 'X-Workestra-Signature': `sha256=${hmac(secret, body)}` }),
  },
  {
    // "secret: HMAC secret for signature verification (optional)"; X-Webhook-Signature: <hex>, no prefix
    profileId: 'connectgain',
    shape: HEX_48,
    body: '{"event":"contact.created","timestamp":"2024-01-15T10:30:00Z","data":{"id":"c1"}}',
    sign: (secret, body) => ({ 'X-Webhook-Event': 'contact.created', 'X-Webhook-Signature': hmac(secret, body) }),
    optionalSecret: true,
  },
  {
    // "secret": "whsec_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" (32 characters), keyed as the whole string
    profileId: 'workflows',
    shape: /^whsec_[0-9a-f]{32}$/,
    body: '{"event":"alert.created","orgId":"org_1","timestamp":"2026-05-19T12:05:00.000Z","data":{"id":"alt_1"}}',
    sign: (secret, body) => ({ 'X-WorkFlows-Event': 'alert.created', 'X-WorkFlows-Signature': `sha256=${hmac(secret, body)}` }),
  },
  {
    // "Secret: auto-generated" / "your_webhook_secret": any string; X-Webhook-Signature: sha256=<hex>
    profileId: 'taskhub',
    shape: HEX_48,
    body: '{"event":"task.created","timestamp":"2025-10-14T10:30:00Z","webhook_id":"webhook_123","data":{"id":"task_1"}}',
    sign: (secret, body, ts) => ({ 'X-Webhook-ID': 'webhook_123', 'X-Webhook-Timestamp': String(ts), 'X-Webhook-Signature': `sha256=${hmac(secret, body)}` }),
  },
  {
    // the spec: whsec_ + base64 of 24 to 64 random bytes; the key is the decoded bytes; v1,<base64> of "{id}.{ts}.{body}"
    profileId: 'standard-webhooks',
    shape: /^whsec_[A-Za-z0-9+/]{43}=$/,
    body: '{"type":"user.created","timestamp":"2024-03-15T10:30:00Z","data":{"id":"u1"}}',
    sign: (secret, body, ts) => {
      const key = Buffer.from(secret.slice('whsec_'.length), 'base64')
      return { 'webhook-id': 'msg_1', 'webhook-timestamp': String(ts), 'webhook-signature': `v1,${hmac(key, `msg_1.${ts}.${body}`, 'base64')}` }
    },
  },
  {
    // Stripe hands out whsec_… secrets and keys with the whole string; t=<ts>,v1=<hex of "{t}.{body}">
    profileId: 'stripe',
    shape: /^whsec_[0-9a-f]{32}$/,
    body: '{"id":"evt_1","object":"event","type":"customer.created","data":{"object":{"id":"cus_1"}}}',
    sign: (secret, body, ts) => ({ 'Stripe-Signature': `t=${ts},v1=${hmac(secret, `${ts}.${body}`)}` }),
  },
  {
    // GitHub: any string ("a random string with high entropy"), optional; X-Hub-Signature-256: sha256=<hex>
    profileId: 'github',
    shape: HEX_48,
    body: '{"zen":"Keep it logically awesome.","hook_id":1}',
    sign: (secret, body) => ({ 'X-GitHub-Event': 'ping', 'X-GitHub-Delivery': '0b8e6a2e-0000-4000-8000-000000000001', 'X-Hub-Signature-256': `sha256=${hmac(secret, body)}` }),
    optionalSecret: true,
  },
]

describe('generated inbox secrets: the shape each preset documents, and they verify what is signed as documented', () => {
  let t: TestEngine
  beforeAll(async () => {
    t = await startTestEngine()
  })
  afterAll(() => t.stop())

  /** Posts a request signed with `secret` the doc's way to the inbox URL and returns its verdict. */
  async function verdictOf(inbox: Inbox, c: Case, secret: string): Promise<string> {
    const ts = Math.floor(t.clock.wallNow() / 1000)
    const res = await request(inbox.url, { method: 'POST', headers: { 'content-type': 'application/json', ...c.sign(secret, c.body, ts) }, body: c.body })
    await res.body.dump()
    expect(res.statusCode).toBe(200)
    return (await latest(t, inbox.id)).analysis.verdict
  }

  for (const c of CASES) {
    it(`${c.profileId}: ${c.shape.source}`, async () => {
      const inbox = await createInbox(t, { name: c.profileId, verification: { profileId: c.profileId } })
      const secret = inbox.verification!.secrets[0]!
      expect(secret).toMatchObject({ label: 'generated', value: expect.stringMatching(c.shape) })
      expect(await verdictOf(inbox, c, secret.value)).toBe('valid')

      // a webhook of the same profile gets a secret of the same shape: at creation where the profile
      // requires one, else none then (it sends unsigned, as the provider does), and from a rotation
      // without a value, which generates one for every profile
      const webhook = await t.api<Webhook>('POST', '/api/webhooks', { name: c.profileId, url: 'https://example.com/hook', profileId: c.profileId, events: ['*'], skipVerification: true })
      expect(webhook.status, JSON.stringify(webhook.body)).toBe(201)
      if (c.optionalSecret) expect(webhook.body).toMatchObject({ secret: null, secrets: [] })
      else expect(webhook.body.secret).toMatch(c.shape)
      const rotatedWebhook = await t.api<Webhook>('POST', `/api/webhooks/${webhook.body.id}/rotate-secret`, { overlapSeconds: 0 })
      expect(rotatedWebhook.status, JSON.stringify(rotatedWebhook.body)).toBe(200)
      expect(rotatedWebhook.body.secret).toMatch(c.shape)
      expect(rotatedWebhook.body.secret).not.toBe(webhook.body.secret)

      // a rotation without a secret generates the next one in the same shape
      const rotated = await t.api<Inbox>('POST', `/api/inboxes/${inbox.id}/rotate-secret`, { graceSec: 0 })
      expect(rotated.status, JSON.stringify(rotated.body)).toBe(200)
      const next = rotated.body.verification!.secrets[0]!.value
      expect(next).toMatch(c.shape)
      expect(next).not.toBe(secret.value)
      expect(await verdictOf(inbox, c, next)).toBe('valid')
    })
  }

  it("gives a bare scheme the shape its provider hands out: Stripe's whsec_, GitHub's any string", async () => {
    const stripe = await createInbox(t, { name: 'bare stripe', verification: { scheme: 'stripe' } })
    expect(stripe.verification!.secrets[0]!.value).toMatch(/^whsec_[0-9a-f]{32}$/)
    expect(await verdictOf(stripe, CASES.find((c) => c.profileId === 'stripe')!, stripe.verification!.secrets[0]!.value)).toBe('valid')
    const github = await createInbox(t, { name: 'bare github', verification: { scheme: 'github' } })
    expect(github.verification!.secrets[0]!.value).toMatch(HEX_48)
  })
})
