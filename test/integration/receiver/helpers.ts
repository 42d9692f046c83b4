import { connect } from 'node:net'
import type { Inbox, InboxInput } from '../../../src-shared/api/inboxes'
import type { RequestDetail, RequestList } from '../../../src-shared/api/requests'
import type { EngineEvent } from '../../../src-main/engine/events'
import type { TestEngine } from '../../helpers/engine'

/** Creates an inbox through the API and fails loudly when it is refused. */
export async function createInbox(t: TestEngine, input: InboxInput): Promise<Inbox> {
  const res = await t.api<Inbox>('POST', '/api/inboxes', input)
  if (res.status !== 201) throw new Error(`inbox refused: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body
}

export async function listRequests(t: TestEngine, inboxId: string, query = ''): Promise<RequestList> {
  const res = await t.api<RequestList>('GET', `/api/inboxes/${inboxId}/requests${query ? `?${query}` : ''}`)
  if (res.status !== 200) throw new Error(`list failed: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body
}

export async function getRequest(t: TestEngine, id: string): Promise<RequestDetail> {
  const res = await t.api<RequestDetail>('GET', `/api/requests/${id}`)
  if (res.status !== 200) throw new Error(`detail failed: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body
}

/** The newest captured request of an inbox, in full. */
export async function latest(t: TestEngine, inboxId: string): Promise<RequestDetail> {
  const list = await listRequests(t, inboxId, 'limit=1')
  if (!list.items[0]) throw new Error('no request captured')
  return getRequest(t, list.items[0].id)
}

/** Resolves with the first engine event on `topic` that satisfies `match` (subscribe before acting). */
export function nextEvent<T = unknown>(t: TestEngine, topic: string, match: (data: T) => boolean = () => true): Promise<EngineEvent<T>> {
  return new Promise((resolve) => {
    const off = t.engine.ctx.events.subscribe((e) => {
      if (e.topic === topic && match(e.data as T)) {
        off()
        resolve(e as EngineEvent<T>)
      }
    })
  })
}

/** Collects every event of `topic` until `done` says stop. */
export function collectEvents<T = unknown>(t: TestEngine, topic: string, done: (all: T[]) => boolean): Promise<T[]> {
  const all: T[] = []
  return new Promise((resolve) => {
    const off = t.engine.ctx.events.subscribe((e) => {
      if (e.topic !== topic) return
      all.push(e.data as T)
      if (done(all)) {
        off()
        resolve(all)
      }
    })
  })
}

/** Sends raw HTTP/1.1 bytes and resolves with the raw answer (header order, odd methods, hop-by-hop headers, chunked bodies). */
export function rawHttp(origin: string, bytes: string | Buffer): Promise<string> {
  const { hostname, port } = new URL(origin)
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(bytes))
    let out = ''
    socket.on('data', (d) => (out += d.toString('latin1')))
    socket.on('end', () => resolve(out))
    socket.on('error', reject)
  })
}
