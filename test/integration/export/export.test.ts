import Ajv from 'ajv'
import draft6 from 'ajv/dist/refs/json-schema-draft-06.json'
import { parse as parseCsv } from 'csv-parse/sync'
import { createRequire } from 'node:module'
import { gzipSync } from 'node:zlib'
import { request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Inbox } from '../../../src-shared/api/inboxes'
import type { RequestForwardedEvent } from '../../../src-shared/api/requests'
import { realClock } from '../../../src-main/engine/clock'
import { ATTEMPT_CSV_COLUMNS, REQUEST_CSV_COLUMNS } from '../../../src-main/engine/export/csv'
import { signRequest } from '../../../src-main/engine/signing'
import { startTestEngine, type TestEngine } from '../../helpers/engine'
import { startSink, type Sink } from '../../helpers/sink'
import { createInbox, getRequest, listRequests, nextEvent } from '../receiver/helpers'
import { attemptsDone } from '../sender/helpers'

const require = createRequire(import.meta.url)
const INBOX_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'

/** Validates a HAR document against the published HAR 1.2 JSON schemas (har-schema). */
function harValidator() {
  const ajv = new Ajv({ strict: false, allErrors: true })
  ajv.addMetaSchema(draft6)
  const schemas = require('har-schema') as Record<string, object>
  for (const [name, schema] of Object.entries(schemas)) if (name !== 'har') ajv.addSchema(schema, `${name}.json`)
  return ajv.compile(schemas.har!)
}

describe('exports', () => {
  let t: TestEngine
  let sink: Sink
  let inbox: Inbox
  let webhookSecret: string
  const origin = () => t.engine.urls.api.replace(/\/api$/, '')
  const download = async (path: string) => {
    const res = await request(`${origin()}${path}`, { headers: { authorization: `Bearer ${t.engine.token}` } })
    return { status: res.statusCode, headers: res.headers, text: await res.body.text() }
  }

  beforeAll(async () => {
    t = await startTestEngine({ clock: realClock as never })
    sink = await startSink((_req, res, i) => {
      res.statusCode = i === 0 ? 500 : 200
      res.end(i === 0 ? 'boom' : 'ok')
    })
    inbox = await createInbox(t, { name: 'export', slug: 'exp', verification: { scheme: 'standard-webhooks', secrets: [INBOX_SECRET] } })
    const json = '{"type":"invoice.paid","data":{"id":"inv_1","note":"naïve — ✓"}}'
    const signed = signRequest({ scheme: 'standard-webhooks', secrets: [INBOX_SECRET], body: Buffer.from(json), id: 'msg_1', timestamp: Math.floor(Date.now() / 1000) })
    await t.ingest('POST', '/exp/hooks?x=1', json, Object.fromEntries([...signed.headers, ['content-type', 'application/json']]))
    await t.ingest('POST', '/exp/bin', Buffer.from([0, 1, 2, 0xff, 0xfe]), { 'content-type': 'application/octet-stream' })
    await t.ingest('POST', '/exp/z', gzipSync(Buffer.from('{"type":"zipped"}')), { 'content-type': 'application/json', 'content-encoding': 'gzip' })
    await t.ingest('GET', '/exp/ping')

    const wh = await t.api('POST', '/api/webhooks', { name: 'sink', url: sink.url, profileId: 'taskhub', events: ['*'], allowLocal: true })
    expect(wh.status, JSON.stringify(wh.body)).toBe(201)
    webhookSecret = wh.body.secret
    const fired = await t.api('POST', '/api/events', { type: 'task.created', profileId: 'taskhub' })
    const deliveryId = fired.body.deliveries[0].id
    const first = await attemptsDone(t, deliveryId, 1) // failed with 500; the retry waits a minute
    expect(first.attempts.map((a) => a.response?.status ?? a.error?.code)).toEqual([500])
    expect(first.status).toBe('pending')
    expect(first.nextAttemptAt).not.toBeNull()
    const retry = await t.api('POST', `/api/deliveries/${deliveryId}/retry`) // "send next retry now"
    expect(retry.status, JSON.stringify(retry.body)).toBe(200)
    const second = await attemptsDone(t, deliveryId, 2)
    expect(second.attempts.map((a) => a.response?.status ?? a.error?.code)).toEqual([500, 200])
    expect(second.status).toBe('succeeded')
  })
  afterAll(async () => {
    await t.stop()
    await sink.close()
  })

  it('NDJSON: one self-describing request per line, oldest first, bytes as captured', async () => {
    const res = await download(`/api/export/requests?format=ndjson&inboxId=${inbox.id}`)
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toMatch(/application\/x-ndjson/)
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="hookbench-requests-.*\.ndjson"/)
    const lines = res.text.trim().split('\n').map((l) => JSON.parse(l))
    expect(lines).toHaveLength(4)
    expect(lines.every((l) => l.format === 'hookbench.request/v1')).toBe(true)
    expect(lines.map((l) => l.path)).toEqual(['/exp/hooks', '/exp/bin', '/exp/z', '/exp/ping'])
    const list = await listRequests(t, inbox.id)
    const binary = await getRequest(t, list.items.find((i) => i.path === '/exp/bin')!.id)
    expect(lines[1].bodyBase64).toBe(binary.bodyBase64)
    expect(lines[0].analysis.verdict).toBe('valid')
  })

  it('JSON: one document with the same items', async () => {
    const doc = JSON.parse((await download(`/api/export/requests?format=json&inboxId=${inbox.id}`)).text)
    expect(doc.format).toBe('hookbench.requests/v1')
    expect(doc.items).toHaveLength(4)
  })

  it('CSV: the documented columns, one row per request, parsed by a standard CSV parser', async () => {
    const rows = parseCsv((await download(`/api/export/requests?format=csv&inboxId=${inbox.id}`)).text, { columns: true }) as Record<string, string>[]
    expect(rows).toHaveLength(4)
    expect(Object.keys(rows[0]!)).toEqual(REQUEST_CSV_COLUMNS.map((c) => c.name))
    expect(rows[0]).toMatchObject({ method: 'POST', path: '/exp/hooks', query: 'x=1', verdict: 'valid', body_encoding: 'utf8', body: '{"type":"invoice.paid","data":{"id":"inv_1","note":"naïve — ✓"}}' })
    expect(rows[1]).toMatchObject({ body_encoding: 'base64', body: Buffer.from([0, 1, 2, 0xff, 0xfe]).toString('base64') })
    expect(JSON.parse(rows[0]!.headers!)).toContainEqual(['webhook-id', 'msg_1'])
  })

  it('CSV: a field with a bare line break (a stack trace) is quoted, so every reader keeps the record whole', async () => {
    const lines = await createInbox(t, { name: 'lines', slug: 'lines' })
    const trace = 'TypeError: boom\n    at verify (app.js:10)\n    at handler (app.js:20)\rdone'
    await t.ingest('POST', '/lines', trace, { 'content-type': 'text/plain' })
    const text = (await download(`/api/export/requests?format=csv&inboxId=${lines.id}`)).text
    expect(text).toContain(`"${trace}"`)
    // Split on line breaks outside quotes only, as Python's csv and spreadsheets do.
    const rows = parseCsv(text, { columns: true, record_delimiter: '\r\n' }) as Record<string, string>[]
    expect(rows).toHaveLength(1)
    expect(rows[0]!.body).toBe(trace)
  })

  it('CSV: a captured cell a spreadsheet would run as a formula begins with an apostrophe; the NDJSON keeps the exact text', async () => {
    const hostile = await createInbox(t, { name: 'formulas', slug: 'formulas' })
    await t.ingest('POST', '/formulas/a', '=cmd|" /C calc"!A0', { 'content-type': 'text/plain' })
    await t.ingest('POST', '/formulas/b', JSON.stringify({ id: '+1+1', type: '@SUM(A1:A9)' }), { 'content-type': 'application/json' })
    await t.ingest('POST', '/formulas/c', '\t=1+1', { 'content-type': 'text/plain' })
    const rows = parseCsv((await download(`/api/export/requests?format=csv&inboxId=${hostile.id}`)).text, { columns: true, record_delimiter: '\r\n' }) as Record<string, string>[]
    expect(rows.map((r) => r.body)).toEqual(["'=cmd|\" /C calc\"!A0", JSON.stringify({ id: '+1+1', type: '@SUM(A1:A9)' }), "'\t=1+1"])
    expect(rows[1]!.event_type).toBe("'@SUM(A1:A9)")
    expect(rows[1]!.event_id).toBe("'+1+1")
    expect(rows[0]!.path).toBe('/formulas/a')
    const exact = (await download(`/api/export/requests?format=ndjson&inboxId=${hostile.id}`)).text.trim().split('\n').map((l) => JSON.parse(l))
    expect(Buffer.from(exact[0].bodyBase64, 'base64').toString()).toBe('=cmd|" /C calc"!A0')
  })

  it('HAR: a valid HAR 1.2 document with one entry per request', async () => {
    const har = JSON.parse((await download(`/api/export/requests?format=har&inboxId=${inbox.id}`)).text)
    const validate = harValidator()
    expect(validate(har), JSON.stringify(validate.errors)).toBe(true)
    expect(har.log.creator.name).toBe('Hookbench')
    expect(har.log.entries).toHaveLength(4)
    const [first, bin] = har.log.entries
    expect(first.request.url).toBe(`${t.engine.urls.ingest}/exp/hooks?x=1`)
    expect(first.request.queryString).toEqual([{ name: 'x', value: '1' }])
    expect(first.response.status).toBe(200)
    expect(bin.request.postData).toMatchObject({ mimeType: 'application/octet-stream', _encoding: 'base64' })
  })

  it('filters like the screens', async () => {
    const lines = (await download(`/api/export/requests?format=ndjson&inboxId=${inbox.id}&method=GET`)).text.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(JSON.parse(lines[0]!).path).toBe('/exp/ping')
  })

  it('deliveries: NDJSON per delivery with all attempts; CSV and HAR one row/entry per attempt', async () => {
    const nd = (await download('/api/export/deliveries?format=ndjson')).text.trim().split('\n').map((l) => JSON.parse(l))
    expect(nd).toHaveLength(1)
    expect(nd[0]).toMatchObject({ format: 'hookbench.delivery/v1', status: 'succeeded' })
    expect(nd[0].attempts.map((a: { response: { status: number } }) => a.response.status)).toEqual([500, 200])

    const csv = parseCsv((await download('/api/export/deliveries?format=csv')).text, { columns: true }) as Record<string, string>[]
    expect(Object.keys(csv[0]!)).toEqual(ATTEMPT_CSV_COLUMNS.map((c) => c.name))
    expect(csv.map((r) => [r.attempt, r.response_status])).toEqual([['1', '500'], ['2', '200']])
    expect(csv[0]!.signature).toMatch(/^X-Webhook-Signature: sha256=[0-9a-f]{64}$/i)
    expect(csv[0]!.request_body).toBe(sink.received[0]!.body.toString())

    const har = JSON.parse((await download('/api/export/deliveries?format=har')).text)
    const validate = harValidator()
    expect(validate(har), JSON.stringify(validate.errors)).toBe(true)
    expect(har.log.entries.map((e: { response: { status: number } }) => e.response.status)).toEqual([500, 200])
    expect(har.log.entries[0].request.postData.text).toBe(sink.received[0]!.body.toString())
  })

  it('never contains a secret, but keeps the signature headers that were sent', async () => {
    for (const kind of ['requests', 'deliveries']) {
      for (const format of ['ndjson', 'json', 'csv', 'har']) {
        const text = (await download(`/api/export/${kind}?format=${format}`)).text
        expect(text, `${kind} ${format}`).not.toContain(webhookSecret)
        expect(text, `${kind} ${format}`).not.toContain(INBOX_SECRET)
        expect(text).toMatch(kind === 'requests' ? /webhook-signature/ : /X-Webhook-Signature/)
      }
    }
  })

  it('redact=true hides credential values (request, response, forward and attempt headers; URL passwords) in every format; without it they are as sent', async () => {
    // A request with credentials, to an inbox whose answer sets a cookie.
    const creds = await createInbox(t, { name: 'creds', slug: 'creds', response: { status: 200, headers: { 'Set-Cookie': 'session=ck_answer_secret' }, body: 'ok' } })
    await t.ingest('POST', '/creds/in', '{"type":"x"}', { 'content-type': 'application/json', authorization: 'Bearer in_token_secret', cookie: 'sid=in_cookie_secret', 'X-Api-Key': 'in_key_secret' })
    // A delivery whose webhook sends its own Authorization, to a URL with a password.
    const url = new URL(sink.url)
    url.username = 'ops'
    url.password = 'url_pw_secret'
    const wh = await t.api('POST', '/api/webhooks', { name: 'with creds', url: url.href, profileId: 'taskhub', events: ['task.created'], allowLocal: true, headers: { Authorization: 'Bearer out_token_secret' } })
    expect(wh.status, JSON.stringify(wh.body)).toBe(201)
    const fired = await t.api('POST', '/api/events', { type: 'task.created', profileId: 'taskhub', webhookIds: [wh.body.id] })
    await attemptsDone(t, fired.body.deliveries[0].id, 1)
    const secrets = ['in_token_secret', 'in_cookie_secret', 'in_key_secret', 'ck_answer_secret', 'out_token_secret', 'url_pw_secret']

    for (const format of ['ndjson', 'json', 'csv', 'har']) {
      const requests = (await download(`/api/export/requests?format=${format}&inboxId=${creds.id}&redact=true`)).text
      const deliveries = (await download(`/api/export/deliveries?format=${format}&webhookId=${wh.body.id}&redact=true`)).text
      for (const secret of secrets) {
        expect(requests, `requests ${format}`).not.toContain(secret)
        expect(deliveries, `deliveries ${format}`).not.toContain(secret)
      }
      if (format !== 'csv') {
        // The headers stay, in order, so the file still says what was sent.
        expect(requests).toContain('[redacted]')
        expect(deliveries).toContain('[redacted]')
        expect(deliveries).toContain('ops:redacted@')
      }
      const asSent = (await download(`/api/export/requests?format=${format}&inboxId=${creds.id}`)).text + (await download(`/api/export/deliveries?format=${format}&webhookId=${wh.body.id}`)).text
      if (format !== 'csv') for (const secret of secrets) expect(asSent, `as sent ${format}`).toContain(secret)
    }
    const ndjson = JSON.parse((await download(`/api/export/requests?format=ndjson&inboxId=${creds.id}&redact=true`)).text.trim())
    expect(ndjson.headers.map(([n]: [string, string]) => n.toLowerCase())).toEqual(expect.arrayContaining(['authorization', 'cookie', 'x-api-key', 'content-type']))
    expect(ndjson.headers.find(([n]: [string, string]) => n === 'content-type')[1]).toBe('application/json')
    expect(ndjson.response.headers.find(([n]: [string, string]) => n.toLowerCase() === 'set-cookie')[1]).toBe('[redacted]')
    expect(JSON.parse((await download(`/api/export/requests?format=json&inboxId=${creds.id}&redact=true`)).text).redacted).toBe(true)
    expect(JSON.parse((await download(`/api/export/requests?format=har&inboxId=${creds.id}&redact=true`)).text).log.comment).toMatch(/redacted/)
    expect(JSON.parse((await download(`/api/export/requests?format=har&inboxId=${creds.id}`)).text).log.comment).toBeUndefined()
    expect((await download('/api/export/requests?redact=maybe')).status).toBe(400)
  })

  it('redact=true hides the values of credential query parameters (path and query, queryParams, forward URLs, HAR url and queryString, CSV query, delivery URLs); the names stay in place', async () => {
    const fwd = await createInbox(t, { name: 'query creds', slug: 'qcreds', forwardTo: [`${sink.url}/app?token=TARGETQ`] })
    const forwarded = nextEvent<RequestForwardedEvent>(t, 'request.forwarded', (e) => e.inboxId === fwd.id)
    await t.ingest('POST', '/qcreds/a?api_key=SECRETQ&x=1&Access-Token=SECRETQ2&sig=a%2Bb&key', '{}', { 'content-type': 'application/json' })
    expect((await forwarded).data.forward.url).toContain('SECRETQ') // forwarded as received
    const wh = await t.api('POST', '/api/webhooks', { name: 'query key', url: `${sink.url}/in?apiKey=HOOKQ&v=2`, profileId: 'taskhub', events: ['task.created'], allowLocal: true })
    expect(wh.status, JSON.stringify(wh.body)).toBe(201)
    const fired = await t.api('POST', '/api/events', { type: 'task.created', profileId: 'taskhub', webhookIds: [wh.body.id] })
    await attemptsDone(t, fired.body.deliveries[0].id, 1)
    const secrets = ['SECRETQ', 'SECRETQ2', 'a%2Bb', 'a+b', 'TARGETQ', 'HOOKQ']
    const hidden = 'api_key=%5Bredacted%5D&x=1&Access-Token=%5Bredacted%5D&sig=%5Bredacted%5D&key'

    for (const format of ['ndjson', 'json', 'csv', 'har']) {
      const requests = (await download(`/api/export/requests?format=${format}&inboxId=${fwd.id}&redact=true`)).text
      const deliveries = (await download(`/api/export/deliveries?format=${format}&webhookId=${wh.body.id}&redact=true`)).text
      for (const secret of secrets) {
        expect(requests, `requests ${format}`).not.toContain(secret)
        expect(deliveries, `deliveries ${format}`).not.toContain(secret)
      }
      const asSent = (await download(`/api/export/requests?format=${format}&inboxId=${fwd.id}`)).text
      expect(asSent, `as sent ${format}`).toContain('SECRETQ')
    }
    const [line] = (await download(`/api/export/requests?format=ndjson&inboxId=${fwd.id}&redact=true`)).text.trim().split('\n').map((l) => JSON.parse(l))
    expect(line.path).toBe('/qcreds/a')
    expect(line.query).toBe(hidden)
    expect(line.queryParams).toEqual([['api_key', '[redacted]'], ['x', '1'], ['Access-Token', '[redacted]'], ['sig', '[redacted]'], ['key', '']])
    expect(line.forwards[0].url).toBe(`${sink.url}/app/a?token=%5Bredacted%5D&${hidden}`)
    expect(line.forwards[0].target).toBe(`${sink.url}/app?token=%5Bredacted%5D`)
    expect(JSON.parse((await download(`/api/export/requests?format=json&inboxId=${fwd.id}&redact=true`)).text).items[0].query).toBe(hidden)
    const [entry] = JSON.parse((await download(`/api/export/requests?format=har&inboxId=${fwd.id}&redact=true`)).text).log.entries
    expect(entry.request.url).toBe(`${t.engine.urls.ingest}/qcreds/a?${hidden}`)
    expect(entry.request.queryString).toContainEqual({ name: 'api_key', value: '[redacted]' })
    expect(entry.request.queryString).toContainEqual({ name: 'x', value: '1' })
    const [row] = parseCsv((await download(`/api/export/requests?format=csv&inboxId=${fwd.id}&redact=true`)).text, { columns: true }) as Record<string, string>[]
    expect(row!.query).toBe(hidden)
    const [delivery] = (await download(`/api/export/deliveries?format=ndjson&webhookId=${wh.body.id}&redact=true`)).text.trim().split('\n').map((l) => JSON.parse(l))
    expect(delivery.url).toBe(`${sink.url}/in?apiKey=%5Bredacted%5D&v=2`)
    expect(delivery.attempts[0].request.url).toBe(`${sink.url}/in?apiKey=%5Bredacted%5D&v=2`)
    const [attempt] = JSON.parse((await download(`/api/export/deliveries?format=har&webhookId=${wh.body.id}&redact=true`)).text).log.entries
    expect(attempt.request.queryString).toEqual([{ name: 'apiKey', value: '[redacted]' }, { name: 'v', value: '2' }])
  })

  it('rejects an unknown format or filter with a message that names it', async () => {
    const res = await download('/api/export/requests?format=xml')
    expect(res.status).toBe(400)
    expect(JSON.parse(res.text).message).toMatch(/format/)
    const unknown = await download('/api/export/requests?colour=red')
    expect(unknown.status).toBe(400)
    expect(JSON.parse(unknown.text).message).toMatch(/colour/)
    expect((await download('/api/export/requests?inboxId=inb_nope')).status).toBe(404)
  })
})
