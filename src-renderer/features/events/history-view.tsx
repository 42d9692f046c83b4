import { useEffect } from 'react'
import { useApp, useStoreOf } from '../../app-context'
import { Badge } from '../../components/badge'
import { EmptyState } from '../../components/empty-state'
import { useEngineNow } from '../../hooks'
import { formatTime, relativeTime } from '../../lib/format'
import { href, navigate } from '../../router'
import { RefireButton } from '../replay/refire'
import { useProfiles } from './use-catalog'

/** The events fired lately, by hand, by the API, schedules and scenarios, with their deliveries' outcome. */
export function HistoryView() {
  const { stores } = useApp()
  const recent = useStoreOf(stores.triggers, (s) => s.recent)
  const loaded = useStoreOf(stores.triggers, (s) => s.recentLoaded)
  const profiles = useProfiles()
  const now = useEngineNow(5000)
  useEffect(() => void stores.triggers.getState().loadRecent(), [stores.triggers])
  if (loaded && recent.length === 0)
    return (
      <EmptyState title="No event fired yet">
        <p>Events fired from here, by your app through <code>POST /api/events</code>, by schedules and scenarios are listed here live.</p>
      </EmptyState>
    )
  return (
    <table className="table dense" data-testid="event-history">
      <thead>
        <tr>
          <th>Fired</th>
          <th>Event type</th>
          <th>Profile</th>
          <th>Source</th>
          <th>Event id</th>
          <th>Deliveries</th>
          <th className="actions" aria-label="Actions" />
        </tr>
      </thead>
      <tbody>
        {recent.map((e) => (
          <tr key={e.id} className="clickable" onClick={() => navigate(`/deliveries?eventId=${encodeURIComponent(e.id)}`)}>
            <td className="small nowrap" title={formatTime(e.createdAt)}>
              {relativeTime(e.createdAt, now)}
            </td>
            <td className="mono small">{e.type}</td>
            <td className="small">{profiles.items.find((p) => p.id === e.profileId)?.name ?? e.profileId}</td>
            <td>
              <Badge tone={e.source === 'api' ? 'info' : 'muted'}>{e.source}</Badge>
            </td>
            <td className="mono small dim">{e.id}</td>
            <td className="small">
              <a href={href(`/deliveries?eventId=${encodeURIComponent(e.id)}`)} onClick={(ev) => ev.stopPropagation()}>
                {e.deliveries.total}
              </a>
              {e.deliveries.succeeded > 0 && <span className="result-ok"> · {e.deliveries.succeeded} ok</span>}
              {e.deliveries.failed > 0 && <span className="result-err"> · {e.deliveries.failed} failed</span>}
              {e.deliveries.pending > 0 && <span className="dim"> · {e.deliveries.pending} pending</span>}
              {e.deliveries.held > 0 && <span className="held-note"> · {e.deliveries.held} held</span>}
            </td>
            <td className="actions">
              <RefireButton eventId={e.id} profileId={e.profileId} type={e.type} className="btn btn-small" />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
