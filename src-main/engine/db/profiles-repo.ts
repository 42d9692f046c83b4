import type { EventType, ProviderProfile } from '../../../src-shared/catalog'
import type { Db } from './open'

/** A user profile row: the profile fields as JSON. Built-in presets are not stored. */
export interface ProfileRow {
  profile: ProviderProfile
  clonedFrom: string | null
  createdAt: number
  updatedAt: number
}

interface RawProfile {
  id: string
  body: string
  cloned_from: string | null
  created_at: number
  updated_at: number
}

interface RawEventType {
  profile_id: string
  name: string
  category: string
  description: string
  schema: string
  example: string
}

const toProfile = (r: RawProfile): ProfileRow => ({
  profile: { ...(JSON.parse(r.body) as Omit<ProviderProfile, 'id' | 'builtIn'>), id: r.id, builtIn: false } as ProviderProfile,
  clonedFrom: r.cloned_from,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
})

const toEventType = (r: RawEventType): EventType => ({
  name: r.name,
  category: r.category,
  description: r.description,
  schema: JSON.parse(r.schema) as EventType['schema'],
  example: JSON.parse(r.example) as unknown,
})

const bodyOf = (p: ProviderProfile): string => {
  const { id: _id, builtIn: _b, ...rest } = p
  return JSON.stringify(rest)
}

/** User profiles and their event catalogs. */
export function createProfilesRepo(db: Db) {
  const s = {
    all: db.prepare<[], RawProfile>('SELECT * FROM profiles ORDER BY created_at, id'),
    get: db.prepare<[string], RawProfile>('SELECT * FROM profiles WHERE id = ?'),
    insert: db.prepare('INSERT INTO profiles (id, body, cloned_from, created_at, updated_at) VALUES (?, ?, ?, ?, ?)'),
    update: db.prepare('UPDATE profiles SET body = ?, updated_at = ? WHERE id = ?'),
    delete: db.prepare('DELETE FROM profiles WHERE id = ?'),
    types: db.prepare<[string], RawEventType>('SELECT * FROM event_types WHERE profile_id = ? ORDER BY position, name'),
    type: db.prepare<[string, string], RawEventType>('SELECT * FROM event_types WHERE profile_id = ? AND name = ?'),
    countTypes: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM event_types WHERE profile_id = ?'),
    maxPosition: db.prepare<[string], { p: number | null }>('SELECT max(position) AS p FROM event_types WHERE profile_id = ?'),
    insertType: db.prepare(
      'INSERT INTO event_types (profile_id, name, position, category, description, schema, example) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    updateType: db.prepare(
      'UPDATE event_types SET name = ?, category = ?, description = ?, schema = ?, example = ? WHERE profile_id = ? AND name = ?',
    ),
    deleteType: db.prepare('DELETE FROM event_types WHERE profile_id = ? AND name = ?'),
    deleteTypes: db.prepare('DELETE FROM event_types WHERE profile_id = ?'),
  }

  const insertType = (profileId: string, t: EventType, position: number) =>
    s.insertType.run(profileId, t.name, position, t.category, t.description, JSON.stringify(t.schema), JSON.stringify(t.example ?? null))

  return {
    list: (): ProfileRow[] => s.all.all().map(toProfile),
    get: (id: string): ProfileRow | undefined => {
      const r = s.get.get(id)
      return r && toProfile(r)
    },
    /** Inserts a profile and its catalog in one transaction. */
    insert: db.transaction((p: ProviderProfile, eventTypes: EventType[], clonedFrom: string | null, now: number) => {
      s.insert.run(p.id, bodyOf(p), clonedFrom, now, now)
      eventTypes.forEach((t, i) => insertType(p.id, t, i))
    }),
    update: (p: ProviderProfile, now: number) => s.update.run(bodyOf(p), now, p.id),
    delete: (id: string) => s.delete.run(id).changes > 0,

    eventTypes: (profileId: string): EventType[] => s.types.all(profileId).map(toEventType),
    eventType: (profileId: string, name: string): EventType | undefined => {
      const r = s.type.get(profileId, name)
      return r && toEventType(r)
    },
    countEventTypes: (profileId: string) => s.countTypes.get(profileId)!.n,
    insertEventType: (profileId: string, t: EventType) => insertType(profileId, t, (s.maxPosition.get(profileId)?.p ?? -1) + 1),
    updateEventType: (profileId: string, name: string, t: EventType) =>
      s.updateType.run(t.name, t.category, t.description, JSON.stringify(t.schema), JSON.stringify(t.example ?? null), profileId, name),
    deleteEventType: (profileId: string, name: string) => s.deleteType.run(profileId, name).changes > 0,
    /** Replaces (mode replace) or upserts (merge) event types in one transaction. */
    importEventTypes: db.transaction((profileId: string, types: EventType[], replace: boolean) => {
      if (replace) s.deleteTypes.run(profileId)
      let next = (s.maxPosition.get(profileId)?.p ?? -1) + 1
      for (const t of types) {
        if (!replace && s.type.get(profileId, t.name)) {
          s.updateType.run(t.name, t.category, t.description, JSON.stringify(t.schema), JSON.stringify(t.example ?? null), profileId, t.name)
        } else {
          insertType(profileId, t, next++)
        }
      }
    }),
  }
}

export type ProfilesRepo = ReturnType<typeof createProfilesRepo>
