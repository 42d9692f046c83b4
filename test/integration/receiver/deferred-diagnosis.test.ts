import { request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Inbox } from '../../../src-shared/api/inboxes'
import { signRequest } from '../../../src-main/engine/signing'
import { RECORD_FORMAT } from '../../../src-main/engine/export/stream'
import { startTestEngine, type TestEngine } from '../../helpers/engine'
import { createInbox, getRequest, listRequests } from './helpers'

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'

/** The analysis as stored, read from the database (GET would fill in a pending diagnosis). */
function storedAnalysis(t: TestEngine, id: string): Record<string, unknown> {
  const row = t.engine.ctx.db.prepare('SELECT p.analysis FROM request_payloads p JOIN requests r ON r.seq = p.seq WHERE r.id = ?').get(id) as { analysis: string }
  return JSON.parse(row.analysis) as Record<string, unknown>
}

describe('signature diagnosis off the capture path', () => {
  let t: TestEngine
  let inbox: Inbox
  beforeAll(async () => {
    t = await startTestEngine()
    inbox = await createInbox(t, { name: 'big', slug: 'big', verification: { scheme: 'standard-webhooks', secrets: [{ value: SECRET, label: 'current' }] } })
  })
  afterAll(() => t.stop())

  it('captures a badly signed 1.5 MB request without holding the engine, and diagnoses it when it is read', async () => {
    const items = Array.from({ length: 20_000 }, (_, i) => ({ id: `obj_${i}`, name: `café ${i}`, amount: i, tags: ['a', 'b'] }))
    const body = Buffer.from(JSON.stringify({ type: 'order.batch', data: items }))
    // The sender signed its pretty-printed JSON, not the bytes it sent.
    const pretty = Buffer.from(JSON.stringify(JSON.parse(body.toString()), null, 2))
    const headers = signRequest({ scheme: 'standard-webhooks', secrets: [SECRET], body: pretty, id: 'msg_big', timestamp: t.clock.now() / 1000 }).headers

    const sent = await t.ingest('POST', '/big', body, { 'content-type': 'application/json', ...Object.fromEntries(headers) })
    expect(sent.status).toBe(200)

    const [item] = (await listRequests(t, inbox.id, 'limit=1')).items
    expect(item).toMatchObject({ verdict: 'invalid', size: body.length })
    // Captured with the verdict only: the diagnosis waits for someone to open the request.
    expect(storedAnalysis(t, item!.id)).toMatchObject({ verdict: 'invalid', diagnosis: null, diagnosisPending: true })
    const detail = await getRequest(t, item!.id)
    expect(detail.analysis).toMatchObject({ verdict: 'invalid', reason: expect.stringMatching(/does not match/), diagnosis: { code: 'reserialized_json_pretty' } })
    expect(detail.analysis.diagnosisPending).toBeUndefined()
    expect(detail.analysis.details?.expectedSecrets).toEqual(['current'])

    // Stored once computed: the next read does not diagnose again.
    const stored = storedAnalysis(t, item!.id)
    expect(stored.diagnosisPending).toBeUndefined()
    expect(stored.diagnosis).toEqual(detail.analysis.diagnosis)
  })

  it('still diagnoses a small badly signed request at capture', async () => {
    const body = '{"type":"order.paid","data":{"id":"o_1"}}\n'
    const headers = signRequest({ scheme: 'standard-webhooks', secrets: [SECRET], body: Buffer.from(body.trim()), id: 'msg_small', timestamp: t.clock.now() / 1000 }).headers
    await t.ingest('POST', '/big', body, { 'content-type': 'application/json', ...Object.fromEntries(headers) })
    const [item] = (await listRequests(t, inbox.id, 'limit=1')).items
    expect(storedAnalysis(t, item!.id)).toMatchObject({ verdict: 'invalid', diagnosis: { code: 'trailing_newline_removed' } })
  })

  it('imports requests with their verdicts and leaves the diagnosis of a mismatch for when one is read', async () => {
    const target = await createInbox(t, { name: 'imported', slug: 'imported', verification: { scheme: 'standard-webhooks', secrets: [SECRET] }, limits: { retention: 100_000 } })
    const base = Date.parse('2026-01-01T00:00:00Z')
    const lines: string[] = []
    for (let i = 0; i < 2_000; i++) {
      const body = Buffer.from(JSON.stringify({ id: `evt_${i}`, type: 'order.paid', data: { id: `o_${i}`, note: 'x'.repeat(1200) } }))
      const at = base + i * 1000
      // Every other one is signed with another secret.
      const secret = i % 2 ? 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD' : SECRET
      const headers = signRequest({ scheme: 'standard-webhooks', secrets: [secret], body, id: `msg_${i}`, timestamp: at / 1000 }).headers
      lines.push(
        JSON.stringify({
          format: RECORD_FORMAT.requests,
          method: 'POST',
          pathSuffix: '/',
          query: '',
          headers: [['content-type', 'application/json'], ...headers],
          bodyBase64: body.toString('base64'),
          receivedAt: new Date(at).toISOString(),
          remoteAddress: '127.0.0.1',
        }),
      )
    }
    const origin = t.engine.urls.api.replace(/\/api$/, '')
    const upload = request(`${origin}/api/inboxes/${target.id}/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.engine.token}`, 'content-type': 'application/x-ndjson' },
      body: lines.join('\n'),
    })
    const res = await upload
    expect(res.statusCode).toBe(201)
    expect(((await res.body.json()) as { imported: number }).imported).toBe(2_000)

    expect((await listRequests(t, target.id, 'limit=1')).total).toBe(2_000)
    const bad = await listRequests(t, target.id, 'verdict=invalid&limit=1')
    expect(bad.total).toBe(1_000)
    expect((await listRequests(t, target.id, 'verdict=valid&limit=1')).total).toBe(1_000)
    expect(storedAnalysis(t, bad.items[0]!.id)).toMatchObject({ diagnosis: null, diagnosisPending: true })
    const detail = await getRequest(t, bad.items[0]!.id)
    expect(detail.analysis).toMatchObject({ verdict: 'invalid', diagnosis: { code: 'no_match' } })
  })
})
