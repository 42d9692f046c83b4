/**
 * A search catches the index up at most MAX_LAG rows at once: after a big import or an index
 * rebuild (migration 0007) it answers within about a second, says how many requests it could
 * not see yet, and the background indexer finishes the rest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_LAG } from '../../../src-main/engine/receiver/search-index'
import { startTestEngine, type TestEngine } from '../../helpers/engine'
import { createInbox, listRequests } from './helpers'

const ROWS = MAX_LAG + 10_000

describe('search over a backlog of unindexed requests', () => {
  let t: TestEngine
  beforeAll(async () => {
    t = await startTestEngine()
  })
  afterAll(() => t.stop())

  it('answers with what it indexed, says how many are pending, and finds them all once indexed', async () => {
    const inbox = await createInbox(t, { name: 'backlog', slug: 'backlog', limits: { retention: 1_000_000 } })
    // Stored as capture stores them, but in one go, so the index is ROWS behind (as after 0007).
    const db = t.engine.ctx.db
    const row = db.prepare(
      `INSERT INTO requests (id, inbox_id, method, path, path_suffix, query, received_at, size, remote_address, verdict)
       VALUES (?, ?, 'POST', '/backlog', '/', '', ?, 20, '127.0.0.1', 'not_configured')`,
    )
    const payload = db.prepare("INSERT INTO request_payloads (seq, headers, body, analysis) VALUES (?, '[]', ?, '{}')")
    db.transaction(() => {
      for (let i = 0; i < ROWS; i++) {
        const seq = Number(row.run(`req_backlog_${i}`, inbox.id, i).lastInsertRowid)
        payload.run(seq, Buffer.from(i === ROWS - 1 ? 'needle in the last row' : `hay number ${i}`))
      }
    })()

    const first = await listRequests(t, inbox.id, 'q=needle')
    expect(first.searchPending).toBeGreaterThan(0)
    expect(first.searchPending).toBeLessThanOrEqual(ROWS - MAX_LAG)
    expect(first.total).toBe(0) // the needle is in the newest row, beyond what one search indexes

    // The background indexer goes on by itself; a later search sees everything.
    let last = first
    for (let tries = 0; tries < 200 && last.searchPending !== undefined; tries++) {
      await new Promise((r) => setTimeout(r, 100))
      last = await listRequests(t, inbox.id, 'q=needle')
    }
    expect(last.searchPending).toBeUndefined()
    expect(last.total).toBe(1)
    expect((await listRequests(t, inbox.id, 'q=hay')).total).toBe(ROWS - 1)
  })
})
