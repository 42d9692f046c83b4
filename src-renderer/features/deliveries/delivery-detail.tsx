import { useEffect, useState } from 'react'
import type { Attempt, Delivery } from '../../../src-shared/api/deliveries'
import { useApp, useStoreOf } from '../../app-context'
import { Badge } from '../../components/badge'
import { Banner } from '../../components/banner'
import { Card } from '../../components/card'
import { CopyButton } from '../../components/copy-button'
import { DetailHead } from '../../components/detail-head'
import { EmptyState } from '../../components/empty-state'
import { StatusPill } from '../../components/status-pill'
import { useAction, useEngineNow } from '../../hooks'
import { formatDuration, formatTime, relativeTime } from '../../lib/format'
import { href } from '../../router'
import { countdown, errorDetail, errorLabel, formatSeconds, lateness } from '../sender-kit/format'
import { RefireButton } from '../replay/refire'
import { ResendsPanel } from '../replay/replays-panel'
import { AttemptActions } from '../replay/resend'
import { HttpStatusBadge, ReceivedResponse, SentRequest } from '../sender-kit/http-message'
import { retryGap, tookText } from './attempt-times'

const TRIGGERS: Record<Attempt['trigger'], string> = {
  schedule: 'scheduled',
  manual: 'manual retry',
  now: 'sent now',
  recovery: 'resent after restart',
  test: 'test',
}

/** 14:05:09.123 (the date is in the header; attempts are about seconds and milliseconds). */
function clock(iso: string | null | undefined): string {
  if (!iso) return '—'
  const d = new Date(iso)
  const pad = (n: number, w = 2) => String(n).padStart(w, '0')
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`
}

function AttemptOutcomeBadge({ a }: { a: Attempt }) {
  if (a.response) return <HttpStatusBadge status={a.response.status} testId="attempt-status" />
  if (a.error) return <Badge tone="err" testId="attempt-error" title={`${a.error.code}: ${a.error.message}`}>{errorLabel(a.error.code)}</Badge>
  return <Badge tone="info">in flight</Badge>
}

/** A time of the timeline on the engine's clock, its full ISO form kept in the element. */
const At = ({ iso }: { iso: string }) => <time dateTime={iso}>{clock(iso)}</time>

function AttemptItem({ a, previous, open, onToggle, d, scale }: { a: Attempt; previous: Attempt | undefined; open: boolean; onToggle: () => void; d: Delivery; scale: number }) {
  const gap = retryGap(a, previous)
  const took = tookText(a.durationMs, scale)
  return (
    <li className={`tl-item tl-${a.outcome}`} data-testid="attempt" data-n={a.n} data-outcome={a.outcome}>
      <span className="tl-dot" aria-hidden="true" />
      <button type="button" className="tl-head" onClick={onToggle} aria-expanded={open}>
        <span className="tl-n">#{a.n}</span>
        <AttemptOutcomeBadge a={a} />
        {a.trigger !== 'schedule' && <span className="tl-trigger">{TRIGGERS[a.trigger]}</span>}
        <span className="tl-times" title={`Scheduled ${a.scheduledAt}, started ${a.startedAt}: ${lateness(a.scheduledAt, a.startedAt)}`}>
          <span data-testid="attempt-scheduled">
            <span className="dim">scheduled</span> <At iso={a.scheduledAt} />
            {gap && <span className="dim"> ({gap})</span>}
          </span>
          <span>
            <span className="dim">sent</span> <At iso={a.startedAt} /> <span className="dim">{lateness(a.scheduledAt, a.startedAt).replace(/ late$/, '')}</span>
          </span>
          {/* when it ended, on the same clock: the next retry counts from here */}
          {a.finishedAt && (
            <span data-testid="attempt-finished">
              <span className="dim">{a.outcome === 'failed' ? 'failed' : 'finished'}</span> <At iso={a.finishedAt} />
            </span>
          )}
        </span>
        {a.durationMs != null && (
          <span className="tl-duration" title={took.title}>
            {took.text}
          </span>
        )}
        <span className="tl-caret" aria-hidden="true">
          {open ? '▾' : '▸'}
        </span>
      </button>
      {a.error && (
        <div className="tl-error" data-testid="attempt-error-message">
          {errorDetail(a.error)}
        </div>
      )}
      {open && (
        <div className="tl-body">
          <AttemptActions deliveryId={d.id} attempt={a} profileId={d.profileId} />
          <div className="tl-pane">
            <div className="tl-pane-title">Request</div>
            <SentRequest request={a.request} testId="attempt-request" />
          </div>
          <div className="tl-pane">
            <div className="tl-pane-title">Response</div>
            {a.response ? (
              <ReceivedResponse response={a.response} testId="attempt-response" />
            ) : (
              <div className="tl-noresponse" data-testid="attempt-response">
                {a.error ? `No response: ${errorLabel(a.error.code).toLowerCase()}.` : a.outcome === 'in_flight' ? 'Waiting for the response…' : 'No response.'}
              </div>
            )}
          </div>
        </div>
      )}
    </li>
  )
}

/**
 * How many attempts were made, against what the schedule allows: "2 of 4"; a manual retry is on
 * top of the schedule, so it is counted apart ("2 (1 scheduled + 1 manual)"), and a count above
 * the schedule's (a resend after a crash) is given alone rather than as "3 of 2".
 */
function attemptCountText(d: Pick<Delivery, 'attempts' | 'maxAttempts'>): string {
  const n = d.attempts.length
  const manual = d.attempts.filter((a) => a.trigger === 'manual').length
  if (manual) return `${n} (${n - manual} scheduled + ${manual} manual)`
  return n > d.maxAttempts ? String(n) : `${n} of ${d.maxAttempts}`
}

/** What the schedule still holds after the attempts made: the next one (with its time) and the later ones. */
function Planned({ d, now, onSendNow, busy }: { d: Delivery; now: number; onSendNow: () => void; busy: boolean }) {
  if (d.status !== 'pending' && d.status !== 'held') return null
  const made = d.attempts.length
  const later: { n: number; delay: number }[] = []
  for (let n = made + 2; n <= d.maxAttempts; n++) later.push({ n, delay: d.retrySchedule[n - 2] ?? 0 })
  const inFlight = d.attempts.at(-1)?.outcome === 'in_flight'
  return (
    <>
      {made < d.maxAttempts && !inFlight && (
        <li className={`tl-item tl-next ${d.status === 'held' ? 'tl-held' : ''}`} data-testid="next-attempt">
          <span className="tl-dot" aria-hidden="true" />
          <div className="tl-head static">
            <span className="tl-n">#{made + 1}</span>
            {d.status === 'held' ? (
              <span>held — goes out when the webhook is enabled</span>
            ) : d.nextAttemptAt ? (
              <span>
                next attempt at <strong>{clock(d.nextAttemptAt)}</strong> <span className="dim">({countdown(d.nextAttemptAt, now)})</span>
              </span>
            ) : (
              <span>due</span>
            )}
            <span className="spacer" />
            {d.status === 'pending' && (
              <button type="button" className="btn btn-small btn-primary" onClick={onSendNow} disabled={busy}>
                Send next retry now
              </button>
            )}
          </div>
        </li>
      )}
      {later.map((p) => (
        <li key={p.n} className="tl-item tl-planned">
          <span className="tl-dot" aria-hidden="true" />
          <div className="tl-head static">
            <span className="tl-n">#{p.n}</span>
            <span className="dim">if #{p.n - 1} fails, {formatSeconds(p.delay)} after it</span>
          </div>
        </li>
      ))}
    </>
  )
}

/** One delivery: what was sent, each attempt's request and response, what happens next, and the retry buttons. */
export function DeliveryDetail({ id }: { id: string }) {
  const { stores } = useApp()
  const d = useStoreOf(stores.deliveries, (s) => s.details[id])
  const loadError = useStoreOf(stores.deliveries, (s) => s.detailErrors[id])
  const webhook = useStoreOf(stores.webhooks, (s) => (d ? s.items.find((w) => w.id === d.webhookId) : undefined))
  const profile = useStoreOf(stores.profiles, (s) => (d ? s.items.find((p) => p.id === d.profileId) : undefined))
  const [open, setOpen] = useState<Record<number, boolean>>({})
  const { busy, error, run } = useAction()
  const now = useEngineNow(1000)
  const scale = useStoreOf(stores.info, (s) => s.info?.clock.scale ?? 1)

  useEffect(() => {
    void stores.deliveries.getState().loadDetail(id)
    if (!stores.webhooks.getState().loaded) void stores.webhooks.getState().load()
    if (!stores.profiles.getState().loaded) void stores.profiles.getState().load()
  }, [id, stores.deliveries, stores.webhooks, stores.profiles])

  if (!d) {
    return (
      <section className="screen" data-testid="screen-deliveries">
        <div className="screen-body">
          <EmptyState title={loadError ? 'Delivery not found' : 'Loading…'}>{loadError && <p>{loadError}</p>}</EmptyState>
        </div>
      </section>
    )
  }

  const retry = () => void run(() => stores.deliveries.getState().retry(d.id))
  const last = d.attempts.at(-1)
  const isOpen = (a: Attempt) => open[a.n] ?? a.n === last?.n
  const inFlight = last?.outcome === 'in_flight'
  // manual retries are outside the schedule: they do not use up its delays
  const scheduledMade = d.attempts.filter((a) => a.trigger !== 'manual').length

  return (
    <section className="screen" data-testid="screen-deliveries" aria-labelledby="screen-title">
      <div className="screen-body delivery-detail" data-testid="delivery-detail" data-status={d.status}>
        <DetailHead
          back={{ href: href('/deliveries'), label: 'Deliveries' }}
          title={d.eventType}
          mono
          badges={
            <>
              <StatusPill status={d.status} testId="delivery-status" />
              {d.test && <Badge tone="info">test</Badge>}
            </>
          }
          url={
            <>
              <span className="detail-url-text" title={d.url}>
                POST {d.url}
              </span>
              <span className="dim">· {d.id}</span>
            </>
          }
          actions={
            <>
              <a className="btn" href={href(`/deliveries?eventId=${encodeURIComponent(d.eventId)}`)}>
                All deliveries of this event
              </a>
              <RefireButton eventId={d.eventId} profileId={d.profileId} type={d.eventType} label="Re-fire to other webhooks…" />
              {d.status === 'pending' ? (
                <button type="button" className="btn btn-primary" onClick={retry} disabled={busy || inFlight || !d.nextAttemptAt}>
                  Send next retry now
                </button>
              ) : (
                <button type="button" className={d.status === 'failed' ? 'btn btn-primary' : 'btn'} onClick={retry} disabled={busy} title="One manual attempt now, whatever the webhook's status; not retried automatically">
                  Retry now
                </button>
              )}
            </>
          }
        />
        {error && <p className="error-banner">{error}</p>}
        {d.status === 'held' && (
          <Banner
            tone="warn"
            icon="‖"
            title={<>Held {d.heldAt && relativeTime(d.heldAt, now)}</>}
            testId="held-banner"
            actions={
              <a className="btn" href={href(`/webhooks/${encodeURIComponent(d.webhookId)}`)}>
                Open webhook
              </a>
            }
          >
            <div data-testid="held-reason">{d.heldReason ?? 'Its webhook is paused or disabled.'}</div>
            <div className="small dim">Not lost: it goes out when the webhook is enabled again. “Retry now” sends one attempt anyway.</div>
          </Banner>
        )}

        <dl className="facts" data-testid="delivery-facts">
          <div>
            <dt>Webhook</dt>
            <dd>
              <a href={href(`/webhooks/${encodeURIComponent(d.webhookId)}`)}>{d.webhookName}</a> {webhook && webhook.status !== 'active' && <StatusPill status={webhook.status} />}
            </dd>
          </div>
          <div>
            <dt>Event</dt>
            <dd className="mono small fact-copy">
              <span className="fact-value" title={d.eventId}>
                {d.eventId}
              </span>
              <CopyButton text={d.eventId} className="btn btn-small btn-ghost" />
            </dd>
          </div>
          <div>
            <dt>Profile</dt>
            <dd>
              {/* the profile's name, as the webhook is named; its id is in the title (and the link) */}
              <a href={href(`/profiles/${encodeURIComponent(d.profileId)}`)} title={d.profileId} data-testid="delivery-profile">
                {profile?.name ?? d.profileId}
              </a>
            </dd>
          </div>
          <div>
            <dt>Created</dt>
            <dd>{formatTime(d.createdAt)}</dd>
          </div>
          <div>
            <dt>Finished</dt>
            <dd>{d.finishedAt ? formatTime(d.finishedAt) : <span className="dim">not yet</span>}</dd>
          </div>
          <div className="facts-wide">
            <dt>Retry schedule</dt>
            <dd>
              {d.test ? (
                'test: not retried automatically; “Retry now” adds an attempt'
              ) : d.retrySchedule.length ? (
                <span className="chips">
                  <span className="chip chip-done">now</span>
                  {d.retrySchedule.map((s, i) => (
                    <span key={i} className={i + 2 <= scheduledMade ? 'chip chip-done' : 'chip'}>
                      +{formatSeconds(s)}
                    </span>
                  ))}
                </span>
              ) : (
                'no automatic retry'
              )}
            </dd>
          </div>
        </dl>

        <div className="delivery-grid">
          <Card
            title={
              <>
                Attempts <span className="count">{attemptCountText(d)}</span>
              </>
            }
            className="timeline-card"
            actions={
              d.attempts.length > 1 && (
                <button type="button" className="btn btn-small" onClick={() => setOpen(Object.fromEntries(d.attempts.map((a) => [a.n, !d.attempts.every(isOpen)])))}>
                  {d.attempts.every(isOpen) ? 'Collapse all' : 'Expand all'}
                </button>
              )
            }
          >
            {d.attempts.length === 0 && d.status !== 'held' && <p className="dim small">No attempt yet: the first one is about to go out.</p>}
            <ol className="timeline" data-testid="attempt-timeline">
              {d.attempts.map((a, i) => (
                <AttemptItem key={a.n} a={a} previous={d.attempts[i - 1]} d={d} scale={scale} open={isOpen(a)} onToggle={() => setOpen({ ...open, [a.n]: !isOpen(a) })} />
              ))}
              <Planned d={d} now={now} onSendNow={retry} busy={busy || inFlight} />
              {d.status === 'failed' && (
                <li className="tl-item tl-end tl-failed" data-testid="gave-up">
                  <span className="tl-dot" aria-hidden="true" />
                  <div className="tl-head static">
                    <span>
                      Failed {d.finishedAt && <span className="dim">{formatTime(d.finishedAt)}</span>}: no attempt left in the retry schedule.
                      {webhook?.status === 'disabled' && (
                        <>
                          {' '}
                          The webhook was then <a href={href(`/webhooks/${encodeURIComponent(webhook.id)}`)}>disabled</a>.
                        </>
                      )}
                    </span>
                  </div>
                </li>
              )}
              {d.status === 'succeeded' && (
                <li className="tl-item tl-end tl-succeeded">
                  <span className="tl-dot" aria-hidden="true" />
                  <div className="tl-head static">
                    <span>
                      Delivered {d.finishedAt && <span className="dim">{formatTime(d.finishedAt)}</span>}
                    </span>
                  </div>
                </li>
              )}
            </ol>
          </Card>
          <ResendsPanel deliveryId={d.id} />
        </div>
      </div>
    </section>
  )
}
