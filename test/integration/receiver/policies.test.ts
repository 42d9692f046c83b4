import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RequestsDeletedEvent } from '../../../src-shared/api/requests'
import { startTestEngine, type TestEngine } from '../../helpers/engine'
import { collectEvents, createInbox, latest, listRequests } from './helpers'

const json = { 'content-type': 'application/json' }

describe('allowlist, retention and history flags', () => {
  let t: TestEngine
  beforeAll(async () => {
    t = await startTestEngine()
  })
  afterAll(() => t.stop())

  it('records whether the source matches the allowlist, and which range', async () => {
    const inbox = await createInbox(t, { name: 'allow', slug: 'allow', allowlist: { cidrs: ['203.0.113.0/24', '127.0.0.0/8'], enforce: true } })
    expect((await t.ingest('POST', '/allow', '{}', json)).status).toBe(200)
    const d = await latest(t, inbox.id)
    expect(d.allowlisted).toBe(true)
    expect(d.analysis.allowlist).toEqual({ matched: true, rule: '127.0.0.0/8' })
  })

  it('answers 403 to a source outside an enforced allowlist, and still captures and marks the request', async () => {
    const inbox = await createInbox(t, { name: 'deny', slug: 'deny', allowlist: { cidrs: ['203.0.113.0/24', '2001:db8::/32'], enforce: true } })
    const res = await t.ingest('POST', '/deny', '{}', json)
    expect(res.status).toBe(403)
    expect(JSON.parse(res.body.toString())).toMatchObject({ error: 'forbidden', message: expect.stringContaining('allowlist') })
    const d = await latest(t, inbox.id)
    expect(d).toMatchObject({ allowlisted: false, responseStatus: 403, response: { source: 'allowlist' }, analysis: { allowlist: { matched: false, rule: null } } })
    expect((await listRequests(t, inbox.id, 'status=403')).total).toBe(1)
  })

  it('only marks a non-matching source when the allowlist is not enforced', async () => {
    const inbox = await createInbox(t, { name: 'mark', slug: 'mark', allowlist: { cidrs: ['198.51.100.0/24'], enforce: false } })
    expect((await t.ingest('POST', '/mark', '{}', json)).status).toBe(200)
    expect((await latest(t, inbox.id)).allowlisted).toBe(false)
    const none = await createInbox(t, { name: 'noallow', slug: 'noallow' })
    await t.ingest('POST', '/noallow', '{}', json)
    expect((await latest(t, none.id)).allowlisted).toBeNull()
  })

  it('keeps the newest N requests, pruning the oldest in the background', async () => {
    const inbox = await createInbox(t, { name: 'keep3', slug: 'keep3', limits: { retention: 3 } })
    const pruned = collectEvents<RequestsDeletedEvent>(t, 'requests.deleted', (all) => all.filter((e) => e.inboxId === inbox.id).reduce((n, e) => n + e.count, 0) >= 5)
    for (let i = 1; i <= 8; i++) await t.ingest('POST', `/keep3/${i}`, '{}', json)
    const events = (await pruned).filter((e) => e.inboxId === inbox.id)
    expect(events.every((e) => e.reason === 'pruned')).toBe(true)
    const list = await listRequests(t, inbox.id)
    expect(list.total).toBe(3)
    expect(list.items.map((i) => i.pathSuffix)).toEqual(['/8', '/7', '/6'])
    const view = await t.api('GET', `/api/inboxes/${inbox.id}`)
    expect(view.body.stats).toMatchObject({ requestCount: 3, lastRequest: { path: '/keep3/8' } })
  })

  it('prunes down at once when the retention is lowered', async () => {
    const inbox = await createInbox(t, { name: 'lower', slug: 'lower' })
    for (let i = 1; i <= 5; i++) await t.ingest('POST', `/lower/${i}`, '{}', json)
    const pruned = collectEvents<RequestsDeletedEvent>(t, 'requests.deleted', (all) => all.filter((e) => e.inboxId === inbox.id).reduce((n, e) => n + e.count, 0) >= 3)
    const patched = await t.api('PATCH', `/api/inboxes/${inbox.id}`, { limits: { retention: 2 } })
    // The answer counts what the new retention leaves, not what was there before the prune.
    expect(patched.body.stats.requestCount).toBe(2)
    await pruned
    expect((await listRequests(t, inbox.id)).items.map((i) => i.pathSuffix)).toEqual(['/5', '/4'])
  })

  it('flags a duplicate event id and points at the first delivery', async () => {
    const inbox = await createInbox(t, { name: 'dup', slug: 'dup' })
    const event = JSON.stringify({ id: 'evt_same', type: 'order.paid', data: { id: 'ord_1' } })
    await t.ingest('POST', '/dup', event, json)
    const first = await latest(t, inbox.id)
    await t.ingest('POST', '/dup', event, json)
    const second = await latest(t, inbox.id)
    expect(first.analysis).toMatchObject({ eventId: 'evt_same', eventIdSource: 'body.id', duplicate: false, duplicateOf: null })
    expect(second).toMatchObject({ duplicate: true, analysis: { duplicate: true, duplicateOf: first.id, dedupKey: 'evt_same' } })
    // Header ids count too (Standard Webhooks' webhook-id is the same on every retry).
    await t.ingest('POST', '/dup', '{"type":"a.b"}', { ...json, 'webhook-id': 'msg_42' })
    await t.ingest('POST', '/dup', '{"type":"a.b"}', { ...json, 'webhook-id': 'msg_42' })
    expect((await latest(t, inbox.id)).analysis).toMatchObject({ eventId: 'msg_42', eventIdSource: 'header webhook-id', duplicate: true })
    expect((await listRequests(t, inbox.id, 'duplicate=true')).total).toBe(2)
  })

  it('detects duplicates of envelopes without an event id by type, time and object', async () => {
    const inbox = await createInbox(t, { name: 'noid', slug: 'noid' })
    const event = JSON.stringify({ event: 'task.created', timestamp: '2025-10-14T10:30:00Z', data: { id: 'task_789' } })
    await t.ingest('POST', '/noid', event, json)
    await t.ingest('POST', '/noid', event, json)
    const d = await latest(t, inbox.id)
    expect(d.analysis).toMatchObject({ eventId: null, dedupKey: 'task.created@2025-10-14T10:30:00.000Z#task_789', duplicate: true })
  })

  it('flags an event older than one already received for the same object as out of order', async () => {
    const inbox = await createInbox(t, { name: 'order', slug: 'order' })
    const ev = (id: string, created: number, obj = 'sub_1') =>
      JSON.stringify({ id, object: 'event', type: 'customer.subscription.updated', created, data: { object: { id: obj, status: 'x' } } })
    await t.ingest('POST', '/order', ev('evt_2', 1_700_000_200), json)
    const newer = await latest(t, inbox.id)
    await t.ingest('POST', '/order', ev('evt_1', 1_700_000_100), json)
    const older = await latest(t, inbox.id)
    await t.ingest('POST', '/order', ev('evt_3', 1_700_000_050, 'sub_other'), json)
    const other = await latest(t, inbox.id)
    expect(newer.analysis).toMatchObject({ objectId: 'sub_1', objectIdSource: 'body.data.object.id', outOfOrder: false })
    expect(older).toMatchObject({ outOfOrder: true, analysis: { outOfOrder: true, outOfOrderAfter: newer.id, eventTime: '2023-11-14T22:15:00.000Z' } })
    expect(other.outOfOrder).toBe(false)
    expect((await listRequests(t, inbox.id, 'outOfOrder=true')).items.map((i) => i.id)).toEqual([older.id])
  })

  it('reports body problems: invalid JSON, invalid UTF-8, a content-type mismatch, a missing content-type', async () => {
    const inbox = await createInbox(t, { name: 'bodies', slug: 'bodies' })
    const problems = async (body: string | Buffer, headers: Record<string, string>) => {
      await t.ingest('POST', '/bodies', body, headers)
      return (await latest(t, inbox.id)).analysis.problems.map((p) => p.code)
    }
    expect(await problems('{"a":', json)).toEqual(['invalid_json'])
    expect(await problems('a=1&b=2', json)).toEqual(['invalid_json', 'content_type_mismatch'])
    expect(await problems(Buffer.from([0x7b, 0xff, 0x7d]), json)).toEqual(['invalid_utf8', 'invalid_json'])
    expect(await problems(Buffer.from([0x68, 0xc3, 0x28]), { 'content-type': 'text/plain; charset=utf-8' })).toEqual(['invalid_utf8'])
    expect(await problems('{"a":1}', { 'content-type': 'text/plain' })).toEqual(['content_type_mismatch'])
    expect(await problems('{"a":1}', { 'content-type': 'application/x-www-form-urlencoded' })).toEqual(['content_type_mismatch'])
    expect(await problems('{"a":1}', {})).toEqual(['missing_content_type'])
    expect(await problems(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}')]), json)).toEqual(['invalid_json'])
    expect((await latest(t, inbox.id)).analysis.problems[0]!.message).toBe(
      'Content-Type is application/json but the body is not valid JSON: it starts with a UTF-8 byte order mark (EF BB BF), which JSON does not allow; send it without one.',
    )
    expect(await problems('', json)).toEqual(['empty_body'])
    expect(await problems('{"a":1}', { 'content-type': 'application/vnd.api+json' })).toEqual([])
    expect(await problems(Buffer.from([0xe9]), { 'content-type': 'text/plain; charset=iso-8859-1' })).toEqual([])
    expect((await listRequests(t, inbox.id, 'limit=1')).items[0]!.problems).toEqual([])
  })
})
