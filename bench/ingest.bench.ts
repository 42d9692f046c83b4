import { createHmac } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createEngine } from '../src-main/engine'
import type { Bench } from './run'
import { allCoresBound, callApi, closedLoop, percentile, report, round, runLoad, startEngineProcess, startInstructionCount, startScriptProcess, type LoadResult } from './lib'

/**
 * Ingest throughput: signed 1–2 KB JSON webhooks into an inbox that verifies them
 * (Workestra profile: HMAC-SHA256 of the raw body), 50 connections, every request committed
 * to SQLite before its reply; next to a bare Fastify route (same '*' buffer parser, no
 * storage) measured in the same run. Figures vary by machine: the ratio is what to compare.
 */
const CONNECTIONS = 50
const MAX_REQUESTS = 40_000
const MAX_SECONDS = 10
const WARMUP = 1_000
const SECRET = 'bench-secret-4f1c2b'

/** N distinct signed bodies of 1–2 KB, built once so the load loop only sends bytes. */
function makeBodies(n: number): { body: Buffer; signature: string }[] {
  const out: { body: Buffer; signature: string }[] = []
  for (let i = 0; i < n; i++) {
    const notes = 'x'.repeat(700 + ((i * 37) % 900))
    const body = Buffer.from(
      JSON.stringify({
        id: `evt_bench_${i}`,
        type: i % 3 === 0 ? 'deal.won' : 'contact.updated',
        created_at: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
        workspace_id: 'ws_abc123',
        data: { id: `con_${i % 500}`, first_name: 'Ada', last_name: 'Lovelace', email: `ada${i}@example.com`, company: 'Analytical Engines', notes },
      }),
    )
    out.push({ body, signature: `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}` })
  }
  return out
}

const BARE_FASTIFY = `
import Fastify from 'fastify'
const app = Fastify({ logger: false, bodyLimit: 64 * 1024 * 1024 })
app.removeAllContentTypeParsers()
app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body))
app.post('/*', async (_req, reply) => reply.header('content-type', 'application/json').send('{"ok":true}'))
const address = await app.listen({ host: '127.0.0.1', port: 0 })
console.log(address)
process.on('SIGTERM', () => app.close().then(() => process.exit(0)))
`

/**
 * The same captures without HTTP: an engine in this process, `receiver.capture()` called by
 * CONNECTIONS concurrent loops, so commits group as they do behind the ingest plane. Its CPU per
 * capture is what capture itself costs (analysis, verification, the durable write), to set
 * against what the HTTP exchange costs (the bare route's server CPU per request).
 */
async function captureWithoutHttp(bodies: { body: Buffer; signature: string }[]) {
  const dataDir = mkdtempSync(join(tmpdir(), 'hookbench-bench-'))
  const engine = await createEngine({ dataDir, port: 0, ingestPort: 0 })
  try {
    const { receiver } = engine.services
    receiver.createInbox({ name: 'bench', slug: 'direct', verification: { profileId: 'workestra', secrets: [SECRET] }, limits: { retention: 1_000_000 } })
    const capture = (i: number) => {
      const b = bodies[i % bodies.length]!
      return receiver.capture('direct', {
        method: 'POST',
        url: '/direct/hooks',
        headers: [['Host', '127.0.0.1'], ['Content-Type', 'application/json'], ['X-Workestra-Signature', b.signature], ['Content-Length', String(b.body.length)]],
        body: b.body,
        remoteAddress: '127.0.0.1',
        remotePort: 40000,
      })
    }
    for (let i = 0; i < WARMUP; i++) await capture(MAX_REQUESTS + i)
    const instructions = await startInstructionCount(process.pid)
    const cpu0 = process.cpuUsage()
    const { latencies, seconds } = await closedLoop({ connections: CONNECTIONS, maxRequests: MAX_REQUESTS, maxSeconds: MAX_SECONDS }, capture)
    const cpu = process.cpuUsage(cpu0)
    const kInstr = ((await instructions.stop()) ?? NaN) / 1000
    return {
      requests: latencies.length,
      seconds: round(seconds, 2),
      rps: round(latencies.length / seconds, 0),
      p50: round(percentile(latencies, 0.5), 2),
      p99: round(percentile(latencies, 0.99), 2),
      serverCpuUsPerRequest: round((cpu.user + cpu.system) / Math.max(1, latencies.length), 1),
      serverKInstrPerRequest: round(kInstr / Math.max(1, latencies.length), 0),
    }
  } finally {
    await engine.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

const bench: Bench = {
  name: 'ingest',
  description: `signed 1-2 KB JSON into a verifying inbox, ${CONNECTIONS} connections, durable before reply; vs a bare Fastify route`,
  async run() {
    const bodies = makeBodies(MAX_REQUESTS + WARMUP)
    const requestFor = (host: string, path: string) => (i: number) => {
      const b = bodies[(i < 0 ? MAX_REQUESTS - i : i) % bodies.length]!
      return {
        method: 'POST' as const,
        path,
        headers: { host, 'content-type': 'application/json', 'x-workestra-signature': b.signature },
        body: b.body,
      }
    }

    const bare = await startScriptProcess(BARE_FASTIFY)
    let baseline: LoadResult & { peakRssMiB: number }
    try {
      const measured = await runLoad({
        origin: bare.url,
        connections: CONNECTIONS,
        maxRequests: MAX_REQUESTS,
        maxSeconds: MAX_SECONDS,
        warmup: WARMUP,
        request: requestFor(new URL(bare.url).host, '/hook'),
        serverCpuMs: bare.cpuMs,
        serverPid: bare.child.pid,
      })
      baseline = { ...measured, peakRssMiB: bare.peakRssMiB() }
    } finally {
      await bare.stop()
    }

    const engine = await startEngineProcess()
    let ingest: LoadResult & { peakRssMiB: number }
    let stored = 0
    let searchCatchUpMs = 0
    try {
      const inbox = await callApi<{ id: string; url: string }>(engine.info, 'POST', '/api/inboxes', {
        name: 'bench',
        slug: 'bench',
        verification: { profileId: 'workestra', secrets: [SECRET] },
        // Keep every request, so the run measures capture rather than retention pruning.
        limits: { retention: 1_000_000 },
      })
      const origin = engine.info.ingest
      const measured = await runLoad({
        origin,
        connections: CONNECTIONS,
        maxRequests: MAX_REQUESTS,
        maxSeconds: MAX_SECONDS,
        warmup: WARMUP,
        request: requestFor(new URL(origin).host, '/bench/hooks'),
        serverCpuMs: engine.cpuMs,
        serverPid: engine.child.pid,
      })
      ingest = { ...measured, peakRssMiB: engine.peakRssMiB() }
      const verdicts = await callApi<{ total: number }>(engine.info, 'GET', `/api/inboxes/${inbox.id}/requests?limit=1&verdict=valid`)
      stored = verdicts.total
      // The search index runs behind capture; the first search pays for the catch-up.
      const t0 = performance.now()
      await callApi(engine.info, 'GET', `/api/inboxes/${inbox.id}/requests?limit=1&q=evt_bench_1`)
      searchCatchUpMs = round(performance.now() - t0, 0)
    } finally {
      await engine.stop()
    }

    const direct = await captureWithoutHttp(bodies)

    report('ingest vs bare Fastify (same machine, same run)', [
      { target: 'bare Fastify route', ...baseline },
      { target: 'inbox capture (verify + commit)', ...ingest },
      { target: 'capture alone, no HTTP (in process)', ...direct },
    ])
    console.log(
      `ratio (inbox rps / bare rps): ${round(ingest.rps / baseline.rps, 3)} — ` +
        `stored with verdict valid: ${stored} of ${ingest.requests + WARMUP} sent (including ${WARMUP} warm-up); ` +
        `first search after the burst (index catch-up): ${searchCatchUpMs} ms`,
    )
    console.log(
      `server CPU per request: bare route ${baseline.serverCpuUsPerRequest} µs (the HTTP exchange), inbox ${ingest.serverCpuUsPerRequest} µs, ` +
        `capture alone ${direct.serverCpuUsPerRequest} µs (analysis, verification, durable write); ` +
        `ceiling on one thread if HTTP cost the bare route's alone: ${round(baseline.serverCpuUsPerRequest / (baseline.serverCpuUsPerRequest + direct.serverCpuUsPerRequest), 2)}`,
    )
    const cpuPerRequest = (r: LoadResult) => (r.cpuMs * 1000) / Math.max(1, r.requests) + r.serverCpuUsPerRequest
    console.log(allCoresBound({ cpuUsPerOp: cpuPerRequest(ingest) }, { cpuUsPerOp: cpuPerRequest(baseline) }, 'load generator + server, all threads'))
  },
}
export default bench
