import { createHmac } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEngine, type TestEngine } from '../../helpers/engine'
import { createInbox, latest } from './helpers'

/**
 * The four products of shared/seeds/: a request signed exactly as each doc says verifies
 * `valid` in an inbox set to that product's profile, and the mistakes in each doc's own sample
 * handler, made on the sending side, are diagnosed by name. (A non-constant-time comparison,
 * also in the samples, leaves no trace in the bytes: it cannot be diagnosed from a request. The
 * samples' receiving side is probed by the endpoint check: sender/endpoint-check.test.ts.)
 */
const hmacHex = (secret: string | Buffer, content: string) => createHmac('sha256', secret).update(content).digest('hex')

describe('seed products: signed as documented, and the documented sample mistakes', () => {
  let t: TestEngine
  beforeAll(async () => {
    t = await startTestEngine()
  })
  afterAll(() => t.stop())

  const capture = async (slug: string, body: string, headers: Record<string, string>) => {
    const res = await t.ingest('POST', `/${slug}`, body, { 'content-type': 'application/json', ...headers })
    expect(res.status).toBe(200)
  }

  describe('Workestra (000): X-Workestra-Signature: sha256=<hex> of the raw body', () => {
    const secret = 'your_webhook_secret'
    // "Event Structure" from the doc, byte for byte as a compact JSON body.
    const body =
      '{"id":"evt_1234567890","type":"contact.created","created_at":"2024-03-15T10:30:00Z","workspace_id":"ws_abc123",' +
      '"data":{"id":"con_def456","first_name":"John","last_name":"Smith","email":"john@example.com","company":"Acme Corp","created_at":"2024-03-15T10:30:00Z"}}'
    let inboxId: string
    beforeAll(async () => {
      inboxId = (await createInbox(t, { name: 'Workestra', slug: 'workestra', verification: { profileId: 'workestra', secrets: [secret] } })).id
    })

    it('verifies a request signed as the doc says', async () => {
      await capture('workestra', body, { 'X-Workestra-Signature': `sha256=${hmacHex(secret, body)}` })
      const d = await latest(t, inboxId)
      expect(d.analysis).toMatchObject({ verdict: 'valid', eventId: 'evt_1234567890', eventType: 'contact.created', objectId: 'con_def456' })
    })

    it('diagnoses the sample handler\'s bare hexdigest compared with the "sha256=" header as prefix_missing', async () => {
      // hmac.new(secret, payload, hashlib.sha256).hexdigest() == request.headers['X-Workestra-Signature']
      await capture('workestra', body, { 'X-Workestra-Signature': hmacHex(secret, body) })
      const d = await latest(t, inboxId)
      expect(d.analysis.verdict).toBe('invalid')
      expect(d.analysis.diagnosis).toMatchObject({ code: 'prefix_missing', fix: expect.stringContaining('sha256=') })
    })
  })

  describe('ConnectGain (001, 002): X-Webhook-Signature: <hex> of the raw body, optional secret', () => {
    const secret = 'your-secret-here'
    // "Event Payload Format" from the doc, as it is laid out there (its "//..." comment dropped).
    const body = '{\n  "event": "contact.created",\n  "timestamp": "2024-01-15T10:30:00Z",\n  "data": {\n    "id": "uuid-here",\n    "first_name": "John",\n    "last_name": "Doe",\n    "organization_id": "org-uuid"\n  }\n}'
    const headers = { 'X-Webhook-Event': 'contact.created', 'X-Webhook-Timestamp': '2024-01-15T10:30:00Z' }
    let inboxId: string
    beforeAll(async () => {
      inboxId = (await createInbox(t, { name: 'ConnectGain', slug: 'connectgain', verification: { profileId: 'connectgain', secrets: [secret] } })).id
    })

    it('verifies a request signed as the doc says', async () => {
      await capture('connectgain', body, { ...headers, 'X-Webhook-Signature': hmacHex(secret, body) })
      const d = await latest(t, inboxId)
      expect(d.analysis).toMatchObject({ verdict: 'valid', eventType: 'contact.created', eventTypeSource: 'header x-webhook-event', problems: [] })
    })

    it('diagnoses the Node sample\'s hmac.update(JSON.stringify(req.body)) as reserialized_json', async () => {
      await capture('connectgain', body, { ...headers, 'X-Webhook-Signature': hmacHex(secret, JSON.stringify(JSON.parse(body))) })
      const d = await latest(t, inboxId)
      expect(d.analysis.verdict).toBe('invalid')
      expect(d.analysis.diagnosis).toMatchObject({ code: 'reserialized_json', fix: expect.any(String) })
    })

    it('says no_secret when the inbox holds none (the secret is optional for ConnectGain)', async () => {
      const open = await createInbox(t, { name: 'ConnectGain open', slug: 'connectgain-open', verification: { profileId: 'connectgain', secrets: [] } })
      await capture('connectgain-open', body, headers)
      expect((await latest(t, open.id)).analysis.verdict).toBe('no_secret')
    })
  })

  describe('WorkFlows (003): X-WorkFlows-Signature: sha256=<hex>, keyed by the whole whsec_ secret', () => {
    const secret = 'whsec_q3Rk9mZ1c0xVbGFuZ2F1Z2VNb2RlbFNlY3JldEtleQ=='
    const body =
      '{"event":"alert.created","orgId":"org_abc123","timestamp":"2026-05-19T12:05:00.000Z","data":{"id":"alt_xyz789","title":"Low inventory: Raw Material A",' +
      '"severity":"critical","projectId":"proj_abc123","area":"Inventory","value":"45 units","threshold":"100 units"}}'
    let inboxId: string
    beforeAll(async () => {
      inboxId = (await createInbox(t, { name: 'WorkFlows', slug: 'workflows', verification: { profileId: 'workflows', secrets: [secret] } })).id
    })

    it('verifies a request signed as the doc says ("sha256=" + createHmac("sha256", secret).update(body))', async () => {
      await capture('workflows', body, { 'X-WorkFlows-Event': 'alert.created', 'X-WorkFlows-Signature': `sha256=${hmacHex(secret, body)}` })
      const d = await latest(t, inboxId)
      expect(d.analysis).toMatchObject({ verdict: 'valid', eventType: 'alert.created', objectId: 'alt_xyz789', eventTime: '2026-05-19T12:05:00.000Z' })
    })

    it('diagnoses a whsec_ secret base64-decoded as a Standard Webhooks key as whsec_decoded', async () => {
      const key = Buffer.from(secret.slice('whsec_'.length), 'base64')
      await capture('workflows', body, { 'X-WorkFlows-Signature': `sha256=${hmacHex(key, body)}` })
      expect((await latest(t, inboxId)).analysis.diagnosis?.code).toBe('whsec_decoded')
    })

    it('diagnoses a digest sent without the "sha256=" the sample prepends as prefix_missing', async () => {
      await capture('workflows', body, { 'X-WorkFlows-Signature': hmacHex(secret, body) })
      expect((await latest(t, inboxId)).analysis.diagnosis?.code).toBe('prefix_missing')
    })
  })

  describe('TaskHub (004): X-Webhook-Signature: sha256=<hex>, X-Webhook-ID, unix X-Webhook-Timestamp', () => {
    const secret = 'your_webhook_secret'
    const body = JSON.stringify(
      {
        event: 'task.created',
        timestamp: '2025-10-14T10:30:00Z',
        webhook_id: 'webhook_123',
        data: { id: 'task_789', name: 'Design homepage', status: 'todo', priority: 'high', project_id: 'proj_123', assignee_id: 'user_456', created_by: 'user_789', due_date: '2025-10-30' },
      },
      null,
      2,
    )
    const headers = { 'X-Webhook-ID': 'webhook_123', 'X-Webhook-Timestamp': '1634234567' }
    let inboxId: string
    beforeAll(async () => {
      inboxId = (await createInbox(t, { name: 'TaskHub', slug: 'taskhub', verification: { profileId: 'taskhub', secrets: [secret] } })).id
    })

    it('verifies a request signed as the doc says, and does not take X-Webhook-ID for an event id', async () => {
      await capture('taskhub', body, { ...headers, 'X-Webhook-Signature': `sha256=${hmacHex(secret, body)}` })
      const d = await latest(t, inboxId)
      expect(d.analysis).toMatchObject({ verdict: 'valid', eventType: 'task.created', eventId: null, objectId: 'task_789' })
    })

    it('diagnoses the sample\'s JSON.stringify(req.body) payload as reserialized_json', async () => {
      await capture('taskhub', body, { ...headers, 'X-Webhook-Signature': `sha256=${hmacHex(secret, JSON.stringify(JSON.parse(body)))}` })
      expect((await latest(t, inboxId)).analysis.diagnosis?.code).toBe('reserialized_json')
    })

    it('diagnoses the sample\'s bare hex digest compared with "sha256=abc..." as prefix_missing', async () => {
      await capture('taskhub', body, { ...headers, 'X-Webhook-Signature': hmacHex(secret, body) })
      expect((await latest(t, inboxId)).analysis.diagnosis?.code).toBe('prefix_missing')
    })

    it('diagnoses both sample mistakes together', async () => {
      await capture('taskhub', body, { ...headers, 'X-Webhook-Signature': hmacHex(secret, JSON.stringify(JSON.parse(body))) })
      const diagnosis = (await latest(t, inboxId)).analysis.diagnosis
      expect([diagnosis?.code, ...(diagnosis?.also ?? [])].sort()).toEqual(['prefix_missing', 'reserialized_json'])
    })
  })
})
