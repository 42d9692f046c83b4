import { useEffect, useMemo } from 'react'
import type { EventTypeItem } from '../../../src-shared/api/event-types'
import { useApp, useStoreOf } from '../../app-context'
import { EMPTY_CATALOG } from '../../stores/event-types'

/** The catalog of one profile (loaded on first use) and its event types grouped by category. */
export function useCatalog(profileId: string | null | undefined) {
  const { stores } = useApp()
  const slice = useStoreOf(stores.eventTypes, (s) => (profileId ? (s.byProfile[profileId] ?? EMPTY_CATALOG) : EMPTY_CATALOG))
  useEffect(() => {
    if (profileId) void stores.eventTypes.getState().load(profileId)
  }, [profileId, stores.eventTypes])
  const groups = useMemo(() => {
    const map = new Map<string, EventTypeItem[]>()
    for (const t of slice.items) map.set(t.category, [...(map.get(t.category) ?? []), t])
    return [...map.entries()]
  }, [slice.items])
  return { ...slice, groups }
}

/** Profiles loaded once for any screen that needs them. */
export function useProfiles() {
  const { stores } = useApp()
  const items = useStoreOf(stores.profiles, (s) => s.items)
  const loaded = useStoreOf(stores.profiles, (s) => s.loaded)
  useEffect(() => {
    if (!stores.profiles.getState().loaded) void stores.profiles.getState().load()
  }, [stores.profiles])
  return { items, loaded }
}

/** Webhooks loaded once for any screen that needs them. */
export function useWebhooks() {
  const { stores } = useApp()
  const items = useStoreOf(stores.webhooks, (s) => s.items)
  useEffect(() => {
    if (!stores.webhooks.getState().loaded) void stores.webhooks.getState().load()
  }, [stores.webhooks])
  return items
}
