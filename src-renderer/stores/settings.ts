import { createStore } from 'zustand/vanilla'
import type { IngestSettings, IngestSettingsInput } from '../../src-shared/api/settings'
import type { ApiClient } from '../api/client'
import type { LiveFeed } from '../api/live'

export const INGEST_SETTINGS_PATH = '/api/settings/ingest'
export const INGEST_TOPIC = 'settings.ingest'

export interface SettingsState {
  ingest: IngestSettings | null
  loading: boolean
  error: string | null
  load(): Promise<void>
  /** Moves the ingest plane; throws the engine's error (the old binding keeps serving). */
  saveIngest(input: IngestSettingsInput): Promise<IngestSettings>
}

/**
 * Engine settings the UI can change: where the inboxes listen (address, port, HTTPS). A change
 * made anywhere (another window, the CLI) arrives as `settings.ingest`; `onIngestChanged` lets
 * the composition root refresh what depends on it (inbox URLs, engine info).
 */
export function createSettingsStore(api: ApiClient, live?: LiveFeed, onIngestChanged?: (settings: IngestSettings) => void) {
  const store = createStore<SettingsState>((set) => ({
    ingest: null,
    loading: false,
    error: null,
    async load() {
      set({ loading: true })
      try {
        set({ ingest: await api.get<IngestSettings>(INGEST_SETTINGS_PATH), loading: false, error: null })
      } catch (err) {
        set({ loading: false, error: (err as Error).message })
      }
    },
    async saveIngest(input) {
      const ingest = await api.put<IngestSettings>(INGEST_SETTINGS_PATH, input)
      adopt(ingest)
      return ingest
    },
  }))

  /**
   * A save answers with the settings and also announces them live (same content, either may
   * arrive first): the second one changes nothing, so the inbox list and engine info reload once.
   */
  function adopt(ingest: IngestSettings) {
    if (JSON.stringify(ingest) === JSON.stringify(store.getState().ingest)) {
      if (store.getState().error !== null) store.setState({ error: null })
      return
    }
    store.setState({ ingest, error: null })
    onIngestChanged?.(ingest)
  }

  live?.subscribe((batch) => {
    const last = batch.filter((e) => e.topic === INGEST_TOPIC).at(-1)
    if (last) adopt(last.data as IngestSettings)
  })
  return store
}
export type SettingsStore = ReturnType<typeof createSettingsStore>
