import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useLayoutEffect, useRef } from 'react'
import type { Inbox } from '../../../src-shared/api/inboxes'
import type { RequestListItem } from '../../../src-shared/api/requests'
import { useApp, useStoreOf } from '../../app-context'
import { Badge, statusTone } from '../../components/badge'
import { CopyButton } from '../../components/copy-button'
import { EmptyState } from '../../components/empty-state'
import { SafeText } from '../../components/safe-text'
import { VerdictBadge } from '../../components/verdict-badge'
import { formatBytes, formatTime } from '../../lib/format'
import { href, navigate } from '../../router'
import { hasFilters, NO_FILTERS } from '../../stores/requests'
import { sampleCurl } from '../inboxes/curl'

export const ROW_HEIGHT = 50
/** Start loading the next page when this many rows are left below the viewport. */
const PREFETCH_ROWS = 40

export const requestHref = (inboxId: string, id: string) => `/inboxes/${encodeURIComponent(inboxId)}/requests/${encodeURIComponent(id)}`

const clock = (iso: string) => formatTime(iso).slice(11)

/**
 * The requests of one inbox, newest first. Virtualized (only the visible rows exist in the
 * DOM) and paged by keyset as the user scrolls, so 100 000 requests scroll like 100.
 * New captures are prepended live without moving what the user is looking at.
 */
export function RequestList({ inbox, openId, onCompare, onBulkReplay }: { inbox: Inbox; openId: string | null; onCompare: (a: string, b: string) => void; onBulkReplay?: () => void }) {
  const { stores } = useApp()
  const items = useStoreOf(stores.requests, (s) => s.items)
  const total = useStoreOf(stores.requests, (s) => s.total)
  const searchPending = useStoreOf(stores.requests, (s) => s.searchPending)
  const status = useStoreOf(stores.requests, (s) => s.status)
  const error = useStoreOf(stores.requests, (s) => s.error)
  const nextCursor = useStoreOf(stores.requests, (s) => s.nextCursor)
  const loadingMore = useStoreOf(stores.requests, (s) => s.loadingMore)
  const unseen = useStoreOf(stores.requests, (s) => s.unseen)
  const selected = useStoreOf(stores.requests, (s) => s.selected)
  const filters = useStoreOf(stores.requests, (s) => s.filters)
  const scroller = useRef<HTMLDivElement>(null)
  const count = items.length + (nextCursor ? 1 : 0)
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 10, getItemKey: (i) => items[i]?.id ?? `more-${i}` })
  const virtualItems = virtualizer.getVirtualItems()
  const lastVisible = virtualItems.at(-1)?.index ?? 0

  useEffect(() => {
    if (nextCursor && !loadingMore && status === 'ready' && lastVisible >= items.length - PREFETCH_ROWS) void stores.requests.getState().loadMore()
  }, [lastVisible, items.length, nextCursor, loadingMore, status, stores.requests])

  // Keep the rows under the user's eyes still when captures are prepended above them.
  const firstId = useRef<string | null>(null)
  useLayoutEffect(() => {
    const el = scroller.current
    const prev = firstId.current
    firstId.current = items[0]?.id ?? null
    if (!el || !prev || el.scrollTop < ROW_HEIGHT / 2) return
    const shift = items.findIndex((r) => r.id === prev)
    if (shift > 0) el.scrollTop += shift * ROW_HEIGHT
  }, [items])

  // Keep the open request in view when it is moved to with the keyboard.
  useEffect(() => {
    if (!openId) return
    const i = items.findIndex((r) => r.id === openId)
    if (i >= 0) virtualizer.scrollToIndex(i, { align: 'auto' })
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [openId])

  const move = (delta: number) => {
    if (!items.length) return
    const i = openId ? items.findIndex((r) => r.id === openId) : -1
    const next = items[Math.max(0, Math.min(items.length - 1, i < 0 ? 0 : i + delta))]
    if (next) navigate(requestHref(inbox.id, next.id))
  }

  const header = (
    <div className="list-header">
      <span role="status" aria-live="polite">
        <span data-testid="request-count">
          {status === 'loading' && !items.length
            ? 'Loading…'
            : hasFilters(filters)
              ? `${total.toLocaleString()} matching`
              : `${total.toLocaleString()} ${total === 1 ? 'request' : 'requests'}`}
        </span>
        {items.length < total && status === 'ready' && <span className="muted"> · {items.length.toLocaleString()} loaded</span>}
        {searchPending > 0 && filters.q && (
          <span className="muted" data-testid="search-pending" title="Indexed in the background; search again in a moment to include them">
            {' '}
            · {searchPending.toLocaleString()} requests not searchable yet (indexing)
          </span>
        )}
      </span>
      {/* before the unseen pill: the order stays put when the pill comes and goes */}
      <select
        className="list-order"
        aria-label="Order"
        title="Order of the list: newest or oldest first"
        value={filters.order}
        onChange={(e) => void stores.requests.getState().setFilters({ order: e.target.value === 'oldest' ? 'oldest' : 'newest' })}
      >
        <option value="newest">newest</option>
        <option value="oldest">oldest</option>
      </select>
      {unseen > 0 && (
        // Only the engine can run the search on them, so they are counted as arrivals, not as matches.
        <button
          type="button"
          className="btn btn-small new-pill"
          title={`${unseen} ${unseen === 1 ? 'request' : 'requests'} arrived in this inbox since the list was loaded; refresh to see which match the search and filters`}
          onClick={() => void stores.requests.getState().refresh()}
        >
          {unseen} new in inbox — refresh
        </button>
      )}
      <span className="selection-actions">
        {selected.length > 0 && (
          <>
            <span>{selected.length} selected</span>
            <button type="button" className="link-button" onClick={() => stores.requests.getState().clearSelection()}>
              clear
            </button>
          </>
        )}
        <button
          type="button"
          className="btn btn-small"
          disabled={selected.length !== 2}
          title={selected.length === 2 ? 'Compare the two ticked requests' : 'Tick exactly two requests to compare them'}
          onClick={() => onCompare(selected[0]!, selected[1]!)}
        >
          Compare{selected.length === 2 ? ' 2' : ''}
        </button>
        {onBulkReplay && (
          <button
            type="button"
            className="btn btn-small"
            disabled={total === 0}
            title={selected.length ? 'Replay the ticked requests to a URL, oldest first' : 'Replay every request the filters match to a URL, oldest first'}
            onClick={onBulkReplay}
          >
            {selected.length ? `Replay ${selected.length}…` : hasFilters(filters) ? 'Replay matching…' : 'Replay all…'}
          </button>
        )}
      </span>
    </div>
  )

  if (status === 'error' && !items.length) {
    return (
      <div className="request-list">
        {header}
        <div className="error-banner list-error" role="alert">
          Could not load the requests: {error}
          <button type="button" className="btn btn-small" onClick={() => void stores.requests.getState().refresh()}>
            Retry
          </button>
        </div>
      </div>
    )
  }

  if (status === 'ready' && !items.length) {
    return (
      <div className="request-list">
        {header}
        {hasFilters(filters) ? (
          <EmptyState
            title="No request matches"
            action={
              <button type="button" className="btn" onClick={() => void stores.requests.getState().setFilters({ ...NO_FILTERS, order: filters.order })}>
                Clear filters
              </button>
            }
          >
            <p>Nothing in this inbox matches the search and filters. New matching requests appear here as they arrive.</p>
          </EmptyState>
        ) : (
          <div className="waiting" role="status" data-testid="waiting-for-requests">
            <div className="waiting-title">
              <span className="pulse" aria-hidden="true" /> Waiting for requests…
            </div>
            <p className="muted">Send a request to this inbox and it appears here at once:</p>
            <pre className="raw-text wrap curl-sample">{sampleCurl(inbox.url)}</pre>
            <CopyButton text={sampleCurl(inbox.url)} label="Copy command" />
          </div>
        )}
      </div>
    )
  }

  return (
    <div className="request-list">
      {header}
      <div
        ref={scroller}
        className="request-scroller"
        role="list"
        aria-label="Requests"
        aria-busy={status === 'loading'}
        tabIndex={0}
        onKeyDown={(e) => {
          if (e.target instanceof HTMLInputElement) return
          if (e.key === 'ArrowDown' || e.key === 'j') {
            e.preventDefault()
            move(1)
          } else if (e.key === 'ArrowUp' || e.key === 'k') {
            e.preventDefault()
            move(-1)
          } else if ((e.key === 'x' || e.key === ' ') && openId) {
            e.preventDefault()
            stores.requests.getState().toggleSelected(openId)
          }
        }}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualItems.map((v) => {
            const r = items[v.index]
            if (!r)
              return (
                <div key={v.key} className="req-row req-more" role="listitem" style={{ transform: `translateY(${v.start}px)`, height: ROW_HEIGHT }}>
                  <span className="muted">{loadingMore ? 'Loading older requests…' : 'More requests below'}</span>
                </div>
              )
            return <RequestRow key={v.key} r={r} inboxId={inbox.id} open={r.id === openId} selected={selected.includes(r.id)} top={v.start} />
          })}
        </div>
      </div>
    </div>
  )
}

function RequestRow({ r, inboxId, open, selected, top }: { r: RequestListItem; inboxId: string; open: boolean; selected: boolean; top: number }) {
  const { stores } = useApp()
  // the full path as received, slug included, as in the detail, the inbox list and the loopback dialog
  const target = `${r.path}${r.query ? `?${r.query}` : ''}`
  return (
    <div
      className={`req-row${open ? ' open' : ''}${selected ? ' selected' : ''}`}
      role="listitem"
      data-testid="request-row"
      data-request-id={r.id}
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
    >
      <input
        type="checkbox"
        className="req-check"
        checked={selected}
        onChange={() => stores.requests.getState().toggleSelected(r.id)}
        // Not a Tab stop: each rendered row's box made forward Tab scroll the list forever; the
        // focused list ticks its open request with x or Space.
        tabIndex={-1}
        aria-label={`Select ${r.method} ${target.length > 120 ? `${target.slice(0, 120)}…` : target} at ${clock(r.receivedAt)}`}
      />
      <a className="req-link" href={href(requestHref(inboxId, r.id))} aria-current={open ? 'true' : undefined} tabIndex={-1}>
        <span className="req-line1">
          <span className={`method method-${r.method.toLowerCase()}`}>{r.method}</span>
          <span className="req-path mono">
            <SafeText text={target} />
          </span>
          <time className="req-time muted" dateTime={r.receivedAt} title={formatTime(r.receivedAt)}>
            {clock(r.receivedAt)}
          </time>
        </span>
        <span className="req-line2">
          <span className="req-event mono">
            {r.eventType !== null ? <SafeText text={r.eventType} /> : <span className="muted">no event type</span>}
            {r.eventId && (
              <span className="muted">
                {' '}
                · <SafeText text={r.eventId} />
              </span>
            )}
          </span>
          <span className="req-badges">
            {r.duplicate && (
              <Badge tone="warn" title={r.eventId ? 'The same event id was already received by this inbox' : 'The same event (type, time and object) was already received by this inbox'}>
                dup
              </Badge>
            )}
            {r.outOfOrder && (
              <Badge tone="warn" title="Older than an event already received for the same object">
                order
              </Badge>
            )}
            {r.problems.length > 0 && (
              <Badge tone="warn" title={r.problems.join(', ')}>
                body
              </Badge>
            )}
            {r.allowlisted === false && (
              <Badge tone="err" title="The source address is outside the allowlist">
                IP
              </Badge>
            )}
            {r.verdict !== 'not_configured' && <VerdictBadge verdict={r.verdict} ageSec={r.timestampAgeSec ?? undefined} testId="row-verdict" />}
            <Badge tone={r.responseStatus === null ? 'muted' : statusTone(r.responseStatus)} title="Status Hookbench answered">
              {r.responseStatus ?? '—'}
            </Badge>
            <span className="req-size muted">{formatBytes(r.size)}</span>
          </span>
        </span>
      </a>
    </div>
  )
}
