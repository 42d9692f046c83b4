import { useEffect, useState } from 'react'
import type { Inbox } from '../../../src-shared/api/inboxes'
import { ApiError } from '../../api/client'
import { useApp, useStoreOf } from '../../app-context'
import { Dialog, DialogActions } from '../../components/dialog'
import { Field } from '../../components/field'
import { EMPTY_CATALOG } from '../../stores/event-types'
import { generateSecret } from './inbox-form-model'
import { ProfileChoiceOptions, useProfileChoices } from './profile-choices'

type StepState = 'todo' | 'running' | 'done' | 'error'
interface Step {
  key: 'inbox' | 'webhook' | 'test'
  label: string
  state: StepState
  detail?: string
}

const INITIAL_STEPS: Step[] = [
  { key: 'inbox', label: 'Create an inbox that verifies as the profile', state: 'todo' },
  { key: 'webhook', label: 'Create a webhook pointed at it, with the same secret', state: 'todo' },
  { key: 'test', label: 'Fire a test event', state: 'todo' },
]

/**
 * "Loopback": Hookbench's sender delivers to Hookbench's own inbox, signed with one shared
 * secret, so the whole cycle (event, delivery, capture, verdict) is visible in one click.
 */
export function LoopbackDialog({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: (inbox: Inbox) => void }) {
  return (
    <Dialog open={open} title="Loopback quick start" onClose={onClose} testId="loopback-dialog">
      {open && <LoopbackForm onClose={onClose} onDone={onDone} />}
    </Dialog>
  )
}

function LoopbackForm({ onClose, onDone }: { onClose: () => void; onDone: (inbox: Inbox) => void }) {
  const { stores } = useApp()
  const profiles = useProfileChoices()
  const [profileId, setProfileId] = useState('standard-webhooks')
  const [secret, setSecret] = useState(generateSecret)
  const [eventType, setEventType] = useState('')
  const [steps, setSteps] = useState<Step[]>(INITIAL_STEPS)
  const [inbox, setInbox] = useState<Inbox | null>(null)
  const [running, setRunning] = useState(false)
  const catalog = useStoreOf(stores.eventTypes, (s) => s.byProfile[profileId] ?? EMPTY_CATALOG)
  useEffect(() => {
    void stores.eventTypes
      .getState()
      .load(profileId)
      .catch(() => undefined)
    setEventType('')
  }, [profileId, stores.eventTypes])

  const mark = (key: Step['key'], state: StepState, detail?: string) => setSteps((all) => all.map((s) => (s.key === key ? { ...s, state, detail } : s)))

  const run = async () => {
    setRunning(true)
    setSteps(INITIAL_STEPS)
    const name = `Loopback · ${profiles.find((p) => p.id === profileId)?.name ?? profileId}`
    let created: Inbox
    try {
      mark('inbox', 'running')
      created = await stores.inboxes.getState().create({ name, verification: { profileId, secrets: [{ value: secret, label: 'loopback' }] } })
      setInbox(created)
      mark('inbox', 'done', created.url)
    } catch (err) {
      mark('inbox', 'error', (err as Error).message)
      setRunning(false)
      return
    }
    let webhookId: string
    try {
      mark('webhook', 'running')
      const webhook = await stores.webhooks.getState().create({ name, url: created.url, profileId, events: ['*'], secret, allowLocal: true })
      webhookId = webhook.id
      mark('webhook', 'done', webhook.verification ? `handshake ${webhook.verification.eventType}: ${webhook.verification.responseStatus ?? webhook.verification.error?.message ?? '—'}` : webhook.url)
    } catch (err) {
      const e = err as ApiError
      const missing = e.status === 404 && !e.code.startsWith('HB_ERR_')
      mark('webhook', 'error', missing ? 'This engine has no sender API yet (POST /api/webhooks answered 404). The inbox is ready: send it a request by hand.' : e.message)
      setRunning(false)
      return
    }
    try {
      mark('test', 'running')
      const result = await stores.webhooks.getState().test(webhookId, eventType ? { type: eventType } : {})
      const status = result.delivery.attempts.at(-1)?.response?.status
      mark('test', 'done', `${result.event.type} → ${status ?? result.delivery.status}`)
      onDone(created)
    } catch (err) {
      mark('test', 'error', (err as Error).message)
    } finally {
      setRunning(false)
    }
  }

  const finished = steps.every((s) => s.state === 'done')
  return (
    <div className="loopback">
      <p className="muted">
        One click creates an inbox and a webhook pointed at it with the profile and a shared secret, then fires a test event: the delivery, the
        capture and its verdict appear at once.
      </p>
      <Field label="Profile" htmlFor="loopback-profile">
        <select id="loopback-profile" value={profileId} onChange={(e) => setProfileId(e.target.value)} disabled={running}>
          <ProfileChoiceOptions profiles={profiles} />
        </select>
      </Field>
      <Field label="Shared secret" htmlFor="loopback-secret">
        <div className="input-with-action">
          <input id="loopback-secret" className="mono" value={secret} onChange={(e) => setSecret(e.target.value)} disabled={running} spellCheck={false} />
          <button type="button" className="btn btn-small" onClick={() => setSecret(generateSecret())} disabled={running}>
            New
          </button>
        </div>
      </Field>
      <Field label="Event type" htmlFor="loopback-event" hint={catalog.error ? `Event catalog unavailable: ${catalog.error}` : 'Empty: the first type of the catalog.'}>
        <select id="loopback-event" value={eventType} onChange={(e) => setEventType(e.target.value)} disabled={running}>
          <option value="">(first of the catalog)</option>
          {catalog.items.map((t) => (
            <option key={t.name} value={t.name}>
              {t.name}
            </option>
          ))}
        </select>
      </Field>
      <ol className="qs-steps" aria-label="Quick start steps">
        {steps.map((s) => (
          <li key={s.key} className={`qs-step qs-step-${s.state}`} data-state={s.state}>
            <span className="qs-step-mark" aria-hidden="true">
              {s.state === 'done' ? '✓' : s.state === 'error' ? '✕' : s.state === 'running' ? '…' : '○'}
            </span>
            <span>
              {s.label}
              {s.detail && <span className="qs-step-detail mono">{s.detail}</span>}
            </span>
          </li>
        ))}
      </ol>
      <footer className="dialog-footer form-footer">
        <DialogActions
          extra={
            inbox &&
            !finished &&
            !running && (
              <button type="button" className="btn" onClick={() => onDone(inbox)}>
                Open the inbox
              </button>
            )
          }
          onCancel={onClose}
          cancelLabel="Close"
          label={steps.some((s) => s.state !== 'todo') ? 'Run again' : 'Create and send'}
          busy={running}
          disabled={!secret.trim()}
          onConfirm={() => void run()}
        />
      </footer>
    </div>
  )
}
