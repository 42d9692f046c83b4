import type { DeliverySummary } from '../../../src-shared/api/deliveries'
import { Badge, statusTone } from '../../components/badge'
import { DottedName } from '../../components/dotted-name'
import { StatusPill } from '../../components/status-pill'
import { useEngineNow } from '../../hooks'
import { formatDuration, relativeTime } from '../../lib/format'
import { href, navigate } from '../../router'
import { countdown, errorLabel } from '../sender-kit/format'

/** The outcome of the latest attempt in one badge: the HTTP status, or the network error. */
export function LastOutcome({ d }: { d: Pick<DeliverySummary, 'lastResponseStatus' | 'lastError'> }) {
  if (d.lastResponseStatus != null) return <Badge tone={statusTone(d.lastResponseStatus)}>{d.lastResponseStatus}</Badge>
  if (d.lastError) return <Badge tone="err" title={d.lastError.message}>{errorLabel(d.lastError.code)}</Badge>
  return <span className="dim">—</span>
}

/** What happens next to a delivery: its next attempt, why it is held (one cut line, the whole reason in its title and on the delivery's page), or when it finished. */
export function NextStep({ d, now }: { d: DeliverySummary; now: number }) {
  if (d.status === 'held') return <span className="held-note" data-testid="held-note" title={d.heldReason ?? undefined}>{d.heldReason ?? 'Held: the webhook is not active.'}</span>
  if (d.status === 'pending') return d.nextAttemptAt ? <span title={d.nextAttemptAt}>next {countdown(d.nextAttemptAt, now)}</span> : <span className="dim">in flight…</span>
  return <span className="dim">{d.finishedAt ? `done ${relativeTime(d.finishedAt, now)}` : ''}</span>
}

/** Deliveries as rows; a row opens the delivery's attempt timeline. */
export function DeliveryTable({ items, compact = false, testId }: { items: DeliverySummary[]; compact?: boolean; testId?: string }) {
  const now = useEngineNow(1000)
  return (
    <table className={compact ? 'table dense delivery-table compact' : 'table dense delivery-table'} data-testid={testId}>
      <thead>
        <tr>
          <th>Status</th>
          <th className="cell-fluid col-event">Event</th>
          {!compact && <th className="cell-fluid col-webhook">Webhook</th>}
          <th className="num">Attempts</th>
          <th>Last response</th>
          {!compact && <th className="num col-time">Time</th>}
          <th className="cell-fluid col-next">Next</th>
          <th className="num">Created</th>
        </tr>
      </thead>
      <tbody>
        {items.map((d) => (
          <tr key={d.id} className="clickable" data-testid="delivery-row" data-delivery-id={d.id} data-status={d.status} onClick={() => navigate(`/deliveries/${encodeURIComponent(d.id)}`)}>
            <td>
              <StatusPill status={d.status} />
            </td>
            <td className="cell-fluid col-event">
              <div className="event-cell">
                <a href={href(`/deliveries/${encodeURIComponent(d.id)}`)} className="plain-link mono small event-type" title={d.eventType} aria-label={d.eventType} onClick={(e) => e.stopPropagation()}>
                  <DottedName name={d.eventType} />
                </a>
                {d.test && <Badge tone="info">test</Badge>}
              </div>
              {!compact && (
                <div className="cell-sub" title={d.eventId}>
                  {d.eventId}
                </div>
              )}
            </td>
            {!compact && (
              <td className="cell-fluid col-webhook">
                <div className="truncate" title={d.webhookName}>
                  {d.webhookName}
                </div>
                <div className="cell-sub" title={d.url}>
                  {d.url}
                </div>
              </td>
            )}
            <td className="num">{d.attemptCount}</td>
            <td>
              <LastOutcome d={d} />
            </td>
            {!compact && <td className="num col-time">{formatDuration(d.lastDurationMs)}</td>}
            <td className="cell-fluid small next-cell">
              <NextStep d={d} now={now} />
            </td>
            <td className="num dim small nowrap" title={d.createdAt}>
              {relativeTime(d.createdAt, now)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
