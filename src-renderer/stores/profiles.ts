import { createStore } from 'zustand/vanilla'
import type { CloneProfileInput, Profile, ProfileList, ProviderProfileInput, ProviderProfilePatch } from '../../src-shared/api/profiles'
import { API } from '../../src-shared/api/paths'
import type { ApiClient } from '../api/client'
import type { LiveFeed } from '../api/live'

export interface ProfilesState {
  items: Profile[]
  loaded: boolean
  error: string | null
  load(): Promise<void>
  clone(id: string, input?: CloneProfileInput): Promise<Profile>
  create(input: ProviderProfileInput): Promise<Profile>
  update(id: string, patch: ProviderProfilePatch): Promise<Profile>
  remove(id: string): Promise<void>
}

/** Presets first (in their catalog order), then the user's profiles by name. */
const order = (items: Profile[]) =>
  [...items].sort((a, b) => (a.builtIn === b.builtIn ? (a.builtIn ? 0 : a.name.localeCompare(b.name)) : a.builtIn ? -1 : 1))

/** Provider profiles: the built-in presets and the user's own; kept fresh by the live feed. */
export function createProfilesStore(api: ApiClient, live: LiveFeed) {
  const store = createStore<ProfilesState>((set, get) => {
    const upsert = (p: Profile) => {
      const items = get().items
      const i = items.findIndex((x) => x.id === p.id)
      set({ items: order(i < 0 ? [...items, p] : items.map((x) => (x.id === p.id ? p : x))) })
      return p
    }
    return {
      items: [],
      loaded: false,
      error: null,
      async load() {
        try {
          const list = await api.get<ProfileList>(API.profiles)
          set({ items: order(list.items), loaded: true, error: null })
        } catch (err) {
          set({ error: (err as Error).message, loaded: true })
        }
      },
      clone: async (id, input = {}) => upsert(await api.post<Profile>(`${API.profiles}/${encodeURIComponent(id)}/clone`, input)),
      create: async (input) => upsert(await api.post<Profile>(API.profiles, input)),
      update: async (id, patch) => upsert(await api.patch<Profile>(`${API.profiles}/${encodeURIComponent(id)}`, patch)),
      async remove(id) {
        await api.del(`${API.profiles}/${encodeURIComponent(id)}`)
        set({ items: get().items.filter((p) => p.id !== id) })
      },
    }
  })

  live.subscribe((batch) => {
    for (const e of batch) {
      if (e.topic === 'profile.created' || e.topic === 'profile.updated') {
        const p = e.data as Profile
        const items = store.getState().items
        const i = items.findIndex((x) => x.id === p.id)
        store.setState({ items: order(i < 0 ? [...items, p] : items.map((x) => (x.id === p.id ? p : x))) })
      } else if (e.topic === 'profile.deleted') {
        const { id } = e.data as { id: string }
        store.setState({ items: store.getState().items.filter((p) => p.id !== id) })
      } else if (e.topic === 'webhook.created' || e.topic === 'webhook.deleted' || e.topic === 'event-types.changed') {
        // webhookCount or eventTypeCount changed (a catalog import, an edit): cheap to reload (a handful of profiles).
        if (store.getState().loaded) void store.getState().load()
      }
    }
  })
  return store
}
export type ProfilesStore = ReturnType<typeof createProfilesStore>
