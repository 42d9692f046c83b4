import { useEffect, useMemo, useState } from 'react'
import type { Webhook } from '../../../src-shared/api/webhooks'
import { subscribes } from '../../../src-shared/event-filters'
import { useApp, useStoreOf } from '../../app-context'
import { Field } from '../../components/field'
import { EMPTY_CATALOG } from '../../stores/event-types'

/**
 * The event types a webhook subscribes to (its profile's catalog, loaded when a dialog opens)
 * and the one chosen, the first by default: what a test send or an endpoint check carries.
 */
export function useSubscribedTypes(webhook: Webhook, open: boolean) {
  const { stores } = useApp()
  const catalog = useStoreOf(stores.eventTypes, (s) => s.byProfile[webhook.profileId] ?? EMPTY_CATALOG)
  const types = useMemo(() => catalog.items.filter((t) => subscribes(webhook.events, t.name)), [catalog.items, webhook.events])
  const [type, setType] = useState('')
  useEffect(() => {
    if (open) void stores.eventTypes.getState().load(webhook.profileId)
  }, [open, webhook.profileId, stores.eventTypes])
  return { types, chosen: type || types[0]?.name || '', setType }
}

/** The "Event type" field of those dialogs. */
export function SubscribedTypeField({ id, types, chosen, onChange, hint }: { id: string; types: { name: string }[]; chosen: string; onChange: (type: string) => void; hint?: string }) {
  return (
    <Field label="Event type" htmlFor={id} hint={hint}>
      <select id={id} value={chosen} onChange={(e) => onChange(e.target.value)}>
        {types.length === 0 && <option value="">(the engine picks the first subscribed type)</option>}
        {types.map((t) => (
          <option key={t.name} value={t.name}>
            {t.name}
          </option>
        ))}
      </select>
    </Field>
  )
}
