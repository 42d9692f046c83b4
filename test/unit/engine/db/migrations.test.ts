import Database from 'better-sqlite3'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { latestSchemaVersion, migrate, schemaVersion } from '../../../../src-main/engine/db/migrate'
import { MIGRATIONS } from '../../../../src-main/engine/db/migrations'
import { closeDatabase, openDatabase } from '../../../../src-main/engine/db/open'
import { DbFromFutureError } from '../../../../src-main/engine/errors'
import { tempDir } from '../../../helpers/tmp'

describe('database migrations', () => {
  const tmp = tempDir()
  const file = (name: string) => join(tmp.dir, name)
  afterEach(() => undefined)

  it('creates a fresh database at the latest schema version, in WAL mode', () => {
    const db = openDatabase(file('fresh.db'))
    expect(schemaVersion(db)).toBe(latestSchemaVersion())
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.pragma('synchronous', { simple: true })).toBe(1) // NORMAL
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(10_000)
    const tables = db.prepare("select name from sqlite_master where type='table'").all() as { name: string }[]
    expect(tables.map((t) => t.name)).toContain('settings')
    closeDatabase(db)
  })

  it('reopens an existing database without re-running migrations and keeps its rows', () => {
    const path = file('reopen.db')
    const db = openDatabase(path)
    db.prepare('insert into settings (key, value) values (?, ?)').run('greeting', 'hello')
    closeDatabase(db)
    const again = openDatabase(path)
    expect(schemaVersion(again)).toBe(latestSchemaVersion())
    expect(again.prepare('select value from settings where key = ?').get('greeting')).toEqual({ value: 'hello' })
    closeDatabase(again)
  })

  it('refuses a database made by a newer version and leaves the file byte for byte untouched', () => {
    const path = file('future.db')
    const raw = new Database(path)
    raw.exec('create table from_the_future (x)')
    raw.pragma(`user_version = ${latestSchemaVersion() + 5}`)
    raw.close()
    const before = readFileSync(path)
    let error: unknown
    try {
      openDatabase(path)
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(DbFromFutureError)
    expect((error as Error).message).toMatch(/newer Hookbench/)
    expect((error as Error).message).toMatch(/left untouched/)
    expect((error as Error).message).toContain(`schema version ${latestSchemaVersion() + 5}`)
    expect(readFileSync(path).equals(before)).toBe(true)
  })

  it('applies pending migrations in one transaction: a failing one leaves the previous version intact', () => {
    const db = new Database(file('atomic.db'))
    const migrations = [
      { version: 1, name: 'one', sql: 'create table a (x integer);' },
      { version: 2, name: 'two', sql: 'create table b (y integer); insert into nope values (1);' },
    ]
    expect(() => migrate(db, migrations)).toThrow(/no such table: nope/)
    expect(schemaVersion(db)).toBe(0)
    expect(db.prepare("select count(*) as n from sqlite_master where name in ('a','b')").get()).toEqual({ n: 0 })
    db.close()
  })

  it('migrates N-1 → N and keeps the data written under N-1', () => {
    const db = new Database(file('step.db'))
    const v1 = [{ version: 1, name: 'one', sql: 'create table notes (body text);' }]
    migrate(db, v1)
    db.prepare('insert into notes values (?)').run('kept')
    const result = migrate(db, [...v1, { version: 2, name: 'two', sql: "alter table notes add column tag text default 'x';" }])
    expect(result).toEqual({ from: 1, to: 2 })
    expect(db.prepare('select body, tag from notes').all()).toEqual([{ body: 'kept', tag: 'x' }])
    db.close()
  })

  it('0005 keeps every request and never hands out a seq at or below the search index mark again', () => {
    const db = new Database(file('seq.db'))
    migrate(db, MIGRATIONS.slice(0, 4))
    const insert = db.prepare(
      "insert into requests (seq, id, inbox_id, method, path, path_suffix, query, received_at, size, remote_address, verdict) values (?, ?, 'inb_1', 'POST', '/x', '/', '', 0, 0, '127.0.0.1', 'not_configured')",
    )
    for (const seq of [1, 2, 3]) insert.run(seq, `req_${seq}`)
    // The index had reached seq 7 before the newest requests were deleted.
    db.prepare("insert into settings (key, value) values ('receiver.fts_indexed_seq', '7')").run()
    expect(migrate(db)).toEqual({ from: 4, to: latestSchemaVersion() })
    expect(db.prepare('select id from requests order by seq').pluck().all()).toEqual(['req_1', 'req_2', 'req_3'])
    const capture = (id: string) => Number(insert.run(null, id).lastInsertRowid)
    expect(capture('req_new')).toBe(8)
    db.prepare('delete from requests where seq = 8').run()
    expect(capture('req_after')).toBe(9)
    // The rebuilt table keeps its indexes.
    const indexes = db.prepare("select name from sqlite_master where type = 'index' and tbl_name = 'requests' and name like 'requests_by_%' order by name").pluck().all()
    expect(indexes).toEqual(['requests_by_dedup', 'requests_by_inbox', 'requests_by_object'])
    db.close()
  })

  it('0005 starts the sequence above a payload row left without its request', () => {
    const db = new Database(file('orphan.db'))
    migrate(db, MIGRATIONS.slice(0, 4))
    db.prepare("insert into requests (seq, id, inbox_id, method, path, path_suffix, query, received_at, size, remote_address, verdict) values (2, 'req_2', 'inb_1', 'POST', '/x', '/', '', 0, 0, '127.0.0.1', 'not_configured')").run()
    db.prepare("insert into request_payloads (seq, headers, body, analysis) values (5, '[]', x'', '{}')").run()
    migrate(db)
    const seq = db.prepare("insert into requests (id, inbox_id, method, path, path_suffix, query, received_at, size, remote_address, verdict) values ('req_new', 'inb_1', 'POST', '/x', '/', '', 0, 0, '127.0.0.1', 'not_configured')").run().lastInsertRowid
    expect(Number(seq)).toBe(6)
    db.close()
  })

  it("0006 finds a webhook's newest test delivery, and counts its deliveries by status, from one index", () => {
    const db = openDatabase(file('tests.db'))
    const plan = (sql: string) => db.prepare(`explain query plan ${sql}`).all().map((r) => (r as { detail: string }).detail).join('; ')
    // A seek on (webhook, test) read backwards, not a walk through the webhook's whole history.
    expect(plan("select id from deliveries where webhook_id = 'wh_1' and test = 1 order by id desc limit 1")).toBe(
      'SEARCH deliveries USING COVERING INDEX deliveries_webhook_stats (webhook_id=? AND test=?)',
    )
    expect(plan("select count(*), sum(status = 'held') from deliveries where webhook_id = 'wh_1' and test = 0")).toBe(
      'SEARCH deliveries USING COVERING INDEX deliveries_webhook_stats (webhook_id=? AND test=?)',
    )
    closeDatabase(db)
  })

  it("0009 finds a webhook's last delivery, by its latest attempt, with one seek", () => {
    const db = openDatabase(file('last.db'))
    const plan = (sql: string) => db.prepare(`explain query plan ${sql}`).all().map((r) => (r as { detail: string }).detail).join('; ')
    // Read backwards from the webhook's newest attempt: no walk through its history, no sort.
    expect(
      plan(
        "select d.id, e.type from deliveries d join events e on e.id = d.event_id where d.webhook_id = 'wh_1' order by coalesce(d.last_attempt_at, d.created_at) desc, d.rowid desc limit 1",
      ),
    ).toBe('SEARCH d USING INDEX deliveries_webhook_last (webhook_id=?); SEARCH e USING INDEX sqlite_autoindex_events_1 (id=?)')
    closeDatabase(db)
  })

  it('0007 rebuilds the search index with symbols as word characters, to be filled again from the first request', () => {
    const db = new Database(file('fts.db'))
    migrate(db, MIGRATIONS.slice(0, 6))
    db.prepare("insert into settings (key, value) values ('receiver.fts_indexed_seq', '42')").run()
    migrate(db)
    expect(db.prepare("select value from settings where key = 'receiver.fts_indexed_seq'").get()).toBeUndefined()
    db.prepare('insert into requests_fts (rowid, path, headers, body) values (1, ?, ?, ?)').run('/hooks', '', 'paid €5 ✓ 🎉 Jürgen')
    const match = (q: string) => db.prepare('select rowid from requests_fts where requests_fts match ?').pluck().all(q)
    for (const q of ['"🎉"*', '"✓"*', '"€5"*', '"jurgen"*']) expect(match(q), q).toEqual([1])
    db.close()
  })

  it('0008 empties the search index and its mark, so every request is indexed again with its decoded path', () => {
    const db = new Database(file('fts8.db'))
    migrate(db, MIGRATIONS.slice(0, 7))
    db.prepare('insert into requests_fts (rowid, path, headers, body) values (1, ?, ?, ?)').run('/hooks/caf%C3%A9', '', 'old words')
    db.prepare("insert into settings (key, value) values ('receiver.fts_indexed_seq', '1')").run()
    migrate(db)
    expect(db.prepare("select value from settings where key = 'receiver.fts_indexed_seq'").get()).toBeUndefined()
    expect(db.prepare("select rowid from requests_fts where requests_fts match 'old'").all()).toEqual([])
    // Row 1 can be indexed again (a contentless-delete table refuses a rowid it still holds).
    db.prepare('insert into requests_fts (rowid, path, headers, body) values (1, ?, ?, ?)').run('/hooks/caf%C3%A9 /hooks/café', '', 'new words')
    expect(db.prepare("select rowid from requests_fts where requests_fts match 'cafe'").pluck().all()).toEqual([1])
    db.close()
  })

  it('0010 keeps the age of a stale signed timestamp on its request, from the stored analysis, and nothing for other verdicts', () => {
    const db = new Database(file('age.db'))
    migrate(db, MIGRATIONS.slice(0, 9))
    const insert = db.prepare(
      "insert into requests (seq, id, inbox_id, method, path, path_suffix, query, received_at, size, remote_address, verdict) values (?, ?, 'inb_1', 'POST', '/x', '/', '', 0, 0, '127.0.0.1', ?)",
    )
    const payload = db.prepare("insert into request_payloads (seq, headers, body, analysis) values (?, '[]', x'', ?)")
    const rows: Array<[string, number | undefined]> = [['stale_timestamp', -498_579_352.25], ['stale_timestamp', 3600], ['valid', 2], ['stale_timestamp', undefined]]
    rows.forEach(([verdict, ageSec], i) => {
      insert.run(i + 1, `req_${i + 1}`, verdict)
      payload.run(i + 1, JSON.stringify({ verdict, details: ageSec === undefined ? null : { scheme: 'stripe', signatureHeader: 'Stripe-Signature', ageSec } }))
    })
    migrate(db)
    expect(db.prepare('select timestamp_age_sec from requests order by seq').pluck().all()).toEqual([-498_579_352.25, 3600, null, null])
    db.close()
  })

  it('0011 marks the requests stored before as imported when the file recorded their answer', () => {
    const db = new Database(file('imported.db'))
    migrate(db, MIGRATIONS.slice(0, 10))
    const insert = db.prepare(
      "insert into requests (seq, id, inbox_id, method, path, path_suffix, query, received_at, size, remote_address, verdict) values (?, ?, 'inb_1', 'POST', '/x', '/', '', 0, 0, '127.0.0.1', 'valid')",
    )
    const payload = db.prepare("insert into request_payloads (seq, headers, body, analysis, response) values (?, '[]', x'', '{}', ?)")
    const answers = ['import', 'rules', null]
    answers.forEach((source, i) => {
      insert.run(i + 1, `req_${i + 1}`)
      payload.run(i + 1, source && JSON.stringify({ status: 200, headers: [], bodyBase64: '', delayMs: 0, hang: false, source, step: null }))
    })
    migrate(db)
    expect(db.prepare('select imported from requests order by seq').pluck().all()).toEqual([1, 0, 0])
    db.close()
  })

  it('rejects a migration list with a gap in its numbers', () => {
    const db = new Database(':memory:')
    expect(() => migrate(db, [{ version: 2, name: 'two', sql: '' }])).toThrow(/without gaps/)
    db.close()
  })

  it('numbers the shipped migrations 1..n', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1))
  })
})
