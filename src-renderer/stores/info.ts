import { createStore } from 'zustand/vanilla'
import type { Info } from '../../src-shared/api/info'
import { API } from '../../src-shared/api/paths'
import type { ApiClient } from '../api/client'

export interface InfoState {
  info: Info | null
  error: string | null
  load(): Promise<void>
}

/** Engine facts for Settings and for building inbox URLs. */
export function createInfoStore(api: ApiClient) {
  return createStore<InfoState>((set) => ({
    info: null,
    error: null,
    async load() {
      try {
        set({ info: await api.get<Info>(API.info), error: null })
      } catch (err) {
        set({ error: (err as Error).message })
      }
    },
  }))
}
export type InfoStore = ReturnType<typeof createInfoStore>
