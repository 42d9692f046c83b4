/**
 * Filtering deliveries by a webhook, event or profile that does not exist is a 404 naming the
 * filter, in the list and in the export alike (as exporting the requests of an unknown inbox is),
 * not an empty answer that reads as "no deliveries yet". A deleted webhook's deliveries are
 * deleted with it, so an id that is gone has none to show; a deleted profile's events stay, so
 * its id still filters them.
 */
import { describe, expect, it } from 'vitest'
import { deliveryStatus, engineAndSink } from './helpers'

describe('delivery filters', () => {
  const env = engineAndSink()

  const unknown = (id: string, filter = 'webhookId', what = 'webhook') => ({
    status: 404,
    body: { error: 'HB_ERR_NOT_FOUND', field: `/${filter}`, message: expect.stringMatching(new RegExp(`^No ${what} with id "${id}"`)) },
  })
  const formats = ['ndjson', 'json', 'csv', 'har']

  it('answers 404 for a webhookId that names no webhook, in the list and the export', async () => {
    expect(await env.t.api('GET', '/api/deliveries?webhookId=wh_nope')).toMatchObject(unknown('wh_nope'))
    for (const format of formats) {
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

  it('answers 404 for an eventId or a profileId that names nothing, saying where the ids come from', async () => {
    for (const [filter, what, id, where] of [
      ['eventId', 'event', 'evt_nope', /GET \/api\/events lists/],
      ['profileId', 'profile', 'nope', /GET \/api\/profiles lists/],
    ] as const) {
      const listed = await env.t.api('GET', `/api/deliveries?${filter}=${id}`)
      expect(listed, filter).toMatchObject(unknown(id, filter, what))
      expect(listed.body.message).toMatch(where)
      for (const format of formats) {
        expect(await env.t.api('GET', `/api/export/deliveries?format=${format}&${filter}=${id}`), `${filter} ${format}`).toMatchObject(unknown(id, filter, what))
      }
    }
  })

  it("lists an event's deliveries, and a deleted profile's through the events fired with it", async () => {
    await env.t.api('POST', '/api/profiles/taskhub/clone', { id: 'taskhub-gone' })
    const wh = (await env.t.api('POST', '/api/webhooks', { name: 'moved', url: `${env.sink.url}/m`, profileId: 'taskhub-gone', events: ['*'], allowLocal: true })).body
    const fired = (await env.t.api('POST', '/api/events', { type: 'task.created', profileId: 'taskhub-gone' })).body
    await deliveryStatus(env.t, fired.deliveries[0].id, 'succeeded')
    const ofEvent = await env.t.api('GET', `/api/deliveries?eventId=${encodeURIComponent(fired.event.id)}`)
    expect(ofEvent.body.items.map((d: { id: string }) => d.id)).toEqual([fired.deliveries[0].id])
    // Moved to another profile, the webhook keeps its deliveries of the old profile's events.
    expect((await env.t.api('PATCH', `/api/webhooks/${wh.id}`, { profileId: 'taskhub' })).status).toBe(200)
    expect((await env.t.api('DELETE', '/api/profiles/taskhub-gone')).status).toBe(204)
    const ofProfile = await env.t.api('GET', '/api/deliveries?profileId=taskhub-gone')
    expect(ofProfile.status).toBe(200)
    expect(ofProfile.body.items.map((d: { id: string }) => d.id)).toEqual([fired.deliveries[0].id])
    expect((await env.t.api('GET', '/api/export/deliveries?format=json&profileId=taskhub-gone')).status).toBe(200)
  })
})
