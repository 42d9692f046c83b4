import { useEffect, useRef, useState } from 'react'
import type { Attempt } from '../../../src-shared/api/deliveries'
import type { Replay, ResendInput } from '../../../src-shared/api/replay'
import { useApp } from '../../app-context'
import { Dialog } from '../../components/dialog'
import { CopyAs } from './copy-as'
import { checkTargetUrl, NO_RESIGN, resignInput, snippetOf, type FormErrors, type ResignForm } from './replay-model'
import { ReplayResult } from './replay-result'
import { ResignFields } from './resign-fields'
import { TargetField, useRecentTargets } from './target-field'
import './replay.css'

/**
 * Sends one delivery attempt's exact request to another URL (a staging app, localhost, an
 * inbox), optionally re-signed. Resending to the webhook itself is "Retry now".
 */
export function ResendDialog({ open, onClose, deliveryId, attempt, profileId }: { open: boolean; onClose: () => void; deliveryId: string; attempt: Attempt; profileId: string }) {
  const { stores } = useApp()
  const [recent, remember] = useRecentTargets()
  const [url, setUrl] = useState('')
  const [eventId, setEventId] = useState<'keep' | 'new'>('keep')
  const [insecureTls, setInsecureTls] = useState(false)
  const [resign, setResign] = useState<ResignForm>({ ...NO_RESIGN, profileId })
  const [errors, setErrors] = useState<FormErrors>({})
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<string | null>(null)
  const [result, setResult] = useState<Replay | null>(null)
  const resultRef = useRef<HTMLDivElement>(null)

  useEffect(() => {
    if (!open) return
    setUrl((u) => u || recent[0] || '')
    setResult(null)
    setFailure(null)
    setErrors({})
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, attempt.n])
  useEffect(() => {
    if (result) resultRef.current?.scrollIntoView({ block: 'nearest' })
  }, [result])

  async function send() {
    const next: FormErrors = {}
    const urlError = checkTargetUrl(url)
    if (urlError) next.url = urlError
    const r = resignInput(resign)
    if (!r.ok) next[r.field] = r.error
    setErrors(next)
    if (Object.keys(next).length || !r.ok) return
    const target = url.trim()
    const input: ResendInput = { url: target, attempt: attempt.n }
    if (r.resign) input.resign = r.resign
    if (eventId === 'new') input.eventId = 'new'
    if (insecureTls) input.insecureTls = true
    setBusy(true)
    setFailure(null)
    try {
      setResult(await stores.replay.getState().resend(deliveryId, input))
      remember(target)
    } catch (err) {
      setFailure((err as Error).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={`Resend attempt #${attempt.n} to another URL`}
      wide={!!result}
      testId="resend-dialog"
      footer={
        <>
          <span className="muted small rp-footer-hint">To send it to the webhook itself, use “Retry now”.</span>
          <button type="button" className="btn" onClick={onClose}>
            {result ? 'Close' : 'Cancel'}
          </button>
          <button type="button" className="btn btn-primary" onClick={() => void send()} disabled={busy}>
            {busy ? 'Sending…' : result ? 'Send again' : 'Resend'}
          </button>
        </>
      }
    >
      <form
        className="rp-form"
        onSubmit={(e) => {
          e.preventDefault()
          void send()
        }}
      >
        <p className="muted small rp-lead">
          The request of attempt #{attempt.n} exactly as it was sent ({attempt.request.method} {attempt.request.url}), to the URL you give.
        </p>
        {attempt.request.truncated && <p className="note note-warn">Only the first 64 KiB of this attempt's body were kept, so it cannot be resent byte for byte: fire the event again instead.</p>}
        <TargetField value={url} onChange={setUrl} recent={recent} error={errors.url} disabled={busy} autoFocus />
        <div className="rp-options">
          <div className="field">
            <label id="rp-resend-eventid">Event id</label>
            <div className="segmented" role="radiogroup" aria-labelledby="rp-resend-eventid">
              {(['keep', 'new'] as const).map((k) => (
                <button key={k} type="button" role="radio" aria-checked={eventId === k} className={eventId === k ? 'seg active' : 'seg'} onClick={() => setEventId(k)}>
                  {k === 'keep' ? 'Keep' : 'New id'}
                </button>
              ))}
            </div>
          </div>
          <label className="check-row rp-tls">
            <input type="checkbox" checked={insecureTls} onChange={(e) => setInsecureTls(e.target.checked)} />
            <span>Accept a self-signed certificate</span>
          </label>
        </div>
        <ResignFields value={resign} onChange={setResign} errors={errors} disabled={busy} />
      </form>
      {failure && (
        <p className="error-banner" role="alert">
          {failure}
        </p>
      )}
      {result && (
        <div ref={resultRef} className="rp-dialog-result">
          <h3 className="section-title">Result</h3>
          <ReplayResult replay={result} />
        </div>
      )}
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
