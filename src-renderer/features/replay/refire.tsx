import { useEffect, useMemo, useState } from 'react'
import type { FiredEvent } from '../../../src-shared/api/events'
import { API } from '../../../src-shared/api/paths'
import { subscribes } from '../../../src-shared/event-filters'
import { useApp, useStoreOf } from '../../app-context'
import { Dialog, DialogActions } from '../../components/dialog'
import { StatusPill } from '../../components/status-pill'
import { useAction } from '../../hooks'
import { href } from '../../router'
import './replay.css'

/**
 * Sends an event again, the very same one (id, time, data), to other webhooks of its profile:
 * e.g. a webhook added after the event, or a second environment. Each gets a new delivery,
 * signed with its own secret.
 */
export function RefireDialog({ open, onClose, eventId, profileId, type }: { open: boolean; onClose: () => void; eventId: string; profileId: string; type: string }) {
  const { api, stores } = useApp()
  const webhooks = useStoreOf(stores.webhooks, (s) => s.items)
  const loaded = useStoreOf(stores.webhooks, (s) => s.loaded)
  const [already, setAlready] = useState<Set<string>>(new Set())
  const [picked, setPicked] = useState<Set<string>>(new Set())
  const [done, setDone] = useState<FiredEvent | null>(null)
  const { busy, error, setError, run } = useAction()
  const ofProfile = useMemo(() => webhooks.filter((w) => w.profileId === profileId), [webhooks, profileId])

  useEffect(() => {
    if (open && !loaded) void stores.webhooks.getState().load()
  }, [open, loaded, stores.webhooks])
  // Apart from the load above: its completion must not fetch again nor clear what was ticked.
  useEffect(() => {
    if (!open) return
    setDone(null)
    setError(null)
    setPicked(new Set())
    let live = true
    api
      .get<FiredEvent>(`${API.events}/${encodeURIComponent(eventId)}`)
      .then((e) => live && setAlready(new Set(e.deliveries.map((d) => d.webhookId))))
      .catch(() => undefined)
    return () => {
      live = false
    }
  }, [open, eventId, api, setError])

  const send = () =>
    void run(async () => {
      const fired = await api.post<FiredEvent>(`${API.events}/${encodeURIComponent(eventId)}/refire`, { webhookIds: [...picked] })
      setAlready(new Set([...already, ...fired.deliveries.map((d) => d.webhookId)]))
      setDone(fired)
    })

  const toggle = (id: string, on: boolean) => {
    const next = new Set(picked)
    if (on) next.add(id)
    else next.delete(id)
    setPicked(next)
  }

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Re-fire to other webhooks"
      testId="refire-dialog"
      footer={
        <DialogActions
          onCancel={onClose}
          cancelLabel={done ? 'Close' : 'Cancel'}
          label={done ? undefined : picked.size ? `Re-fire to ${picked.size} webhook${picked.size === 1 ? '' : 's'}` : 'Re-fire'}
          busyLabel="Sending…"
          busy={busy}
          disabled={picked.size === 0}
          onConfirm={send}
        />
      }
    >
      <p className="muted small rp-lead">
        The same event — id <code>{eventId}</code>, its time and data — as a new delivery to each webhook picked, signed with that webhook's secret.
        Only webhooks of its profile can take it.
      </p>
      {ofProfile.length === 0 ? (
        <p className="muted">{loaded ? 'This profile has no webhook.' : 'Loading the webhooks…'}</p>
      ) : (
        <ul className="plain-list rp-refire-list" aria-label="Webhooks">
          {ofProfile.map((w) => (
            <li key={w.id}>
              <label className="rp-refire-row">
                <input type="checkbox" checked={picked.has(w.id)} disabled={!!done} onChange={(e) => toggle(w.id, e.target.checked)} aria-label={`Re-fire to ${w.name}`} />
                <span className="rp-refire-name">{w.name}</span>
                <StatusPill status={w.status} />
                <span className="mono small muted rp-refire-url">{w.url}</span>
                {already.has(w.id) && <span className="small muted">already sent</span>}
                {!subscribes(w.events, type) && <span className="small warn-text">not subscribed to {type}</span>}
              </label>
            </li>
          ))}
        </ul>
      )}
      {ofProfile.some((w) => picked.has(w.id) && w.status !== 'active') && <p className="small muted">Paused or disabled webhooks get a held delivery, sent when they are enabled.</p>}
      {error && (
        <p className="error-banner" role="alert">
          {error}
        </p>
      )}
      {done && (
        <p className="note note-ok" role="status" data-testid="refire-done">
          Re-fired to {done.deliveries.length} webhook{done.deliveries.length === 1 ? '' : 's'}.{' '}
          <a href={href(`/deliveries?eventId=${encodeURIComponent(eventId)}`)} onClick={onClose}>
            See every delivery of this event
          </a>
        </p>
      )}
    </Dialog>
  )
}

/** "Re-fire…" button with its dialog. */
export function RefireButton({ eventId, profileId, type, className = 'btn', label = 'Re-fire…' }: { eventId: string; profileId: string; type: string; className?: string; label?: string }) {
  const [open, setOpen] = useState(false)
  // clicks in the button and its dialog stay here (it may sit in a clickable table row)
  return (
    <span className="rp-refire" onClick={(e) => e.stopPropagation()}>
      <button type="button" className={className} title="Send this same event to other webhooks of its profile" onClick={() => setOpen(true)}>
        {label}
      </button>
      <RefireDialog open={open} onClose={() => setOpen(false)} eventId={eventId} profileId={profileId} type={type} />
    </span>
  )
}
