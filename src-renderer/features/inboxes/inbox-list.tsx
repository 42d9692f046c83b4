import { useEffect, useState } from 'react'
import type { Inbox } from '../../../src-shared/api/inboxes'
import { useApp, useStoreOf } from '../../app-context'
import { Badge, statusTone } from '../../components/badge'
import { CopyButton } from '../../components/copy-button'
import { EmptyState } from '../../components/empty-state'
import { Screen } from '../../components/screen'
import { SafeText } from '../../components/safe-text'
import { escapeHiddenChars } from '../../lib/hidden-chars'
import { VerdictBadge } from '../../components/verdict-badge'
import { useEngineNow } from '../../hooks'
import { relativeTime } from '../../lib/format'
import { href, navigate } from '../../router'
import { sampleCurl } from './curl'
import { InboxFormDialog } from './inbox-form'
import { LoopbackDialog } from './loopback-dialog'
import { ConfirmDialog } from '../../components/confirm-dialog'
import { InboxUrls, responseSummary, VerificationBadge } from './shared'
import './inboxes.css'

type Pending = { kind: 'edit' | 'clear' | 'delete'; inbox: Inbox } | { kind: 'create' } | { kind: 'loopback' } | null

/** Every inbox with its URLs to copy, how it verifies and answers, its count and last request. */
export function InboxList() {
  const { stores } = useApp()
  const items = useStoreOf(stores.inboxes, (s) => s.items)
  const loaded = useStoreOf(stores.inboxes, (s) => s.loaded)
  const error = useStoreOf(stores.inboxes, (s) => s.error)
  const ingest = useStoreOf(stores.info, (s) => s.info?.urls.ingest)
  const [pending, setPending] = useState<Pending>(null)
  const now = useEngineNow()
  useEffect(() => {
    void stores.inboxes.getState().load()
  }, [stores.inboxes])
  const close = () => setPending(null)

  return (
    <Screen
      title="Inboxes"
      subtitle="Local URLs that capture, verify and explain the webhooks sent to them"
      testId="screen-inboxes"
      actions={
        <>
          <button type="button" className="btn" onClick={() => setPending({ kind: 'loopback' })} title="Create an inbox and a webhook pointed at it, then fire a test event">
            Loopback quick start
          </button>
          <button type="button" className="btn btn-primary" onClick={() => setPending({ kind: 'create' })}>
            New inbox
          </button>
        </>
      }
    >
      {error && (
        <p className="error-banner" role="alert">
          Could not load the inboxes: {error}{' '}
          <button type="button" className="btn btn-small" onClick={() => void stores.inboxes.getState().load()}>
            Retry
          </button>
        </p>
      )}
      {!loaded && !error && (
        <p className="muted" role="status">
          Loading inboxes…
        </p>
      )}
      {loaded && !error && items.length === 0 && (
        <EmptyState
          title="No inboxes yet"
          action={
            <div className="toolbar">
              <button type="button" className="btn btn-primary" onClick={() => setPending({ kind: 'create' })}>
                Create an inbox
              </button>
              <button type="button" className="btn" onClick={() => setPending({ kind: 'loopback' })}>
                Loopback quick start
              </button>
            </div>
          }
        >
          <p>
            An inbox is a URL such as <code>{ingest ?? 'http://127.0.0.1:4320'}/&lt;slug&gt;</code> that captures every request byte for byte,
            verifies its signature and says why it fails, answers with scripted responses and forwards to your local app.
          </p>
          <p>Point a provider's test button, your staging app or Hookbench's own sender at it, and watch requests arrive live.</p>
        </EmptyState>
      )}
      {items.length > 0 && (
        <table className="table inbox-table" aria-label="Inboxes">
          <thead>
            <tr>
              <th className="cell-fluid col-name">Inbox</th>
              <th className="cell-fluid col-url">URL</th>
              <th>Verifies</th>
              <th className="col-answers">Answers</th>
              <th className="num">Requests</th>
              <th className="cell-fluid col-last">Last request</th>
              <th>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((inbox) => {
              const last = inbox.stats.lastRequest
              return (
                <tr key={inbox.id} data-testid="inbox-row" data-inbox-id={inbox.id}>
                  <td className="cell-fluid col-name">
                    <a className="inbox-name" href={href(`/inboxes/${encodeURIComponent(inbox.id)}`)} title={inbox.name}>
                      {inbox.name}
                    </a>
                    <div className="muted mono small truncate" title={inbox.slug}>
                      {inbox.slug}
                    </div>
                  </td>
                  <td className="cell-fluid col-url">
                    <InboxUrls inbox={inbox} compact />
                  </td>
                  <td>
                    <VerificationBadge inbox={inbox} />
                  </td>
                  <td className="mono small col-answers">{responseSummary(inbox)}</td>
                  <td className="num" data-testid="inbox-count">
                    {inbox.stats.requestCount.toLocaleString()}
                  </td>
                  <td className="cell-fluid col-last">
                    {last ? (
                      <a href={href(`/inboxes/${encodeURIComponent(inbox.id)}/requests/${encodeURIComponent(last.id)}`)} className="plain-link">
                        <span className="last-line">
                          <span className={`method method-${last.method.toLowerCase()}`}>{last.method}</span> <span className="mono truncate last-path" title={escapeHiddenChars(last.path)}>
                            <SafeText text={last.path} />
                          </span>
                        </span>
                        <span className="last-meta">
                          <VerdictBadge verdict={last.verdict} />
                          {last.responseStatus !== null && <Badge tone={statusTone(last.responseStatus)}>{last.responseStatus}</Badge>}
                          <span className="muted small">{relativeTime(last.receivedAt, now)}</span>
                        </span>
                      </a>
                    ) : (
                      <span className="muted small">none yet</span>
                    )}
                  </td>
                  <td className="row-actions">
                    <button type="button" className="btn btn-small" onClick={() => setPending({ kind: 'edit', inbox })} aria-label={`Edit ${inbox.name}`}>
                      Edit
                    </button>
                    <button type="button" className="btn btn-small" onClick={() => setPending({ kind: 'clear', inbox })} aria-label={`Clear ${inbox.name}`} disabled={inbox.stats.requestCount === 0}>
                      Clear
                    </button>
                    <button type="button" className="btn btn-small btn-danger" onClick={() => setPending({ kind: 'delete', inbox })} aria-label={`Delete ${inbox.name}`}>
                      Delete
                    </button>
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
      {items.length > 0 && items.every((i) => i.stats.requestCount === 0) && (
        <div className="first-request-hint">
          <span className="muted">Send a first request:</span>
          <code className="mono">{sampleCurl(items[0]!.url)}</code>
          <CopyButton text={sampleCurl(items[0]!.url)} />
        </div>
      )}

      <InboxFormDialog
        open={pending?.kind === 'create' || pending?.kind === 'edit'}
        inbox={pending?.kind === 'edit' ? pending.inbox : null}
        onClose={close}
        onSaved={(inbox) => {
          const created = pending?.kind === 'create'
          close()
          if (created) navigate(`/inboxes/${encodeURIComponent(inbox.id)}`)
        }}
      />
      <LoopbackDialog
        open={pending?.kind === 'loopback'}
        onClose={close}
        onDone={(inbox) => {
          close()
          navigate(`/inboxes/${encodeURIComponent(inbox.id)}`)
        }}
      />
      <ConfirmDialog
        open={pending?.kind === 'clear'}
        title="Clear inbox"
        confirmLabel="Clear requests"
        danger
        onClose={close}
        onConfirm={async () => {
          if (pending?.kind === 'clear') await stores.inboxes.getState().clear(pending.inbox.id)
        }}
      >
        {pending?.kind === 'clear' && (
          <p>
            Delete the {pending.inbox.stats.requestCount.toLocaleString()} captured requests of <strong>{pending.inbox.name}</strong>? The inbox and its URL stay.
          </p>
        )}
      </ConfirmDialog>
      <ConfirmDialog
        open={pending?.kind === 'delete'}
        title="Delete inbox"
        confirmLabel="Delete inbox"
        danger
        onClose={close}
        onConfirm={async () => {
          if (pending?.kind === 'delete') await stores.inboxes.getState().remove(pending.inbox.id)
        }}
      >
        {pending?.kind === 'delete' && (
          <p>
            Delete <strong>{pending.inbox.name}</strong> and its {pending.inbox.stats.requestCount.toLocaleString()} requests? Senders pointed at{' '}
            <code>{pending.inbox.url}</code> will get 404.
          </p>
        )}
      </ConfirmDialog>
    </Screen>
  )
}
