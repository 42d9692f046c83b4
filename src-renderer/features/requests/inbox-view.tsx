import { useEffect, useState } from 'react'
import type { BulkReplayJob } from '../../../src-shared/api/replay'
import { useApp, useStoreOf } from '../../app-context'
import { EmptyState } from '../../components/empty-state'
import { href, navigate } from '../../router'
import { filtersToQuery } from '../../stores/requests'
import { ExportMenu } from '../export/export-menu'
import { ImportButton } from '../export/import-button'
import { InboxFormDialog } from '../inboxes/inbox-form'
import { ConfirmDialog } from '../../components/confirm-dialog'
import { InboxUrls, responseSummary, VerificationBadge } from '../inboxes/shared'
import { BulkReplayDialog, BulkStrip } from '../replay/bulk-replay'
import { InboxNetworkButton } from '../settings/network-section'
import { CompareView } from './compare-view'
import { RequestDetailPane } from './request-detail'
import { RequestFiltersBar, useSeenEventTypes } from './request-filters'
import { RequestList } from './request-list'
import './requests.css'

/** One inbox: its URLs and settings on top, the live request list on the left, the open request (or a comparison) on the right. */
export function InboxView({ inboxId, requestId, compare }: { inboxId: string; requestId: string | null; compare: [string, string] | null }) {
  const { stores } = useApp()
  const inbox = useStoreOf(stores.inboxes, (s) => s.items.find((i) => i.id === inboxId))
  const reanalysis = useStoreOf(stores.inboxes, (s) => s.reanalysis[inboxId])
  const items = useStoreOf(stores.requests, (s) => s.items)
  const filters = useStoreOf(stores.requests, (s) => s.filters)
  const total = useStoreOf(stores.requests, (s) => s.total)
  const selected = useStoreOf(stores.requests, (s) => s.selected)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [dialog, setDialog] = useState<'edit' | 'clear' | 'delete' | 'bulk' | null>(null)
  const [bulkJob, setBulkJob] = useState<string | null>(null)
  const [notice, setNotice] = useState<{ tone: 'ok' | 'err'; text: string } | null>(null)
  const base = `/inboxes/${encodeURIComponent(inboxId)}`

  useEffect(() => {
    setLoadError(null)
    stores.inboxes
      .getState()
      .fetch(inboxId)
      .catch((err: Error) => setLoadError(err.message))
    void stores.requests.getState().open(inboxId)
    setNotice(null)
    setBulkJob(null)
  }, [inboxId, stores.inboxes, stores.requests])

  useEffect(() => {
    document.title = inbox ? `${inbox.name} · Hookbench` : 'Inbox · Hookbench'
  }, [inbox])

  const eventTypes = useSeenEventTypes(inboxId, items, inbox?.stats.requestCount)

  if (!inbox) {
    return (
      <section className="screen" data-testid="screen-inbox">
        {loadError ? (
          <EmptyState title="Inbox not found" action={<a href={href('/inboxes')}>Back to the inboxes</a>}>
            <p>{loadError}</p>
          </EmptyState>
        ) : (
          <p className="muted screen-body" role="status">
            Loading the inbox…
          </p>
        )}
      </section>
    )
  }

  return (
    <section className="screen inbox-screen" data-testid="screen-inbox" aria-labelledby="screen-title">
      <header className="screen-header inbox-header">
        <div className="inbox-heading">
          <div className="inbox-title-line">
            <nav className="crumbs" aria-label="Breadcrumb">
              <a href={href('/inboxes')}>Inboxes</a> <span aria-hidden="true">/</span>
            </nav>
            <h1 id="screen-title">{inbox.name}</h1>
            <VerificationBadge inbox={inbox} />
            <span className="muted small">answers {responseSummary(inbox)}</span>
            {inbox.forwardTo.length > 0 && <span className="muted small">· forwards to {inbox.forwardTo.length}</span>}
            {inbox.allowlist && <span className="muted small">· allowlist {inbox.allowlist.enforce ? 'enforced' : 'recorded'}</span>}
          </div>
          <div className="inbox-url-line">
            <InboxUrls inbox={inbox} />
            <InboxNetworkButton slug={inbox.slug} />
          </div>
        </div>
        <div className="screen-actions">
          <ExportMenu kind="requests" query={{ inboxId: inbox.id, ...filtersToQuery(filters) }} disabled={inbox.stats.requestCount === 0} />
          <ImportButton
            inboxId={inbox.id}
            onImported={(r, name) => {
              setNotice({ tone: 'ok', text: `Imported ${r.imported.toLocaleString()} request${r.imported === 1 ? '' : 's'} from ${name} (${r.format === 'har' ? 'HAR' : 'NDJSON'}).` })
              void stores.requests.getState().refresh()
              void stores.inboxes.getState().fetch(inbox.id).catch(() => undefined)
            }}
            onError={(message, name) => setNotice({ tone: 'err', text: `${name} was not imported: ${message}` })}
          />
          <button type="button" className="btn" onClick={() => setDialog('edit')}>
            Edit
          </button>
          <button type="button" className="btn" onClick={() => setDialog('clear')} disabled={inbox.stats.requestCount === 0}>
            Clear
          </button>
          <button type="button" className="btn btn-danger" onClick={() => setDialog('delete')}>
            Delete
          </button>
        </div>
      </header>
      {reanalysis && (
        <p className="reanalysis-banner" role="status">
          Re-analysing the stored requests with the new verification: {reanalysis.done.toLocaleString()} of {reanalysis.total.toLocaleString()}…
        </p>
      )}
      {notice && (
        <p className={`inbox-notice ${notice.tone}`} role={notice.tone === 'err' ? 'alert' : 'status'} data-testid="import-notice">
          <span>{notice.text}</span>
          <button type="button" className="btn btn-small" aria-label="Dismiss" onClick={() => setNotice(null)}>
            ✕
          </button>
        </p>
      )}
      {bulkJob && dialog !== 'bulk' && <BulkStrip jobId={bulkJob} onOpen={() => setDialog('bulk')} onDismiss={() => setBulkJob(null)} />}
      <div className="inbox-toolbar">
        <RequestFiltersBar eventTypes={eventTypes} />
      </div>
      <div className="inbox-split">
        <RequestList
          inbox={inbox}
          openId={requestId}
          onCompare={(a, b) => navigate(`${base}/compare/${encodeURIComponent(a)}/${encodeURIComponent(b)}`)}
          onBulkReplay={() => setDialog('bulk')}
        />
        <div className="detail-pane">
          {compare ? (
            <CompareView a={compare[0]} b={compare[1]} onClose={() => navigate(base)} />
          ) : requestId ? (
            <RequestDetailPane inbox={inbox} requestId={requestId} onEditInbox={() => setDialog('edit')} />
          ) : (
            <div className="detail-placeholder">
              {items.length > 0 ? (
                <>
                  <p>Select a request to see its body, headers, signature verdict and the response Hookbench sent.</p>
                  <p className="muted small">
                    Keyboard: focus the list, then <kbd>↑</kbd>/<kbd>↓</kbd> (or <kbd>j</kbd>/<kbd>k</kbd>) to move, <kbd>x</kbd> to tick for compare.
                  </p>
                </>
              ) : (
                <p className="muted">Requests will open here.</p>
              )}
            </div>
          )}
        </div>
      </div>
      <BulkReplayDialog
        open={dialog === 'bulk'}
        onClose={() => setDialog(null)}
        inbox={inbox}
        selected={selected}
        filters={filters}
        total={total}
        jobId={bulkJob}
        onStarted={(job: BulkReplayJob) => setBulkJob(job.id)}
      />
      <InboxFormDialog open={dialog === 'edit'} inbox={inbox} onClose={() => setDialog(null)} onSaved={() => setDialog(null)} />
      <ConfirmDialog
        open={dialog === 'clear'}
        title="Clear inbox"
        confirmLabel="Clear requests"
        danger
        onClose={() => setDialog(null)}
        onConfirm={async () => {
          await stores.inboxes.getState().clear(inbox.id)
          navigate(base)
        }}
      >
        <p>
          Delete the {inbox.stats.requestCount.toLocaleString()} captured requests of <strong>{inbox.name}</strong>? The inbox and its URL stay.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog === 'delete'}
        title="Delete inbox"
        confirmLabel="Delete inbox"
        danger
        onClose={() => setDialog(null)}
        onConfirm={async () => {
          await stores.inboxes.getState().remove(inbox.id)
          navigate('/inboxes')
        }}
      >
        <p>
          Delete <strong>{inbox.name}</strong> and all its requests? Senders pointed at <code>{inbox.url}</code> will get 404.
        </p>
      </ConfirmDialog>
    </section>
  )
}
