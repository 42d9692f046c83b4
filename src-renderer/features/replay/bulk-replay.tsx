import { useEffect, useState } from 'react'
import type { Inbox } from '../../../src-shared/api/inboxes'
import type { BulkReplayInput, BulkReplayJob } from '../../../src-shared/api/replay'
import { useApp, useStoreOf } from '../../app-context'
import { Badge } from '../../components/badge'
import { Dialog } from '../../components/dialog'
import { formatDuration } from '../../lib/format'
import { hasFilters, type RequestFilters } from '../../stores/requests'
import { inboxSecret } from './replay-dialog'
import { bulkEta, bulkFilter, checkTargetUrl, inReceivedOrder, NO_RESIGN, resignInput, type FormErrors, type ResignForm } from './replay-model'
import { ResignFields } from './resign-fields'
import { TargetField, useRecentTargets } from './target-field'
import './replay.css'

/** Progress of a bulk replay: a bar, the counts, and Stop while it runs; the summary once done. */
export function BulkProgress({ job, compact }: { job: BulkReplayJob; compact?: boolean }) {
  const { stores } = useApp()
  const [stopping, setStopping] = useState(false)
  const pct = job.total ? Math.round((job.sent / job.total) * 100) : 100
  const eta = bulkEta(job)
  const took = job.finishedAt ? new Date(job.finishedAt).getTime() - new Date(job.startedAt).getTime() : null
  return (
    <div className={compact ? 'rp-bulk compact' : 'rp-bulk'} data-testid="bulk-progress" data-state={job.state}>
      <div className="rp-bulk-line">
        <strong>{job.state === 'running' ? 'Replaying' : job.state === 'done' ? 'Done' : 'Stopped'}</strong>
        <span className="mono rp-bulk-url" title={job.url}>
          → {job.url}
        </span>
        <span className="spacer" />
        {job.state === 'running' ? (
          <button
            type="button"
            className="btn btn-small btn-danger"
            disabled={stopping}
            onClick={async () => {
              setStopping(true)
              await stores.replay.getState().stopBulk(job.id).catch(() => undefined)
            }}
          >
            {stopping ? 'Stopping…' : 'Stop'}
          </button>
        ) : null}
      </div>
      <div
        className="rp-bar"
        role="progressbar"
        aria-label="Bulk replay progress"
        aria-valuemin={0}
        aria-valuemax={job.total}
        aria-valuenow={job.sent}
        aria-valuetext={`${job.sent} of ${job.total} sent`}
      >
        <span className="rp-bar-ok" style={{ width: `${job.total ? (job.ok / job.total) * 100 : 0}%` }} />
        <span className="rp-bar-failed" style={{ width: `${job.total ? (job.failed / job.total) * 100 : 0}%` }} />
      </div>
      <div className="rp-bulk-counts" data-testid="bulk-counts">
        <span data-testid="bulk-sent">
          {job.sent.toLocaleString()} / {job.total.toLocaleString()} sent
        </span>
        <span className="result-ok" data-testid="bulk-ok">
          {job.ok.toLocaleString()} 2xx
        </span>
        <span className={job.failed ? 'result-err' : 'muted'} data-testid="bulk-failed">
          {job.failed.toLocaleString()} failed
        </span>
        <span className="muted">
          {pct}% · {job.ratePerSecond}/s
          {eta !== null && eta > 0 && ` · about ${formatDuration(eta * 1000)} left`}
          {took !== null && ` · took ${formatDuration(took)}`}
        </span>
      </div>
      {job.state !== 'running' && (
        <p className={job.failed ? 'note note-warn' : 'note note-ok'} data-testid="bulk-summary">
          {job.state === 'stopped' ? `Stopped after ${job.sent} of ${job.total}` : `All ${job.total} sent`}: {job.ok} answered 2xx
          {job.failed ? `, ${job.failed} failed` : ''}.{job.lastError && <> Last failure: {job.lastError}</>}
        </p>
      )}
    </div>
  )
}

/**
 * Bulk replay from the request list: the ticked requests or everything the current filters
 * match, in received order, at a chosen rate, with optional re-signing. Progress comes from
 * the live feed (`replay.bulk.progress`).
 */
export function BulkReplayDialog({ open, onClose, inbox, selected, filters, total, onStarted, jobId }: {
  open: boolean
  onClose: () => void
  inbox: Inbox
  selected: string[]
  filters: RequestFilters
  /** How many requests the filters match. */
  total: number
  onStarted: (job: BulkReplayJob) => void
  /** The job this dialog started, to show its progress. */
  jobId: string | null
}) {
  const { stores } = useApp()
  const items = useStoreOf(stores.requests, (s) => s.items)
  const job = useStoreOf(stores.replay, (s) => (jobId ? s.jobs[jobId] : undefined))
  const [recent, remember] = useRecentTargets()
  const [scope, setScope] = useState<'selection' | 'filter'>('filter')
  const [url, setUrl] = useState('')
  const [rate, setRate] = useState('5')
  const [eventId, setEventId] = useState<'keep' | 'new'>('keep')
  const [insecureTls, setInsecureTls] = useState(false)
  const [resign, setResign] = useState<ResignForm>(NO_RESIGN)
  const [errors, setErrors] = useState<FormErrors & { rate?: string }>({})
  const [failure, setFailure] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    if (!open) return
    setScope(selected.length ? 'selection' : 'filter')
    setUrl((u) => u || recent[0] || '')
    const v = inbox.verification
    setResign((r) => (r.on ? r : { ...NO_RESIGN, profileId: v?.profileId ?? '', by: v && !v.profileId ? 'scheme' : 'profile', scheme: v?.scheme ?? NO_RESIGN.scheme }))
    setFailure(null)
    setErrors({})
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open])

  const running = job?.state === 'running'
  const filtered = hasFilters(filters)

  async function start() {
    const next: FormErrors & { rate?: string } = {}
    const urlError = checkTargetUrl(url)
    if (urlError) next.url = urlError
    const perSecond = Number(rate)
    if (!(perSecond > 0 && perSecond <= 1000)) next.rate = 'Between 0.1 and 1000 requests per second.'
    const r = resignInput(resign)
    if (!r.ok) next[r.field] = r.error
    setErrors(next)
    if (Object.keys(next).length || !r.ok) return
    const input: BulkReplayInput = { inboxId: inbox.id, url: url.trim(), ratePerSecond: perSecond }
    if (scope === 'selection') input.requestIds = inReceivedOrder(selected, items)
    else if (filtered) input.filter = bulkFilter(filters)
    if (r.resign) input.resign = r.resign
    if (eventId === 'new') input.eventId = 'new'
    if (insecureTls) input.insecureTls = true
    setBusy(true)
    setFailure(null)
    try {
      const started = await stores.replay.getState().startBulk(input)
      remember(input.url)
      onStarted(started)
    } catch (err) {
      setFailure((err as Error).message)
    } finally {
      setBusy(false)
    }
  }

  const count = scope === 'selection' ? selected.length : total
  const locked = busy || running
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Bulk replay"
      testId="bulk-replay-dialog"
      footer={
        <>
          <span className="muted small rp-footer-hint">{running ? 'Closing keeps it running; progress stays above the list.' : 'Oldest first, one at a time.'}</span>
          <button type="button" className="btn" onClick={onClose}>
            Close
          </button>
          <button type="button" className="btn btn-primary" onClick={() => void start()} disabled={locked || count === 0}>
            {busy ? 'Starting…' : job && !running ? `Replay ${count.toLocaleString()} again` : `Replay ${count.toLocaleString()}`}
          </button>
        </>
      }
    >
      <form
        className="rp-form"
        onSubmit={(e) => {
          e.preventDefault()
          if (!locked) void start()
        }}
      >
        <fieldset className="rp-scope" disabled={locked}>
          <legend className="sr-only">Which requests</legend>
          {selected.length > 0 && (
            <label className="check-row">
              <input type="radio" name="rp-scope" checked={scope === 'selection'} onChange={() => setScope('selection')} />
              <span>
                The {selected.length.toLocaleString()} ticked request{selected.length === 1 ? '' : 's'}
              </span>
            </label>
          )}
          <label className="check-row">
            <input type="radio" name="rp-scope" checked={scope === 'filter'} onChange={() => setScope('filter')} />
            <span>
              {filtered ? `All ${total.toLocaleString()} requests matching the current filters` : `All ${total.toLocaleString()} requests of ${inbox.name}`}
            </span>
          </label>
        </fieldset>
        <TargetField value={url} onChange={setUrl} recent={recent} error={errors.url} disabled={locked} excludeInboxId={inbox.id} />
        <div className="rp-options">
          <div className={errors.rate ? 'field field-error' : 'field'}>
            <label htmlFor="rp-rate">Rate (requests per second)</label>
            <input id="rp-rate" className="input rp-rate" type="number" min={0.1} max={1000} step="any" value={rate} disabled={locked} onChange={(e) => setRate(e.target.value)} />
            {errors.rate && <div className="field-message">{errors.rate}</div>}
          </div>
          <div className="field">
            <label id="rp-bulk-eventid">Event ids</label>
            <div className="segmented" role="radiogroup" aria-labelledby="rp-bulk-eventid">
              {(['keep', 'new'] as const).map((k) => (
                <button key={k} type="button" role="radio" disabled={locked} aria-checked={eventId === k} className={eventId === k ? 'seg active' : 'seg'} onClick={() => setEventId(k)}>
                  {k === 'keep' ? 'Keep the originals' : 'New ids'}
                </button>
              ))}
            </div>
          </div>
          <label className="check-row rp-tls">
            <input type="checkbox" checked={insecureTls} disabled={locked} onChange={(e) => setInsecureTls(e.target.checked)} />
            <span>Accept a self-signed certificate</span>
          </label>
        </div>
        <ResignFields value={resign} onChange={setResign} errors={errors} suggestedSecret={inboxSecret(inbox)} disabled={locked} />
      </form>
      {failure && (
        <p className="error-banner" role="alert">
          {failure}
        </p>
      )}
      {job && <BulkProgress job={job} />}
    </Dialog>
  )
}

/** The bulk replay of this inbox, above the list while the dialog is closed. */
export function BulkStrip({ jobId, onOpen, onDismiss }: { jobId: string; onOpen: () => void; onDismiss: () => void }) {
  const { stores } = useApp()
  const job = useStoreOf(stores.replay, (s) => s.jobs[jobId])
  if (!job) return null
  return (
    <div className="rp-strip" data-testid="bulk-strip">
      <Badge tone={job.state === 'running' ? 'info' : job.failed ? 'warn' : 'ok'}>bulk replay</Badge>
      <div className="rp-strip-progress">
        <BulkProgress job={job} compact />
      </div>
      <button type="button" className="btn btn-small" onClick={onOpen}>
        Details
      </button>
      {job.state !== 'running' && (
        <button type="button" className="btn btn-small" aria-label="Dismiss" onClick={onDismiss}>
          ✕
        </button>
      )}
    </div>
  )
}
