import { useEffect, type ReactNode } from 'react'
import { useAction } from '../hooks'
import { Dialog, DialogActions } from './dialog'

/** A yes/no question before something that cannot be undone. */
export function ConfirmDialog({ open, title, children, confirmLabel, onConfirm, onClose, danger }: {
  open: boolean
  title: string
  children: ReactNode
  confirmLabel: string
  onConfirm: () => Promise<void> | void
  onClose: () => void
  danger?: boolean
}) {
  const { busy, error, setError, run } = useAction()
  useEffect(() => {
    if (open) setError(null)
  }, [open, setError])
  const confirm = () =>
    void run(async () => {
      await onConfirm()
      onClose()
    })
  return (
    <Dialog
      open={open}
      title={title}
      onClose={onClose}
      testId="confirm-dialog"
      footer={<DialogActions onCancel={onClose} label={confirmLabel} busy={busy} onConfirm={confirm} danger={danger} />}
    >
      {children}
      {error && (
        <p className="error-banner" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  )
}
