import { request as httpsRequest } from 'node:https'
import { createServer } from 'node:net'
import { request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { IngestSettings } from '../../../src-shared/api/settings'
import { createEngine } from '../../../src-main/engine'
import { startTestEngine, type TestEngine } from '../../helpers/engine'
import { tempDir } from '../../helpers/tmp'
import { createInbox } from '../receiver/helpers'

/** POSTs to an HTTPS URL with a client that trusts only `ca`. */
function postTrusting(url: string, ca: string, body: string): Promise<{ status: number; body: string }> {
  const u = new URL(url)
  return new Promise((resolve, reject) => {
    const req = httpsRequest({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', ca, agent: false, headers: { 'content-type': 'application/json' } }, (res) => {
      let text = ''
      res.on('data', (d) => (text += d))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

describe('ingest plane settings: address, port and HTTPS', () => {
  let t: TestEngine
  const tmp = tempDir()
  beforeAll(async () => {
    t = await startTestEngine({ dataDir: tmp.dir, keepDataDir: true })
    await createInbox(t, { name: 'net', slug: 'net' })
  })
  afterAll(async () => {
    await t.stop()
    tmp.cleanup()
  })

  it('starts on loopback over plain HTTP, not exposed', async () => {
    const res = await t.api<IngestSettings>('GET', '/api/settings/ingest')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ host: '127.0.0.1', tls: false, exposed: false, certificate: null })
    expect(res.body.urls).toEqual([{ url: t.engine.urls.ingest, scope: 'loopback' }])
  })

  it('serves the inboxes over HTTPS: a client that trusts only the generated certificate delivers', async () => {
    const oldUrl = t.engine.urls.ingest
    const res = await t.api<IngestSettings>('PUT', '/api/settings/ingest', { host: '127.0.0.1', port: 0, tls: true })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.tls).toBe(true)
    expect(res.body.certificate?.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)
    expect(t.engine.urls.ingest).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
    const pem = await t.api('GET', '/api/settings/ingest/certificate')
    expect(pem.status).toBe(200)
    expect(pem.body).toMatch(/^-----BEGIN CERTIFICATE-----/)
    const delivered = await postTrusting(`${t.engine.urls.ingest}/net/hook`, pem.body, '{"over":"tls"}')
    expect(delivered.status).toBe(200)
    const list = await t.api('GET', `/api/inboxes/${(await t.api('GET', '/api/inboxes')).body.items[0].id}/requests?limit=1`)
    expect(list.body.items[0].path).toBe('/net/hook')
    // the old listener is gone
    await expect(request(`${oldUrl}/net`, { method: 'POST', body: 'x' })).rejects.toThrow()
    // the inbox URLs shown follow the move
    const inbox = (await t.api('GET', '/api/inboxes')).body.items[0]
    expect(JSON.stringify(inbox)).toContain(t.engine.urls.ingest)
  })

  it('listens on every interface when asked, says it is exposed, and reveals no inbox to unknown slugs', async () => {
    const res = await t.api<IngestSettings>('PUT', '/api/settings/ingest', { host: '0.0.0.0', port: 0, tls: false })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.exposed).toBe(true)
    expect(res.body.urls[0]).toEqual({ url: t.engine.urls.ingest, scope: 'loopback' })
    const unknown = await t.ingest('POST', '/nope', 'x')
    expect(unknown.status).toBe(404)
    expect(unknown.body.toString()).not.toContain('/net')
    expect((await t.ingest('POST', '/net/still-works', '{}')).status).toBe(200)
  })

  it('rejects a host that is not an address, and keeps serving when the port is taken', async () => {
    const bad = await t.api('PUT', '/api/settings/ingest', { host: 'example.com', tls: false })
    expect(bad.status).toBe(400)
    expect(bad.body.field).toBe('/host')
    const missing = await t.api('PUT', '/api/settings/ingest', { host: '192.0.2.77', tls: false })
    expect(missing.status).toBe(400)
    expect(missing.body.message).toMatch(/not an address of this machine/)

    const blocker = createServer()
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r))
    const port = (blocker.address() as { port: number }).port
    const before = t.engine.urls.ingest
    const taken = await t.api('PUT', '/api/settings/ingest', { host: '127.0.0.1', port, tls: false })
    expect(taken.status).toBe(409)
    expect(taken.body.message).toContain(`Port ${port} is in use`)
    expect(t.engine.urls.ingest).toBe(before)
    expect((await t.ingest('POST', '/net/after-failure', '{}')).status).toBe(200)
    blocker.close()
  })

  it('remembers the choice for the next start, unless flags say otherwise', async () => {
    await t.api('PUT', '/api/settings/ingest', { host: '127.0.0.1', port: 0, tls: true })
    await t.engine.close()
    const again = await createEngine({ dataDir: tmp.dir, port: 0 })
    expect(again.urls.ingest).toMatch(/^https:\/\/127\.0\.0\.1:/)
    await again.close()
    const flagged = await createEngine({ dataDir: tmp.dir, port: 0, ingestPort: 0, ingestTls: false })
    expect(flagged.urls.ingest).toMatch(/^http:\/\//)
    await flagged.close()
  })
})
