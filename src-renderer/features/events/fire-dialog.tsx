import { useCallback, useEffect, useRef, useState } from 'react'
import type { DeliveryStatus, DeliverySummary, LiveDeliveryAttempted } from '../../../src-shared/api/deliveries'
import type { EventTypeItem } from '../../../src-shared/api/event-types'
import type { FiredEvent } from '../../../src-shared/api/events'
import type { Profile } from '../../../src-shared/api/profiles'
import { ApiError } from '../../api/client'
import { useApp, useStoreOf } from '../../app-context'
import { Banner } from '../../components/banner'
import { Dialog } from '../../components/dialog'
import { JsonEditor, prettyJson, type JsonMessage } from '../../components/json-editor'
import { StatusPill } from '../../components/status-pill'
import { useLiveEvents } from '../../hooks'
import { href } from '../../router'
import { useDataValidation } from '../sender-kit/hooks'
import { JsonView } from '../sender-kit/json-view'
import { TargetsPicker } from './targets-picker'

/** Statuses kept while the fire answer is awaited (a burst of other traffic beyond this is dropped). */
const MAX_TRACKED = 20_000

/**
 * Fire one event as the provider would: generated data by default, edited in a JSON editor
 * that checks it against the event type's schema as you type; then the deliveries it made.
 */
export function FireDialog({ open, onClose, eventType, profile }: { open: boolean; onClose: () => void; eventType: EventTypeItem; profile: Profile | undefined }) {
  const { stores } = useApp()
  const webhooks = useStoreOf(stores.webhooks, (s) => s.items)
  const [text, setText] = useState('')
  const [targets, setTargets] = useState<string[] | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<{ message: string; field?: string } | null>(null)
  const [fired, setFired] = useState<FiredEvent | null>(null)
  const [keptTyped, setKeptTyped] = useState(false)
  const typed = useRef(false) // the user has edited the data since the dialog opened
  const validation = useDataValidation(open ? eventType.profileId : null, open ? eventType.name : null, text)
  // The deliveries made go out at once, and their live updates can arrive before the answer
  // that names them: every status seen since firing is kept, and the answer picks its own.
  const [statuses, setStatuses] = useState<Record<string, DeliveryStatus>>({})
  const following = useRef(false) // set before the request goes out, not on the next render
  useLiveEvents(['delivery.updated', 'delivery.attempted'], (events) => {
    if (!following.current) return
    // Before the answer every delivery is a candidate; after it, only the ones it named.
    const mine = fired ? new Set(fired.deliveries.map((d) => d.id)) : null
    const next: Record<string, DeliveryStatus> = {}
    for (const e of events) {
      const d = e.data as DeliverySummary | LiveDeliveryAttempted
      const id = 'deliveryId' in d ? d.deliveryId : d.id
      if (!mine || mine.has(id)) next[id] = d.status
    }
    if (Object.keys(next).length === 0) return
    setStatuses((s) => (!mine && Object.keys(s).length > MAX_TRACKED ? next : { ...s, ...next }))
  })

  // On opening, the generated data fills the editor unless the user typed while it was on its
  // way (a slow engine): their text stays. Regenerate (the button) replaces whatever is there.
  const regenerate = useCallback(
    async (keepTyped = false) => {
      const fill = (data: string) => {
        const keep = keepTyped && typed.current
        setKeptTyped(keep)
        if (!keep) setText(data)
        return !keep
      }
      try {
        const s = await stores.eventTypes.getState().sample(eventType.profileId, eventType.name)
        fill(prettyJson(s.data))
      } catch (err) {
        const shown = fill(prettyJson(eventType.example ?? {}))
        setError({ message: `Could not generate data: ${(err as Error).message}.${shown ? ' Showing the example instead.' : ''}` })
      }
    },
    [stores.eventTypes, eventType],
  )

  useEffect(() => {
    if (!open) return
    following.current = false
    setFired(null)
    setStatuses({})
    setError(null)
    setTargets(null)
    setText('')
    typed.current = false
    setKeptTyped(false)
    void regenerate(true)
  }, [open, regenerate])

  const mode = validation.result?.dataValidation ?? profile?.dataValidation ?? 'reject'
  const invalid = validation.result !== null && !validation.result.ok
  const messages: JsonMessage[] | undefined = invalid
    ? validation.result!.errors
    : error?.field?.startsWith('/data')
      ? [{ path: error.field.slice('/data'.length) || '/', message: error.message }]
      : undefined

  async function fire() {
    if (!validation.parse.ok) return
    setBusy(true)
    setError(null)
    setStatuses({})
    following.current = true
    try {
      const result = await stores.triggers.getState().fire({
        type: eventType.name,
        profileId: eventType.profileId,
        data: validation.parse.value,
        ...(targets ? { webhookIds: targets } : {}),
      })
      // Keep what was seen of this event's deliveries; drop everyone else's.
      setStatuses((s) => Object.fromEntries(result.deliveries.flatMap((d) => (s[d.id] ? [[d.id, s[d.id]!]] : []))))
      setFired(result)
    } catch (err) {
      following.current = false
      setError({ message: (err as Error).message, field: err instanceof ApiError ? err.field : undefined })
    } finally {
      setBusy(false)
    }
  }

  const name = (id: string) => webhooks.find((w) => w.id === id)?.name ?? id
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={`Fire ${eventType.name}`}
      wide
      testId="fire-dialog"
      footer={
        fired ? (
          <>
            <a className="btn" href={href(`/deliveries?eventId=${encodeURIComponent(fired.event.id)}`)} onClick={onClose}>
              View deliveries
            </a>
            <button type="button" className="btn" onClick={() => setFired(null)}>
              Edit and fire again
            </button>
            <button type="button" className="btn btn-primary" onClick={onClose}>
              Done
            </button>
          </>
        ) : (
          <>
            <span className="footer-note small dim">
              {invalid && mode === 'reject' && `${profile?.name ?? 'This profile'} rejects data that fails the schema: fix it to fire.`}
              {invalid && mode === 'warn' && `${profile?.name ?? 'This profile'} only warns: the event goes out with these problems noted.`}
            </span>
            <button type="button" className="btn" onClick={onClose}>
              Cancel
            </button>
            <button type="button" className="btn btn-primary" onClick={fire} disabled={busy || !validation.parse.ok || (invalid && mode === 'reject') || (targets !== null && targets.length === 0)}>
              {busy ? 'Firing…' : invalid && mode === 'warn' ? 'Fire anyway' : 'Fire event'}
            </button>
          </>
        )
      }
    >
      {fired ? (
        <div className="fired" data-testid="fire-result">
          <div className="fired-head">
            <span className="result-ok">✓</span> Event <code>{fired.event.id}</code> fired:{' '}
            <strong>
              {fired.deliveries.length} deliver{fired.deliveries.length === 1 ? 'y' : 'ies'}
            </strong>
          </div>
          {fired.event.warnings.length > 0 && (
            <Banner tone="warn" title="Sent with schema warnings">
              <ul className="plain-list small">
                {fired.event.warnings.map((w, i) => (
                  <li key={i}>
                    <code>{w.path || '/'}</code> {w.message}
                  </li>
                ))}
              </ul>
            </Banner>
          )}
          {fired.skipped && fired.skipped.length > 0 && (
            <Banner tone="warn" title={`Not sent to ${fired.skipped.length} subscribed webhook${fired.skipped.length === 1 ? '' : 's'}`} testId="fire-skipped">
              {fired.skipped.map((w) => `${w.webhookName} (${w.status})`).join(', ')}: events go to active webhooks only. Resume or re-enable{' '}
              {fired.skipped.length === 1 ? 'it' : 'them'} to receive new events.
            </Banner>
          )}
          {fired.deliveries.length === 0 ? (
            <p className="dim">
              No {fired.skipped?.length ? 'active ' : ''}webhook subscribes to {fired.event.type}: nothing was delivered.
            </p>
          ) : (
            <table className="table dense">
              <tbody>
                {fired.deliveries.map((d) => (
                  <tr key={d.id} data-testid="fired-delivery">
                    <td>
                      <StatusPill status={statuses[d.id] ?? d.status} />
                    </td>
                    <td>{name(d.webhookId)}</td>
                    <td className="small dim">{d.heldReason}</td>
                    <td className="actions">
                      <a href={href(`/deliveries/${encodeURIComponent(d.id)}`)} onClick={onClose}>
                        Open →
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <details className="fired-payload">
            <summary>Payload as enveloped by {profile?.name ?? fired.event.profileId}</summary>
            <JsonView value={fired.event.payload} label="Payload" />
          </details>
        </div>
      ) : (
        <div className="fire-grid">
          <div className="fire-editor">
            <p className="small dim no-margin-top">{eventType.description}</p>
            <JsonEditor
              label="Event data"
              testId="fire-data-editor"
              value={text}
              onChange={(v) => {
                setText(v)
                typed.current = true
                setKeptTyped(false)
                if (error?.field) setError(null)
              }}
              messages={messages}
              status={
                validation.result?.ok
                  ? { tone: 'ok', text: `Valid against the ${eventType.name} schema` }
                  : validation.checking
                    ? { tone: 'muted', text: 'Checking against the schema…' }
                    : validation.error
                      ? { tone: 'warn', text: `Could not check: ${validation.error}` }
                      : undefined
              }
              minHeight="300px"
              maxHeight="52vh"
              toolbar={
                <>
                  <span className="dim">data</span>
                  <span className="spacer" />
                  <button type="button" className="btn btn-small" onClick={() => void regenerate()}>
                    Regenerate
                  </button>
                  <button type="button" className="btn btn-small" onClick={() => setText(prettyJson(eventType.example ?? {}))}>
                    Use example
                  </button>
                  <button type="button" className="btn btn-small" disabled={!validation.parse.ok} onClick={() => validation.parse.ok && setText(prettyJson(validation.parse.value))}>
                    Format
                  </button>
                </>
              }
            />
            {keptTyped && (
              <p className="small dim" data-testid="fire-kept-typed">
                The generated data arrived after you began typing: your text is kept. Regenerate replaces it.
              </p>
            )}
            {error && !messages && (
              <Banner tone="err" role="alert" testId="fire-error">
                {error.message}
              </Banner>
            )}
          </div>
          <div className="fire-side">
            <div className="side-title">Deliver to</div>
            <TargetsPicker profileId={eventType.profileId} type={eventType.name} value={targets} onChange={setTargets} />
            <div className="side-title">Profile</div>
            <p className="small no-margin">
              {profile?.name ?? eventType.profileId}: signed with <code>{profile?.signature.signatureHeader}</code>, data {mode === 'reject' ? 'rejected' : 'accepted with a warning'} when it fails the schema.
            </p>
          </div>
        </div>
      )}
    </Dialog>
  )
}
