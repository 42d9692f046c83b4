import { describe, expect, it } from 'vitest'
import type { Inbox } from '../../../src-shared/api/inboxes'
import { REQUEST_TOPICS, type RequestListItem } from '../../../src-shared/api/requests'
import type { LiveEvent } from '../../../src-shared/live'
import type { ApiClient } from '../../../src-renderer/api/client'
import { createInboxesStore } from '../../../src-renderer/stores/inboxes'

const captured = (n: number): LiveEvent => ({
  type: 'event',
  topic: REQUEST_TOPICS.captured,
  time: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
  data: { id: `req_${n}`, inboxId: 'inb_1', method: 'POST', path: '/flaky', receivedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(), verdict: 'not_configured', responseStatus: 503 } as RequestListItem,
})

/** The engine's view of one inbox whose rules are a sequence of three steps: what GET answers now. */
function engineInbox(count: number): Inbox {
  return {
    id: 'inb_1',
    name: 'Flaky endpoint',
    response: { status: 200, sequence: { steps: [{ status: 503 }, { status: 503 }, { status: 200 }], repeat: false }, counter: count },
    stats: { requestCount: count, lastRequest: null },
  } as unknown as Inbox
}

describe('inboxes store', () => {
  it('follows a sequence from the engine without counting a capture twice (its live event may come after the engine counted it)', async () => {
    let engine = engineInbox(0)
    const api = { get: async () => structuredClone(engine) } as unknown as ApiClient
    const store = createInboxesStore(api)
    await store.getState().fetch('inb_1')

    // Three captures are stored; the first one's live event arrives and the store asks how far the sequence is.
    engine = engineInbox(3)
    store.getState().applyLive([captured(1)])
    await new Promise((resolve) => setTimeout(resolve, 0))
    const inbox = () => store.getState().items[0]!
    expect((inbox().response as unknown as { counter: number }).counter).toBe(3)
    // The other two live events arrive after the engine's answer: three captures, three counted.
    store.getState().applyLive([captured(2), captured(3)])
    expect(inbox().stats.requestCount).toBe(3)
  })
})
