import { statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startCheckpointer } from '../../../../src-main/engine/db/checkpointer'
import { closeDatabase, openDatabase } from '../../../../src-main/engine/db/open'
import { tempDir } from '../../../helpers/tmp'

describe('background checkpointer', () => {
  const tmp = tempDir()
  afterAll(() => tmp.cleanup())

  it('copies committed WAL frames into the database file from its own thread, without blocking writes', async () => {
    const path = join(tmp.dir, 'ckpt.db')
    const db = openDatabase(path)
    // The writer never checkpoints by itself here: whatever reaches the main file was copied by the worker.
    db.pragma('wal_autocheckpoint = 0')
    db.exec('CREATE TABLE blobs (id INTEGER PRIMARY KEY, b BLOB NOT NULL)')
    const insert = db.prepare('INSERT INTO blobs (b) VALUES (?)')
    const sizeBefore = statSync(path).size
    const checkpointer = startCheckpointer(path, { intervalMs: 20 })
    try {
      // Write while the checkpointer runs: every commit must go through (PASSIVE never takes the write lock).
      const chunk = Buffer.alloc(64 * 1024, 7)
      for (let i = 0; i < 32; i++) {
        db.transaction(() => insert.run(chunk))()
        await new Promise((r) => setTimeout(r, 5))
      }
      const deadline = Date.now() + 10_000
      let latest = checkpointer.latest()
      while (!(latest && latest.log > 0 && latest.checkpointed === latest.log) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20))
        latest = checkpointer.latest()
      }
      expect(latest, 'the checkpointer never caught up with the WAL').toMatchObject({ checkpointed: latest?.log })
      expect(latest!.log).toBeGreaterThan(0)
      // The 2 MiB written are in the main file now, while the writer itself never checkpointed.
      expect(statSync(path).size - sizeBefore).toBeGreaterThan(2 * 1024 * 1024)
      expect((db.prepare('SELECT count(*) AS n FROM blobs').get() as { n: number }).n).toBe(32)
    } finally {
      await checkpointer.close()
      closeDatabase(db)
    }
  })

  it('reports a worker that cannot open the database, and still closes', async () => {
    const errors: Error[] = []
    const checkpointer = startCheckpointer(join(tmp.dir, 'no-such-folder', 'x.db'), { onError: (err) => errors.push(err) })
    await checkpointer.close()
    expect(errors).toHaveLength(1)
    expect(errors[0]!.message).toMatch(/directory does not exist|unable to open/i)
  })

  it('closes idempotently, and closing leaves the database to its owner', async () => {
    const path = join(tmp.dir, 'close.db')
    const db = openDatabase(path)
    const checkpointer = startCheckpointer(path, { intervalMs: 10 })
    await Promise.all([checkpointer.close(), checkpointer.close()])
    db.exec('CREATE TABLE t (x INTEGER)')
    db.prepare('INSERT INTO t VALUES (1)').run()
    closeDatabase(db)
    // Folded back into one file: no other connection held the WAL open.
    expect(() => statSync(`${path}-wal`)).toThrow()
  })
})
