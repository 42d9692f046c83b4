import { useEffect, useState } from 'react'
import type { Inbox } from '../../../src-shared/api/inboxes'
import { API } from '../../../src-shared/api/paths'
import type { RequestList } from '../../../src-shared/api/requests'
import { ApiError } from '../../api/client'
import { useApp, useStoreOf } from '../../app-context'
import { Dialog, DialogActions } from '../../components/dialog'
import { Field } from '../../components/field'
import { href } from '../../router'
import { EMPTY_CATALOG } from '../../stores/event-types'
import { requestHref } from '../requests/request-list'
import { newSecretForProfile } from './inbox-form-model'
import { ProfileChoiceOptions, useProfileChoices } from './profile-choices'

type StepState = 'todo' | 'running' | 'done' | 'error'
interface Step {
  key: 'inbox' | 'webhook' | 'test' | 'capture'
  label: string
  state: StepState
  detail?: string
  /** Where to see it. */
  link?: { href: string; label: string }
}

const INITIAL_STEPS: Step[] = [
  { key: 'inbox', label: 'Create an inbox that verifies as the profile', state: 'todo' },
  { key: 'webhook', label: 'Create a webhook pointed at it, with the same secret', state: 'todo' },
  { key: 'test', label: 'Fire a test event', state: 'todo' },
  { key: 'capture', label: 'Capture it in the inbox and verify its signature', state: 'todo' },
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
  const { stores, api } = useApp()
  const profiles = useProfileChoices()
  const [profileId, setProfileId] = useState('standard-webhooks')
  const profile = profiles.find((p) => p.id === profileId)
  const [secret, setSecret] = useState('')
  // A generated secret follows the profile's shape until the user types one of their own.
  const [typed, setTyped] = useState(false)
  const shapeKey = `${profile?.scheme}|${profile?.secretShape}|${profile?.signing.secretFormat}`
  useEffect(() => {
    if (!typed) setSecret(newSecretForProfile(profile))
    // eslint-disable-next-line react-hooks/exhaustive-deps -- regenerate when the shape changes, not on every profiles array
  }, [shapeKey, typed])
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

  const mark = (key: Step['key'], state: StepState, detail?: string, link?: Step['link']) =>
    setSteps((all) => all.map((s) => (s.key === key ? { ...s, state, detail, link } : s)))

  const run = async () => {
    setRunning(true)
    setSteps(INITIAL_STEPS)
    const name = `Loopback · ${profile?.name ?? profileId}`
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
    let stage: Step['key'] = 'test'
    try {
      mark('test', 'running')
      const result = await stores.webhooks.getState().test(webhookId, eventType ? { type: eventType } : {})
      const status = result.delivery.attempts.at(-1)?.response?.status
      mark('test', 'done', `${result.event.type} → ${status ?? result.delivery.status}`, { href: href(`/deliveries/${encodeURIComponent(result.delivery.id)}`), label: 'Open the delivery' })
      // The sender's side is done; the receiver's verdict completes the cycle.
      mark('capture', 'running')
      stage = 'capture'
      const captured = (await api.get<RequestList>(`${API.inboxes}/${encodeURIComponent(created.id)}/requests`, { limit: 1 })).items[0]
      if (captured) {
        mark('capture', captured.verdict === 'valid' ? 'done' : 'error', `${captured.method} ${captured.path} · signature ${captured.verdict}`, {
          href: href(requestHref(created.id, captured.id)),
          label: 'Open the request',
        })
      } else mark('capture', 'error', 'Nothing reached the inbox: open the delivery to see what the attempt got back.')
    } catch (err) {
      mark(stage, 'error', (err as Error).message)
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
          <input
            id="loopback-secret"
            className="mono"
            value={secret}
            onChange={(e) => {
              setTyped(true)
              setSecret(e.target.value)
            }}
            disabled={running}
            spellCheck={false}
          />
          <button
            type="button"
            className="btn btn-small"
            onClick={() => {
              setTyped(false)
              setSecret(newSecretForProfile(profile))
            }}
            disabled={running}
          >
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
              {s.link && (
                <a className="qs-step-link small" href={s.link.href} onClick={onClose}>
                  {s.link.label}
                </a>
              )}
            </span>
          </li>
        ))}
      </ol>
      <footer className="dialog-footer form-footer">
        <DialogActions
          extra={
            inbox &&
            !running && (
              <button type="button" className={finished ? 'btn btn-primary' : 'btn'} onClick={() => onDone(inbox)}>
                Open the inbox
              </button>
            )
          }
          onCancel={onClose}
          cancelLabel="Close"
          label={finished ? undefined : steps.some((s) => s.state !== 'todo') ? 'Run again' : 'Create and send'}
          busy={running}
          disabled={!secret.trim()}
          onConfirm={() => void run()}
        />
      </footer>
    </div>
  )
}
