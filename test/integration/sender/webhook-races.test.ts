/**
 * Changes made while an edit waits for the endpoint's verification handshake (Workestra's
 * endpoint.verify): the sink holds the handshake open until the test has paused or deleted
 * the webhook, then answers.
 */
import type { ServerResponse } from 'node:http'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startTestEngine, type TestEngine } from '../../helpers/engine'
import { startSink, type Sink } from '../../helpers/sink'

describe('webhook edits racing a handshake', () => {
  let t: TestEngine
  let sink: Sink
  const held: ServerResponse[] = []
  const release = () => {
    for (const res of held.splice(0)) res.end('ok')
  }
  beforeAll(async () => {
    t = await startTestEngine()
    // Handshakes to /held wait for release(); everything else answers 200 at once.
    sink = await startSink((req, res) => (req.url.startsWith('/held') ? void held.push(res) : res.end('ok')))
  })
  afterEach(release)
  afterAll(async () => {
    await t.stop()
    await sink.close()
  })

  const create = async () => {
    const res = await t.api('POST', '/api/webhooks', { name: 'before', url: `${sink.url}/first`, profileId: 'workestra', events: ['*'], allowLocal: true })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    return res.body as { id: string }
  }
  /** Starts a PATCH that moves the webhook to /held; resolves (with the PATCH pending) once its handshake waits. */
  const heldUpdate = async (id: string) => {
    const seen = sink.received.length
    const update = t.api('PATCH', `/api/webhooks/${id}`, { name: 'after', url: `${sink.url}/held` })
    await sink.waitFor(seen + 1)
    expect(held).toHaveLength(1)
    return { update }
  }

  it('keeps a pause made during the handshake, and applies the edit over it', async () => {
    const wh = await create()
    const { update } = await heldUpdate(wh.id)
    const paused = await t.api('POST', `/api/webhooks/${wh.id}/pause`)
    expect(paused.body).toMatchObject({ status: 'paused' })
    release()

    const res = await update
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body).toMatchObject({ status: 'paused', name: 'after', url: `${sink.url}/held`, pausedAt: paused.body.pausedAt })
    expect((await t.api('GET', `/api/webhooks/${wh.id}`)).body).toMatchObject({ status: 'paused', name: 'after', url: `${sink.url}/held` })
  })

  it('answers 404 when the webhook was deleted during the handshake', async () => {
    const wh = await create()
    const { update } = await heldUpdate(wh.id)
    expect((await t.api('DELETE', `/api/webhooks/${wh.id}`)).status).toBe(204)
    release()

    const res = await update
    expect(res.status).toBe(404)
    expect(res.body).toMatchObject({ error: 'HB_ERR_NOT_FOUND' })
    expect((await t.api('GET', `/api/webhooks/${wh.id}`)).status).toBe(404)
  })

  it('refuses a new webhook whose profile was deleted during the handshake', async () => {
    expect((await t.api('POST', '/api/profiles/workestra/clone', { id: 'workestra-gone' })).status).toBe(201)
    const seen = sink.received.length
    const created = t.api('POST', '/api/webhooks', { name: 'x', url: `${sink.url}/held`, profileId: 'workestra-gone', events: ['*'], allowLocal: true })
    await sink.waitFor(seen + 1)
    expect((await t.api('DELETE', '/api/profiles/workestra-gone')).status).toBe(204)
    release()

    const res = await created
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ error: 'HB_ERR_PROFILE_UNKNOWN', field: '/profileId' })
    expect((await t.api('GET', '/api/webhooks?profileId=workestra-gone')).body.items).toEqual([])
  })
})
