/**
 * Filtering deliveries by a webhook that does not exist is a 404 naming it, in the list and in
 * the export alike (as exporting the requests of an unknown inbox is), not an empty answer that
 * reads as "no deliveries yet". A deleted webhook's deliveries are deleted with it, so an id that
 * is gone has none to show.
 */
import { describe, expect, it } from 'vitest'
import { deliveryStatus, engineAndSink } from './helpers'

describe('delivery filters', () => {
  const env = engineAndSink()

  const unknown = (id: string) => ({ status: 404, body: { error: 'HB_ERR_NOT_FOUND', field: '/webhookId', message: expect.stringMatching(new RegExp(`^No webhook with id "${id}"`)) } })

  it('answers 404 for a webhookId that names no webhook, in the list and the export', async () => {
    expect(await env.t.api('GET', '/api/deliveries?webhookId=wh_nope')).toMatchObject(unknown('wh_nope'))
    for (const format of ['ndjson', 'json', 'csv', 'har']) {
      expect(await env.t.api('GET', `/api/export/deliveries?format=${format}&webhookId=wh_nope`), format).toMatchObject(unknown('wh_nope'))
    }
    expect((await env.t.api('GET', '/api/export/requests?inboxId=inb_nope')).status).toBe(404)
  })

  it("lists a webhook's deliveries, and answers 404 once the webhook and its deliveries are deleted", async () => {
    const wh = (await env.t.api('POST', '/api/webhooks', { name: 'w', url: `${env.sink.url}/w`, profileId: 'taskhub', events: ['*'], allowLocal: true })).body
    const fired = (await env.t.api('POST', '/api/events', { type: 'task.created', profileId: 'taskhub' })).body
    await deliveryStatus(env.t, fired.deliveries[0].id, 'succeeded')
    expect((await env.t.api('GET', `/api/deliveries?webhookId=${wh.id}`)).body.items).toHaveLength(1)
    const exported = await env.t.api('GET', `/api/export/deliveries?format=json&webhookId=${wh.id}`)
    expect(exported.status).toBe(200)
    expect((await env.t.api('DELETE', `/api/webhooks/${wh.id}`)).status).toBe(204)
    expect((await env.t.api('GET', `/api/deliveries/${fired.deliveries[0].id}`)).status).toBe(404)
    const gone = await env.t.api('GET', `/api/deliveries?webhookId=${wh.id}`)
    expect(gone).toMatchObject(unknown(wh.id))
    expect(gone.body.message).toMatch(/deleted with it/)
  })
})
