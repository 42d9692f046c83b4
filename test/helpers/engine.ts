import { join } from 'node:path'
import { request } from 'undici'
import { createEngine, type Engine, type EngineOptions } from '../../src-main/engine'
import { createFakeClock, type FakeClock } from '../../src-main/engine/clock'
import { tempDir } from './tmp'

export const repoRoot = join(import.meta.dirname, '..', '..')

export interface TestEngine {
  engine: Engine
  clock: FakeClock
  dataDir: string
  /** JSON call to the control plane with the bearer token. */
  api<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: T; headers: Record<string, string | string[] | undefined> }>
  /** Raw request to the ingest plane. */
  ingest(method: string, path: string, body?: string | Buffer, headers?: Record<string, string>): Promise<{ status: number; body: Buffer; headers: Record<string, string | string[] | undefined> }>
  stop(): Promise<void>
}

/** The real engine on 127.0.0.1 port 0, a temp data folder and a fake clock. */
export async function startTestEngine(options: Partial<EngineOptions> & { keepDataDir?: boolean } = {}): Promise<TestEngine> {
  const tmp = options.dataDir ? null : tempDir()
  const dataDir = options.dataDir ?? tmp!.dir
  const clock = (options.clock as FakeClock | undefined) ?? createFakeClock()
  const engine = await createEngine({ port: 0, ingestPort: 0, ...options, dataDir, clock })
  const origin = engine.urls.api.replace(/\/api$/, '')
  return {
    engine,
    clock,
    dataDir,
    async api(method, path, body, headers = {}) {
      const res = await request(origin + path, {
        method: method as 'GET',
        headers: {
          authorization: `Bearer ${engine.token}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      const text = await res.body.text()
      let parsed: unknown = text
      try {
        parsed = text ? JSON.parse(text) : undefined
      } catch {
        // not JSON: keep the text
      }
      return { status: res.statusCode, body: parsed as never, headers: res.headers }
    },
    async ingest(method, path, body, headers = {}) {
      const res = await request(engine.urls.ingest + path, { method: method as 'GET', headers, body })
      return { status: res.statusCode, body: Buffer.from(await res.body.arrayBuffer()), headers: res.headers }
    },
    async stop() {
      await engine.close()
      if (!options.keepDataDir) tmp?.cleanup()
    },
  }
}
