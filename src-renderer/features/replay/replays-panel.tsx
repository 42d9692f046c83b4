import { useEffect, useState } from 'react'
import type { Replay } from '../../../src-shared/api/replay'
import { useApp, useStoreOf } from '../../app-context'
import { Badge } from '../../components/badge'
import { useNow } from '../../hooks'
import { formatDuration, formatTime, relativeTime } from '../../lib/format'
import { ReplayResult, ReplayStatus } from './replay-result'
import './replay.css'

const EMPTY = { items: [] as Replay[], nextCursor: null, loading: false, error: null }

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
  const [open, setOpen] = useState<string | null>(null)
  const now = useNow()
  const first = list.items[0]?.id
  // the newest replay opens by itself (the one just sent, usually)
  useEffect(() => setOpen(first ?? null), [first])

  if (list.error && !list.items.length) return <p className="error-banner">Could not load the replays: {list.error}</p>
  if (!list.items.length)
    return (
      <div className="rp-empty" data-testid="replays-panel">
        <p className="muted">{list.loading ? 'Loading the replays…' : 'Not replayed yet. Send this request again to a staging app, localhost or another inbox: each replay is kept here with its response.'}</p>
        {!list.loading && (
          <button type="button" className="btn btn-small" onClick={onReplay}>
            Replay…
          </button>
        )}
      </div>
    )
  return (
    <div className="rp-list" data-testid="replays-panel">
      <ol className="plain-list" aria-label="Replays">
        {list.items.map((r) => {
          const isOpen = open === r.id
          return (
            <li key={r.id} className={isOpen ? 'rp-item open' : 'rp-item'} data-testid="replay-item" data-replay-id={r.id}>
              <button type="button" className="rp-item-head" aria-expanded={isOpen} onClick={() => setOpen(isOpen ? null : r.id)}>
                <ReplayStatus replay={r} />
                <span className="mono rp-item-url" title={r.request.url}>
                  {r.request.method} {r.request.url}
                </span>
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
                  {formatDuration(r.durationMs)} ·{' '}
                  <time dateTime={r.createdAt} title={formatTime(r.createdAt)}>
                    {relativeTime(r.createdAt, Math.max(now, Date.parse(r.createdAt)))}
                  </time>
                </span>
                <span className="rp-caret" aria-hidden="true">
                  {isOpen ? '▾' : '▸'}
                </span>
              </button>
              {isOpen && (
                <div className="rp-item-body">
                  <ReplayResult replay={r} summary={false} />
                </div>
              )}
            </li>
          )
        })}
      </ol>
      {list.nextCursor && (
        <button type="button" className="btn btn-small" disabled={list.loading} onClick={() => void stores.replay.getState().loadMore(requestId)}>
          {list.loading ? 'Loading…' : 'Older replays'}
        </button>
      )}
    </div>
  )
}
