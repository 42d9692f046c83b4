import { createContext, useContext } from 'react'
import { useStore, type StoreApi } from 'zustand'
import type { ApiClient } from './api/client'
import type { LiveFeed } from './api/live'
import type { ConnectionStore } from './stores/connection'
import type { InfoStore } from './stores/info'

/** Everything the screens need, built once in main.tsx (the composition root). */
export interface AppServices {
  api: ApiClient
  live: LiveFeed
  stores: {
    connection: ConnectionStore
    info: InfoStore
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
