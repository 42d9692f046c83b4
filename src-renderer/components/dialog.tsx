import { useEffect, useRef, type KeyboardEvent, type ReactNode, type SyntheticEvent } from 'react'

/**
 * Where a dialog opens: the field its content marks `data-autofocus`, else the first thing to
 * type into; its purpose, not its ✕. (React's autoFocus runs while the dialog is still closed.)
 */
const FIRST_FIELD = ['input:not([type=hidden]):not([disabled])', 'select:not([disabled])', 'textarea:not([disabled])'].map((s) => `.dialog-body ${s}`).join(', ')
const initialFocus = (el: HTMLElement) => el.querySelector<HTMLElement>('.dialog-body [data-autofocus]') ?? el.querySelector<HTMLElement>(FIRST_FIELD)

/**
 * A modal dialog on the native <dialog> element: focus trap, Esc to close, backdrop. It opens
 * with focus on its first field and gives focus back to what opened it, also when it is
 * unmounted instead of closed. Esc inside a code editor stays in the editor (CodeMirror then
 * lets Tab leave it) instead of closing the dialog and losing the edit.
 */
export function Dialog({ open, title, onClose, children, footer, wide, testId }: {
  open: boolean
  title: string
  onClose: () => void
  children: ReactNode
  footer?: ReactNode
  wide?: boolean
  testId?: string
}) {
  const ref = useRef<HTMLDialogElement>(null)
  const opener = useRef<HTMLElement | null>(null)
  useEffect(() => {
    const el = ref.current
    if (!el) return
    if (open && !el.open) {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null
      el.showModal()
      initialFocus(el)?.focus()
    }
    if (!open && el.open) {
      el.close()
      opener.current = null // the native close gave focus back; a later unmount must not take it again
    }
  }, [open])
  useEffect(
    () => () => {
      if (opener.current?.isConnected) opener.current.focus()
    },
    [],
  )
  const cancel = (e: SyntheticEvent<HTMLDialogElement>) => {
    if (document.activeElement?.closest('.cm-editor')) return void e.preventDefault()
    onClose()
  }
  // Esc in a code editor is the editor's (CodeMirror: then Tab leaves it). Stopped at the key, not
  // only at 'cancel': Chromium stops honouring a cancelled close request after a press or two.
  const keyDown = (e: KeyboardEvent<HTMLDialogElement>) => {
    if (e.key === 'Escape' && (e.target as Element).closest?.('.cm-editor')) e.preventDefault()
  }
  return (
    <dialog ref={ref} className={wide ? 'dialog dialog-wide' : 'dialog'} onClose={onClose} onCancel={cancel} onKeyDown={keyDown} aria-label={title} data-testid={testId}>
      {open && (
        <>
          <header className="dialog-header">
            <h2 title={title}>{title}</h2>
            <button type="button" className="btn btn-small" onClick={onClose} aria-label="Close">
              ✕
            </button>
          </header>
          <div className="dialog-body">{children}</div>
          {footer && <footer className="dialog-footer">{footer}</footer>}
        </>
      )}
    </dialog>
  )
}

/**
 * A dialog's buttons: an optional hint at the left, Cancel (or Close), and the primary action,
 * which says so while it runs. Without `label` there is no primary button (e.g. once done).
 */
export function DialogActions({ hint, extra, onCancel, cancelLabel = 'Cancel', label, busyLabel, busy = false, disabled = false, onConfirm, form, danger }: {
  hint?: ReactNode
  /** Buttons before Cancel. */
  extra?: ReactNode
  onCancel: () => void
  cancelLabel?: string
  label?: string
  /** Shown instead of `label` while `busy`. */
  busyLabel?: string
  busy?: boolean
  disabled?: boolean
  onConfirm?: () => void
  /** The primary button submits this form (an id), or the form around it (`true`), instead of calling onConfirm. */
  form?: string | true
  danger?: boolean
}) {
  return (
    <>
      {hint && <span className="muted small dialog-footer-hint">{hint}</span>}
      {extra}
      <button type="button" className="btn" onClick={onCancel}>
        {cancelLabel}
      </button>
      {label && (
        <button
          type={form ? 'submit' : 'button'}
          form={typeof form === 'string' ? form : undefined}
          className={danger ? 'btn btn-primary btn-danger-solid' : 'btn btn-primary'}
          onClick={onConfirm}
          disabled={busy || disabled}
        >
          {busy && busyLabel ? busyLabel : label}
        </button>
      )}
    </>
  )
}
