import { useMemo } from 'react'
import type { Webhook } from '../../../src-shared/api/webhooks'
import { subscribes } from '../../../src-shared/event-filters'
import { StatusPill } from '../../components/status-pill'
import { fanOut, skippedLine } from './fan-out'
import { useWebhooks } from './use-catalog'

/**
 * Where an event goes: every active webhook of the profile subscribed to the type (null), or
 * the webhooks picked here (paused or disabled ones get a held delivery).
 */
export function TargetsPicker({ profileId, type, value, onChange }: {
  profileId: string
  type: string
  value: string[] | null
  onChange: (ids: string[] | null) => void
}) {
  const webhooks = useWebhooks()
  const ofProfile = useMemo(() => webhooks.filter((w) => w.profileId === profileId), [webhooks, profileId])
  const { active, skipped } = fanOut(ofProfile, profileId, type)
  const picked = new Set(value ?? [])
  const row = (w: Webhook, checkbox: boolean) => (
    <li key={w.id} className="target-row">
      {checkbox && (
        <input
          type="checkbox"
          aria-label={`Send to ${w.name}`}
          checked={picked.has(w.id)}
          onChange={(e) => onChange(e.target.checked ? [...picked, w.id] : [...picked].filter((x) => x !== w.id))}
        />
      )}
      <span className="target-name">{w.name}</span>
      <StatusPill status={w.status} />
      {checkbox && type && !subscribes(w.events, type) && <span className="small dim">not subscribed</span>}
    </li>
  )
  return (
    <div className="targets" data-testid="targets-picker">
      <label className="check-row">
        <input type="radio" name="targets" checked={value === null} onChange={() => onChange(null)} />
        <span>
          Every subscribed active webhook <span className="dim">({active.length})</span>
        </span>
      </label>
      {value === null && (
        <ul className="plain-list target-list">
          {active.length ? active.map((w) => row(w, false)) : <li className="small warn-text">No active webhook of this profile subscribes to this type: nothing will be delivered.</li>}
          {/* Said before firing: the engine leaves these out of a fan-out (its `skipped`). */}
          {skipped.map((w) => (
            <li key={w.id} className="small warn-text" data-testid="target-skipped">
              {skippedLine(w)}
            </li>
          ))}
        </ul>
      )}
      <label className="check-row">
        <input type="radio" name="targets" checked={value !== null} onChange={() => onChange(active.map((w) => w.id))} disabled={ofProfile.length === 0} />
        <span>Only the webhooks I pick</span>
      </label>
      {value !== null && (
        <ul className="plain-list target-list">
          {ofProfile.map((w) => row(w, true))}
          {ofProfile.some((w) => w.status !== 'active' && picked.has(w.id)) && <li className="small dim">Paused or disabled webhooks get a held delivery, sent when they are enabled.</li>}
        </ul>
      )}
    </div>
  )
}
