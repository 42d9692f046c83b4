import type { Db } from './open'

/** One row of `inboxes`; `config` is the JSON of the inbox's settings (see receiver/inboxes.ts). */
export interface InboxRow {
  id: string
  slug: string
  name: string
  config: string
  response_counter: number
  created_at: number
  updated_at: number
}

export type InboxesRepo = ReturnType<typeof createInboxesRepo>

/** Prepared statements over `inboxes`. */
export function createInboxesRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO inboxes (id, slug, name, config, response_counter, created_at, updated_at)
     VALUES (@id, @slug, @name, @config, @response_counter, @created_at, @updated_at)`,
  )
  const update = db.prepare(
    `UPDATE inboxes SET slug = @slug, name = @name, config = @config, response_counter = @response_counter, updated_at = @updated_at
     WHERE id = @id`,
  )
  const byId = db.prepare('SELECT * FROM inboxes WHERE id = ?')
  const bySlug = db.prepare('SELECT * FROM inboxes WHERE slug = ?')
  const all = db.prepare('SELECT * FROM inboxes ORDER BY created_at DESC, id DESC')
  const remove = db.prepare('DELETE FROM inboxes WHERE id = ?')
  const counter = db.prepare('UPDATE inboxes SET response_counter = ? WHERE id = ?')
  const slugs = db.prepare('SELECT slug FROM inboxes ORDER BY slug')

  return {
    insert: (row: InboxRow) => void insert.run(row),
    update: (row: InboxRow) => update.run(row).changes > 0,
    get: (id: string) => byId.get(id) as InboxRow | undefined,
    getBySlug: (slug: string) => bySlug.get(slug) as InboxRow | undefined,
    list: () => all.all() as InboxRow[],
    delete: (id: string) => remove.run(id).changes > 0,
    /** Persists the in-memory response counter (written once per capture batch). */
    saveCounter: (id: string, value: number) => void counter.run(value, id),
    slugs: () => (slugs.all() as { slug: string }[]).map((r) => r.slug),
  }
}
