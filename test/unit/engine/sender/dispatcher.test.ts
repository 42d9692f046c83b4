/**
 * The dispatcher on a real SQLite file with a scripted HTTP client: the global limit, crash
 * recovery (a second "process" on the same file), and results of deleted webhooks.
 */
import { join } from 'node:path'
import pino from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { createFakeClock } from '../../../../src-main/engine/clock'
import type { EngineContext } from '../../../../src-main/engine/context'
import { closeDatabase, openDatabase } from '../../../../src-main/engine/db/open'
import { createEventBus } from '../../../../src-main/engine/events'
import type { OutboundClient, OutboundRequest, OutboundResult } from '../../../../src-main/engine/http/outbound'
import { createSender, type Sender } from '../../../../src-main/engine/sender'
import type { EngineEvent } from '../../../../src-main/engine/events'
import { tempDir } from '../../../helpers/tmp'

/** Real ms a spin-wait may take before it fails with the state it was waiting for. */
const WAIT_LIMIT_MS = 10_000

/** Yields to the event loop until `check()` holds; throws naming `what` after WAIT_LIMIT_MS. */
async function spinUntil(what: string, check: () => boolean, step: () => void = () => {}): Promise<void> {
  const deadline = Date.now() + WAIT_LIMIT_MS
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${WAIT_LIMIT_MS} ms waiting for ${what}`)
    step()
    await new Promise((r) => setImmediate(r))
  }
}

/** An HTTP client whose requests stay open until the test answers them. */
function scriptedHttp() {
  const open: Array<{ req: OutboundRequest; answer: (r: OutboundResult) => void }> = []
  let maxOpen = 0
  const client: OutboundClient = {
    send: (req) =>
      new Promise((resolve) => {
        const entry = { req, answer: resolve }
        open.push(entry)
        maxOpen = Math.max(maxOpen, open.length)
        req.signal?.addEventListener('abort', () => resolve({ ok: false, error: { code: 'aborted', message: 'cancelled' }, durationMs: 1 }))
      }),
    close: async () => {},
  }
  const ok = (): OutboundResult => ({ ok: true, response: { status: 200, headers: [], body: Buffer.from('ok'), size: 2, truncated: false }, durationMs: 3 })
  return {
    client,
    open,
    maxOpen: () => maxOpen,
    /** Answers every open request with 200. */
    answerAll() {
      for (const e of open.splice(0)) e.answer(ok())
    },
    /** Resolves once `n` requests are open. */
    async waitOpen(n: number) {
      await spinUntil(`${n} open request(s) (${open.length} open)`, () => open.length >= n)
    },
  }
}

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

function engineOn(dir: string, http: OutboundClient, maxInFlight?: number) {
  const clock = createFakeClock()
  const db = openDatabase(join(dir, 'hookbench.db'))
  const ctx: EngineContext = {
    db,
    clock,
    events: createEventBus(clock),
    log: pino({ level: 'silent' }),
    dataDir: dir,
    dbPath: join(dir, 'hookbench.db'),
    version: '0.0.0-test',
    urls: () => ({ ui: '', api: '', ingest: '' }),
    ingestHost: '127.0.0.1',
    hostRuntime: 'node',
    startedAt: new Date(clock.now()).toISOString(),
  }
  const sender = createSender(ctx, http, maxInFlight ? { maxInFlight } : {})
  return { ctx, sender, close: async () => void (await sender.stop(), closeDatabase(db)) }
}

const until = (what: string, check: () => boolean) => spinUntil(what, check)

async function webhooks(sender: Sender, n: number) {
  const ids = []
  for (let i = 0; i < n; i++) ids.push((await sender.webhooks.create({ name: `w${i}`, url: `http://127.0.0.1:9/${i}`, profileId: 'taskhub', events: ['*'], secret: 'k' })).id)
  return ids
}

describe('dispatcher', () => {
  it('never has more attempts in flight than the global limit', async () => {
    const tmp = tempDir()
    const http = scriptedHttp()
    const e = engineOn(tmp.dir, http.client, 3)
    cleanups.push(() => tmp.cleanup(), e.close)
    await webhooks(e.sender, 2)
    for (let i = 0; i < 5; i++) e.sender.events.fire({ type: 'task.created', profileId: 'taskhub' }, { source: 'api' })
    await http.waitOpen(3)
    for (let round = 0; round < 5 && http.open.length > 0; round++) {
      http.answerAll()
      await new Promise((r) => setImmediate(r))
      await new Promise((r) => setImmediate(r))
    }
    const count = () => (e.ctx.db.prepare("SELECT count(*) AS n FROM deliveries WHERE status = 'succeeded'").get() as { n: number }).n
    await spinUntil('10 succeeded deliveries', () => count() >= 10, () => http.answerAll())
    expect(http.maxOpen()).toBe(3)
  })

  it('after a crash, marks the attempts that were in flight interrupted and sends them again', async () => {
    const tmp = tempDir()
    cleanups.push(() => tmp.cleanup())
    const first = scriptedHttp()
    const a = engineOn(tmp.dir, first.client)
    const [wh] = await webhooks(a.sender, 1)
    const fired = a.sender.events.fire({ type: 'task.created', profileId: 'taskhub' }, { source: 'api' })
    await first.waitOpen(1)
    const sentBefore = first.open[0]!.req
    // "Crash": the process vanishes without stopping; a new one opens the same file.
    const second = scriptedHttp()
    const b = engineOn(tmp.dir, second.client)
    cleanups.push(b.close)
    await second.waitOpen(1)
    const resent = second.open[0]!.req
    expect(resent.body!.equals(sentBefore.body!)).toBe(true)
    expect(resent.headers.find(([n]) => n === 'X-Webhook-ID')?.[1]).toBe(wh)
    second.answerAll()
    const id = fired.deliveries[0]!.id
    await until(`delivery ${id} to succeed`, () => b.sender.deliveries.get(id).status === 'succeeded')
    const d = b.sender.deliveries.get(id)
    expect(d.attempts.map((x) => [x.n, x.outcome, x.trigger, x.error?.code ?? null])).toEqual([
      [1, 'interrupted', 'schedule', 'interrupted'],
      [2, 'succeeded', 'recovery', null],
    ])
    a.ctx.db.close()
  })

  it('ignores the result of an attempt whose webhook was deleted meanwhile', async () => {
    const tmp = tempDir()
    const http = scriptedHttp()
    const e = engineOn(tmp.dir, http.client)
    cleanups.push(() => tmp.cleanup(), e.close)
    const [wh] = await webhooks(e.sender, 1)
    const fired = e.sender.events.fire({ type: 'task.created', profileId: 'taskhub' }, { source: 'api' })
    const deliveryId = fired.deliveries[0]!.id
    await http.waitOpen(1)
    // With a subscriber the dispatcher builds and emits live-feed events for every applied result.
    const deliveryEvents: EngineEvent[] = []
    cleanups.push(e.ctx.events.subscribe((ev) => {
      if (ev.topic.startsWith('delivery.')) deliveryEvents.push(ev)
    }))
    e.sender.webhooks.remove(wh!)
    const applied = e.sender.dispatcher.waitForAttempt(deliveryId) // resolves once the result was handled
    http.answerAll()
    await applied
    expect((e.ctx.db.prepare('SELECT count(*) AS n FROM attempts').get() as { n: number }).n).toBe(0)
    expect(deliveryEvents.map((ev) => ev.topic)).toEqual([])
  })

  it('leaves attempts in flight at shutdown to be resent on the next start', async () => {
    const tmp = tempDir()
    cleanups.push(() => tmp.cleanup())
    const http = scriptedHttp()
    const e = engineOn(tmp.dir, http.client)
    await webhooks(e.sender, 1)
    e.sender.events.fire({ type: 'task.created', profileId: 'taskhub' }, { source: 'api' })
    await http.waitOpen(1)
    await e.close()
    const again = scriptedHttp()
    const f = engineOn(tmp.dir, again.client)
    cleanups.push(f.close)
    await again.waitOpen(1)
    expect(again.open).toHaveLength(1)
  })
})
