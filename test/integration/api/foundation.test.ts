import { createServer } from 'node:net'
import { request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createEngine } from '../../../src-main/engine'
import { EngineError, PortInUseError } from '../../../src-main/engine/errors'
import { startTestEngine, type TestEngine } from '../../helpers/engine'
import { rawHttp } from '../receiver/helpers'
import { tempDir } from '../../helpers/tmp'

describe('engine foundation over real HTTP', () => {
  let t: TestEngine
  let origin: string
  beforeAll(async () => {
    t = await startTestEngine()
    origin = t.engine.urls.api.replace(/\/api$/, '')
  })
  afterAll(() => t.stop())

  it('answers /api/health without a token', async () => {
    const res = await request(`${origin}/api/health`)
    expect(res.statusCode).toBe(200)
    expect(await res.body.json()).toEqual({ ok: true, version: expect.stringMatching(/^\d+\.\d+\.\d+/) })
  })

  it('binds both planes on 127.0.0.1 with the ports the OS picked', () => {
    expect(t.engine.urls.api).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api$/)
    expect(t.engine.urls.ingest).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(t.engine.urls.ingest).not.toContain(':0')
  })

  it('rejects a request without the token with 401 and says where the token is', async () => {
    const res = await request(`${origin}/api/info`)
    expect(res.statusCode).toBe(401)
    const body = (await res.body.json()) as { error: string; message: string }
    expect(body.error).toBe('HB_ERR_UNAUTHORIZED')
    expect(body.message).toMatch(/Authorization: Bearer/)
  })

  it('rejects a wrong token, and a query token on a write', async () => {
    expect((await t.api('GET', '/api/info', undefined, { authorization: 'Bearer nope' })).status).toBe(401)
    const res = await request(`${origin}/api/inboxes?token=${t.engine.token}`, { method: 'POST', body: '{"name":"x"}', headers: { 'content-type': 'application/json' } })
    expect(res.statusCode).toBe(401)
    await res.body.dump()
  })

  it('accepts the Bearer scheme in any case, as HTTP says of scheme names', async () => {
    for (const scheme of ['bearer', 'BEARER', 'Bearer', 'bEaReR']) {
      expect((await t.api('GET', '/api/info', undefined, { authorization: `${scheme} ${t.engine.token}` })).status, scheme).toBe(200)
    }
    expect((await t.api('GET', '/api/info', undefined, { authorization: `bearer nope` })).status).toBe(401)
    expect((await t.api('GET', '/api/info', undefined, { authorization: `Basic ${t.engine.token}` })).status).toBe(401)
  })

  it('names a query parameter as such when it is unknown or its value is refused', async () => {
    const inbox = await t.api('POST', '/api/inboxes', { name: 'query words' })
    const unknown = await t.api('GET', `/api/inboxes/${inbox.body.id}/requests?since=1`)
    expect(unknown.status).toBe(400)
    expect(unknown.body).toEqual({ error: 'HB_ERR_VALIDATION', message: 'unknown query parameter "since": remove it or check its spelling', field: '/since' })
    const bad = await t.api('GET', '/api/export/deliveries?status=nope')
    expect(bad.body).toMatchObject({ message: 'query parameter "status" must be one of: pending, succeeded, failed, held', field: '/status' })
    const item = await t.api('GET', `/api/inboxes/${inbox.body.id}/requests?method=POST&method=`)
    expect(item.body).toMatchObject({ message: 'query parameter "method" (value 2) must NOT have fewer than 1 characters', field: '/method/1' })
  })

  it('says where the id of a bulk replay or a scenario run comes from when it is unknown: neither has a list of its own', async () => {
    const bulk = await t.api('GET', '/api/replays/bulk/bulk_nope')
    expect(bulk.status).toBe(404)
    expect(bulk.body.message).toBe(
      'No bulk replay with id "bulk_nope". Its id is in the answer of POST /api/replays/bulk (and in the replay.bulk.progress events); the engine keeps only its recent finished ones, and none past a restart.',
    )
    const run = await t.api('POST', '/api/scenario-runs/run_nope/cancel')
    expect(run.status).toBe(404)
    expect(run.body.message).toBe('No scenario run with id "run_nope". A scenario\'s runs are listed by GET /api/scenarios/<scenario id>/runs (its lastRun is in GET /api/scenarios).')
    for (const res of [bulk, run]) expect(res.body.message).not.toContain('List them')
  })

  it('accepts the token as ?token= on a GET (downloads, WebSocket)', async () => {
    const res = await request(`${origin}/api/info?token=${t.engine.token}`)
    expect(res.statusCode).toBe(200)
    await res.body.dump()
  })

  it('returns the version, data folder and URLs from /api/info', async () => {
    const { status, body } = await t.api('GET', '/api/info')
    expect(status).toBe(200)
    expect(body).toMatchObject({ name: 'hookbench', dataDir: t.dataDir, urls: t.engine.urls, schemaVersion: expect.any(Number), clock: { scale: 1, leadMs: 0 } })
    expect(body.runtime.sqlite).toMatch(/^3\./)
  })

  it('refuses a Host header that is not loopback with our port (DNS rebinding)', async () => {
    for (const host of ['evil.example', `evil.example:${new URL(origin).port}`, '127.0.0.1:1', 'localhost']) {
      const res = await t.api('GET', '/api/info', undefined, { host })
      expect(res.status, host).toBe(403)
      expect(res.body.error).toBe('HB_ERR_HOST_REFUSED')
    }
    const ok = await t.api('GET', '/api/info', undefined, { host: `localhost:${new URL(origin).port}` })
    expect(ok.status).toBe(200)
  })

  it('refuses writes from a foreign browser Origin even with the token (CSRF)', async () => {
    const res = await t.api('POST', '/api/info', {}, { origin: 'http://evil.example' })
    expect(res.status).toBe(403)
    expect(res.body.error).toBe('HB_ERR_ORIGIN_REFUSED')
  })

  it('cannot be tricked past the token by percent-escapes or an absolute request target', async () => {
    const port = new URL(origin).port
    for (const path of ['/%61pi/info', '/%2561pi/info', '/api/%69nfo', '/API/info']) {
      const res = await request(`${origin}${path}`)
      expect([401, 404], path).toContain(res.statusCode)
      expect(await res.body.text(), path).not.toContain(t.dataDir)
    }
    const raw = await rawHttp(origin, `GET http://127.0.0.1:${port}/api/info HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`)
    expect(raw).toMatch(/^HTTP\/1\.1 400/)
    expect(raw).not.toContain(t.dataDir)
    const live = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${origin.replace('http', 'ws')}/%61pi/live`, { headers: { origin: 'http://evil.example' } })
      ws.once('unexpected-response', (req, res) => {
        resolve(res.statusCode ?? 0)
        req.destroy()
      })
      ws.once('open', () => {
        resolve(101)
        ws.close()
      })
    })
    expect(live).toBe(403)
  })

  it('answers an unknown API path with a JSON 404', async () => {
    const res = await t.api('GET', '/api/nope')
    expect(res.status).toBe(404)
    expect(res.body.error).toBe('HB_ERR_NOT_FOUND')
  })

  it('says what is wrong with a JSON body: broken JSON, and valid JSON with a "__proto__" key', async () => {
    const send = async (text: string) => {
      const res = await request(`${origin}/api/inboxes`, { method: 'POST', headers: { authorization: `Bearer ${t.engine.token}`, 'content-type': 'application/json' }, body: text })
      return { status: res.statusCode, body: (await res.body.json()) as { error: string; message: string } }
    }
    expect(await send('{"name": "x",}')).toMatchObject({ status: 400, body: { message: 'The body is not valid JSON: check quotes and commas.' } })
    for (const text of ['{"name":"x","__proto__":{"admin":true}}', '{"name":"x","constructor":{"prototype":{"admin":true}}}']) {
      expect(await send(text)).toMatchObject({ status: 400, body: { error: 'HB_ERR_JSON_FORBIDDEN_KEY', message: expect.stringContaining('"__proto__" key') } })
    }
  })

  it('says when a body is not JSON at all: sent as text, empty, or missing', async () => {
    const send = async (body: string | undefined, contentType?: string) => {
      const headers: Record<string, string> = { authorization: `Bearer ${t.engine.token}` }
      if (contentType) headers['content-type'] = contentType
      const res = await request(`${origin}/api/events`, { method: 'POST', headers, body })
      return { status: res.statusCode, body: (await res.body.json()) as { error: string; message: string } }
    }
    expect(await send('{"type":"ping"}', 'text/plain')).toEqual({
      status: 400,
      body: { error: 'HB_ERR_VALIDATION', message: 'The body was sent as text/plain, so it was read as text, not JSON: send it with Content-Type: application/json.' },
    })
    expect((await send('', 'application/json')).body.message).toBe(
      'This endpoint needs a JSON object as its body, and the body was empty: send one with Content-Type: application/json (its fields are in /api/docs).',
    )
    expect((await send(undefined)).body.message).toBe(
      'This endpoint needs a JSON object as its body, and none was sent: send one with Content-Type: application/json (its fields are in /api/docs).',
    )
    expect((await send('null', 'application/json')).body.message).toBe('The body is JSON null: send a JSON object (its fields are in /api/docs).')
    // JSON of the wrong shape still names the field
    expect((await send('[1]', 'application/json')).body.message).toBe('body must be object')
  })

  it('publishes an OpenAPI 3 document generated from the route schemas', async () => {
    const { status, body } = await t.api('GET', '/api/docs/json')
    expect(status).toBe(200)
    expect(body.openapi).toMatch(/^3\./)
    expect(Object.keys(body.paths)).toEqual(expect.arrayContaining(['/api/health', '/api/info']))
    expect((await request(`${origin}/api/docs/json`)).statusCode).toBe(401)
  })

  it('serves the docs page to a browser that brings ?token= once', async () => {
    const page = await request(`${origin}/api/docs?token=${t.engine.token}`, { maxRedirections: 0 } as never)
    expect([200, 302]).toContain(page.statusCode)
    const cookie = String(page.headers['set-cookie'])
    expect(cookie).toMatch(/hb_docs=.*Path=\/api\/docs; HttpOnly; SameSite=Strict/)
    await page.body.dump()
    const spec = await request(`${origin}/api/docs/json`, { headers: { cookie: cookie.split(';')[0]! } })
    expect(spec.statusCode).toBe(200)
    await spec.body.dump()
  })

  it('the ingest plane answers any method on an unknown inbox with 404 JSON', async () => {
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
      const res = await t.ingest(method, '/no-such-inbox/deep/path?x=1', method === 'GET' || method === 'DELETE' ? undefined : 'hello', { 'content-type': 'text/weird' })
      expect(res.status, method).toBe(404)
      expect(JSON.parse(res.body.toString())).toHaveProperty('error')
    }
  })

  it('the ingest plane never serves the control API', async () => {
    const res = await t.ingest('GET', '/api/info', undefined, { authorization: `Bearer ${t.engine.token}` })
    expect(res.status).toBe(404)
    expect(res.body.toString()).not.toContain(t.dataDir)
  })

  it('streams a hello on the live WebSocket, and refuses it without the token or from a foreign origin', async () => {
    const wsUrl = `${origin.replace('http', 'ws')}/api/live`
    const hello = await new Promise<any>((resolve, reject) => {
      const ws = new WebSocket(`${wsUrl}?token=${t.engine.token}`)
      ws.once('message', (data) => {
        resolve(JSON.parse(String(data)))
        ws.close()
      })
      ws.once('error', reject)
    })
    expect(hello).toMatchObject({ type: 'hello', version: expect.any(String) })

    const refused = (url: string, headers: Record<string, string> = {}) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(url, { headers })
        ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
        ws.once('open', () => resolve(101))
      })
    expect(await refused(wsUrl)).toBe(401)
    expect(await refused(`${wsUrl}?token=${t.engine.token}`, { origin: 'http://evil.example' })).toBe(403)
  })

  it('forwards engine events to live subscribers', async () => {
    const ws = new WebSocket(`${origin.replace('http', 'ws')}/api/live?token=${t.engine.token}`)
    const messages: any[] = []
    await new Promise<void>((resolve) => ws.on('message', (d) => (messages.push(JSON.parse(String(d))), messages.length === 1 && resolve())))
    const got = new Promise<any>((resolve) => ws.on('message', (d) => resolve(JSON.parse(String(d)))))
    t.engine.ctx.events.emit('test.ping', { n: 1 })
    expect(await got).toMatchObject({ type: 'event', topic: 'test.ping', data: { n: 1 } })
    ws.close()
  })
})

describe('engine start-up failures', () => {
  it('names the plane and port when a port is taken', async () => {
    const blocker = createServer()
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r))
    const port = (blocker.address() as { port: number }).port
    const tmp = tempDir()
    const err = await createEngine({ dataDir: tmp.dir, port, ingestPort: 0 }).catch((e) => e)
    expect(err).toBeInstanceOf(PortInUseError)
    expect(err).toMatchObject({ plane: 'control', port })
    const err2 = await createEngine({ dataDir: tmp.dir, port: 0, ingestPort: port }).catch((e) => e)
    expect(err2).toMatchObject({ plane: 'ingest', port })
    // the failed starts closed their database: a normal start works on the same folder
    const ok = await createEngine({ dataDir: tmp.dir, port: 0, ingestPort: 0 })
    await ok.close()
    blocker.close()
    tmp.cleanup()
  })

  it('shuts down even when a refused WebSocket client never hangs up', async () => {
    const t = await startTestEngine()
    const ws = new WebSocket(`${t.engine.urls.api.replace(/^http/, 'ws')}/live`)
    await new Promise((resolve) => ws.once('unexpected-response', resolve))
    await t.stop() // would hang forever if the half-open upgrade socket were left alive
    expect(t.engine.ctx.db.open).toBe(false)
  })

  it('refuses to bind the control plane to a non-loopback address', async () => {
    const tmp = tempDir()
    const err = await createEngine({ dataDir: tmp.dir, host: '0.0.0.0', port: 0, ingestPort: 0 }).catch((e) => e)
    expect(err).toBeInstanceOf(EngineError)
    expect(err.message).toMatch(/only binds a loopback address/)
    tmp.cleanup()
  })
})
