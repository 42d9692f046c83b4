import type { Delivery, DeliveryListQuery } from '../../../src-shared/api/deliveries'
import type { RequestDetail, RequestListQuery } from '../../../src-shared/api/requests'
import type { Receiver } from '../receiver'
import type { Sender } from '../sender'

const PAGE = 200

/** Lets the event loop breathe between pages so capture and dispatch keep running during a big export. */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * Captured requests matching `filter`, oldest first, a page of details at a time. The ids are
 * gathered first (a few bytes each) so the order is chronological and pages are read by key.
 */
export async function* requestPages(
  receiver: Receiver,
  inboxIds: string[],
  filter: Omit<RequestListQuery, 'cursor' | 'limit' | 'token'>,
  /** Applied to each request as it is read (redaction). */
  map: (r: RequestDetail) => RequestDetail = (r) => r,
): AsyncGenerator<RequestDetail[]> {
  for (const inboxId of inboxIds) {
    const ids = receiver.matchingRequestIds(inboxId, filter)
    for (let i = 0; i < ids.length; i += PAGE) {
      const details: RequestDetail[] = []
      for (const id of ids.slice(i, i + PAGE)) {
        try {
          details.push(map(await receiver.getRequest(id)))
        } catch {
          // pruned or deleted while the export ran: it is simply no longer there
        }
      }
      yield details
      await breathe()
    }
  }
}

/** Deliveries matching `filter` with all their attempts, oldest first. */
export async function* deliveryPages(
  sender: Sender,
  filter: Omit<DeliveryListQuery, 'cursor' | 'limit' | 'token'>,
  map: (d: Delivery) => Delivery = (d) => d,
): AsyncGenerator<Delivery[]> {
  const ids: string[] = []
  let cursor: string | undefined
  do {
    const page = sender.deliveries.list({ ...filter, cursor, limit: 500 })
    for (const item of page.items) ids.push(item.id)
    cursor = page.nextCursor ?? undefined
  } while (cursor)
  ids.reverse()
  for (let i = 0; i < ids.length; i += PAGE) {
    const page: Delivery[] = []
    for (const id of ids.slice(i, i + PAGE)) {
      try {
        page.push(map(sender.deliveries.get(id)))
      } catch {
        // deleted with its webhook while the export ran
      }
    }
    yield page
    await breathe()
  }
}
