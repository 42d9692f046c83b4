import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { CliFailure, resolveEngineConnection } from '../../../src-main/cli/engine-connection'
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
