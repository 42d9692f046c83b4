import { createStore } from 'zustand/vanilla'
import type { LiveFeed, LiveState } from '../api/live'

export interface ConnectionState {
  state: LiveState
  engineVersion: string | null
  /** When the current state began (ms). */
  since: number
}

/** The live-feed connection, for the indicator in the shell. */
export function createConnectionStore(live: LiveFeed) {
  const store = createStore<ConnectionState>(() => ({ state: 'connecting', engineVersion: null, since: Date.now() }))
  live.onState((state, detail) =>
    store.setState((prev) => ({
      state,
      engineVersion: state === 'connected' ? (detail ?? prev.engineVersion) : prev.engineVersion,
      since: prev.state === state ? prev.since : Date.now(),
    })),
  )
  return store
}
export type ConnectionStore = ReturnType<typeof createConnectionStore>
