/**
 * Bad input is a 400 (or the documented 4xx) whose message says what to fix and whose `field`
 * names the input, and it leaves no partial rows behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEngine, type TestEngine } from '../../helpers/engine'
import { closedPort, startSink, type Sink } from '../../helpers/sink'

const taskData = { id: 'task_789', name: 'Design homepage', status: 'todo', priority: 'high', project_id: 'proj_123', assignee_id: 'user_456', created_by: 'user_789', due_date: '2025-10-30' }

describe('rejects bad input with a clear 4xx and no partial rows', () => {
  let t: TestEngine
  let sink: Sink
  let webhookId: string
  beforeAll(async () => {
    t = await startTestEngine()
    sink = await startSink()
    const wh = await t.api('POST', '/api/webhooks', { name: 'w', url: `${sink.url}/hook`, profileId: 'taskhub', events: ['*'], allowLocal: true })
    webhookId = wh.body.id
  })
  afterAll(async () => {
    await t.stop()
    await sink.close()
  })

  const counts = () => {
    const db = t.engine.ctx.db
    const n = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
    return { events: n('events'), deliveries: n('deliveries'), attempts: n('attempts'), webhooks: n('webhooks'), secrets: n('webhook_secrets'), schedules: n('schedules'), scenarios: n('scenarios') }
  }

  async function rejects(method: string, path: string, body: unknown, expected: { status?: number; error: string; field?: string; message: RegExp }) {
    const before = counts()
    const res = await t.api(method, path, body)
    expect(res.status, JSON.stringify(res.body)).toBe(expected.status ?? 400)
    expect(res.body.error).toBe(expected.error)
    expect(res.body.message).toMatch(expected.message)
    if (expected.field !== undefined) expect(res.body.field).toBe(expected.field)
    expect(counts()).toEqual(before)
    return res.body
  }

  it('rejects an invalid URL and names the url field', async () => {
    await rejects('POST', '/api/webhooks', { name: 'x', url: 'not a url', profileId: 'taskhub', events: ['*'] }, { error: 'HB_ERR_WEBHOOK_URL_INVALID', field: '/url', message: /not an absolute URL: write it like https:\/\/example\.com/ })
    await rejects('POST', '/api/webhooks', { name: 'x', url: 'ftp://example.com/x', profileId: 'taskhub', events: ['*'] }, { error: 'HB_ERR_WEBHOOK_URL_INVALID', field: '/url', message: /must start with https:\/\/ or http:\/\// })
  })

  it('rejects an unknown profile and lists the valid ones', async () => {
    await rejects('POST', '/api/webhooks', { name: 'x', url: sink.url, profileId: 'nope', events: ['*'] }, { error: 'HB_ERR_PROFILE_UNKNOWN', field: '/profileId', message: /Unknown profile "nope"\. Use one of: workestra, connectgain, workflows, taskhub/ })
    await rejects('POST', '/api/events', { type: 'task.created', profileId: 'nope' }, { error: 'HB_ERR_PROFILE_UNKNOWN', field: '/profileId', message: /Unknown profile/ })
  })

  it('rejects an unknown event type, with a suggestion', async () => {
    await rejects('POST', '/api/events', { type: 'task.create', profileId: 'taskhub' }, { error: 'HB_ERR_EVENT_TYPE_UNKNOWN', field: '/type', message: /"task\.create" is not an event type of the TaskHub profile\. Did you mean .*"task\.created"/ })
    await rejects('POST', '/api/events', { type: 'nothing.anywhere' }, { error: 'HB_ERR_EVENT_TYPE_UNKNOWN', field: '/type', message: /No profile has an event type "nothing\.anywhere"/ })
    await rejects('POST', '/api/webhooks', { name: 'x', url: sink.url, profileId: 'taskhub', events: ['task.created', 'task.create'] }, { error: 'HB_ERR_WEBHOOK_EVENTS', field: '/events/1', message: /Did you mean/ })
    await rejects('POST', '/api/webhooks', { name: 'x', url: sink.url, profileId: 'taskhub', events: ['deal.*'] }, { error: 'HB_ERR_WEBHOOK_EVENTS', field: '/events/0', message: /No event type of the TaskHub profile starts with "deal\."/ })
  })

  it('rejects data that fails the schema, naming the field and what is expected', async () => {
    const body = await rejects('POST', '/api/events', { type: 'task.created', profileId: 'taskhub', data: { ...taskData, id: 42 } }, { error: 'HB_ERR_EVENT_DATA_INVALID', field: '/data/id', message: /does not match the schema of task\.created: Field "id" must be a string; got an integer \(42\)\. Fix the data, leave it out to have it generated/ })
    expect(body.field).toBe('/data/id')
    // how to send it anyway: the API's field and the app's control; a preset is cloned first
    expect(body.message).toMatch(/, or clone TaskHub and set the clone's dataValidation to "warn" \(in the app's profile form: "Event data failing the schema" → "Send with a warning"\)\.$/)
    await rejects('POST', '/api/events', { type: 'task.created', profileId: 'taskhub', data: 'text' }, { error: 'HB_ERR_EVENT_DATA_INVALID', field: '/data', message: /The data must be an object/ })
  })

  it('rejects a 10 MB data field with a clear message, before anything is written', async () => {
    const big = { id: 'task_1', name: 'x'.repeat(10 * 1024 * 1024) }
    await rejects('POST', '/api/events', { type: 'task.created', profileId: 'taskhub', data: big }, { error: 'HB_ERR_EVENT_DATA_TOO_LARGE', field: '/data', message: /The event data is 10\.0 MiB as JSON; event data can be at most 1\.0 MiB/ })
  })

  describe('event data size', () => {
    const huge = { type: 'object', required: ['body'], properties: { body: { type: 'string', minLength: 50_000_000 } } }
    beforeAll(async () => {
      expect((await t.api('POST', '/api/profiles/taskhub/clone', { id: 'taskhub-sizes' })).status).toBe(201)
      // Import is the one way to store a schema no example can satisfy (its example falls back to {}).
      const imported = await t.api('POST', '/api/event-types/openapi', {
        profileId: 'taskhub-sizes',
        document: { openapi: '3.1.0', info: { title: 't', version: '1' }, webhooks: { 'note.huge': { post: { requestBody: { content: { 'application/json': { schema: huge } } } } } } },
      })
      expect(imported.status, JSON.stringify(imported.body)).toBe(200)
      await t.api('POST', '/api/webhooks', { name: 'sizes', url: `${sink.url}/sizes`, profileId: 'taskhub-sizes', events: ['*'], allowLocal: true })
    })

    // No data that satisfies minLength 50 000 000 fits the 1 MiB cap of event data: generation
    // refuses (400) instead of sending a shortened string that fails the schema.
    it('refuses to generate data for a schema that asks for a 50 000 000-character string, naming the keyword', async () => {
      await rejects('POST', '/api/events', { type: 'note.huge', profileId: 'taskhub-sizes' }, {
        error: 'HB_ERR_EVENT_DATA_TOO_LARGE',
        field: '/schema/properties/body/minLength',
        message: /^Cannot generate data for note\.huge: minLength at "\/properties\/body\/minLength" asks for strings of at least 50000000 characters; lower it to 10000 or less\. Generated event data is capped at 1\.0 MiB/,
      })
      await rejects('POST', '/api/event-types/sample', { profileId: 'taskhub-sizes', type: 'note.huge' }, { error: 'HB_ERR_EVENT_DATA_TOO_LARGE', field: '/schema/properties/body/minLength', message: /note\.huge: minLength/ })
      await rejects('POST', '/api/event-types', { profileId: 'taskhub-sizes', name: 'note.huge2', category: 'Notes', schema: huge }, { error: 'HB_ERR_EVENT_DATA_TOO_LARGE', field: '/schema/properties/body/minLength', message: /note\.huge2: minLength .* Change the event type's schema, or give the data yourself/ })
      expect((await t.api('GET', '/api/event-types/taskhub-sizes/note.huge2')).status).toBe(404)
    })

    it('refuses an example over 1 MiB and keeps the stored event type as it was', async () => {
      const big = { id: 'task_1', name: 'x'.repeat(2 * 1024 * 1024) }
      const before = (await t.api('GET', '/api/event-types/taskhub-sizes/task.created')).body
      await rejects('PUT', '/api/event-types/taskhub-sizes/task.created', { example: big, description: 'changed' }, { error: 'HB_ERR_EVENT_DATA_TOO_LARGE', field: '/example', message: /^The example is 2\.0 MiB as JSON; event data can be at most 1\.0 MiB.* Give a smaller example/ })
      expect((await t.api('GET', '/api/event-types/taskhub-sizes/task.created')).body).toEqual(before)
      await rejects('POST', '/api/event-types', { profileId: 'taskhub-sizes', name: 'task.big', category: 'Task', schema: { type: 'object' }, example: big }, { error: 'HB_ERR_EVENT_DATA_TOO_LARGE', field: '/example', message: /at most 1\.0 MiB/ })
      expect((await t.api('GET', '/api/event-types/taskhub-sizes/task.big')).status).toBe(404)
    })
  })

  it('rejects webhook header names and values a request cannot carry, naming the header', async () => {
    const hook = { name: 'x', url: sink.url, profileId: 'taskhub', events: ['*'], allowLocal: true }
    await rejects('POST', '/api/webhooks', { ...hook, headers: { 'X-Tenant': '東京' } }, { error: 'HB_ERR_WEBHOOK_HEADERS', field: '/headers/X-Tenant', message: /holds "東" \(U\+6771\), which a header cannot carry/ })
    await rejects('POST', '/api/webhooks', { ...hook, headers: { 'X-Nul': 'a\u0000b' } }, { error: 'HB_ERR_WEBHOOK_HEADERS', field: '/headers/X-Nul', message: /the control character U\+0000/ })
    await rejects('POST', '/api/webhooks', { ...hook, headers: { 'bad name': 'v' } }, { error: 'HB_ERR_WEBHOOK_HEADERS', field: '/headers/bad name', message: /"bad name" is not a valid header name/ })
    await rejects('POST', '/api/webhooks', { ...hook, headers: { 'a/b~c': 'v' } }, { error: 'HB_ERR_WEBHOOK_HEADERS', field: '/headers/a~1b~0c', message: /"a\/b~c" is not a valid header name/ })
    await rejects('POST', '/api/webhooks', { ...hook, headers: { ['X-' + 'a'.repeat(250)]: 'v' } }, { error: 'HB_ERR_WEBHOOK_HEADERS', message: /at most 200 characters; this one has 252/ })
    await rejects('PATCH', `/api/webhooks/${webhookId}`, { headers: { 'X-Emoji': '😀' } }, { error: 'HB_ERR_WEBHOOK_HEADERS', field: '/headers/X-Emoji', message: /holds "😀" \(U\+1F600\), which a header cannot carry/ })
    // Latin-1 text is what a header carries: accepted.
    const ok = await t.api('PATCH', `/api/webhooks/${webhookId}`, { headers: { 'X-Tenant': 'Zoë' } })
    expect(ok.status, JSON.stringify(ok.body)).toBe(200)
    await t.api('PATCH', `/api/webhooks/${webhookId}`, { headers: {} })
  })

  it("rejects profile header settings that cannot go on the wire or clash, and keeps the profile as it was", async () => {
    expect((await t.api('POST', '/api/profiles/taskhub/clone', { id: 'taskhub-headers' })).status).toBe(201)
    const before = (await t.api('GET', '/api/profiles/taskhub-headers')).body
    const headers = before.headers
    const profileRejects = async (patch: unknown, field: string, message: RegExp) => {
      await rejects('PATCH', '/api/profiles/taskhub-headers', patch, { error: 'HB_ERR_PROFILE_INVALID', field, message })
    }
    await profileRejects({ headers: { ...headers, eventType: 'Host' } }, '/headers/eventType', /Host is written by the HTTP client/)
    await profileRejects({ headers: { ...headers, eventType: 'Content-Type' } }, '/headers/eventType', /Content-Type carries the body's media type/)
    await profileRejects({ signing: { ...before.signing, headerName: 'Transfer-Encoding' } }, '/signing/headerName', /written by the HTTP client/)
    await profileRejects({ headers: { ...headers, eventType: 'X-Webhook-Signature' } }, '/headers/eventType', /X-Webhook-Signature would be sent twice on every delivery/)
    await profileRejects({ headers: { ...headers, userAgent: 'bad\u0001ua' } }, '/headers/userAgent', /control character U\+0001/)
    await profileRejects({ headers: { ...headers, extra: { 'X-E': '😀' } } }, '/headers/extra/X-E', /which a header cannot carry/)
    await profileRejects({ sourceIpRanges: ['203.0.113.0/24', '999.1.1.1/99'] }, '/sourceIpRanges/1', /"999\.1\.1\.1\/99" is not an IP range/)
    expect((await t.api('GET', '/api/profiles/taskhub-headers')).body).toEqual(before)
    expect((await t.api('DELETE', '/api/profiles/taskhub-headers')).status).toBe(204)
  })

  it('rejects unknown fields, wrong types and missing fields by name', async () => {
    await rejects('POST', '/api/events', { type: 'task.created', profileId: 'taskhub', extra: 1 }, { error: 'HB_ERR_VALIDATION', field: '/extra', message: /unknown field "extra"/ })
    await rejects('POST', '/api/webhooks', { url: sink.url, profileId: 'taskhub', events: ['*'] }, { error: 'HB_ERR_VALIDATION', field: '/name', message: /missing the required field "name"/ })
    await rejects('POST', '/api/webhooks', { name: 'x', url: sink.url, profileId: 'taskhub', events: [] }, { error: 'HB_ERR_VALIDATION', field: '/events', message: /events/ })
  })

  it('rejects JSON of the wrong type instead of converting it', async () => {
    const hook = { name: 'x', url: sink.url, profileId: 'taskhub', events: ['*'], allowLocal: true }
    await rejects('POST', '/api/webhooks', { ...hook, rateLimitPerSecond: true }, { error: 'HB_ERR_VALIDATION', field: '/rateLimitPerSecond', message: /number/ })
    await rejects('POST', '/api/webhooks', { ...hook, name: 123 }, { error: 'HB_ERR_VALIDATION', field: '/name', message: /string/ })
    await rejects('POST', '/api/webhooks', { ...hook, events: '*' }, { error: 'HB_ERR_VALIDATION', field: '/events', message: /array/ })
    await rejects('POST', '/api/events', { type: 5, profileId: 'taskhub' }, { error: 'HB_ERR_VALIDATION', field: '/type', message: /string/ })
  })

  it('treats an empty body sent as application/json as no body on routes that take none', async () => {
    const origin = t.engine.urls.api
    const call = (path: string) =>
      fetch(`${origin}${path}`, { method: 'POST', headers: { authorization: `Bearer ${t.engine.token}`, 'content-type': 'application/json' } })
    expect((await call(`/webhooks/${webhookId}/pause`)).status).toBe(200)
    expect((await call(`/webhooks/${webhookId}/enable`)).status).toBe(200)
  })

  it('rejects webhook ids that do not exist or belong to another profile', async () => {
    await rejects('POST', '/api/events', { type: 'task.created', profileId: 'taskhub', webhookIds: [webhookId, 'wh_nope'] }, { error: 'HB_ERR_WEBHOOK_UNKNOWN', field: '/webhookIds/1', message: /No webhook with id "wh_nope"/ })
    await rejects('POST', '/api/events', { type: 'contact.created', profileId: 'workestra', webhookIds: [webhookId] }, { error: 'HB_ERR_EVENT_PROFILE_MISMATCH', field: '/webhookIds/0', message: /uses the taskhub profile, not workestra/ })
  })

  it("asks for profileId when several profiles have the event type", async () => {
    await t.api('POST', '/api/webhooks', { name: 'cg', url: sink.url, profileId: 'connectgain', events: ['*'] })
    await t.api('POST', '/api/webhooks', { name: 'sw', url: sink.url, profileId: 'standard-webhooks', events: ['*'] })
    await rejects('POST', '/api/events', { type: 'contact.created' }, { error: 'HB_ERR_EVENT_PROFILE_AMBIGUOUS', field: '/profileId', message: /several profiles with subscribed webhooks \(connectgain, standard-webhooks\): give profileId/ })
  })

  it('names the allowed values of a field that takes one of a few, and the part of a union value that is wrong', async () => {
    const hook = { name: 'x', url: 'https://example.com/h', profileId: 'taskhub', events: ['*'] }
    await rejects('POST', '/api/webhooks', { ...hook, status: 'disabled' }, { error: 'HB_ERR_VALIDATION', field: '/status', message: /^body\/status must be one of: active, paused$/ })
    const inbox = await t.api('POST', '/api/inboxes', { name: 'x', verification: { scheme: 'hmac-sha256', secrets: [{ value: 'a', expiresAt: 'tomorrow' }] } })
    expect(inbox).toMatchObject({ status: 400, body: { field: '/verification/secrets/0/expiresAt', message: 'body/verification/secrets/0/expiresAt must be a valid date-time' } })
    // A choice inside a nullable object (verification may be null) is still named with its values.
    const target = (await t.api('POST', '/api/inboxes', { name: 'algorithms' })).body
    const algorithm = await t.api('PATCH', `/api/inboxes/${target.id}`, { verification: { scheme: 'hmac-sha256', secrets: ['a'], options: { algorithm: 'md5' } } })
    expect(algorithm).toMatchObject({ status: 400, body: { field: '/verification/options/algorithm', message: expect.stringMatching(/^body\/verification\/options\/algorithm must be one of: sha1, sha256, sha512/) } })
  })

  it("enforces the profile's name limit and secret rules", async () => {
    await rejects('POST', '/api/webhooks', { name: 'n'.repeat(101), url: 'https://example.com/h', profileId: 'workflows', events: ['*'] }, { error: 'HB_ERR_WEBHOOK_NAME', field: '/name', message: /WorkFlows webhook names are at most 100 characters; this one has 101/ })
    await rejects('POST', '/api/webhooks', { name: 'x', url: 'https://example.com/h', profileId: 'standard-webhooks', events: ['*'], secret: 'plain' }, { error: 'HB_ERR_WEBHOOK_SECRET', field: '/secret', message: /whsec_/ })
    await rejects('POST', '/api/webhooks', { name: 'x', url: 'https://example.com/h', profileId: 'taskhub', events: ['*'], secret: null }, { error: 'HB_ERR_WEBHOOK_SECRET', field: '/secret', message: /always have a secret/ })
    await rejects('POST', '/api/webhooks', { name: 'x', url: 'https://example.com/h', profileId: 'taskhub', events: ['*'], headers: { 'X-Webhook-Signature': 'forged' } }, { error: 'HB_ERR_WEBHOOK_HEADERS', field: '/headers/X-Webhook-Signature', message: /set by Hookbench or by the TaskHub profile/ })
    // A move to a profile the secret does not suit names the move, and what to send with it.
    const plain = (await t.api('POST', '/api/webhooks', { name: 'plain', url: 'https://example.com/h', profileId: 'taskhub', events: ['*'], secret: 'plain-secret' })).body
    const moved = await t.api('PATCH', `/api/webhooks/${plain.id}`, { profileId: 'standard-webhooks' })
    expect(moved).toMatchObject({ status: 400, body: { error: 'HB_ERR_WEBHOOK_SECRET', field: '/profileId' } })
    expect(moved.body.message).toMatch(/^The webhook's secret does not suit the Standard Webhooks profile: The secret "plai…" is not whsec_ followed by base64.* Give a new "secret" in the same PATCH\.$/)
    expect((await t.api('GET', `/api/webhooks/${plain.id}`)).body).toMatchObject({ profileId: 'taskhub', secret: 'plain-secret' })
    const withSecret = await t.api('PATCH', `/api/webhooks/${plain.id}`, { profileId: 'standard-webhooks', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' })
    expect(withSecret.status, JSON.stringify(withSecret.body)).toBe(200)
    await t.api('DELETE', `/api/webhooks/${plain.id}`)
  })

  it("checks a webhook's custom headers against its new profile, and refuses a profile edit that would set a header its webhooks set", async () => {
    const created = await t.api('POST', '/api/webhooks', { name: 'hdr', url: 'https://example.com/h', profileId: 'taskhub', events: ['*'], headers: { 'X-Webhook-Event': 'custom' } })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const path = `/api/webhooks/${created.body.id}`
    const before = (await t.api('GET', path)).body
    // ConnectGain sends its own X-Webhook-Event: the webhook's would go out as a second one.
    await rejects('PATCH', path, { profileId: 'connectgain' }, { error: 'HB_ERR_WEBHOOK_HEADERS', field: '/headers/X-Webhook-Event', message: /set by Hookbench or by the ConnectGain profile/ })
    expect((await t.api('GET', path)).body).toEqual(before)
    expect((await t.api('PATCH', path, { profileId: 'connectgain', headers: { 'X-Tenant': 't1' } })).status).toBe(200)

    const clone = (await t.api('POST', '/api/profiles/taskhub/clone', { id: 'taskhub-headers' })).body
    const own = await t.api('POST', '/api/webhooks', { name: 'own', url: 'https://example.com/h', profileId: clone.id, events: ['*'], headers: { 'X-Event-Name': 'mine' } })
    expect(own.status, JSON.stringify(own.body)).toBe(201)
    const profileBefore = (await t.api('GET', `/api/profiles/${clone.id}`)).body
    await rejects('PATCH', `/api/profiles/${clone.id}`, { headers: { ...clone.headers, eventType: 'x-event-name' } }, {
      status: 409,
      error: 'HB_ERR_PROFILE_HEADER_IN_USE',
      message: /sets the header "X-Event-Name" on every delivery, but the webhook "own" \(wh_\w+\) sets its own "X-Event-Name": remove it from that webhook first/,
    })
    expect((await t.api('GET', `/api/profiles/${clone.id}`)).body).toEqual(profileBefore)
    expect((await t.api('PATCH', `/api/profiles/${clone.id}`, { headers: { ...clone.headers, eventType: 'X-Event-Type' } })).status).toBe(200)
    // A clash that is already there (a webhook saved before this check) holds up only an edit that adds one.
    t.engine.ctx.db.prepare('UPDATE webhooks SET headers = ? WHERE id = ?').run(JSON.stringify({ 'X-Webhook-ID': 'legacy' }), own.body.id)
    expect((await t.api('PATCH', `/api/profiles/${clone.id}`, { name: 'Renamed only' })).status).toBe(200)
  })

  it("fails a Workestra webhook whose endpoint does not answer endpoint.verify with 200 (422), unless verification is skipped", async () => {
    const failing = await startSink((_req, res) => {
      res.statusCode = 404
      res.end('no such route')
    })
    try {
      await rejects('POST', '/api/webhooks', { name: 'x', url: `${failing.url}/wk`, profileId: 'workestra', events: ['*'], allowLocal: true }, {
        status: 422,
        error: 'HB_ERR_WEBHOOK_VERIFICATION_FAILED',
        field: '/url',
        message: /Workestra sends its endpoint\.verify event to a new webhook URL and needs 200 in reply, but .* did not: it answered 404\. .*skip the handshake .*\(skipVerification: true; in the app: "Skip the endpoint\.verify handshake"\)\.$/,
      })
      const port = await closedPort()
      await rejects('POST', '/api/webhooks', { name: 'x', url: `http://127.0.0.1:${port}/wk`, profileId: 'workestra', events: ['*'] }, {
        status: 422,
        error: 'HB_ERR_WEBHOOK_VERIFICATION_FAILED',
        message: /the request failed \(refused: connection refused/,
      })
      const skipped = await t.api('POST', '/api/webhooks', { name: 'x', url: `${failing.url}/wk`, profileId: 'workestra', events: ['*'], skipVerification: true })
      expect(skipped.status).toBe(201)
      expect(skipped.body.verification).toBeNull()
      // Changing the URL verifies again.
      await rejects('PATCH', `/api/webhooks/${skipped.body.id}`, { url: `${failing.url}/other` }, { status: 422, error: 'HB_ERR_WEBHOOK_VERIFICATION_FAILED', message: /answered 404/ })
    } finally {
      await failing.close()
    }
  })

  it('rejects edits of built-in presets and catalogs with 409 and says to clone', async () => {
    await rejects('PATCH', '/api/profiles/taskhub', { timeoutMs: 1000 }, { status: 409, error: 'HB_ERR_PROFILE_READ_ONLY', message: /built-in preset and is read-only: clone it \(POST \/api\/profiles\/taskhub\/clone\)/ })
    await rejects('DELETE', '/api/profiles/taskhub', undefined, { status: 409, error: 'HB_ERR_PROFILE_READ_ONLY', message: /clone it/ })
    await rejects('POST', '/api/event-types', { profileId: 'taskhub', name: 'task.x', category: 'Task', schema: { type: 'object' } }, { status: 409, error: 'HB_ERR_PROFILE_READ_ONLY', message: /read-only/ })
  })

  it('rejects bad schedules and scenarios', async () => {
    await rejects('POST', '/api/schedules', { profileId: 'taskhub', type: 'task.created' }, { error: 'HB_ERR_SCHEDULE_TIMING', field: '/everySeconds', message: /give either everySeconds .* or cron/ })
    await rejects('POST', '/api/schedules', { profileId: 'taskhub', type: 'task.created', cron: 'every minute' }, { error: 'HB_ERR_SCHEDULE_CRON', field: '/cron', message: /^"every minute" has 2 fields\. Use 5 fields/ })
    // Short expressions would be read from the right ("5 *" = May, "7" = Sundays): refused, not guessed.
    for (const cron of ['7', '5 *', '* * * *', '0 0 1 1 * * 2030']) {
      await rejects('POST', '/api/schedules', { profileId: 'taskhub', type: 'task.created', cron }, { error: 'HB_ERR_SCHEDULE_CRON', field: '/cron', message: /field.* Use 5 fields \(minute hour day month weekday\)/ })
    }
    await rejects('POST', '/api/schedules', { profileId: 'taskhub', type: 'task.created', cron: '61 * * * *' }, { error: 'HB_ERR_SCHEDULE_CRON', field: '/cron', message: /is not a cron expression/ })
    const hourly = await t.api('POST', '/api/schedules', { profileId: 'taskhub', type: 'task.created', cron: '@hourly' })
    expect(hourly.status, JSON.stringify(hourly.body)).toBe(201)
    await t.api('DELETE', `/api/schedules/${hourly.body.id}`)
    await rejects('POST', '/api/schedules', { profileId: 'taskhub', type: 'task.created', everySeconds: 5, timezone: 'Mars/Olympus' }, { error: 'HB_ERR_SCHEDULE_TIMEZONE', field: '/timezone', message: /IANA/ })
    await rejects('POST', '/api/schedules', { profileId: 'taskhub', type: 'task.created', everySeconds: 5, data: { note: 'x'.repeat(2 * 1024 * 1024) } }, { error: 'HB_ERR_EVENT_DATA_TOO_LARGE', field: '/data', message: /^The schedule's data is 2\.0 MiB as JSON/ })
    await rejects('POST', '/api/scenarios', { name: 's', profileId: 'taskhub', steps: [{ type: 'task.created', data: { id: '{{steps.1.data.id}}' } }, { type: 'task.completed' }] }, { error: 'HB_ERR_SCENARIO_TEMPLATE', field: '/steps/0/data', message: /refer to earlier steps/ })
    await rejects('POST', '/api/scenarios', { name: 's', profileId: 'taskhub', steps: [{ type: 'task.nope' }] }, { error: 'HB_ERR_EVENT_TYPE_UNKNOWN', field: '/steps/0/type', message: /not an event type of the TaskHub profile/ })
    const github = (await t.api('POST', '/api/webhooks', { name: 'gh', url: sink.url, profileId: 'github', events: ['*'], allowLocal: true })).body
    await rejects('POST', '/api/scenarios', { name: 's', profileId: 'taskhub', steps: [{ type: 'task.created', webhookIds: [webhookId] }, { type: 'task.completed', webhookIds: [webhookId, github.id] }] }, { error: 'HB_ERR_EVENT_PROFILE_MISMATCH', field: '/steps/1/webhookIds/1', message: /Step 1: the webhook "gh" .* uses the github profile, not taskhub/ })
    await t.api('DELETE', `/api/webhooks/${github.id}`)
  })

  it('answers 404 for unknown ids', async () => {
    for (const path of ['/api/webhooks/wh_nope', '/api/deliveries/dlv_nope', '/api/events/evt_nope', '/api/profiles/nope', '/api/event-types/taskhub/task.nope', '/api/schedules/sch_nope', '/api/scenarios/scn_nope']) {
      const res = await t.api('GET', path)
      expect(res.status, path).toBe(404)
      expect(res.body.message).toMatch(/No |has no/)
    }
  })
})
