import { useEffect, useMemo, useRef, useState } from 'react'
import type { DeliveryStatus } from '../../../src-shared/api/deliveries'
import { useApp, useStoreOf } from '../../app-context'
import { Banner } from '../../components/banner'
import { EmptyState } from '../../components/empty-state'
import { Screen } from '../../components/screen'
import type { DeliveryFilter } from '../../stores/deliveries'
import { ExportMenu } from '../export/export-menu'
import '../sender-kit/sender.css'
import { DeliveryDetail } from './delivery-detail'
import { DeliveryTable } from './delivery-table'
import './deliveries.css'

const STATUSES: (DeliveryStatus | undefined)[] = [undefined, 'pending', 'succeeded', 'failed', 'held']

/** Filters carried in the hash (`#/deliveries?webhookId=…`), so other screens can link to a slice. */
function filterFromHash(): DeliveryFilter {
  const q = new URLSearchParams(window.location.hash.split('?')[1] ?? '')
  const f: DeliveryFilter = {}
  const status = q.get('status')
  if (status && STATUSES.includes(status as DeliveryStatus)) f.status = status as DeliveryStatus
  for (const k of ['webhookId', 'eventId', 'eventType', 'profileId'] as const) {
    const v = q.get(k)
    if (v) f[k] = v
  }
  if (q.get('test') === 'true' || q.get('test') === 'false') f.test = q.get('test') === 'true'
  return f
}

/** `#/deliveries`: the live, filterable log. `#/deliveries/<id>`: one delivery's attempt timeline. */
export function DeliveriesScreen({ params }: { params: string[] }) {
  const id = params[0]
  return id ? <DeliveryDetail id={id} /> : <DeliveryLog />
}

function DeliveryLog() {
  const { stores } = useApp()
  const filter = useStoreOf(stores.deliveries, (s) => s.filter)
  const items = useStoreOf(stores.deliveries, (s) => s.items)
  const loaded = useStoreOf(stores.deliveries, (s) => s.loaded)
  const loading = useStoreOf(stores.deliveries, (s) => s.loading)
  const nextCursor = useStoreOf(stores.deliveries, (s) => s.nextCursor)
  const error = useStoreOf(stores.deliveries, (s) => s.error)
  const webhooks = useStoreOf(stores.webhooks, (s) => s.items)
  const live = useStoreOf(stores.connection, (s) => s.state)
  const [notice, setNotice] = useState<string | null>(null)
  const [typeDraft, setTypeDraft] = useState(filter.eventType ?? '')
  const first = useRef(true)

  useEffect(() => {
    const fromHash = filterFromHash()
    if (first.current && Object.keys(fromHash).length) void stores.deliveries.getState().setFilter(fromHash)
    else void stores.deliveries.getState().load()
    first.current = false
    if (!stores.webhooks.getState().loaded) void stores.webhooks.getState().load()
  }, [stores.deliveries, stores.webhooks])
  useEffect(() => setTypeDraft(filter.eventType ?? ''), [filter.eventType])

  const setFilter = (patch: Partial<DeliveryFilter>) => {
    const next: DeliveryFilter = { ...filter, ...patch }
    for (const k of Object.keys(next) as (keyof DeliveryFilter)[]) if (next[k] === undefined || next[k] === '') delete next[k]
    void stores.deliveries.getState().setFilter(next)
  }
  const types = useMemo(() => [...new Set(items.map((d) => d.eventType))].sort(), [items])
  const pendingCount = items.filter((d) => d.status === 'pending' && d.nextAttemptAt).length
  const active = Object.keys(filter).length > 0

  return (
    <Screen
      title="Deliveries"
      subtitle="Every delivery and each of its attempts"
      testId="screen-deliveries"
      actions={
        <>
          <span className={`live-badge live-${live}`} title="New deliveries and attempts appear as they happen">
            <span className="live-dot" aria-hidden="true" /> {live === 'connected' ? 'Live' : live}
          </span>
          {/* Streams from the engine, filtered like this view, with every attempt. */}
          <ExportMenu kind="deliveries" query={filter} />
          <button
            type="button"
            className="btn"
            disabled={pendingCount === 0}
            title="Every pending delivery in this view becomes due now: watch a retry schedule without waiting"
            onClick={async () => {
              const r = await stores.deliveries.getState().sendNow(filter.webhookId ? { webhookId: filter.webhookId } : filter.eventId ? { eventId: filter.eventId } : {})
              setNotice(`${r.count} pending deliver${r.count === 1 ? 'y' : 'ies'} sent now.`)
            }}
          >
            Send pending now
          </button>
        </>
      }
    >
      <div className="toolbar delivery-filters">
        <div className="segmented" role="group" aria-label="Status">
          {STATUSES.map((s) => (
            <button key={s ?? 'all'} type="button" aria-pressed={filter.status === s} onClick={() => setFilter({ status: s })}>
              {s ? s[0]!.toUpperCase() + s.slice(1) : 'All'}
            </button>
          ))}
        </div>
        <select className="input" aria-label="Webhook" value={filter.webhookId ?? ''} onChange={(e) => setFilter({ webhookId: e.target.value || undefined })}>
          <option value="">All webhooks</option>
          {webhooks.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
            </option>
          ))}
          {filter.webhookId && !webhooks.some((w) => w.id === filter.webhookId) && <option value={filter.webhookId}>{filter.webhookId}</option>}
        </select>
        <form
          onSubmit={(e) => {
            e.preventDefault()
            setFilter({ eventType: typeDraft.trim() || undefined })
          }}
        >
          <input className="input mono type-filter" list="delivery-types" aria-label="Event type" placeholder="event type or deal.*" title="An event type, or a prefix such as deal.* (Enter or leave the field to apply)" value={typeDraft} onChange={(e) => setTypeDraft(e.target.value)} onBlur={() => (typeDraft.trim() || undefined) !== filter.eventType && setFilter({ eventType: typeDraft.trim() || undefined })} />
          <datalist id="delivery-types">
            {types.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
        </form>
        <select className="input" aria-label="Tests" value={filter.test === undefined ? '' : String(filter.test)} onChange={(e) => setFilter({ test: e.target.value === '' ? undefined : e.target.value === 'true' })}>
          <option value="">Events and tests</option>
          <option value="false">Events only</option>
          <option value="true">Tests only</option>
        </select>
        {filter.eventId && (
          <span className="chip">
            event {filter.eventId}
            <button type="button" aria-label="Clear event filter" onClick={() => setFilter({ eventId: undefined })}>
              ×
            </button>
          </span>
        )}
        {active && (
          <button type="button" className="link-btn small" onClick={() => void stores.deliveries.getState().setFilter({})}>
            Clear filters
          </button>
        )}
        <span className="spacer" />
        <span className="dim small">
          {items.length}
          {nextCursor ? '+' : ''} shown
        </span>
      </div>
      {notice && (
        <Banner
          tone="info"
          role="status"
          actions={
            <button type="button" className="btn btn-small" onClick={() => setNotice(null)} aria-label="Dismiss">
              ✕
            </button>
          }
        >
          {notice}
        </Banner>
      )}
      {error && <p className="error-banner">{error}</p>}
      {loaded && items.length === 0 ? (
        <EmptyState title={active ? 'No delivery matches these filters' : 'No deliveries yet'}>
          <p>
            When an event is fired, each subscribed webhook gets a delivery. Fire one from the <a href="#/events">Events</a> screen or send a
            test from a <a href="#/webhooks">webhook</a>; it appears here live, and opens to its attempt timeline.
          </p>
        </EmptyState>
      ) : (
        <>
          <DeliveryTable items={items} testId="delivery-list" />
          {nextCursor && (
            <div className="load-more">
              <button type="button" className="btn" disabled={loading} onClick={() => void stores.deliveries.getState().loadMore()}>
                {loading ? 'Loading…' : 'Load older deliveries'}
              </button>
            </div>
          )}
        </>
      )}
    </Screen>
  )
}
