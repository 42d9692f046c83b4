import { useEffect, useId, useRef, type ReactNode } from 'react'
import type { Replay } from '../../../src-shared/api/replay'
import { DialogActions } from '../../components/dialog'
import { useFocusFieldError } from '../sender-kit/form-errors'
import type { FormErrors } from './replay-model'
import { ReplayResult } from './replay-result'

const NO_ERRORS: FormErrors = {}

/**
 * The id of the open replay dialog's form. Its send button sits in the dialog footer, outside the
 * <form>, so it names the form: without a submit button of its own, a form with several text
 * fields ignores Enter (HTML implicit submission). One replay dialog is open at a time.
 */
export const SEND_FORM_ID = 'rp-send-form'

/**
 * The form of a replay dialog: Enter sends it (the footer's button is its submit button, see
 * SEND_FORM_ID). When `errors` change, the first field showing one
 * takes the focus, as in the webhook form, so it can be fixed and sent again from the keyboard.
 */
export function SendForm({ onSend, errors, children }: { onSend: () => void; errors?: FormErrors; children: ReactNode }) {
  const ref = useRef<HTMLFormElement>(null)
  useFocusFieldError(ref, errors ?? NO_ERRORS)
  return (
    <form
      ref={ref}
      id={SEND_FORM_ID}
      className="rp-form"
      onSubmit={(e) => {
        e.preventDefault()
        onSend()
      }}
    >
      {children}
    </form>
  )
}

/**
 * The footer of a dialog that sends and shows the answer: once sent, Cancel becomes Close and the
 * action "Send again". The action submits the SendForm, whose onSend sends.
 */
export function SendActions({ hint, label, sent, busy, onClose }: { hint: ReactNode; label: string; sent: boolean; busy: boolean; onClose: () => void }) {
  return <DialogActions hint={hint} onCancel={onClose} cancelLabel={sent ? 'Close' : 'Cancel'} label={sent ? 'Send again' : label} busyLabel="Sending…" busy={busy} form={SEND_FORM_ID} />
}

/** Keep the event id (the receiver should drop a duplicate) or send a new one in the same style. */
export function EventIdChoice({ value, onChange, label = 'Event id', keepLabel, newLabel = 'New id', hint, disabled }: {
  value: 'keep' | 'new'
  onChange: (value: 'keep' | 'new') => void
  label?: string
  keepLabel: string
  newLabel?: string
  hint?: ReactNode
  disabled?: boolean
}) {
  const id = useId()
  return (
    <div className="field">
      <label id={id}>{label}</label>
      <div className="segmented" role="radiogroup" aria-labelledby={id}>
        {(['keep', 'new'] as const).map((k) => (
          <button key={k} type="button" role="radio" disabled={disabled} aria-checked={value === k} className={value === k ? 'seg active' : 'seg'} onClick={() => onChange(k)}>
            {k === 'keep' ? keepLabel : newLabel}
          </button>
        ))}
      </div>
      {hint && <div className="field-hint">{hint}</div>}
    </div>
  )
}

/** "Accept a self-signed certificate" at the target (a staging server with its own certificate). */
export function InsecureTlsCheck({ checked, onChange, disabled, note }: { checked: boolean; onChange: (checked: boolean) => void; disabled?: boolean; note?: string }) {
  return (
    <label className="check-row rp-tls">
      <input type="checkbox" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} />
      <span>
        Accept a self-signed certificate
        {note && <small>{note}</small>}
      </span>
    </label>
  )
}

/** Under a replay or resend form: why sending failed, or the answer, scrolled into view. */
export function ReplayOutcome({ failure, result }: { failure: string | null; result: Replay | null }) {
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (result) ref.current?.scrollIntoView({ block: 'nearest' })
  }, [result])
  return (
    <>
      {failure && (
        <p className="error-banner" role="alert" data-testid="replay-failure">
          {failure}
        </p>
      )}
      {result && (
        <div ref={ref} className="rp-dialog-result">
          <h3 className="section-title">Result</h3>
          <ReplayResult replay={result} />
        </div>
      )}
    </>
  )
}
