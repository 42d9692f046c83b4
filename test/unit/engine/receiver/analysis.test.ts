import { describe, expect, it } from 'vitest'
import { analyzeRequest, extractEvent, parseTime } from '../../../../src-main/engine/receiver/analysis'
import { compileAllowlist } from '../../../../src-main/engine/receiver/allowlist'

const body = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v))
const json: [string, string][] = [['Content-Type', 'application/json']]

describe('event facts from envelopes and headers', () => {
  it('reads a Stripe event: id, type, unix created, and the object under data.object', () => {
    const e = extractEvent(json, { id: 'evt_1', object: 'event', type: 'invoice.paid', created: 1_700_000_000, data: { object: { id: 'in_1' } } })
    expect(e).toEqual({
      eventId: 'evt_1',
      eventIdSource: 'body.id',
      eventType: 'invoice.paid',
      eventTypeSource: 'body.type',
      eventTime: 1_700_000_000_000,
      eventTimeSource: 'body.created',
      objectId: 'in_1',
      objectIdSource: 'body.data.object.id',
    })
  })

  it('prefers the Standard Webhooks and GitHub header ids, and typed event headers', () => {
    expect(extractEvent([['webhook-id', 'msg_1']], { type: 'user.created', timestamp: '2026-01-01T00:00:00Z', data: { id: 'u1' } })).toMatchObject({
      eventId: 'msg_1',
      eventIdSource: 'header webhook-id',
      eventType: 'user.created',
      objectId: 'u1',
    })
    expect(extractEvent([['X-GitHub-Event', 'push'], ['X-GitHub-Delivery', 'guid']], { ref: 'main', repository: { id: 1 } })).toMatchObject({
      eventId: 'guid',
      eventType: 'push',
      eventTypeSource: 'header x-github-event',
      objectId: null,
    })
    expect(extractEvent([['X-Acme-Event', 'thing.done']], {})).toMatchObject({ eventType: 'thing.done', eventTypeSource: 'header x-acme-event' })
  })

  it('reads ConnectGain/TaskHub envelopes (event + timestamp + data) and ignores the webhook id header', () => {
    const e = extractEvent([['X-Webhook-ID', 'webhook_123']], { event: 'task.created', timestamp: '2025-10-14T10:30:00Z', webhook_id: 'webhook_123', data: { id: 'task_789' } })
    expect(e).toMatchObject({ eventId: null, eventType: 'task.created', eventTypeSource: 'body.event', eventTime: Date.UTC(2025, 9, 14, 10, 30), objectId: 'task_789' })
  })

  it('does not take the id of a bare object for an event id', () => {
    expect(extractEvent(json, { id: 'cus_1', name: 'Ada' }).eventId).toBeNull()
    expect(extractEvent(json, { event_id: 'e-9', payload: { id: 'p1' } })).toMatchObject({ eventId: 'e-9', eventIdSource: 'body.event_id', objectId: 'p1' })
    expect(extractEvent(json, [1, 2])).toMatchObject({ eventId: null, eventType: null })
    expect(extractEvent(json, { event: { type: 'nested.kind', id: 'ev_n' } })).toMatchObject({ eventId: 'ev_n', eventType: 'nested.kind' })
  })

  it('parses unix seconds, unix milliseconds and ISO 8601 times, and nothing else', () => {
    expect(parseTime(1_700_000_000)).toBe(1_700_000_000_000)
    expect(parseTime(1_700_000_000_123)).toBe(1_700_000_000_123)
    expect(parseTime('1700000000')).toBe(1_700_000_000_000)
    expect(parseTime('2024-03-15T10:30:00Z')).toBe(Date.UTC(2024, 2, 15, 10, 30))
    expect(parseTime('2024-03-15T10:30:00.250+01:00')).toBe(Date.UTC(2024, 2, 15, 9, 30, 0, 250))
    for (const v of ['yesterday', '', 0, -5, 42, null, {}, '2024-13-45T99:99:99Z']) expect(parseTime(v), String(v)).toBeNull()
  })
})

describe('analyzeRequest', () => {
  const verification = { profileId: null, scheme: 'hmac-sha256' as const, options: {}, secrets: [{ value: 's' }] }

  it('verifies, extracts and checks the allowlist in one pass', () => {
    const pre = analyzeRequest(
      { method: 'POST', headers: [...json, ['X-Webhook-Signature', 'deadbeef']], body: body({ id: 'evt_1', type: 'a.b' }), remoteAddress: '::ffff:10.1.2.3' },
      verification,
      compileAllowlist(['10.0.0.0/8']),
      Date.UTC(2026, 0, 1),
    )
    expect(pre.analysis).toMatchObject({
      verdict: 'invalid',
      scheme: 'hmac-sha256',
      eventId: 'evt_1',
      dedupKey: 'evt_1',
      allowlist: { matched: true, rule: '10.0.0.0/8' },
      analyzedAt: '2026-01-01T00:00:00.000Z',
    })
    expect(pre.analysis.diagnosis?.code).toBeDefined()
    expect(pre.json).toEqual({ id: 'evt_1', type: 'a.b' })
  })

  it('says not_configured (or why the verification cannot apply) when the inbox verifies nothing', () => {
    const pre = analyzeRequest({ method: 'POST', headers: json, body: body({}), remoteAddress: '127.0.0.1' }, null, null, 0)
    expect(pre.analysis).toMatchObject({ verdict: 'not_configured', details: null, diagnosis: null, allowlist: null })
    const gone = analyzeRequest({ method: 'POST', headers: json, body: body({}), remoteAddress: '127.0.0.1' }, null, null, 0, 'The profile "x" no longer exists.')
    expect(gone.analysis.reason).toBe('The profile "x" no longer exists.')
  })

  it('builds a dedup key from type, time and object when the envelope has no id', () => {
    const pre = analyzeRequest(
      { method: 'POST', headers: json, body: body({ event: 'deal.won', timestamp: 1_700_000_000, data: { id: 'd1' } }), remoteAddress: '127.0.0.1' },
      null,
      null,
      0,
    )
    expect(pre.analysis.dedupKey).toBe('deal.won@2023-11-14T22:13:20.000Z#d1')
    expect(pre.eventTimeMs).toBe(1_700_000_000_000)
  })

  it('parses a form body for templates and reports no problem for it', () => {
    const pre = analyzeRequest(
      { method: 'POST', headers: [['content-type', 'application/x-www-form-urlencoded']], body: body('payload=%7B%7D&token=t'), remoteAddress: '127.0.0.1' },
      null,
      null,
      0,
    )
    expect(pre.json).toEqual({ payload: '{}', token: 't' })
    expect(pre.analysis.problems).toEqual([])
  })
})
