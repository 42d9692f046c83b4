import { useMemo, useState } from 'react'
import type { Webhook, WebhookStatus } from '../../../src-shared/api/webhooks'
import { useApp, useStoreOf } from '../../app-context'
import { Badge, statusTone } from '../../components/badge'
import { DottedName } from '../../components/dotted-name'
import { StatusPill } from '../../components/status-pill'
import { useEngineNow } from '../../hooks'
import { relativeTime } from '../../lib/format'
import { navigate } from '../../router'
import { percent } from '../sender-kit/format'

export function EventChips({ events, max = 3 }: { events: string[]; max?: number }) {
  return (
    <span className="chips">
      {events.slice(0, max).map((e) => (
        <span key={e} className={e.includes('*') ? 'chip chip-wild' : 'chip'} title={e}>
          <DottedName name={e} />
        </span>
      ))}
      {events.length > max && <span className="chip dim" title={events.slice(max).join(', ')}>+{events.length - max}</span>}
    </span>
  )
}

export function SuccessRate({ rate }: { rate: number | null }) {
  if (rate == null) return <span className="dim">—</span>
  return (
    <span className="rate" title="Succeeded / finished deliveries">
      <span className="rate-bar" aria-hidden="true">
        <span style={{ width: `${Math.round(rate * 100)}%` }} />
      </span>
      {percent(rate)}
    </span>
  )
}

const STATUSES: (WebhookStatus | 'all')[] = ['all', 'active', 'paused', 'disabled']

/** All webhooks: URL, events, status, last delivery, success rate; quick test and pause/enable. */
export function WebhookList({ onTest }: { onTest: (w: Webhook) => void }) {
  const { stores } = useApp()
  const items = useStoreOf(stores.webhooks, (s) => s.items)
  const profiles = useStoreOf(stores.profiles, (s) => s.items)
  const [q, setQ] = useState('')
  const [status, setStatus] = useState<WebhookStatus | 'all'>('all')
  const now = useEngineNow(5000)
  const shown = useMemo(() => {
    const needle = q.trim().toLowerCase()
    return items.filter((w) => (status === 'all' || w.status === status) && (!needle || w.name.toLowerCase().includes(needle) || w.url.toLowerCase().includes(needle)))
  }, [items, q, status])
  const counts = useMemo(() => Object.fromEntries(STATUSES.map((s) => [s, s === 'all' ? items.length : items.filter((w) => w.status === s).length])), [items])
  const profileName = (id: string) => profiles.find((p) => p.id === id)?.name ?? id

  return (
    <>
      <div className="toolbar">
        <input className="input search" type="search" placeholder="Filter by name or URL" value={q} onChange={(e) => setQ(e.target.value)} aria-label="Filter webhooks" />
        <div className="segmented" role="group" aria-label="Status">
          {STATUSES.map((s) => (
            <button key={s} type="button" aria-pressed={status === s} onClick={() => setStatus(s)}>
              {s === 'all' ? 'All' : s[0]!.toUpperCase() + s.slice(1)} <span className="dim">{counts[s]}</span>
            </button>
          ))}
        </div>
      </div>
      <table className="table dense webhook-table" data-testid="webhook-list">
        <thead>
          <tr>
            <th className="cell-fluid col-webhook">Webhook</th>
            <th className="cell-fluid col-profile">Profile</th>
            <th className="cell-fluid col-events">Events</th>
            <th>Status</th>
            <th className="cell-fluid col-last">Last delivery</th>
            <th className="num">Success</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {shown.map((w) => {
            const last = w.stats.lastDelivery
            return (
              <tr key={w.id} className="clickable" data-testid="webhook-row" data-webhook-id={w.id} onClick={() => navigate(`/webhooks/${encodeURIComponent(w.id)}`)}>
                <td className="cell-fluid col-webhook">
                  <div className="cell-main">
                    <a href={`#/webhooks/${encodeURIComponent(w.id)}`} onClick={(e) => e.stopPropagation()} className="plain-link webhook-name" title={w.name}>
                      {w.name}
                    </a>
                    {w.warnings.some((x) => !x.overridden) && (
                      <span className="warn-dot" title={w.warnings.map((x) => x.message).join('\n')} aria-label="Policy warning">
                        ⚠
                      </span>
                    )}
                  </div>
                  <div className="cell-sub" title={w.url}>
                    {w.url}
                  </div>
                </td>
                <td className="cell-fluid col-profile">
                  <span className="webhook-profile" title={profileName(w.profileId)}>
                    {profileName(w.profileId)}
                  </span>
                </td>
                <td className="cell-fluid col-events">
                  <EventChips events={w.events} />
                </td>
                <td>
                  <StatusPill status={w.status} title={w.disabledReason ?? undefined} />
                </td>
                <td className="cell-fluid col-last">
                  {last ? (
                    <span className="row last-delivery">
                      {last.responseStatus != null ? <Badge tone={statusTone(last.responseStatus)}>{last.responseStatus}</Badge> : <StatusPill status={last.status} />}
                      <span className="mono small last-type" title={last.eventType}>
                        <DottedName name={last.eventType} />
                      </span>
                      {last.test && (
                        <span className="dim small" title="A test send: not counted in the success rate or the deliveries">
                          test
                        </span>
                      )}
                      <span className="dim small" title={last.at}>
                        {relativeTime(last.at, now)}
                      </span>
                    </span>
                  ) : (
                    <span className="dim">never</span>
                  )}
                </td>
                <td className="num">
                  <SuccessRate rate={w.stats.successRate} />
                  <div className="dim small nowrap" data-testid="delivery-count">
                    {w.stats.total} {w.stats.total === 1 ? 'delivery' : 'deliveries'}
                  </div>
                  {/* the last delivery beside it is a test: say in the text why the count leaves it out */}
                  {last?.test && <div className="dim small nowrap">tests not counted</div>}
                  {w.stats.held > 0 && (
                    <div className="held-count nowrap" title="Held while the webhook is paused or disabled">
                      {w.stats.held} held
                    </div>
                  )}
                </td>
                <td className="actions" onClick={(e) => e.stopPropagation()}>
                  <button type="button" className="btn btn-small" onClick={() => onTest(w)}>
                    Test
                  </button>
                  {w.status === 'active' ? (
                    <button type="button" className="btn btn-small" onClick={() => void stores.webhooks.getState().pause(w.id)}>
                      Pause
                    </button>
                  ) : (
                    <button type="button" className="btn btn-small" onClick={() => void stores.webhooks.getState().enable(w.id)}>
                      {w.status === 'disabled' ? 'Re-enable' : 'Resume'}
                    </button>
                  )}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
      {shown.length === 0 && <p className="dim small table-empty">No webhook matches this filter.</p>}
    </>
  )
}
