/**
 * Crash test: the built CLI runs the engine (`hookbench serve --time-scale`) with deliveries
 * mid-schedule and attempts in flight, is killed with SIGKILL, and is restarted on the same
 * data folder. Every delivery reaches a final state, none is lost, and resends carry the same
 * event id (webhook-id) and body bytes.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import type { ServerResponse } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { Delivery, DeliverySummary } from '../../../src-shared/api/deliveries'
import { verifySignature } from '../../../src-main/engine/signing'
import { startServe, type ServeProcess } from '../../helpers/cli'
import { startSink, type ReceivedRequest } from '../../helpers/sink'
import { header } from './helpers'

type Info = ServeProcess['info']

async function call<T = any>(info: Info, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(info.api.replace(/\/api$/, '') + path, {
    method,
    headers: { authorization: `Bearer ${info.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`)
  return (text ? JSON.parse(text) : undefined) as T
}

/** Re-checks on every message of the engine's live feed until `check` holds (no sleeping). */
function untilLive<T>(info: Info, check: () => Promise<T | null | undefined | false>, limitMs = 60_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${info.api.replace(/^http/, 'ws')}/live?token=${info.token}`)
    let busy = false
    let again = false
    let done = false
    const end = (fn: () => void) => {
      if (done) return
      done = true
      clearTimeout(timer)
      ws.close()
      fn()
    }
    const run = async () => {
      if (busy) return void (again = true)
      busy = true
      try {
        do {
          again = false
          const v = await check()
          if (v) return end(() => resolve(v as T))
        } while (again && !done)
      } catch (err) {
        end(() => reject(err))
      } finally {
        busy = false
      }
    }
    const timer = setTimeout(() => end(() => reject(new Error('the deliveries did not all finish in time'))), limitMs)
    ws.on('message', () => void run())
    ws.on('open', () => void run())
    ws.on('error', (err) => end(() => reject(err)))
  })
}

describe('crash safety', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hookbench-crash-'))
  const servers: ServeProcess[] = []
  afterAll(async () => {
    for (const s of servers) if (s.child.exitCode === null && s.child.signalCode === null) await s.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('loses no delivery when the engine is killed with attempts in flight and retries pending', async () => {
    const N = 20
    const HANGING = 10 // events whose second attempt is in flight at the kill
    let phase: 'before' | 'after' = 'before'
    const held: ServerResponse[] = []
    const perEvent = new Map<string, number>()
    const sink = await startSink((req, res) => {
      const id = header(req.headers, 'webhook-id')!
      const n = (perEvent.get(id) ?? 0) + 1
      perEvent.set(id, n)
      if (phase === 'after') return void res.end('ok')
      const index = Number(JSON.parse(req.body.toString()).data.index)
      if (n === 2 && index < HANGING) return void held.push(res) // never answered before the kill
      res.statusCode = 500
      res.end('down')
    })
    try {
      const args = ['--data-dir', dataDir, '--port', '0', '--ingest-port', '0']
      // Real time before the crash (retry 2 is a minute away: the kill lands mid-schedule); after
      // the restart, time runs 50 times faster so that minute passes in about a second.
      const first = await startServe(args)
      servers.push(first)
      const info = first.info

      // A profile with a short first retry and longer later ones, and one event type.
      await call(info, 'POST', '/api/profiles/standard-webhooks/clone', { id: 'crashy' })
      await call(info, 'PATCH', '/api/profiles/crashy', { retrySchedule: [1, 60, 60, 60], timeoutMs: 120_000 })
      await call(info, 'POST', '/api/event-types', {
        profileId: 'crashy',
        name: 'job.done',
        category: 'Jobs',
        schema: { type: 'object', required: ['index'], properties: { index: { type: 'integer' } } },
      })
      const wh = await call(info, 'POST', '/api/webhooks', { name: 'crash', url: `${sink.url}/hook`, profileId: 'crashy', events: ['*'], allowLocal: true, maxConcurrency: 50 })
      const fired = []
      for (let i = 0; i < N; i++) fired.push(await call(info, 'POST', '/api/events', { type: 'job.done', profileId: 'crashy', data: { index: i } }))
      const eventIds = fired.map((f) => f.event.id as string)
      const deliveryIds = fired.map((f) => f.deliveries[0].id as string)

      // Kill once every event has had two attempts: HANGING of them are in flight, the others wait for retry 2.
      await sink.waitFor(2 * N)
      await untilLive(info, async () => {
        const pending = (await call<{ items: DeliverySummary[] }>(info, 'GET', '/api/deliveries?status=pending&limit=500')).items
        return pending.length === N && pending.filter((d) => d.attemptCount === 2 && d.nextAttemptAt !== null).length === N - HANGING
      })
      expect(await first.stop('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' })
      for (const res of held.splice(0)) res.destroy()
      phase = 'after'
      const receivedBefore = sink.received.length

      const second = await startServe([...args, '--time-scale', '50'])
      servers.push(second)
      const done = await untilLive(second.info, async () => {
        const all = (await call<{ items: DeliverySummary[] }>(second.info, 'GET', `/api/deliveries?webhookId=${wh.id}&limit=500`)).items
        return all.length === N && all.every((d) => d.status === 'succeeded' || d.status === 'failed') ? all : null
      })
      expect(done.map((d) => d.status)).toEqual(Array(N).fill('succeeded'))
      expect(new Set(done.map((d) => d.id))).toEqual(new Set(deliveryIds))

      // Every event arrived after the restart, signed, with its own id and its own bytes.
      const after = sink.received.slice(receivedBefore)
      const byEvent = new Map<string, ReceivedRequest[]>()
      for (const r of sink.received) byEvent.set(header(r.headers, 'webhook-id')!, [...(byEvent.get(header(r.headers, 'webhook-id')!) ?? []), r])
      expect(new Set(after.map((r) => header(r.headers, 'webhook-id')))).toEqual(new Set(eventIds))
      for (const [id, requests] of byEvent) {
        expect(new Set(requests.map((r) => r.body.toString('base64'))).size, id).toBe(1)
        for (const r of requests) {
          const ts = Number(header(r.headers, 'webhook-timestamp')) * 1000
          expect(verifySignature({ scheme: 'standard-webhooks', secrets: [{ value: wh.secret }], body: r.body, headers: r.headers, now: ts }).verdict).toBe('valid')
        }
      }

      // The interrupted attempts are on record, and the resend that followed.
      for (const [i, id] of deliveryIds.entries()) {
        const d = await call<Delivery>(second.info, 'GET', `/api/deliveries/${id}`)
        if (i < HANGING) {
          expect(d.attempts.map((a) => [a.n, a.outcome, a.trigger])).toEqual([
            [1, 'failed', 'schedule'],
            [2, 'interrupted', 'schedule'],
            [3, 'succeeded', 'recovery'],
          ])
          expect(d.attempts[1]!.error).toMatchObject({ code: 'interrupted', message: expect.stringMatching(/sent again on restart/) })
        } else {
          expect(d.attempts.map((a) => a.outcome)).toEqual(['failed', 'failed', 'succeeded'])
          expect(d.attempts[2]!.trigger).toBe('schedule')
        }
      }
      expect(first.stderr()).toBe('')
      expect(second.stderr()).toBe('')
      expect(await second.stop()).toEqual({ code: 0, signal: null })
    } finally {
      for (const res of held) res.destroy()
      await sink.close()
    }
  }, 90_000)
})
