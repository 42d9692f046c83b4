import type { Bench } from './run'
import { allCoresBound, callApi, report, round, runLoad, startEngineProcess, startInstructionCount, startScriptProcess } from './lib'

/**
 * Sender throughput: deliveries per second from the durable dispatcher (each one claimed and
 * its attempt written before it leaves, signed Standard Webhooks-style with a fresh timestamp,
 * the response logged), to a local sink over 50 concurrent connections; next to a bare undici
 * client posting the same bodies to the same sink in the same run.
 *
 * The deliveries are queued first (fired at a paused webhook, so they are held), then the
 * webhook is enabled and the clock starts: what is measured is the dispatcher alone, not the
 * API that fires events. Loops are bounded by count and time.
 *
 * Both sides are warm when measured: the bare client sends 500 requests first (and this process
 * has run undici's code all through the firing), so the engine first sends WARMUP deliveries
 * through a webhook of their own (deleted afterwards). Without it, a fifth of the engine's CPU
 * in the measured phase was V8 compiling the send path, a cost a running engine pays once
 * (instructions per delivery, 1 000 at a time: 2.3 M, 1.1 M, 0.71 M, then steady at ~0.65 M).
 *
 * Besides the rates (which swing with whatever else runs on the machine), it prints CPU time
 * per operation: the engine process's user+system time over the dispatch phase per delivery
 * (/proc/<pid>/stat), and this process's over the bare loop per request. CPU per operation
 * barely moves when other processes share the cores, so it is the figure to compare between
 * runs on a busy machine; the sink's CPU per request is shown too (the same work in both).
 */
const CONNECTIONS = 50
const DELIVERIES = Number(process.env.BENCH_SENDER_DELIVERIES) || 20_000
const MAX_SECONDS = 30
const FIRE_CONNECTIONS = 16
const WARMUP = 3_000

const SINK = `
import { createServer } from 'node:http'
let count = 0
const server = createServer((req, res) => {
  if (req.method === 'GET') return res.end(String(count))
  req.on('data', () => {})
  req.on('end', () => { count++; res.end('ok') })
})
server.keepAliveTimeout = 30_000
server.listen(0, '127.0.0.1', () => console.log('http://127.0.0.1:' + server.address().port))
process.on('SIGTERM', () => process.exit(0))
`

const dataFor = (i: number) => ({ id: `con_${i}`, first_name: 'Ada', last_name: 'Lovelace', email: `ada${i}@example.com`, note: 'x'.repeat(300 + (i % 400)) })

const bench: Bench = {
  name: 'sender',
  description: `durable signed deliveries to a local sink, ${CONNECTIONS} connections; vs a bare undici client posting the same bodies`,
  async run() {
    const sink = await startScriptProcess(SINK)
    // An engine that fails to start must not leave the sink running (it would hold this process open).
    const engine = await startEngineProcess().catch(async (err) => {
      await sink.stop()
      throw err
    })
    try {
      const api = engine.info
      await callApi(api, 'POST', '/api/profiles/standard-webhooks/clone', { id: 'bench' })
      await callApi(api, 'POST', '/api/event-types', {
        profileId: 'bench',
        name: 'contact.synced',
        category: 'Bench',
        schema: { type: 'object', required: ['id'], properties: { id: { type: 'string' }, first_name: { type: 'string' }, last_name: { type: 'string' }, email: { type: 'string' }, note: { type: 'string' } } },
      })
      const origin = api.api.replace(/\/api$/, '')
      const fireEvents = (n: number, webhookId: string) =>
        runLoad({
          origin,
          connections: FIRE_CONNECTIONS,
          maxRequests: n,
          maxSeconds: 120,
          request: (i) => ({
            method: 'POST',
            path: '/api/events',
            headers: { host: new URL(origin).host, authorization: `Bearer ${api.token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ type: 'contact.synced', profileId: 'bench', data: dataFor(i), webhookIds: [webhookId] }),
          }),
        })
      const webhookStats = async (id: string) => (await callApi<{ stats: { succeeded: number; failed: number; total: number } }>(api, 'GET', `/api/webhooks/${id}`)).stats

      // Warm the engine's send path (not measured), as the bare client is warmed below.
      const warm = await callApi<{ id: string }>(api, 'POST', '/api/webhooks', {
        name: 'bench warmup',
        url: `${sink.url}/hook`,
        profileId: 'bench',
        events: ['*'],
        allowLocal: true,
        maxConcurrency: CONNECTIONS,
      })
      const warmFire = await fireEvents(WARMUP, warm.id)
      const warmQueued = warmFire.requests - warmFire.errors - warmFire.non2xx
      const warmDeadline = performance.now() + MAX_SECONDS * 1000
      for (;;) {
        const w = await webhookStats(warm.id)
        if (w.succeeded + w.failed >= warmQueued || performance.now() >= warmDeadline) break
        await new Promise((r) => setTimeout(r, 50))
      }
      await callApi(api, 'DELETE', `/api/webhooks/${warm.id}`)

      const wh = await callApi<{ id: string }>(api, 'POST', '/api/webhooks', {
        name: 'bench',
        url: `${sink.url}/hook`,
        profileId: 'bench',
        events: ['*'],
        allowLocal: true,
        maxConcurrency: CONNECTIONS,
        status: 'paused',
      })

      // Queue the deliveries (held while the webhook is paused); not measured.
      const fire = await fireEvents(DELIVERIES, wh.id)
      const queued = fire.requests - fire.errors - fire.non2xx

      const sinkCount = async () => Number(await (await fetch(sink.url)).text())
      const before = await sinkCount()
      const engineInstructions = await startInstructionCount(engine.child.pid!)
      const engineCpu0 = engine.cpuMs()
      const sinkCpu0 = sink.cpuMs()
      const started = performance.now()
      const startedMonoUs = process.hrtime.bigint() / 1000n
      await callApi(api, 'POST', `/api/webhooks/${wh.id}/enable`)
      // Watch the sink (cheap) while the dispatcher works, then wait until every result is written.
      const deadline = started + MAX_SECONDS * 1000
      while (performance.now() < deadline && (await sinkCount()) - before < queued) await new Promise((r) => setTimeout(r, 10))
      let stats = { succeeded: 0, failed: 0, total: 0 }
      for (;;) {
        stats = await webhookStats(wh.id)
        // Past the deadline, the figures are those of the deliveries written so far.
        if (stats.succeeded + stats.failed >= queued || performance.now() >= deadline) break
        await new Promise((r) => setTimeout(r, 10))
      }
      const seconds = (performance.now() - started) / 1000
      const engineCpuMs = engine.cpuMs() - engineCpu0
      const engineKInstr = ((await engineInstructions.stop()) ?? NaN) / 1000
      // Monotonic clock, as in a V8 .cpuprofile's timestamps: narrows a profile of the engine to this phase.
      if (process.env.BENCH_ENGINE_NODE_ARGS) console.log(`dispatch phase (monotonic µs): ${startedMonoUs} ${process.hrtime.bigint() / 1000n}`)
      const sinkCpuMs = sink.cpuMs() - sinkCpu0
      const received = (await sinkCount()) - before
      const sender = {
        deliveries: stats.succeeded,
        failed: stats.failed,
        seconds: round(seconds, 2),
        rps: round(stats.succeeded / seconds, 0),
        cpuUsPerOp: round((engineCpuMs * 1000) / Math.max(1, stats.succeeded), 1),
        kInstrPerOp: round(engineKInstr / Math.max(1, stats.succeeded), 0),
        sinkCpuUsPerOp: round((sinkCpuMs * 1000) / Math.max(1, received), 1),
        sinkReceived: received,
        peakRssMiB: engine.peakRssMiB(),
      }

      // The exact bytes the engine sent, posted again by a bare client (content-type only, no storage).
      const page = await callApi<{ items: Array<{ id: string }> }>(api, 'GET', `/api/deliveries?webhookId=${wh.id}&limit=200`)
      const bodies: Buffer[] = []
      for (const d of page.items) {
        const full = await callApi<{ attempts: Array<{ request: { body: string } }> }>(api, 'GET', `/api/deliveries/${d.id}`)
        if (full.attempts[0]) bodies.push(Buffer.from(full.attempts[0].request.body))
      }
      if (bodies.length === 0) throw new Error('no delivery was attempted: see the figures above')
      const host = new URL(sink.url).host
      const bareSinkCpu0 = sink.cpuMs()
      const bareInstructions = await startInstructionCount(process.pid)
      const bare = await runLoad({
        origin: sink.url,
        connections: CONNECTIONS,
        maxRequests: DELIVERIES,
        maxSeconds: MAX_SECONDS,
        warmup: 500,
        request: (i) => ({ method: 'POST', path: '/hook', headers: { host, 'content-type': 'application/json' }, body: bodies[Math.abs(i) % bodies.length]! }),
      })
      // This process's instructions include the loop's 500 warmup requests (perf counts the whole run).
      const bareKInstrPerOp = round(((await bareInstructions.stop()) ?? NaN) / 1000 / (bare.requests + 500), 0)
      // The sink's CPU includes the warmup requests.
      const bareSinkCpuUsPerOp = round(((sink.cpuMs() - bareSinkCpu0) * 1000) / (bare.requests + 500), 1)
      const bareCpuUsPerOp = round((bare.cpuMs * 1000) / Math.max(1, bare.requests), 1)

      report('sender vs bare undici (same sink, same bodies, same run)', [
        { target: 'bare undici Pool', requests: bare.requests, seconds: bare.seconds, rps: bare.rps, cpuUsPerOp: bareCpuUsPerOp, kInstrPerOp: bareKInstrPerOp, sinkCpuUsPerOp: bareSinkCpuUsPerOp, p50: bare.p50, p99: bare.p99 },
        { target: 'Hookbench dispatcher (signed, durable, logged)', requests: sender.deliveries, seconds: sender.seconds, rps: sender.rps, cpuUsPerOp: sender.cpuUsPerOp, kInstrPerOp: sender.kInstrPerOp, sinkCpuUsPerOp: sender.sinkCpuUsPerOp, failed: sender.failed, peakRssMiB: sender.peakRssMiB },
      ])
      console.log(
        `ratio (sender deliveries/s ÷ bare requests/s): ${round(sender.rps / bare.rps, 3)} — ` +
          `${sender.deliveries} of ${queued} queued deliveries succeeded and are logged; the sink counted ${received} requests`,
      )
      console.log(
        `CPU per operation: engine ${sender.cpuUsPerOp} µs per delivery, bare client ${bareCpuUsPerOp} µs per request; ` +
          `CPU ratio (bare µs ÷ engine µs): ${round(bareCpuUsPerOp / sender.cpuUsPerOp, 3)}`,
      )
      console.log(
        allCoresBound({ cpuUsPerOp: sender.cpuUsPerOp + sender.sinkCpuUsPerOp }, { cpuUsPerOp: bareCpuUsPerOp + bareSinkCpuUsPerOp }, 'sender + sink, all threads'),
      )
    } finally {
      await engine.stop()
      await sink.stop()
    }
  },
}
export default bench
