import { useEffect, useState } from 'react'
import type { Inbox } from '../../../src-shared/api/inboxes'
import type { BulkReplayInput, BulkReplayJob } from '../../../src-shared/api/replay'
import { useApp, useStoreOf } from '../../app-context'
import { Badge } from '../../components/badge'
import { Dialog, DialogActions } from '../../components/dialog'
import { Field } from '../../components/field'
import { useAction } from '../../hooks'
import { formatDuration } from '../../lib/format'
import { hasFilters, type RequestFilters } from '../../stores/requests'
import { bulkEta, bulkFilter, inboxSecret, inReceivedOrder, NO_RESIGN, resignLike, sendOptions, type FormErrors, type SendOptionsForm } from './replay-model'
import { ResignFields } from './resign-fields'
import { placeSendError } from './send-errors'
import { EventIdChoice, InsecureTlsCheck, SEND_FORM_ID, SendForm } from './send-options'
import { TargetField, useRecentTargets } from './target-field'
import './replay.css'

/** Progress of a bulk replay: a bar, the counts, and Stop while it runs; the summary once done. */
export function BulkProgress({ job, compact }: { job: BulkReplayJob; compact?: boolean }) {
  const { stores } = useApp()
  const { busy, error, run } = useAction()
  // the engine answers Stop before the job has wound down: "Stopping…" until its state says so
  const [stopSent, setStopSent] = useState(false)
  const stopping = busy || stopSent
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
            onClick={() =>
              void run(async () => {
                await stores.replay.getState().stopBulk(job.id)
                setStopSent(true)
              })
            }
          >
            {stopping ? 'Stopping…' : 'Stop'}
          </button>
        ) : null}
      </div>
      {error && job.state === 'running' && (
        <p className="error-banner" role="alert">
          {error}
        </p>
      )}
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
  const [form, setForm] = useState<SendOptionsForm>({ url: '', eventId: 'keep', insecureTls: false, resign: NO_RESIGN })
  const [rate, setRate] = useState('5')
  const [errors, setErrors] = useState<FormErrors>({})
  const { busy, error: failure, setError: setFailure, run } = useAction((err) => {
    const placed = placeSendError(err)
    setErrors(placed.errors)
    setFailure(placed.general)
  })
  const set = (patch: Partial<SendOptionsForm>) => setForm((f) => ({ ...f, ...patch }))

  useEffect(() => {
    if (!open) return
    setScope(selected.length ? 'selection' : 'filter')
    setForm((f) => ({ ...f, url: f.url || recent[0] || '', resign: f.resign.on ? f.resign : resignLike(inbox) }))
    setFailure(null)
    setErrors({})
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open])

  const running = job?.state === 'running'
  const filtered = hasFilters(filters)

  function start() {
    const built = sendOptions(form)
    const next: FormErrors = built.ok ? {} : { ...built.errors }
    const perSecond = Number(rate)
    if (!(perSecond > 0 && perSecond <= 1000)) next.rate = 'Between 0.1 and 1000 requests per second.'
    setErrors(next)
    if (Object.keys(next).length || !built.ok) return
    const input: BulkReplayInput = { inboxId: inbox.id, ...built.options, ratePerSecond: perSecond }
    if (scope === 'selection') input.requestIds = inReceivedOrder(selected, items)
    else if (filtered) input.filter = bulkFilter(filters)
    void run(async () => {
      const started = await stores.replay.getState().startBulk(input)
      remember(input.url)
      onStarted(started)
    })
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
        <DialogActions
          hint={running ? 'Closing keeps it running; progress stays above the list.' : 'Oldest first, one at a time.'}
          onCancel={onClose}
          cancelLabel="Close"
          label={job && !running ? `Replay ${count.toLocaleString()} again` : `Replay ${count.toLocaleString()}`}
          busyLabel="Starting…"
          busy={busy}
          disabled={locked || count === 0}
          form={SEND_FORM_ID}
        />
      }
    >
      <SendForm onSend={() => (locked || count === 0 ? undefined : start())} errors={errors}>
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
        <TargetField value={form.url} onChange={(url) => set({ url })} recent={recent} error={errors.url} disabled={locked} excludeInboxId={inbox.id} />
        <div className="rp-options">
          <Field label="Rate (requests per second)" htmlFor="rp-rate" error={errors.rate}>
            <input id="rp-rate" className="input rp-rate" type="number" min={0.1} max={1000} step="any" value={rate} disabled={locked} onChange={(e) => setRate(e.target.value)} />
          </Field>
          <EventIdChoice value={form.eventId} onChange={(eventId) => set({ eventId })} label="Event ids" keepLabel="Keep the originals" newLabel="New ids" disabled={locked} />
          <InsecureTlsCheck checked={form.insecureTls} onChange={(insecureTls) => set({ insecureTls })} disabled={locked} />
        </div>
        <ResignFields value={form.resign} onChange={(resign) => set({ resign })} errors={errors} suggestedSecret={inboxSecret(inbox)} disabled={locked} />
      </SendForm>
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
