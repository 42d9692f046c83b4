import { useEffect, useRef, useState, type FormEvent } from 'react'
import type { EventTypeItem } from '../../../src-shared/api/event-types'
import type { Profile } from '../../../src-shared/api/profiles'
import { useApp } from '../../app-context'
import { Banner } from '../../components/banner'
import { ConfirmDialog } from '../../components/confirm-dialog'
import { Dialog, DialogActions } from '../../components/dialog'
import { Field } from '../../components/field'
import { JsonEditor } from '../../components/json-editor'
import { useAction } from '../../hooks'
import { navigate } from '../../router'
import { useFocusFieldError, useFormErrors } from '../sender-kit/form-errors'
import { useDataValidation } from '../sender-kit/hooks'
import { draftOf, schemaUnchanged, toInput, toPatch, unparsed, type EventTypeDraft } from './event-type-draft'

const FIELDS = ['name', 'category', 'description', 'schema', 'example'] as const
const LABELS = { name: 'Name', category: 'Category', description: 'Description', schema: 'Schema', example: 'Example data' }

const catalogPath = (profileId: string, name?: string) => `/events/catalog/${encodeURIComponent(profileId)}${name ? `/${encodeURIComponent(name)}` : ''}`

/**
 * Add an event type to a user profile, or edit (and rename) one. The engine checks everything:
 * its message goes under the field it names (a schema that does not compile, an example that
 * does not match it, a rename refused because webhooks, schedules or scenarios use the type).
 */
export function EventTypeFormDialog({ open, onClose, profile, eventType, categories }: {
  open: boolean
  onClose: () => void
  profile: Profile
  /** The type to edit; none: a new one. */
  eventType?: EventTypeItem
  /** The catalog's categories, offered as you type one. */
  categories: string[]
}) {
  const { stores } = useApp()
  const [draft, setDraft] = useState<EventTypeDraft>(() => draftOf(eventType))
  const { errors, fail, clear, field } = useFormErrors(FIELDS, LABELS)
  const { busy, run } = useAction(fail)
  const formRef = useRef<HTMLFormElement>(null)
  useFocusFieldError(formRef, errors.fields)
  useEffect(() => {
    if (!open) return
    setDraft(draftOf(eventType))
    clear()
  }, [open, eventType, clear])

  // The engine checks data against a saved schema: the example is checked as it is typed while
  // the schema is the saved one; against a new schema, when the type is saved.
  const live = eventType !== undefined && schemaUnchanged(eventType, draft)
  const validation = useDataValidation(open && live ? profile.id : null, eventType?.name ?? null, draft.example)
  const blocked = unparsed(draft, !eventType)

  const set = (key: keyof EventTypeDraft, value: string) => {
    setDraft((d) => ({ ...d, [key]: value }))
    clear(key)
  }

  function submit(e: FormEvent) {
    e.preventDefault()
    if (blocked.length) return
    clear()
    void run(async () => {
      let saved: EventTypeItem
      if (eventType) {
        const patch = toPatch(eventType, draft)
        saved = patch ? await stores.eventTypes.getState().update(profile.id, eventType.name, patch) : eventType
      } else {
        saved = await stores.eventTypes.getState().create(toInput(profile.id, draft))
      }
      onClose()
      navigate(catalogPath(profile.id, saved.name))
    })
  }

  const exampleStatus = (): { tone: 'ok' | 'warn' | 'muted'; text: string } | undefined => {
    if (!eventType && !draft.example.trim()) return { tone: 'muted', text: 'Empty: generated from the schema when the type is added.' }
    if (!live) return { tone: 'muted', text: 'Checked against the new schema when you save.' }
    if (validation.result?.ok) return { tone: 'ok', text: `Valid against the ${eventType!.name} schema` }
    if (validation.checking) return { tone: 'muted', text: 'Checking against the schema…' }
    if (validation.error) return { tone: 'warn', text: `Could not check: ${validation.error}` }
    return undefined
  }

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={eventType ? `Edit ${eventType.name}` : `New event type in ${profile.name}`}
      wide
      testId="event-type-form"
      footer={
        <DialogActions
          hint={blocked.length ? `Fix the JSON of the ${blocked.map((k) => LABELS[k].toLowerCase()).join(' and the ')} to save.` : undefined}
          onCancel={onClose}
          label={eventType ? 'Save changes' : 'Add event type'}
          busyLabel="Saving…"
          busy={busy}
          disabled={blocked.length > 0}
          form="event-type-form"
        />
      }
    >
      <form id="event-type-form" ref={formRef} onSubmit={submit} noValidate>
        {errors.general && (
          <Banner tone="err" role="alert" testId="form-error" className="form-error">
            {errors.general}
          </Banner>
        )}
        <div className="form-grid">
          <Field label="Name" htmlFor="et-name" error={field('name')} hint={eventType ? 'A new name renames the type (refused while webhooks, schedules or scenarios use it).' : 'Letters, digits and _ . : / -, e.g. invoice.paid.'}>
            <input id="et-name" className="mono" value={draft.name} onChange={(e) => set('name', e.target.value)} placeholder="invoice.paid" data-autofocus />
          </Field>
          <Field label="Category" htmlFor="et-category" error={field('category')} hint="Groups the type in the catalog.">
            <input id="et-category" value={draft.category} onChange={(e) => set('category', e.target.value)} list="et-categories" placeholder={categories[0] ?? 'Invoices'} />
            <datalist id="et-categories">
              {categories.map((c) => (
                <option key={c} value={c} />
              ))}
            </datalist>
          </Field>
          <div className="span-2">
            <Field label="Description" htmlFor="et-description" error={field('description')}>
              <input id="et-description" value={draft.description} onChange={(e) => set('description', e.target.value)} placeholder="When an invoice is paid in full" />
            </Field>
          </div>
        </div>
        <div className="event-type-json">
          <Field label="Schema of the data (JSON Schema)" error={field('schema')}>
            <JsonEditor
              label="Schema"
              testId="event-type-schema"
              value={draft.schema}
              onChange={(v) => set('schema', v)}
              status={{ tone: 'muted', text: 'JSON Schema 2020-12; the engine compiles it when you save.' }}
              minHeight="220px"
              maxHeight="46vh"
            />
          </Field>
          <Field label="Example data" error={field('example')}>
            <JsonEditor
              label="Example data"
              testId="event-type-example"
              value={draft.example}
              onChange={(v) => set('example', v)}
              allowEmpty={!eventType}
              messages={live && validation.result && !validation.result.ok ? validation.result.errors : undefined}
              status={exampleStatus()}
              minHeight="220px"
              maxHeight="46vh"
            />
          </Field>
        </div>
      </form>
    </Dialog>
  )
}

/** Asks before deleting an event type; the engine's refusal (webhooks, schedules or scenarios use it) is shown as it says it. */
export function DeleteEventTypeDialog({ open, onClose, eventType, profile }: { open: boolean; onClose: () => void; eventType: EventTypeItem; profile: Profile | undefined }) {
  const { stores } = useApp()
  return (
    <ConfirmDialog
      open={open}
      title={`Delete ${eventType.name}?`}
      confirmLabel="Delete event type"
      danger
      onClose={onClose}
      onConfirm={async () => {
        await stores.eventTypes.getState().remove(eventType.profileId, eventType.name)
        navigate(catalogPath(eventType.profileId))
      }}
    >
      <p>
        It leaves the catalog of {profile?.name ?? eventType.profileId}. Events already fired with it and their deliveries stay.
      </p>
    </ConfirmDialog>
  )
}
