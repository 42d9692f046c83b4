import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../../../src-main/engine'
import { LOCK_FILE } from '../../../src-main/engine/data-dir-lock'
import { runCli, startServe, type ServeProcess } from '../../helpers/cli'
import { tempDir } from '../../helpers/tmp'

/**
 * A second engine on a data folder in use would fire every schedule twice, resend the first
 * one's attempts in flight, and remove its runtime record on exit: it refuses to start, and the
 * running engine is left as it was. The folder's lock makes that hold for two engines started at
 * the same moment too (neither has a runtime record yet); a killed engine's lock goes with it.
 */
describe('one engine per data folder', () => {
  const dir = tempDir()
  let serve: ServeProcess | undefined
  afterEach(async () => {
    await serve?.stop()
    serve = undefined
  })
  afterAll(() => dir.cleanup())

  it('refuses a second engine while one runs there, in process or from the CLI, and leaves the first untouched', async () => {
    serve = await startServe(['--port', '0', '--ingest-port', '0', '--data-dir', dir.dir])
    const record = readFileSync(join(dir.dir, 'engine.json'), 'utf8')

    const refused = await createEngine({ dataDir: dir.dir, port: 0, ingestPort: 0 }).then(
      () => null,
      (err: unknown) => err,
    )
    expect(refused).toMatchObject({ code: 'HB_ERR_DATA_DIR_IN_USE', statusCode: 409 })
    expect((refused as Error).message).toBe(
      `The data folder ${dir.dir} is in use by another Hookbench engine (pid ${serve.child.pid}, started ${JSON.parse(record).startedAt}; UI ${serve.info.ui.replace(/\?.*$/, '')}). ` +
        'Use that one, stop it first, or give another --data-dir.',
    )

    const cli = await runCli(['serve', '--port', '0', '--ingest-port', '0', '--data-dir', dir.dir])
    expect(cli.code).not.toBe(0)
    expect(cli.stderr).toContain(`The data folder ${dir.dir} is in use by another Hookbench engine (pid ${serve.child.pid}`)
    // the first engine still answers and can still be found through its record
    expect(readFileSync(join(dir.dir, 'engine.json'), 'utf8')).toBe(record)
    expect((await fetch(`${serve.info.api}/health`)).status).toBe(200)
  })

  it("starts over a stale record whose pid and port are now another folder's engine", async () => {
    serve = await startServe(['--port', '0', '--ingest-port', '0', '--data-dir', dir.dir])
    const other = tempDir()
    try {
      // A crash left this record; since then its pid and port went to the engine of another folder.
      writeFileSync(join(other.dir, 'engine.json'), readFileSync(join(dir.dir, 'engine.json')))
      writeFileSync(join(other.dir, 'token'), 'a-token-of-the-other-folder-that-is-long-enough\n', { mode: 0o600 })
      const engine = await createEngine({ dataDir: other.dir, port: 0, ingestPort: 0 })
      await engine.close()
    } finally {
      other.cleanup()
    }
  })

  it('starts over the record and lock file left by an engine that was killed', async () => {
    serve = await startServe(['--port', '0', '--ingest-port', '0', '--data-dir', dir.dir])
    await serve.stop('SIGKILL')
    serve = undefined
    expect(existsSync(join(dir.dir, 'engine.json'))).toBe(true)
    expect(existsSync(join(dir.dir, LOCK_FILE))).toBe(true)
    const engine = await createEngine({ dataDir: dir.dir, port: 0, ingestPort: 0 })
    await engine.close()
  })

  // Fresh folders: the first start migrates a new database, the widest window between a start's
  // check and its runtime record. Several rounds, so a guard that only sometimes loses is seen.
  const ROUNDS = 3

  it('lets exactly one of two engines started at the same moment in one process run', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const folder = tempDir()
      try {
        const starts = await Promise.allSettled([0, 1].map(() => createEngine({ dataDir: folder.dir, port: 0, ingestPort: 0 })))
        const started = starts.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []))
        await Promise.all(started.map((e) => e.close()))
        expect(started).toHaveLength(1)
        const refused = starts.find((s) => s.status === 'rejected')!.reason
        expect(refused).toMatchObject({ code: 'HB_ERR_DATA_DIR_IN_USE', statusCode: 409 })
        expect((refused as Error).message).toContain(`The data folder ${folder.dir} is in use by another Hookbench engine (`)
      } finally {
        folder.cleanup()
      }
    }
  })

  it('lets exactly one of two `hookbench serve` started at the same moment run', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const folder = tempDir()
      try {
        const starts = await Promise.allSettled([0, 1].map(() => startServe(['--port', '0', '--ingest-port', '0', '--data-dir', folder.dir])))
        const started = starts.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []))
        await Promise.all(started.map((s) => s.stop()))
        expect(started).toHaveLength(1)
        const refused = starts.find((s) => s.status === 'rejected')!.reason as Error
        expect(refused.message).toContain(`hookbench: The data folder ${folder.dir} is in use by another Hookbench engine (`)
      } finally {
        folder.cleanup()
      }
    }
  })

  it('refuses a second engine of the same process, naming the first, and starts one again once the first is closed', async () => {
    const first = await createEngine({ dataDir: dir.dir, port: 0, ingestPort: 0 })
    let again: Engine | undefined
    try {
      const refused = await createEngine({ dataDir: dir.dir, port: 0, ingestPort: 0 }).then(
        () => null,
        (err: unknown) => err,
      )
      expect(refused).toMatchObject({ code: 'HB_ERR_DATA_DIR_IN_USE', statusCode: 409 })
      expect((refused as Error).message).toBe(
        `The data folder ${dir.dir} is in use by another Hookbench engine (pid ${process.pid}, started ${first.ctx.startedAt}; UI ${first.urls.ui}). ` +
          'Use that one, stop it first, or give another --data-dir.',
      )
      await first.close()
      again = await createEngine({ dataDir: dir.dir, port: 0, ingestPort: 0 })
      expect((await fetch(`${again.urls.api}/health`)).status).toBe(200)
    } finally {
      await first.close()
      await again?.close()
    }
  })

  it('frees the folder when a step of close fails', async () => {
    const first = await createEngine({ dataDir: dir.dir, port: 0, ingestPort: 0 })
    first.services.stoppers.push(() => {
      throw new Error('a service that fails to stop')
    })
    await expect(first.close()).rejects.toThrow('a service that fails to stop')
    const again = await createEngine({ dataDir: dir.dir, port: 0, ingestPort: 0 })
    await again.close()
  })
})
