import { createStore } from 'zustand/vanilla'
import type {
  EventTypeInput,
  EventTypeItem,
  EventTypeList,
  EventTypeUpdate,
  OpenApiImportInput,
  OpenApiImportResult,
  SampleResult,
  ValidateResult,
} from '../../src-shared/api/event-types'
import { API } from '../../src-shared/api/paths'
import type { ApiClient } from '../api/client'
import type { LiveFeed } from '../api/live'

export interface CatalogSlice {
  items: EventTypeItem[]
  loading: boolean
  loaded: boolean
  error: string | null
}

export interface EventTypesState {
  /** The catalog of each profile loaded so far. */
  byProfile: Record<string, CatalogSlice>
  load(profileId: string, force?: boolean): Promise<EventTypeItem[]>
  sample(profileId: string, type: string, seed?: number): Promise<SampleResult>
  validate(profileId: string, type: string, data: unknown): Promise<ValidateResult>
  create(input: EventTypeInput): Promise<EventTypeItem>
  update(profileId: string, name: string, patch: EventTypeUpdate): Promise<EventTypeItem>
  remove(profileId: string, name: string): Promise<void>
  exportOpenApi(profileId: string): Promise<Record<string, unknown>>
  importOpenApi(input: OpenApiImportInput): Promise<OpenApiImportResult>
}

export const EMPTY_CATALOG: CatalogSlice = { items: [], loading: false, loaded: false, error: null }

const itemPath = (profileId: string, name: string) => `${API.eventTypes}/${encodeURIComponent(profileId)}/${encodeURIComponent(name)}`

/** Event catalogs, one per profile, loaded on demand and refreshed when the engine says they changed. */
export function createEventTypesStore(api: ApiClient, live: LiveFeed) {
  const inflight = new Map<string, Promise<EventTypeItem[]>>()
  const store = createStore<EventTypesState>((set, get) => {
    const patchSlice = (profileId: string, patch: Partial<CatalogSlice>) =>
      set({ byProfile: { ...get().byProfile, [profileId]: { ...(get().byProfile[profileId] ?? EMPTY_CATALOG), ...patch } } })
    return {
      byProfile: {},
      load(profileId, force = false) {
        const slice = get().byProfile[profileId]
        // A failed load is tried again by the next screen that asks (it would stay empty for good).
        if (slice?.loaded && !slice.error && !force) return Promise.resolve(slice.items)
        const running = inflight.get(profileId)
        if (running && !force) return running
        patchSlice(profileId, { loading: true })
        const p = api
          .get<EventTypeList>(API.eventTypes, { profileId })
          .then((list) => {
            patchSlice(profileId, { items: list.items, loading: false, loaded: true, error: null })
            return list.items
          })
          .catch((err: Error) => {
            patchSlice(profileId, { loading: false, loaded: true, error: err.message })
            return []
          })
          .finally(() => inflight.delete(profileId))
        inflight.set(profileId, p)
        return p
      },
      sample: (profileId, type, seed) => api.post<SampleResult>(`${API.eventTypes}/sample`, { profileId, type, ...(seed !== undefined ? { seed } : {}) }),
      validate: (profileId, type, data) => api.post<ValidateResult>(`${API.eventTypes}/validate`, { profileId, type, data }),
      async create(input) {
        const item = await api.post<EventTypeItem>(API.eventTypes, input)
        void get().load(input.profileId, true)
        return item
      },
      async update(profileId, name, patch) {
        const item = await api.put<EventTypeItem>(itemPath(profileId, name), patch)
        void get().load(profileId, true)
        return item
      },
      async remove(profileId, name) {
        await api.del(itemPath(profileId, name))
        void get().load(profileId, true)
      },
      exportOpenApi: (profileId) => api.get<Record<string, unknown>>(`${API.eventTypes}/openapi`, { profileId }),
      async importOpenApi(input) {
        const result = await api.post<OpenApiImportResult>(`${API.eventTypes}/openapi`, input)
        if (!input.dryRun) void get().load(input.profileId, true)
        return result
      },
    }
  })

  live.subscribe((batch) => {
    const changed = new Set<string>()
    for (const e of batch) {
      if (e.topic === 'event-types.changed') changed.add((e.data as { profileId: string }).profileId)
      if (e.topic === 'profile.deleted') {
        const { id } = e.data as { id: string }
        const { [id]: _gone, ...rest } = store.getState().byProfile
        store.setState({ byProfile: rest })
      }
    }
    for (const profileId of changed) if (store.getState().byProfile[profileId]?.loaded) void store.getState().load(profileId, true)
  })
  return store
}
export type EventTypesStore = ReturnType<typeof createEventTypesStore>

