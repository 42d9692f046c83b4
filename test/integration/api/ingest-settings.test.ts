import { request as httpsRequest } from 'node:https'
import { createServer } from 'node:net'
import { request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { IngestSettings } from '../../../src-shared/api/settings'
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { createEngine } from '../../../src-main/engine'
import { HostUnavailableError } from '../../../src-main/engine/api/listen'
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

  it('keeps the actual port when the port is left out, and runs concurrent changes one at a time', async () => {
    await t.api('PUT', '/api/settings/ingest', { host: '127.0.0.1', port: 0, tls: false })
    const port = (await t.api<IngestSettings>('GET', '/api/settings/ingest')).body.port
    const moved = await t.api<IngestSettings>('PUT', '/api/settings/ingest', { host: '127.0.0.1', tls: false })
    expect(moved.body.port).toBe(port)

    const results = await Promise.all([0, 0, 0, 0].map(() => t.api<IngestSettings>('PUT', '/api/settings/ingest', { host: '127.0.0.1', port: 0, tls: false })))
    const ports = results.map((r) => r.body.port)
    expect(new Set(ports).size).toBe(4)
    const final = (await t.api<IngestSettings>('GET', '/api/settings/ingest')).body.port
    expect(final).toBe(ports.at(-1))
    for (const p of ports.slice(0, -1)) await expect(request(`http://127.0.0.1:${p}/net`, { method: 'POST', body: 'x' })).rejects.toThrow()
    expect((await t.ingest('POST', '/net/after-concurrent-moves', '{}')).status).toBe(200)
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

  it('starts on loopback when the saved LAN address is gone, and refuses a flag naming a missing one', async () => {
    const db = new Database(join(tmp.dir, 'hookbench.db'))
    db.prepare("INSERT INTO settings (key, value) VALUES ('ingest.binding', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(JSON.stringify({ host: '192.0.2.77', port: 0, tls: false }))
    db.close()
    const engine = await createEngine({ dataDir: tmp.dir, port: 0 })
    expect(engine.urls.ingest).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    await engine.close()
    const err = await createEngine({ dataDir: tmp.dir, port: 0, ingestHost: '192.0.2.77', ingestPort: 0 }).catch((e) => e)
    expect(err).toBeInstanceOf(HostUnavailableError)
    expect(err.message).toMatch(/192\.0\.2\.77 is not an address of this machine; use one of 127\.0\.0\.1, 0\.0\.0\.0/)
  })
})
