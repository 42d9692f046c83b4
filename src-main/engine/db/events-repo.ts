import type { EventSource } from '../../../src-shared/api/sender-common'
import type { DataError } from '../../../src-shared/api/event-types'
import type { Db } from './open'

export interface EventRow {
  id: string
  profileId: string
  type: string
  data: unknown
  payload: unknown
  source: EventSource
  sourceId: string | null
  warnings: DataError[]
  occurredAt: number
}

export interface EventListRow {
  rid: number
  id: string
  profileId: string
  type: string
  source: EventSource
  sourceId: string | null
  occurredAt: number
  total: number
  pending: number
  succeeded: number
  failed: number
  held: number
}

interface Raw {
  id: string
  profile_id: string
  type: string
  data: string
  payload: string
  source: EventSource
  source_id: string | null
  warnings: string | null
  occurred_at: number
}

const toRow = (r: Raw): EventRow => ({
  id: r.id,
  profileId: r.profile_id,
  type: r.type,
  data: JSON.parse(r.data) as unknown,
  payload: JSON.parse(r.payload) as unknown,
  source: r.source,
  sourceId: r.source_id,
  warnings: r.warnings ? (JSON.parse(r.warnings) as DataError[]) : [],
  occurredAt: r.occurred_at,
})

/** Fired events. Ids are in each profile's style, so lists page by rowid (insertion order). */
export function createEventsRepo(db: Db) {
  const s = {
    insert: db.prepare(
      'INSERT INTO events (id, profile_id, type, data, payload, source, source_id, warnings, occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    get: db.prepare<[string], Raw>('SELECT * FROM events WHERE id = ?'),
    exists: db.prepare<[string], { x: number }>('SELECT 1 AS x FROM events WHERE id = ?'),
    anyOfProfile: db.prepare<[string], { x: number }>('SELECT 1 AS x FROM events WHERE profile_id = ? LIMIT 1'),
    page: db.prepare<{ profile: string | null; type: string | null; source: string | null; before: number | null; limit: number }, Omit<EventListRow, 'total' | 'pending' | 'succeeded' | 'failed' | 'held'>>(
      `SELECT rowid AS rid, id, profile_id AS profileId, type, source, source_id AS sourceId, occurred_at AS occurredAt
         FROM events
        WHERE (:profile IS NULL OR profile_id = :profile)
          AND (:type IS NULL OR type = :type)
          AND (:source IS NULL OR source = :source)
          AND (:before IS NULL OR rowid < :before)
        ORDER BY rowid DESC LIMIT :limit`,
    ),
    counts: db.prepare<[string], { total: number; pending: number; succeeded: number; failed: number; held: number }>(
      `SELECT count(*) AS total,
              coalesce(sum(status = 'pending'), 0) AS pending,
              coalesce(sum(status = 'succeeded'), 0) AS succeeded,
              coalesce(sum(status = 'failed'), 0) AS failed,
              coalesce(sum(status = 'held'), 0) AS held
         FROM deliveries WHERE event_id = ?`,
    ),
  }
  return {
    insert: (e: EventRow) =>
      s.insert.run(
        e.id,
        e.profileId,
        e.type,
        JSON.stringify(e.data ?? null),
        JSON.stringify(e.payload ?? null),
        e.source,
        e.sourceId,
        e.warnings.length ? JSON.stringify(e.warnings) : null,
        e.occurredAt,
      ),
    get: (id: string): EventRow | undefined => {
      const r = s.get.get(id)
      return r && toRow(r)
    },
    exists: (id: string) => s.exists.get(id) !== undefined,
    /** Whether any event was fired with this profile (a deleted profile's events stay). */
    anyOfProfile: (profileId: string) => s.anyOfProfile.get(profileId) !== undefined,
    page: (q: { profileId?: string; type?: string; source?: string; before?: number; limit: number }): EventListRow[] =>
      s.page
        .all({ profile: q.profileId ?? null, type: q.type ?? null, source: q.source ?? null, before: q.before ?? null, limit: q.limit })
        .map((r) => ({ ...r, ...s.counts.get(r.id)! })),
  }
}

export type EventsRepo = ReturnType<typeof createEventsRepo>
