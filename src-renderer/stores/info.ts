import { createStore } from 'zustand/vanilla'
import type { Info } from '../../src-shared/api/info'
import { API } from '../../src-shared/api/paths'
import type { ApiClient } from '../api/client'
import type { LiveFeed } from '../api/live'
import { engineClockFrom, MACHINE_CLOCK, type EngineClock } from '../lib/engine-clock'

export interface InfoState {
  info: Info | null
  /** The engine's clock (`--time-scale`), for every "ago" and countdown against the times it records. */
  clock: EngineClock
  error: string | null
  load(): Promise<void>
}

/** Engine facts for Settings, for building inbox URLs, and the engine's clock. */
export function createInfoStore(api: ApiClient, live: LiveFeed) {
  const store = createStore<InfoState>((set) => ({
    info: null,
    clock: MACHINE_CLOCK,
    error: null,
    async load() {
      try {
        const info = await api.get<Info>(API.info)
        set({ info, clock: engineClockFrom(info.clock), error: null })
      } catch (err) {
        set({ error: (err as Error).message })
      }
    },
  }))
  // The engine that answers after a lost connection may be another run, with another time scale.
  let lost = false
  live.onState((state) => {
    if (state === 'disconnected') lost = true
    else if (state === 'connected' && lost) {
      lost = false
      void store.getState().load()
    }
  })
  return store
}
export type InfoStore = ReturnType<typeof createInfoStore>
