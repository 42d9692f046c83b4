import { useEffect, useState, type ReactNode } from 'react'
import type { Replay } from '../../../src-shared/api/replay'
import { useApp, useStoreOf } from '../../app-context'
import { Badge } from '../../components/badge'
import { Card } from '../../components/card'
import { useEngineNow } from '../../hooks'
import { formatDuration, formatTime, relativeTime } from '../../lib/format'
import { resentAttempt, type ReplayList } from '../../stores/replay'
import { ReplayResult, ReplayStatus } from './replay-result'
import './replay.css'

const EMPTY: ReplayList = { items: [], nextCursor: null, loading: false, error: null }

/** The number of replays of a request (loads them), for the tab label. */
export function useReplayCount(requestId: string): number | null {
  const { stores } = useApp()
  const list = useStoreOf(stores.replay, (s) => s.bySource[requestId])
  useEffect(() => {
    void stores.replay.getState().loadReplays(requestId)
  }, [requestId, stores.replay])
  if (!list || (list.loading && !list.items.length)) return null
  return list.items.length + (list.nextCursor ? 1 : 0)
}

/** Every replay of one captured request, newest first, live; each opens to its request and response. */
export function ReplaysPanel({ requestId, onReplay }: { requestId: string; onReplay: () => void }) {
  const { stores } = useApp()
  const list = useStoreOf(stores.replay, (s) => s.bySource[requestId]) ?? EMPTY
  return (
    <Replays
      list={list}
      label="Replays"
      testId="replays-panel"
      onMore={() => void stores.replay.getState().loadMore(requestId)}
      empty={
        <>
          <p className="muted">{list.loading ? 'Loading the replays…' : 'Not replayed yet. Send this request again to a staging app, localhost or another inbox: each replay is kept here with its response.'}</p>
          {!list.loading && (
            <button type="button" className="btn btn-small" onClick={onReplay}>
              Replay…
            </button>
          )}
        </>
      }
    />
  )
}

/**
 * Under a delivery: where its attempts were resent ("Resend to URL…" under an attempt), newest
 * first, live. Nothing while there is none.
 */
export function ResendsPanel({ deliveryId }: { deliveryId: string }) {
  const { stores } = useApp()
  const list = useStoreOf(stores.replay, (s) => s.byDelivery[deliveryId]) ?? EMPTY
  useEffect(() => {
    void stores.replay.getState().loadResends(deliveryId)
  }, [deliveryId, stores.replay])
  if (!list.items.length && !list.error) return null
  return (
    <Card
      title={
        <>
          Resends to other URLs <span className="count">{list.items.length + (list.nextCursor ? '+' : '')}</span>
        </>
      }
    >
      <Replays list={list} label="Resends" testId="resends-panel" onMore={() => void stores.replay.getState().loadMoreResends(deliveryId)} empty={null} />
    </Card>
  )
}

/** A list of replays: each row says how it went and opens to the request sent and the response. The newest opens by itself. */
function Replays({ list, label, testId, onMore, empty }: { list: ReplayList; label: string; testId: string; onMore: () => void; empty: ReactNode }) {
  const [open, setOpen] = useState<string | null>(null)
  const now = useEngineNow()
  const first = list.items[0]?.id
  // the newest replay opens by itself (the one just sent, usually)
  useEffect(() => setOpen(first ?? null), [first])

  if (list.error && !list.items.length) return <p className="error-banner">Could not load the {label.toLowerCase()}: {list.error}</p>
  if (!list.items.length)
    return (
      <div className="rp-empty" data-testid={testId}>
        {empty}
      </div>
    )
  return (
    <div className="rp-list" data-testid={testId}>
      <ol className="plain-list" aria-label={label}>
        {list.items.map((r) => (
          <ReplayRow key={r.id} replay={r} now={now} open={open === r.id} onToggle={() => setOpen(open === r.id ? null : r.id)} />
        ))}
      </ol>
      {list.nextCursor && (
        <button type="button" className="btn btn-small" disabled={list.loading} onClick={onMore}>
          {list.loading ? 'Loading…' : `Older ${label.toLowerCase()}`}
        </button>
      )}
    </div>
  )
}

function ReplayRow({ replay: r, now, open, onToggle }: { replay: Replay; now: number; open: boolean; onToggle: () => void }) {
  const attempt = resentAttempt(r)?.attempt
  return (
    <li className={open ? 'rp-item open' : 'rp-item'} data-testid="replay-item" data-replay-id={r.id}>
      <button type="button" className="rp-item-head" aria-expanded={open} onClick={onToggle}>
        <ReplayStatus replay={r} />
        <span className="mono rp-item-url" title={r.request.url}>
          {r.request.method} {r.request.url}
        </span>
        {attempt != null && (
          <span className="muted small" title={`The request of attempt #${attempt}`}>
            attempt #{attempt}
          </span>
        )}
        {r.resigned && <Badge tone="info">re-signed</Badge>}
        {r.eventId && (
          <span className="muted small mono rp-item-event" title="The event id sent">
            {r.eventId}
          </span>
        )}
        {r.bulkId && <Badge tone="muted">bulk</Badge>}
        {r.warnings.length > 0 && (
          <Badge tone="warn" title={r.warnings.join('\n')}>
            {r.warnings.length} warning{r.warnings.length === 1 ? '' : 's'}
          </Badge>
        )}
        <span className="muted small rp-item-meta">
          <span data-testid="replay-item-duration">{formatDuration(r.durationMs)}</span> ·{' '}
          <time dateTime={r.createdAt} title={formatTime(r.createdAt)}>
            {relativeTime(r.createdAt, now)}
          </time>
        </span>
        <span className="rp-caret" aria-hidden="true">
          {open ? '▾' : '▸'}
        </span>
      </button>
      {open && (
        <div className="rp-item-body">
          <ReplayResult replay={r} summary={false} />
        </div>
      )}
    </li>
  )
}
