import { useState } from 'react'
import type { Profile } from '../../../src-shared/api/profiles'
import { useApp } from '../../app-context'
import { Dialog, DialogActions } from '../../components/dialog'
import { Field } from '../../components/field'
import { useAction } from '../../hooks'
import { navigate } from '../../router'
import { useFormErrors } from '../sender-kit/form-errors'

const FIELDS = ['id', 'name'] as const

/** Copies a profile and its event catalog into a new user profile, then opens it. */
export function CloneDialog({ open, onClose, source }: { open: boolean; onClose: () => void; source: Profile }) {
  const { stores } = useApp()
  const [id, setId] = useState('')
  const [name, setName] = useState('')
  const { errors, fail, clear, field } = useFormErrors(FIELDS)
  const { busy, run } = useAction(fail)
  const clone = () => {
    clear()
    void run(async () => {
      const p = await stores.profiles.getState().clone(source.id, { ...(id.trim() ? { id: id.trim() } : {}), ...(name.trim() ? { name: name.trim() } : {}) })
      onClose()
      navigate(`/profiles/${encodeURIComponent(p.id)}`)
    })
  }
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={`Clone ${source.name}`}
      testId="clone-dialog"
      footer={<DialogActions onCancel={onClose} label="Clone profile" busyLabel="Cloning…" busy={busy} onConfirm={clone} />}
    >
      <p className="small dim no-margin-top">
        The copy has the same envelope, signing, headers, rules and all {source.eventTypeCount} event types, and is yours to edit.
      </p>
      {errors.general && <p className="error-banner">{errors.general}</p>}
      <Field label="Name" htmlFor="clone-name" error={field('name')}>
        <input id="clone-name" value={name} onChange={(e) => setName(e.target.value)} placeholder={`${source.name} (copy)`} autoFocus data-autofocus />
      </Field>
      <Field label="Id" htmlFor="clone-id" error={field('id')} hint="Lowercase letters, digits and dashes. Empty: derived from the source.">
        <input id="clone-id" className="mono" value={id} onChange={(e) => setId(e.target.value)} placeholder={`${source.id}-copy`} />
      </Field>
    </Dialog>
  )
}
