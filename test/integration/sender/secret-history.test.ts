/**
 * A webhook's secrets list shows every secret that still signs, however many rotations overlap;
 * only the history of expired ones is capped, and the answer says how many were left out.
 */
import { describe, expect, it } from 'vitest'
import type { Webhook } from '../../../src-shared/api/webhooks'
import { engineAndSink, header } from './helpers'

describe('webhook secret history', () => {
  const env = engineAndSink()

  it('lists all 11 live secrets after 10 overlapping rotations, as many as sign a delivery', async () => {
    const created = (await env.t.api('POST', '/api/webhooks', { name: 'w', url: `${env.sink.url}/w`, profileId: 'standard-webhooks', events: ['*'], allowLocal: true })).body
    for (let i = 0; i < 10; i++) expect((await env.t.api('POST', `/api/webhooks/${created.id}/rotate-secret`, { overlapSeconds: 3600 })).status).toBe(200)
    const wh: Webhook = (await env.t.api('GET', `/api/webhooks/${created.id}`)).body
    expect(wh.secrets).toHaveLength(11)
    expect(wh.secrets.every((s) => s.live)).toBe(true)
    expect(wh.secrets[10]!.value).toBe(created.secret)
    expect(wh.secretsOmitted).toBe(0)
    const test = (await env.t.api('POST', `/api/webhooks/${created.id}/test`, {})).body
    const signature = header(test.delivery.attempts[0].request.headers, 'webhook-signature')!
    expect(signature.split(' ')).toHaveLength(wh.secrets.length)
    expect((await env.t.api('DELETE', `/api/webhooks/${created.id}`)).status).toBe(204)
  })

  it('keeps the 10 most recent expired secrets after the live ones, and says how many older ones it left out', async () => {
    const created = (await env.t.api('POST', '/api/webhooks', { name: 'x', url: `${env.sink.url}/x`, profileId: 'standard-webhooks', events: ['*'], allowLocal: true })).body
    const rotate = (overlapSeconds: number) => env.t.api('POST', `/api/webhooks/${created.id}/rotate-secret`, { overlapSeconds })
    // 13 rotations with no overlap: 13 expired secrets and the current one.
    for (let i = 0; i < 13; i++) expect((await rotate(0)).status).toBe(200)
    await env.t.clock.advance(1000)
    // Two more with an overlap: three live ones.
    for (let i = 0; i < 2; i++) expect((await rotate(3600)).status).toBe(200)
    const wh: Webhook = (await env.t.api('GET', `/api/webhooks/${created.id}`)).body
    expect(wh.secrets.map((s) => s.live)).toEqual([true, true, true, ...Array(10).fill(false)])
    expect(wh.secretsOmitted).toBe(3)
    expect(wh.secrets.filter((s) => !s.live).every((s) => s.expiresAt !== null)).toBe(true)
    // The original secret is among the oldest, left out.
    expect(wh.secrets.some((s) => s.value === created.secret)).toBe(false)
  })
})
