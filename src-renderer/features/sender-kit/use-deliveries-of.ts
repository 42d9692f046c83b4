import { useCallback, useEffect, useRef, useState } from 'react'
import type { DeliveryList, DeliveryListQuery, DeliverySummary, LiveDeliveryAttempted } from '../../../src-shared/api/deliveries'
import { API } from '../../../src-shared/api/paths'
import { useApp } from '../../app-context'
import { useLiveEvents } from '../../hooks'
import { matchesDeliveryFilter } from '../../stores/deliveries'

/**
 * A small, separate list of deliveries (e.g. the latest ones of one webhook) that follows the
 * live feed, without touching the Deliveries screen's own filter.
 */
export function useDeliveriesOf(query: Omit<DeliveryListQuery, 'cursor'>, enabled = true) {
  const { api } = useApp()
  const [items, setItems] = useState<DeliverySummary[] | null>(null)
  const key = JSON.stringify(query)
  const seq = useRef(0)
  const reload = useCallback(() => {
    const mine = ++seq.current
    const q = JSON.parse(key) as DeliveryListQuery
    void api
      .get<DeliveryList>(API.deliveries, { ...q, test: q.test === undefined ? undefined : String(q.test) })
      .then((list) => mine === seq.current && setItems(list.items))
      .catch(() => mine === seq.current && setItems([]))
  }, [api, key])
  useEffect(() => {
    if (enabled) reload()
  }, [reload, enabled])
  // A busy webhook produces many events a second: re-read at most a few times a second.
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  useEffect(() => () => clearTimeout(timer.current), [])
  const soon = () => {
    timer.current ??= setTimeout(() => {
      timer.current = undefined
      reload()
    }, 300)
  }
  useLiveEvents(['delivery.', 'deliveries.'], (events) => {
    if (!enabled) return
    const q = JSON.parse(key) as DeliveryListQuery
    const relevant = events.some((e) => {
      if (e.topic.startsWith('deliveries.')) {
        const { webhookId } = e.data as { webhookId?: string }
        return !q.webhookId || !webhookId || webhookId === q.webhookId
      }
      if (e.topic === 'delivery.attempted') {
        const a = e.data as LiveDeliveryAttempted
        return (!q.webhookId || a.webhookId === q.webhookId) && (!q.eventId || a.eventId === q.eventId)
      }
      return matchesDeliveryFilter(e.data as DeliverySummary, q)
    })
    if (relevant) soon()
  })
  return { items, reload }
}
