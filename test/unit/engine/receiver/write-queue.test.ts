import { afterEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { createWriteQueue } from '../../../../src-main/engine/receiver/write-queue'
import { tempDir } from '../../../helpers/tmp'

describe('group-commit write queue', () => {
  const tmp = tempDir('hookbench-wq-')
  const db = new Database(join(tmp.dir, 'q.db'))
  db.pragma('journal_mode = WAL')
  db.exec('CREATE TABLE t (n INTEGER PRIMARY KEY)')
  const insert = db.prepare('INSERT INTO t (n) VALUES (?)')
  const count = () => (db.prepare('SELECT count(*) AS c FROM t').get() as { c: number }).c
  afterEach(() => db.exec('DELETE FROM t'))

  it('commits writes queued in the same turn together, and resolves each after the commit', async () => {
    const q = createWriteQueue(db)
    const sizes: number[] = []
    q.afterCommit((n) => sizes.push(n))
    const writes = [1, 2, 3].map((n) => q.enqueue(() => insert.run(n).changes))
    expect(count()).toBe(0) // nothing written before the turn ends
    expect(await Promise.all(writes)).toEqual([1, 1, 1])
    expect(count()).toBe(3)
    expect(sizes).toEqual([3])
  })

  it('flushes at once when the batch is full', async () => {
    const q = createWriteQueue(db, { maxBatch: 2 })
    const a = q.enqueue(() => insert.run(10))
    const b = q.enqueue(() => insert.run(11))
    expect(count()).toBe(2)
    await Promise.all([a, b])
  })

  it('isolates a failing write: its neighbours still commit, it alone rejects', async () => {
    const q = createWriteQueue(db)
    insert.run(99)
    const results = await Promise.allSettled([q.enqueue(() => insert.run(1)), q.enqueue(() => insert.run(99)), q.enqueue(() => insert.run(2))])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect(count()).toBe(3)
  })

  it('runs batch hooks inside the transaction', async () => {
    const q = createWriteQueue(db)
    let inside = false
    q.onBatch(() => (inside = db.inTransaction))
    await q.enqueue(() => insert.run(5))
    expect(inside).toBe(true)
  })

  it('refuses writes once closed, after committing what was waiting', async () => {
    const q = createWriteQueue(db)
    const last = q.enqueue(() => insert.run(7))
    q.close()
    await last
    expect(count()).toBe(1)
    await expect(q.enqueue(() => insert.run(8))).rejects.toThrow(/closed/)
  })
})
