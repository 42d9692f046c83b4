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
   * The id filters, each with how to tell its id names something and what to say when it does
   * not. A webhook's deliveries are deleted with it (ON DELETE CASCADE), so a gone webhook has
   * nothing to show. Events are never deleted. A profile can be deleted once no webhook uses it,
   * but its events (and the deliveries of a webhook moved to another profile) stay, so its id
   * still filters them.
   */
  const ID_FILTERS = [
    {
      key: 'webhookId',
      known: (id: string) => repos.webhooks.get(id) !== undefined,
      missing: (id: string) =>
        `No webhook with id "${id}": there is none, or it was deleted, and a webhook's deliveries are deleted with it. GET /api/webhooks lists the webhooks.`,
    },
    {
      key: 'eventId',
      known: (id: string) => repos.events.exists(id),
      missing: (id: string) =>
        `No event with id "${id}". An event's id is in the answer of POST /api/events (event.id) and in each of its deliveries (eventId); GET /api/events lists the fired events.`,
    },
    {
      key: 'profileId',
      known: (id: string) => deps.profiles.get(id) !== undefined || repos.events.anyOfProfile(id),
      missing: (id: string) =>
        `No profile with id "${id}", nor any event fired with it: a profile id is a preset's (such as stripe or github) or one you created. GET /api/profiles lists the profiles.`,
    },
  ] as const

  /**
   * A 404 for an id filter that names nothing: an empty list would read as "no deliveries yet".
   * The list and the export call it before answering.
   */
  function checkFilter(q: Pick<DeliveryListQuery, (typeof ID_FILTERS)[number]['key']>): void {
    for (const f of ID_FILTERS) {
      const id = q[f.key]
      if (id !== undefined && !f.known(id)) throw new EngineError('HB_ERR_NOT_FOUND', 404, f.missing(id), `/${f.key}`)
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
