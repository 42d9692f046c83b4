import { Pool } from 'undici'
import { afterAll, describe, expect, it } from 'vitest'
import type { Inbox } from '../../../src-shared/api/inboxes'
import type { RequestList } from '../../../src-shared/api/requests'
import { startServe, type ServeProcess } from '../../helpers/cli'
import { tempDir } from '../../helpers/tmp'

/**
 * Durability: a 2xx from an inbox means the request is in the database. The engine runs as
 * the real CLI in a child process; it is SIGKILLed in the middle of a burst, restarted on the
 * same data folder, and every request that was acknowledged must be there.
 */
const CONNECTIONS = 32
const MAX_REQUESTS = 20_000
const KILL_AFTER_ACKS = 400

async function call<T>(info: ServeProcess['info'], method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(info.api.replace(/\/api$/, '') + path, {
    method,
    headers: { authorization: `Bearer ${info.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
  return (await res.json()) as T
}

describe('capture durability across a crash', () => {
  const tmp = tempDir('hookbench-crash-')
  const processes: ServeProcess[] = []
  afterAll(async () => {
    for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) await p.stop('SIGKILL')
    tmp.cleanup()
  })

  it('keeps every request that got a 2xx when the engine is killed mid-burst', async () => {
    const args = ['--data-dir', tmp.dir, '--port', '0', '--ingest-port', '0']
    const first = await startServe(args)
    processes.push(first)
    const inbox = await call<Inbox>(first.info, 'POST', '/api/inboxes', {
      name: 'crash',
      slug: 'crash',
      verification: { profileId: 'workestra', secrets: ['s3cret'] },
    })

    const pool = new Pool(first.info.ingest, { connections: CONNECTIONS })
    const acked = new Set<number>()
    let next = 0
    let killed = false
    let failures = 0
    const worker = async () => {
      while (next < MAX_REQUESTS && !(killed && failures > 0)) {
        const n = next++
        try {
          const res = await pool.request({
            method: 'POST',
            path: `/crash/${n}`,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ id: `evt_${n}`, type: 'crash.test', data: { id: `obj_${n % 10}`, n } }),
          })
          await res.body.dump()
          if (res.statusCode >= 200 && res.statusCode < 300) acked.add(n)
        } catch {
          failures++
        }
        if (!killed && acked.size >= KILL_AFTER_ACKS) {
          killed = true
          first.child.kill('SIGKILL')
        }
      }
    }
    await Promise.all(Array.from({ length: CONNECTIONS }, worker))
    await pool.destroy()
    expect(killed).toBe(true)
    expect(failures).toBeGreaterThan(0) // the kill landed while requests were in flight
    expect(acked.size).toBeGreaterThanOrEqual(KILL_AFTER_ACKS)

    const second = await startServe(args)
    processes.push(second)
    const stored = new Set<number>()
    let cursor: string | null = null
    do {
      const page: RequestList = await call<RequestList>(
        second.info,
        'GET',
        `/api/inboxes/${inbox.id}/requests?limit=500${cursor ? `&cursor=${cursor}` : ''}`,
      )
      for (const item of page.items) stored.add(Number(item.pathSuffix.slice(1)))
      cursor = page.nextCursor
    } while (cursor)

    const lost = [...acked].filter((n) => !stored.has(n))
    expect(lost).toEqual([])
    // The stored rows are whole: detail, body and analysis are readable after the crash.
    const sample = [...acked][0]!
    const list = await call<RequestList>(second.info, 'GET', `/api/inboxes/${inbox.id}/requests?q=${encodeURIComponent(`evt_${sample}`)}`)
    expect(list.items.map((i) => i.eventId)).toContain(`evt_${sample}`)
    expect(await second.stop()).toMatchObject({ code: 0 })
    expect(second.stderr()).toBe('')
  })
})
