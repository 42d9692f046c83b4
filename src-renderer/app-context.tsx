import { createContext, useContext } from 'react'
import { useStore, type StoreApi } from 'zustand'
import type { ApiClient } from './api/client'
import type { LiveFeed } from './api/live'
import type { ConnectionStore } from './stores/connection'
import type { DeliveriesStore } from './stores/deliveries'
import type { EventTypesStore } from './stores/event-types'
import type { InboxesStore } from './stores/inboxes'
import type { InfoStore } from './stores/info'
import type { ProfilesStore } from './stores/profiles'
import type { ReplayStore } from './stores/replay'
import type { RequestsStore } from './stores/requests'
import type { SettingsStore } from './stores/settings'
import type { TriggersStore } from './stores/triggers'
import type { WebhooksStore } from './stores/webhooks'

/** Everything the screens need, built once in main.tsx (the composition root). */
export interface AppServices {
  api: ApiClient
  live: LiveFeed
  stores: {
    connection: ConnectionStore
    info: InfoStore
    profiles: ProfilesStore
    eventTypes: EventTypesStore
    webhooks: WebhooksStore
    deliveries: DeliveriesStore
    triggers: TriggersStore
    inboxes: InboxesStore
    requests: RequestsStore
    replay: ReplayStore
    settings: SettingsStore
  }
}

export const AppContext = createContext<AppServices | null>(null)

export function useApp(): AppServices {
  const app = useContext(AppContext)
  if (!app) throw new Error('useApp() outside <AppContext.Provider>')
  return app
}

/** Reads a vanilla zustand store from React. */
export function useStoreOf<S, T>(store: StoreApi<S>, selector: (s: S) => T): T {
  return useStore(store, selector)
}
