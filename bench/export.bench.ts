import { createHmac } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { Bench } from './run'
import { callApi, report, round, startEngineProcess } from './lib'

/**
 * Export of 100 000 captured requests (~1 KB JSON each, verified as Workestra) in each format,
 * streamed over HTTP and discarded: time, bytes, rows per second and the engine's peak
 * resident memory while exporting (sampled from /proc), which should stay flat whatever the
 * row count. The requests are loaded with the import API, which is not what is measured.
 */
const ROWS = 100_000
const SECRET = 'bench-export-secret'
const FORMATS = ['ndjson', 'csv', 'har', 'json'] as const
const MAX_SECONDS_PER_EXPORT = 120

function ndjsonFile(n: number): Buffer {
  const start = Date.UTC(2026, 0, 1)
  const lines: string[] = []
  for (let i = 0; i < n; i++) {
    const body = Buffer.from(
      JSON.stringify({
        id: `evt_${i}`,
        type: i % 2 ? 'deal.won' : 'contact.updated',
        created_at: new Date(start + i * 1000).toISOString(),
        workspace_id: 'ws_1',
        data: { id: `con_${i % 1000}`, email: `user${i}@example.com`, notes: 'n'.repeat(600 + (i % 300)) },
      }),
    )
    const headers = [
      ['Content-Type', 'application/json'],
      ['X-Workestra-Signature', `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`],
      ['User-Agent', 'Workestra-Webhooks/1.0'],
    ]
    lines.push(
      JSON.stringify({
        format: 'hookbench.request/v1',
        method: 'POST',
        pathSuffix: '/',
        query: '',
        headers,
        bodyBase64: body.toString('base64'),
        receivedAt: new Date(start + i * 1000).toISOString(),
        remoteAddress: '203.0.113.7',
        remotePort: 40000 + (i % 20000),
      }),
    )
  }
  return Buffer.from(lines.join('\n') + '\n')
}

const rssMiB = (pid: number) => {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1])
  return kb / 1024
}

const bench: Bench = {
  name: 'export',
  description: `export ${ROWS.toLocaleString('en')} captured requests in each format, streamed; time and peak engine memory`,
  async run() {
    const engine = await startEngineProcess()
    try {
      const inbox = await callApi<{ id: string }>(engine.info, 'POST', '/api/inboxes', {
        name: 'export bench',
        slug: 'export-bench',
        verification: { profileId: 'workestra', secrets: [SECRET] },
        limits: { retention: ROWS * 2 },
      })
      const file = ndjsonFile(ROWS)
      const t0 = performance.now()
      const imported = await fetch(`${engine.info.api}/inboxes/${inbox.id}/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${engine.info.token}`, 'content-type': 'application/x-ndjson' },
        body: new Uint8Array(file),
      })
      if (!imported.ok) throw new Error(`import failed: ${await imported.text()}`)
      console.log(`loaded ${ROWS} requests (${round(file.length / 1024 / 1024, 1)} MiB NDJSON) in ${round((performance.now() - t0) / 1000, 1)} s`)

      const rows: Array<Record<string, string | number>> = []
      const pid = engine.child.pid!
      for (const format of FORMATS) {
        const baseline = rssMiB(pid)
        let peak = baseline
        const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 50)
        let bytes = 0
        let seconds: number
        try {
          const started = performance.now()
          const res = await fetch(`${engine.info.api}/export/requests?format=${format}&inboxId=${inbox.id}`, {
            headers: { authorization: `Bearer ${engine.info.token}` },
            signal: AbortSignal.timeout(MAX_SECONDS_PER_EXPORT * 1000),
          })
          if (!res.ok) throw new Error(`${format} export failed (${res.status}): ${await res.text()}`)
          for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length
          seconds = (performance.now() - started) / 1000
        } finally {
          clearInterval(sampler)
        }
        rows.push({
          format,
          seconds: round(seconds, 1),
          rowsPerSec: round(ROWS / seconds, 0),
          outputMiB: round(bytes / 1024 / 1024, 1),
          rssBeforeMiB: round(baseline, 1),
          rssPeakMiB: round(peak, 1),
          rssGrowthMiB: round(peak - baseline, 1),
        })
      }
      report(`export of ${ROWS.toLocaleString('en')} requests`, rows)
    } finally {
      await engine.stop()
    }
  },
}
export default bench
