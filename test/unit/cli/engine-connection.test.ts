import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { callEngine, CliFailure, readEngineJson, requestEngine, resolveEngineConnection, type EngineConnection } from '../../../src-main/cli/engine-connection'
import { startSink, type Sink } from '../../helpers/sink'
import { tempDir } from '../../helpers/tmp'

const dirs: Array<() => void> = []
afterEach(() => dirs.splice(0).forEach((c) => c()))
const dataDir = () => {
  const t = tempDir()
  dirs.push(t.cleanup)
  return t.dir
}

describe('finding the running engine', () => {
  it('prefers --api and --token, normalising the URL to its /api base', () => {
    expect(resolveEngineConnection({ api: 'http://127.0.0.1:4310/', token: 't' }, {})).toEqual({ api: 'http://127.0.0.1:4310/api', token: 't', source: '--api' })
    expect(resolveEngineConnection({ api: 'http://127.0.0.1:4310/api', token: 't' }, { HOOKBENCH_API: 'http://x/api', HOOKBENCH_TOKEN: 'y' }).api).toBe('http://127.0.0.1:4310/api')
  })

  it('then HOOKBENCH_API and HOOKBENCH_TOKEN', () => {
    expect(resolveEngineConnection({}, { HOOKBENCH_API: 'http://127.0.0.1:5000/api', HOOKBENCH_TOKEN: 'tok' })).toMatchObject({ api: 'http://127.0.0.1:5000/api', token: 'tok' })
  })

  it('then the data folder: engine.json of a live process and its token file', () => {
    const dir = dataDir()
    writeFileSync(join(dir, 'engine.json'), JSON.stringify({ pid: process.pid, version: '0', startedAt: '', urls: { ui: '', api: 'http://127.0.0.1:4999/api', ingest: '' } }))
    writeFileSync(join(dir, 'token'), 'secret-token\n')
    expect(resolveEngineConnection({ dataDir: dir }, {})).toEqual({ api: 'http://127.0.0.1:4999/api', token: 'secret-token', source: dir })
    expect(resolveEngineConnection({}, { HOOKBENCH_DATA_DIR: dir }).token).toBe('secret-token')
  })

  it('says how to start an engine when there is none, or when the recorded one is gone', () => {
    const dir = dataDir()
    expect(() => resolveEngineConnection({ dataDir: dir }, {})).toThrow(/No running Hookbench engine found: .*engine\.json does not exist\. Start one with `hookbench serve --data-dir/)
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'engine.json'), JSON.stringify({ pid: 2 ** 22 + 12345, version: '0', startedAt: '', urls: { ui: '', api: 'http://127.0.0.1:1/api', ingest: '' } }))
    expect(() => resolveEngineConnection({ dataDir: dir }, {})).toThrow(/is no longer running/)
  })

  it('combines --token with HOOKBENCH_API; a flag wins over its own variable; HOOKBENCH_TOKEN never goes to a typed --api', () => {
    const env = { HOOKBENCH_API: 'http://127.0.0.1:5000/api', HOOKBENCH_TOKEN: 'env-token' }
    expect(resolveEngineConnection({ token: 'T' }, { HOOKBENCH_API: env.HOOKBENCH_API })).toEqual({ api: 'http://127.0.0.1:5000/api', token: 'T', source: 'HOOKBENCH_API' })
    expect(() => resolveEngineConnection({ api: 'http://127.0.0.1:6000' }, { HOOKBENCH_TOKEN: 'env-token' })).toThrow(/^--api names an engine: give its --token too/)
    expect(resolveEngineConnection({ token: 'T' }, env)).toMatchObject({ api: 'http://127.0.0.1:5000/api', token: 'T' })
    expect(() => resolveEngineConnection({ api: 'http://127.0.0.1:6000/api' }, env)).toThrow(/HOOKBENCH_TOKEN is only sent to HOOKBENCH_API/)
    expect(resolveEngineConnection({ api: 'http://127.0.0.1:6000/api', token: 'T' }, env)).toMatchObject({ api: 'http://127.0.0.1:6000/api', token: 'T' })
  })

  it('says which half is missing, and where each half can come from', () => {
    expect(() => resolveEngineConnection({ api: 'http://x' }, {})).toThrow(/^--api names an engine but no token was given: add --token <token>/)
    expect(() => resolveEngineConnection({}, { HOOKBENCH_TOKEN: 't' })).toThrow(/^HOOKBENCH_TOKEN gives a token but no engine: add --api <url> or set HOOKBENCH_API/)
    expect(() => resolveEngineConnection({ token: 't' }, {})).toThrow(/^--token gives a token but no engine/)
    expect(() => resolveEngineConnection({}, { HOOKBENCH_API: 'http://x' })).toThrow(/^HOOKBENCH_API names an engine but no token/)
  })

  it('refuses half a pair as a usage error', () => {
    for (const [flags, env] of [[{ api: 'http://x' }, {}], [{}, { HOOKBENCH_TOKEN: 't' }]] as const) {
      try {
        resolveEngineConnection(flags, env)
        expect.unreachable()
      } catch (err) {
        expect(err).toBeInstanceOf(CliFailure)
        expect((err as CliFailure).exitCode).toBe(2)
      }
    }
  })
})

describe('talking to the engine: one wording of every failure', () => {
  let sink: Sink | null = null
  afterEach(async () => {
    await sink?.close()
    sink = null
  })
  /** A stand-in engine answering every request with `status` and `body`. */
  const engine = async (status: number, body: string, type = 'application/json'): Promise<EngineConnection> => {
    sink = await startSink((_req, res) => {
      res.writeHead(status, { 'content-type': type })
      res.end(body)
    })
    return { api: `${sink.url}/api`, token: 'tok', source: 'test' }
  }
  const failure = async (p: Promise<unknown>): Promise<CliFailure> => {
    const err = await p.then(
      () => expect.unreachable(),
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(CliFailure)
    return err as CliFailure
  }

  it('sends the token, the JSON body and its content type, and reads the JSON answer', async () => {
    const conn = await engine(201, '{"ok":true}')
    expect(await callEngine(conn, 'POST', '/api/things', { a: 1 })).toEqual({ ok: true })
    const [got] = sink!.received
    expect(got).toMatchObject({ method: 'POST', url: '/api/things' })
    expect(got!.headers).toContainEqual(['authorization', 'Bearer tok'])
    expect(got!.headers).toContainEqual(['content-type', 'application/json'])
    expect(got!.body.toString()).toBe('{"a":1}')
  })

  it('sends a raw body as is, with the content type given', async () => {
    const conn = await engine(201, '{"imported":1}')
    const bytes = Buffer.from([0x00, 0xff, 0x0a])
    expect(await readEngineJson(conn, await requestEngine(conn, 'POST', '/api/inboxes/x/import', { data: bytes, contentType: 'application/octet-stream' }))).toEqual({ imported: 1 })
    expect(sink!.received[0]!.headers).toContainEqual(['content-type', 'application/octet-stream'])
    expect(sink!.received[0]!.body.equals(bytes)).toBe(true)
  })

  it('a 400 is a usage error (exit 2) with the message, [field] and (code)', async () => {
    const conn = await engine(400, '{"error":"HB_ERR_VALIDATION","message":"Give a URL.","field":"url"}')
    const err = await failure(callEngine(conn, 'POST', '/api/x', {}))
    expect(err.message).toBe('Give a URL. [url] (HB_ERR_VALIDATION)')
    expect(err.exitCode).toBe(2)
    expect((await failure(requestEngine(conn, 'GET', '/api/export/requests'))).exitCode).toBe(2)
  })

  it('a 401 says which flag names the token (exit 1)', async () => {
    const conn = await engine(401, '{"error":"HB_ERR_UNAUTHORIZED","message":"Bad token."}')
    const err = await failure(requestEngine(conn, 'GET', '/api/export/requests'))
    expect(err.message).toBe(`The engine at ${conn.api} refused the token (Bad token.). Check --token / HOOKBENCH_TOKEN.`)
    expect(err.exitCode).toBe(1)
  })

  it('an error answer that is not JSON gives its status (exit 1)', async () => {
    const conn = await engine(502, '<html>bad gateway</html>', 'text/html')
    const err = await failure(callEngine(conn, 'GET', '/api/x'))
    expect(err.message).toBe('HTTP 502')
    expect(err.exitCode).toBe(1)
  })

  it('a success answer that is not JSON is a CliFailure, not a SyntaxError', async () => {
    const conn = await engine(200, '<!doctype html>', 'text/html')
    const err = await failure(callEngine(conn, 'GET', '/api/x'))
    expect(err.message).toMatch(/answered HTTP 200 with something other than JSON/)
    expect(err.exitCode).toBe(1)
  })

  it('an engine that cannot be reached: says how to start it', async () => {
    const conn = await engine(200, '{}')
    await sink!.close()
    sink = null
    const err = await failure(requestEngine(conn, 'GET', '/api/export/requests'))
    expect(err.message).toMatch(new RegExp(`^Cannot reach the Hookbench engine at ${conn.api.replace(/[.]/g, '\\.')} \\(ECONNREFUSED\\): is it running\\? Start it with \`hookbench serve\``))
    expect(err.exitCode).toBe(1)
  })
})
