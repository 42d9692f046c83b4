/**
 * Event data nested thousands of levels deep (a few KiB of brackets) is refused with a 400 naming
 * the field and the depth limit at every sender entry point that takes data, an example or a
 * schema: recursion over it (JSON.stringify, the schema validator, template walks) would overflow
 * the stack and answer 500.
 */
import { request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FiredEvent } from '../../../src-shared/api/events'
import { startTestEngine, type TestEngine } from '../../helpers/engine'
import { startSink, type Sink } from '../../helpers/sink'
import { deliveryStatus } from './helpers'

/** JSON text of arrays nested `levels` deep: built as text, since JSON.stringify overflows on it too. */
const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`

describe('deeply nested event data', () => {
  let t: TestEngine
  let sink: Sink
  let webhookId: string
  beforeAll(async () => {
    t = await startTestEngine()
    sink = await startSink()
    expect((await t.api('POST', '/api/profiles/taskhub/clone', { id: 'deep' })).status).toBe(201)
    // A type that takes any data: only the depth can be wrong.
    expect((await t.api('POST', '/api/event-types', { profileId: 'deep', name: 'any.thing', category: 'Any', schema: {}, example: {} })).status).toBe(201)
    webhookId = (await t.api('POST', '/api/webhooks', { name: 'w', url: `${sink.url}/w`, profileId: 'deep', events: ['*'], allowLocal: true })).body.id
  })
  afterAll(async () => {
    await t.stop()
    await sink.close()
  })

  /** Sends `json` (text with `DATA` standing for the nested value) as the body. */
  async function send(method: string, path: string, json: string, levels: number) {
    const origin = t.engine.urls.api.replace(/\/api$/, '')
    const res = await request(origin + path, {
      method: method as 'POST',
      headers: { authorization: `Bearer ${t.engine.token}`, 'content-type': 'application/json' },
      body: json.replace('DATA', nested(levels)),
    })
    return { status: res.statusCode, body: (await res.body.json()) as { error: string; message: string; field?: string } }
  }

  const counts = () => {
    const n = (table: string) => (t.engine.ctx.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
    return { events: n('events'), deliveries: n('deliveries'), schedules: n('schedules'), scenarios: n('scenarios'), eventTypes: n('event_types') }
  }

  async function refuses(method: string, path: string, json: string, field: string, what: RegExp) {
    const before = counts()
    const res = await send(method, path, json, 5000)
    expect(res.status, JSON.stringify(res.body)).toBe(400)
    expect(res.body).toMatchObject({ error: 'HB_ERR_EVENT_DATA_TOO_LARGE', field })
    expect(res.body.message).toMatch(what)
    expect(res.body.message).toMatch(/nested deeper than 1000 levels/)
    expect(counts()).toEqual(before)
  }

  it('refuses data nested 5000 levels deep when an event is fired or a webhook tested, naming /data', async () => {
    await refuses('POST', '/api/events', '{"type":"any.thing","profileId":"deep","data":DATA}', '/data', /^The event data is nested deeper than 1000 levels/)
    await refuses('POST', `/api/webhooks/${webhookId}/test`, '{"type":"any.thing","data":DATA}', '/data', /^The event data is nested/)
  })

  it("refuses an event type's example nested 5000 levels deep on create and edit, naming /example", async () => {
    await refuses('POST', '/api/event-types', '{"profileId":"deep","name":"deep.one","category":"Any","schema":{},"example":DATA}', '/example', /^The example is nested/)
    await refuses('PUT', '/api/event-types/deep/any.thing', '{"example":DATA}', '/example', /^The example is nested/)
    expect((await t.api('GET', '/api/event-types/deep/any.thing')).body.example).toEqual({})
  })

  it('refuses a schema nested 5000 levels deep, naming /schema', async () => {
    const res = await send('POST', '/api/event-types', '{"profileId":"deep","name":"deep.schema","category":"Any","schema":{"type":"array","items":{"default":DATA}},"example":[]}', 5000)
    expect(res.status, JSON.stringify(res.body)).toBe(400)
    expect(res.body).toMatchObject({ error: 'HB_ERR_EVENT_TYPE_INVALID', field: '/schema', message: expect.stringMatching(/^The schema is nested deeper than 1000 levels/) })
    const edit = await send('PUT', '/api/event-types/deep/any.thing', '{"schema":{"type":"array","items":{"default":DATA}}}', 5000)
    expect(edit.status, JSON.stringify(edit.body)).toBe(400)
    expect(edit.body).toMatchObject({ error: 'HB_ERR_EVENT_TYPE_INVALID', field: '/schema', message: expect.stringMatching(/^The schema is nested deeper than 1000 levels/) })
  })

  it('refuses data to validate nested 5000 levels deep, naming /data', async () => {
    await refuses('POST', '/api/event-types/validate', '{"profileId":"deep","type":"any.thing","data":DATA}', '/data', /^The data is nested/)
  })

  it("refuses a schedule's data nested 5000 levels deep on create and edit, naming /data", async () => {
    await refuses('POST', '/api/schedules', '{"profileId":"deep","type":"any.thing","everySeconds":60,"data":DATA}', '/data', /^The schedule's data is nested/)
    const s = (await t.api('POST', '/api/schedules', { profileId: 'deep', type: 'any.thing', everySeconds: 60 })).body
    await refuses('PATCH', `/api/schedules/${s.id}`, '{"data":DATA}', '/data', /^The schedule's data is nested/)
    expect((await t.api('DELETE', `/api/schedules/${s.id}`)).status).toBe(204)
  })

  it("refuses a scenario step's data nested 5000 levels deep on create and replace, naming the step's /data", async () => {
    await refuses('POST', '/api/scenarios', '{"name":"s","profileId":"deep","steps":[{"type":"any.thing","data":DATA}]}', '/steps/0/data', /^Step 0's data is nested/)
    const s = (await t.api('POST', '/api/scenarios', { name: 's', profileId: 'deep', steps: [{ type: 'any.thing' }] })).body
    await refuses('PUT', `/api/scenarios/${s.id}`, '{"name":"s","profileId":"deep","steps":[{"type":"any.thing"},{"type":"any.thing","dataMode":"replace","data":DATA}]}', '/steps/1/data', /^Step 1's data is nested/)
    expect((await t.api('DELETE', `/api/scenarios/${s.id}`)).status).toBe(204)
  })

  it('refuses a profile envelope or an OpenAPI document nested 5000 levels deep, naming the field', async () => {
    const envelope = await send('PATCH', '/api/profiles/deep', '{"envelope":{"data":"{{data}}","meta":DATA}}', 5000)
    expect(envelope).toMatchObject({ status: 400, body: { error: 'HB_ERR_PROFILE_INVALID', field: '/envelope', message: expect.stringMatching(/^The envelope is nested deeper than 1000 levels/) } })
    const created = await send('POST', '/api/profiles', '{"name":"Deep","description":"d","scheme":"hmac-sha256","signing":{"headerName":"X-Sig"},"secret":{"required":true,"format":"any","showOnce":false},"envelope":{"data":"{{data}}","meta":DATA},"headers":{},"idPrefix":"ev_","retrySchedule":[],"timeoutMs":5000,"successRule":"2xx","disableAfter":null,"handshake":null,"policy":{"httpsOnly":false,"blockPrivate":false},"sourceIpRanges":[],"dataValidation":"warn"}', 5000)
    expect(created).toMatchObject({ status: 400, body: { error: 'HB_ERR_PROFILE_INVALID', field: '/envelope' } })
    const doc = '{"profileId":"deep","document":{"openapi":"3.1.0","info":{"title":"t","version":"1"},"webhooks":{"a.b":{"post":{"requestBody":{"content":{"application/json":{"schema":{"default":DATA}}}}}}}}}'
    const imported = await send('POST', '/api/event-types/openapi', doc, 5000)
    expect(imported).toMatchObject({ status: 400, body: { error: 'HB_ERR_OPENAPI_INVALID', field: '/document', message: expect.stringMatching(/^The document is nested deeper than 1000 levels/) } })
  })

  it('takes data nested exactly 1000 levels deep, and sends it', async () => {
    const fired = await send('POST', '/api/events', '{"type":"any.thing","profileId":"deep","data":DATA}', 1000)
    expect(fired.status, JSON.stringify(fired.body)).toBe(201)
    const delivery = await deliveryStatus(t, (fired.body as unknown as FiredEvent).deliveries[0]!.id, 'succeeded')
    expect(delivery.attempts[0]!.request.body).toContain(nested(1000))
    const example = await send('PUT', '/api/event-types/deep/any.thing', '{"example":DATA}', 1000)
    expect(example.status, JSON.stringify(example.body)).toBe(200)
  })
})
