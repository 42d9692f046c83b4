import { useState } from 'react'
import type { Profile } from '../../../src-shared/api/profiles'
import type { Webhook } from '../../../src-shared/api/webhooks'
import { disableRuleText } from '../../../src-shared/catalog'
import { useApp } from '../../app-context'
import { Banner } from '../../components/banner'
import { Card } from '../../components/card'
import { ConfirmDialog } from '../../components/confirm-dialog'
import { CopyButton } from '../../components/copy-button'
import { DetailHead } from '../../components/detail-head'
import { StatusPill } from '../../components/status-pill'
import { useAction, useEngineNow } from '../../hooks'
import { formatTime, relativeTime } from '../../lib/format'
import { href, navigate } from '../../router'
import { DeliveryTable } from '../deliveries/delivery-table'
import { percent, retryScheduleText } from '../sender-kit/format'
import { useDeliveriesOf } from '../sender-kit/use-deliveries-of'
import { CheckEndpointDialog } from './check-endpoint-dialog'
import { SecretPanel } from './secret-panel'
import { EventChips } from './webhook-list'

/** Why the webhook is not delivering (auto-disabled or paused) and the policy warnings, with their fixes. */
function StatusBanners({ webhook, busy, act }: { webhook: Webhook; busy: boolean; act: (fn: () => Promise<unknown>) => void }) {
  const { stores } = useApp()
  const now = useEngineNow(10_000)
  const held = webhook.stats.held
  const allOverridden = webhook.warnings.every((w) => w.overridden)
  return (
    <>
      {webhook.status === 'disabled' && (
        <Banner
          tone="err"
          role="alert"
          testId="disabled-banner"
          title={<>Disabled automatically {webhook.disabledAt && <span title={webhook.disabledAt}>{relativeTime(webhook.disabledAt, now)} ({formatTime(webhook.disabledAt)})</span>}</>}
          actions={
            <button type="button" className="btn btn-primary" disabled={busy} onClick={() => act(() => stores.webhooks.getState().enable(webhook.id))}>
              Re-enable
            </button>
          }
        >
          <div data-testid="disabled-reason">{webhook.disabledReason ?? 'The profile’s auto-disable rule was reached.'}</div>
          {/* held deliveries are mentioned only when there are some */}
          <div className="small dim" data-testid="disabled-next">
            {held > 0 && `${held} deliver${held === 1 ? 'y is held, not lost: it goes' : 'ies are held, not lost: they go'} out when you re-enable. `}
            New events are not sent to it until then. Re-enabling resets the failure count.
          </div>
        </Banner>
      )}
      {webhook.status === 'paused' && (
        <Banner
          tone="muted"
          testId="paused-banner"
          title={<>Paused {webhook.pausedAt && relativeTime(webhook.pausedAt, now)}</>}
          actions={
            <button type="button" className="btn" disabled={busy} onClick={() => act(() => stores.webhooks.getState().enable(webhook.id))}>
              Resume
            </button>
          }
        >
          <div className="small">{held > 0 ? `${held} deliver${held === 1 ? 'y is' : 'ies are'} held until you resume.` : 'No delivery is waiting.'} Events fired meanwhile are not sent to it.</div>
        </Banner>
      )}
      {webhook.warnings.length > 0 && (
        <Banner
          tone={allOverridden ? 'muted' : 'warn'}
          icon="⚠"
          testId="policy-warnings"
          title={allOverridden ? 'Allowed for local testing' : 'The real provider would refuse this URL'}
          actions={
            webhook.allowLocal ? (
              <button type="button" className="btn btn-small" disabled={busy} onClick={() => act(() => stores.webhooks.getState().update(webhook.id, { allowLocal: false }))}>
                Revoke override
              </button>
            ) : (
              <button type="button" className="btn" disabled={busy} onClick={() => act(() => stores.webhooks.getState().update(webhook.id, { allowLocal: true }))}>
                Allow for local testing
              </button>
            )
          }
        >
          {/* The reasons without the engine's fix-it words for API users (allowLocal): the fix is the button beside them. */}
          <ul className="plain-list">
            {webhook.warnings.map((w) => (
              <li key={w.code}>
                {w.reason} {w.overridden && !allOverridden && <span className="dim small">(allowed)</span>}
              </li>
            ))}
          </ul>
          <div className="small dim" data-testid="policy-fix">
            {allOverridden
              ? 'Hookbench delivers to it; the warning stays here as a reminder.'
              : !webhook.allowLocal && webhook.warnings.some((w) => w.code !== 'credentials_in_url')
                ? 'Hookbench delivers anyway. If this is a local test target, say so with “Allow for local testing”; the warning stays here as a reminder.'
                : 'Hookbench delivers anyway; the warning stays here as a reminder.'}
          </div>
        </Banner>
      )}
    </>
  )
}

/** One webhook: status and why, stats, endpoint, secret, profile facts and its latest deliveries. */
export function WebhookDetail({ webhook, profile, onEdit, onTest }: { webhook: Webhook; profile: Profile | undefined; onEdit: () => void; onTest: () => void }) {
  const { stores } = useApp()
  const { busy, error, run: act } = useAction()
  const [deleting, setDeleting] = useState(false)
  const [checking, setChecking] = useState(false)
  const recent = useDeliveriesOf({ webhookId: webhook.id, limit: 10 })
  const s = webhook.stats
  const headers = Object.entries(webhook.headers)

  return (
    <div className="webhook-detail" data-testid="webhook-detail">
      <DetailHead
        back={{ href: href('/webhooks'), label: 'Webhooks' }}
        title={webhook.name}
        badges={<StatusPill status={webhook.status} testId="webhook-status" />}
        url={
          <>
            <span className="detail-url-text" title={webhook.url} data-testid="webhook-url">
              {webhook.url}
            </span>
            <CopyButton text={webhook.url} className="btn btn-small btn-ghost" />
          </>
        }
        actions={
          <>
            <button type="button" className="btn btn-primary" onClick={onTest}>
              Send test
            </button>
            <button
              type="button"
              className="btn"
              onClick={() => setChecking(true)}
              title="Probe how the endpoint verifies signatures: requests signed right and wrong"
            >
              Check endpoint…
            </button>
            {webhook.status === 'active' ? (
              <button type="button" className="btn" disabled={busy} onClick={() => act(() => stores.webhooks.getState().pause(webhook.id))}>
                Pause
              </button>
            ) : (
              <button type="button" className="btn" disabled={busy} onClick={() => act(() => stores.webhooks.getState().enable(webhook.id))}>
                {webhook.status === 'disabled' ? 'Re-enable' : 'Resume'}
              </button>
            )}
            <button type="button" className="btn" onClick={onEdit}>
              Edit
            </button>
            <button
              type="button"
              className="btn btn-danger"
              disabled={busy}
              onClick={() => setDeleting(true)}
            >
              Delete
            </button>
          </>
        }
      />
      {error && <p className="error-banner">{error}</p>}
      {checking && <CheckEndpointDialog open onClose={() => setChecking(false)} webhook={webhook} />}
      <ConfirmDialog
        open={deleting}
        title={`Delete ${webhook.name}?`}
        confirmLabel="Delete webhook"
        danger
        onClose={() => setDeleting(false)}
        onConfirm={async () => {
          await stores.webhooks.getState().remove(webhook.id)
          navigate('/webhooks')
        }}
      >
        <p>Its deliveries and attempts go with it.</p>
      </ConfirmDialog>
      <StatusBanners webhook={webhook} busy={busy} act={act} />

      <div className="stat-row">
        <div className="stat">
          <div className="stat-label" title="Succeeded / finished deliveries; tests are not counted">Success rate</div>
          <div className="stat-value" data-testid="stat-success">
            {percent(s.successRate)} <small>{s.succeeded} ok · {s.failed} failed</small>
          </div>
        </div>
        <div className="stat">
          <div className="stat-label" title="Test deliveries are not counted">Deliveries</div>
          <div className="stat-value" data-testid="stat-deliveries">
            {s.total} <small>{s.pending} pending{recent.items?.some((d) => d.test) && ' · tests not counted'}</small>
          </div>
        </div>
        <div className="stat">
          <div className="stat-label">Held</div>
          <div className="stat-value">{s.held}</div>
        </div>
        <div className="stat">
          <div className="stat-label">Consecutive failures</div>
          <div className="stat-value" data-testid="stat-failures">
            {webhook.consecutiveFailures} <small>{webhook.disableAfter == null ? 'never disabled' : `disabled at ${webhook.disableAfter}`}</small>
          </div>
        </div>
      </div>

      <div className="detail-grid">
        <div className="stack">
          <Card title="Endpoint">
            <dl className="kv-grid">
              <dt>Profile</dt>
              <dd>
                <a href={href(`/profiles/${encodeURIComponent(webhook.profileId)}`)}>{profile?.name ?? webhook.profileId}</a>
              </dd>
              <dt>Events</dt>
              <dd>
                <EventChips events={webhook.events} max={20} />
              </dd>
              <dt>Custom headers</dt>
              <dd>
                {headers.length ? (
                  <ul className="plain-list mono small">
                    {headers.map(([k, v]) => (
                      <li key={k}>
                        {k}: {v}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <span className="dim">none</span>
                )}
              </dd>
              <dt>Rate limit</dt>
              <dd>{webhook.rateLimitPerSecond == null ? <span className="dim">none</span> : `${webhook.rateLimitPerSecond} / s`}</dd>
              <dt>Concurrency</dt>
              <dd>{webhook.maxConcurrency} attempt{webhook.maxConcurrency === 1 ? '' : 's'} at once</dd>
              <dt>Id</dt>
              <dd className="mono small">{webhook.id}</dd>
              <dt>Created</dt>
              <dd>{formatTime(webhook.createdAt)}</dd>
            </dl>
          </Card>
          <Card
            title="Latest deliveries"
            bodyClassName="flush"
            actions={
              <a className="small" href={href(`/deliveries?webhookId=${encodeURIComponent(webhook.id)}`)}>
                All deliveries →
              </a>
            }
          >
            {recent.items === null ? (
              <p className="dim small pad">Loading…</p>
            ) : recent.items.length === 0 ? (
              <p className="dim small pad">No deliveries yet. Send a test or fire an event from the Events screen.</p>
            ) : (
              <DeliveryTable items={recent.items} compact testId="webhook-deliveries" />
            )}
          </Card>
        </div>
        <div className="stack">
          <SecretPanel webhook={webhook} profile={profile} />
          {profile && (
            <Card
              title="Delivery rules"
              actions={
                <a className="small" href={href(`/profiles/${encodeURIComponent(profile.id)}`)}>
                  {profile.name} →
                </a>
              }
            >
              <dl className="kv-grid">
                <dt>Signature</dt>
                <dd className="mono small">
                  {profile.signature.signatureHeader}: {profile.signature.prefix}
                  {'<'}
                  {profile.signature.encoding}
                  {'>'}
                </dd>
                <dt>Retries</dt>
                <dd>{retryScheduleText(profile.retrySchedule)}</dd>
                <dt>Timeout</dt>
                <dd>{profile.timeoutMs / 1000} s per attempt</dd>
                <dt>Auto-disable</dt>
                <dd>{disableRuleText(profile)}</dd>
              </dl>
            </Card>
          )}
        </div>
      </div>
    </div>
  )
}
