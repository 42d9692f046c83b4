import { useEffect, useState } from 'react'
import type { Attempt } from '../../../src-shared/api/deliveries'
import type { Replay } from '../../../src-shared/api/replay'
import { useApp } from '../../app-context'
import { Dialog } from '../../components/dialog'
import { useAction } from '../../hooks'
import { CopyAs } from './copy-as'
import { NO_RESIGN, sendOptions, snippetOf, type FormErrors, type SendOptionsForm } from './replay-model'
import { ResignFields } from './resign-fields'
import { placeSendError } from './send-errors'
import { EventIdChoice, InsecureTlsCheck, ReplayOutcome, SendActions, SendForm } from './send-options'
import { TargetField, useRecentTargets } from './target-field'
import './replay.css'

/**
 * Sends one delivery attempt's exact request to another URL (a staging app, localhost, an
 * inbox), optionally re-signed. Resending to the webhook itself is "Retry now".
 */
export function ResendDialog({ open, onClose, deliveryId, attempt, profileId }: { open: boolean; onClose: () => void; deliveryId: string; attempt: Attempt; profileId: string }) {
  const { stores } = useApp()
  const [recent, remember] = useRecentTargets()
  const [form, setForm] = useState<SendOptionsForm>({ url: '', eventId: 'keep', insecureTls: false, resign: { ...NO_RESIGN, profileId } })
  const [errors, setErrors] = useState<FormErrors>({})
  const [result, setResult] = useState<Replay | null>(null)
  const { busy, error: failure, setError: setFailure, run } = useAction((err) => {
    const placed = placeSendError(err)
    setErrors(placed.errors)
    setFailure(placed.general)
  })
  const set = (patch: Partial<SendOptionsForm>) => setForm((f) => ({ ...f, ...patch }))

  useEffect(() => {
    if (!open) return
    setForm((f) => ({ ...f, url: f.url || recent[0] || '' }))
    setResult(null)
    setFailure(null)
    setErrors({})
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, attempt.n])

  function send() {
    const built = sendOptions(form)
    setErrors(built.ok ? {} : built.errors)
    if (!built.ok) return
    void run(async () => {
      setResult(await stores.replay.getState().resend(deliveryId, { ...built.options, attempt: attempt.n }))
      remember(built.options.url)
    })
  }

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={`Resend attempt #${attempt.n} to another URL`}
      wide={!!result}
      testId="resend-dialog"
      footer={<SendActions hint="To send it to the webhook itself, use “Retry now”." label="Resend" sent={!!result} busy={busy} onClose={onClose} />}
    >
      <SendForm onSend={send} errors={errors}>
        <p className="muted small rp-lead">
          The request of attempt #{attempt.n} exactly as it was sent ({attempt.request.method} {attempt.request.url}), to the URL you give.
        </p>
        {attempt.request.truncated && <p className="note note-warn">Only the first 64 KiB of this attempt's body were kept, so it cannot be resent byte for byte: fire the event again instead.</p>}
        <TargetField value={form.url} onChange={(url) => set({ url })} recent={recent} error={errors.url} disabled={busy} autoFocus />
        <div className="rp-options">
          <EventIdChoice value={form.eventId} onChange={(eventId) => set({ eventId })} keepLabel="Keep" />
          <InsecureTlsCheck checked={form.insecureTls} onChange={(insecureTls) => set({ insecureTls })} />
        </div>
        <ResignFields value={form.resign} onChange={(resign) => set({ resign })} errors={errors} disabled={busy} />
      </SendForm>
      <ReplayOutcome failure={failure} result={result} />
    </Dialog>
  )
}

/** Under an attempt of a delivery: copy its exact request as a snippet, or resend it elsewhere. */
export function AttemptActions({ deliveryId, attempt, profileId }: { deliveryId: string; attempt: Attempt; profileId: string }) {
  const [open, setOpen] = useState(false)
  const req = attempt.request
  return (
    <div className="rp-attempt-actions" data-testid="attempt-actions">
      <CopyAs request={() => snippetOf(req)} note={req.truncated ? 'the stored body is cut at 64 KiB' : undefined} />
      <button type="button" className="btn btn-small" onClick={() => setOpen(true)}>
        Resend to URL…
      </button>
      <ResendDialog open={open} onClose={() => setOpen(false)} deliveryId={deliveryId} attempt={attempt} profileId={profileId} />
    </div>
  )
}
