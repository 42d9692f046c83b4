/** The delivery log: lists, one delivery with its attempts, manual retry and "send now". */
import type { Delivery, DeliveryList, DeliveryListQuery, SendNowInput } from '../../../src-shared/api/deliveries'
import { EngineError, badRequest, notFound } from '../errors'
import type { SenderContext } from './context'
import type { Dispatcher } from './dispatcher'
import { toAttempt, toDeliverySummary } from './mappers'
import type { Profiles } from './profiles'

export function createDeliveries({ ctx, repos }: SenderContext, deps: { profiles: Profiles; dispatcher: Dispatcher }) {
  function get(id: string): Delivery {
    const d = repos.deliveries.get(id)
    if (!d) throw notFound('delivery', id)
    const body = repos.deliveries.body(id) ?? Buffer.alloc(0)
    const schedule = deps.profiles.get(d.profileId)?.retrySchedule ?? []
    return {
      ...toDeliverySummary(d),
      retrySchedule: [...schedule],
      maxAttempts: d.test ? 1 : 1 + schedule.length,
      attempts: repos.deliveries.attempts(id).map((a) => toAttempt(a, body)),
    }
  }

  const changed = (id: string) => {
    const d = repos.deliveries.get(id)
    if (d) ctx.events.emit('delivery.updated', toDeliverySummary(d))
  }

  /**
   * A 404 for a filter on a webhook that does not exist: an empty list would read as "no
   * deliveries yet". A deleted webhook's deliveries are deleted with it (ON DELETE CASCADE), so
   * there is nothing to show for its id either.
   */
  function checkFilter(q: Pick<DeliveryListQuery, 'webhookId'>): void {
    if (q.webhookId !== undefined && !repos.webhooks.get(q.webhookId)) {
      throw new EngineError(
        'HB_ERR_NOT_FOUND',
        404,
        `No webhook with id "${q.webhookId}": there is none, or it was deleted, and a webhook's deliveries are deleted with it. GET /api/webhooks lists the webhooks.`,
        '/webhookId',
      )
    }
  }

  return {
    get,
    checkFilter,

    list(q: DeliveryListQuery): DeliveryList {
      checkFilter(q)
      const limit = q.limit ?? 50
      if (q.cursor !== undefined && !/^dlv_[0-9a-z]+$/.test(q.cursor)) {
        throw badRequest('HB_ERR_CURSOR_INVALID', 'The cursor is not one this API gave: pass nextCursor from the previous page.', '/cursor')
      }
      const rows = repos.deliveries.page({ ...q, before: q.cursor, limit: limit + 1 })
      const page = rows.slice(0, limit)
      return { items: page.map(toDeliverySummary), nextCursor: rows.length > limit ? page[page.length - 1]!.id : null }
    },

    /**
     * Pending: its next attempt goes now ("send next retry now"). Succeeded, failed or held:
     * one manual attempt now, whatever the webhook's status; its result is final, except that a
     * held delivery whose attempt fails is held again with its schedule (it is not lost).
     */
    retry(id: string): Delivery {
      const d = repos.deliveries.get(id)
      if (!d) throw notFound('delivery', id)
      const now = ctx.clock.now()
      if (d.status === 'pending') {
        if (d.nextAttemptAt === null) {
          throw new EngineError('HB_ERR_DELIVERY_IN_FLIGHT', 409, 'An attempt of this delivery is in flight right now: wait for its result, then retry.')
        }
        repos.deliveries.sendNowOne(id, now)
      } else {
        repos.deliveries.manualRetry(id, now)
      }
      changed(id)
      deps.dispatcher.kick()
      return get(id)
    },

    /** Every pending delivery (of one webhook or event) is due now. */
    sendNow(input: SendNowInput): { count: number } {
      if (input.webhookId && !repos.webhooks.get(input.webhookId)) throw badRequest('HB_ERR_WEBHOOK_UNKNOWN', `No webhook with id "${input.webhookId}".`, '/webhookId')
      if (input.eventId && !repos.events.exists(input.eventId)) throw badRequest('HB_ERR_EVENT_UNKNOWN', `No event with id "${input.eventId}".`, '/eventId')
      const count = repos.deliveries.sendNow(input, ctx.clock.now())
      if (count) ctx.events.emit('deliveries.send_now', { ...input, count })
      deps.dispatcher.kick()
      return { count }
    },
  }
}

export type Deliveries = ReturnType<typeof createDeliveries>
