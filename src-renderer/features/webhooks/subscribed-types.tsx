import { useEffect, useMemo, useState } from 'react'
import type { Webhook } from '../../../src-shared/api/webhooks'
import { subscribes } from '../../../src-shared/event-filters'
import { useApp, useStoreOf } from '../../app-context'
import { Banner } from '../../components/banner'
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
  // The catalog has types but none the webhook subscribes to (a replacing import removed them):
  // the engine refuses to send then, and these dialogs offer only subscribed types.
  const unmatched = catalog.loaded && !catalog.error && catalog.items.length > 0 && types.length === 0
  return { types, chosen: type || types[0]?.name || '', setType, unmatched }
}

/** Why nothing can be sent: the webhook's subscriptions match none of its catalog's types now. */
export function UnmatchedSubscriptions({ webhook, action }: { webhook: Webhook; action: string }) {
  return (
    <Banner tone="warn" role="status" testId="unmatched-subscriptions">
      This webhook subscribes to <span className="mono">{webhook.events.join(', ')}</span>, which match no event type of its profile’s catalog now (the catalog
      changed since). Edit the webhook’s events to subscribe to types of the catalog, then {action}.
    </Banner>
  )
}

/** The "Event type" field of those dialogs. */
export function SubscribedTypeField({
  id,
  types,
  chosen,
  onChange,
  hint,
  unmatched,
}: {
  id: string
  types: { name: string }[]
  chosen: string
  onChange: (type: string) => void
  hint?: string
  unmatched?: boolean
}) {
  return (
    <Field label="Event type" htmlFor={id} hint={hint}>
      <select id={id} value={chosen} onChange={(e) => onChange(e.target.value)}>
        {types.length === 0 && <option value="">{unmatched ? '(no subscribed type in the catalog)' : '(the engine picks the first subscribed type)'}</option>}
        {types.map((t) => (
          <option key={t.name} value={t.name}>
            {t.name}
          </option>
        ))}
      </select>
    </Field>
  )
}
