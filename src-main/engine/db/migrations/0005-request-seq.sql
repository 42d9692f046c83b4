-- 0005: a request's seq is never reused. Without AUTOINCREMENT, SQLite hands out max(seq) + 1,
-- so deleting the newest requests (clearing an inbox, deleting one) made new captures reuse
-- numbers the search index had already passed (receiver.fts_indexed_seq), and they were never
-- indexed. The table is rebuilt as it was, with AUTOINCREMENT, and its sequence starts above
-- the highest seq, the index mark, and any payload or forward row keyed by a seq (a new
-- request must not land on a row left behind).

CREATE TABLE requests_new (
  seq              INTEGER PRIMARY KEY AUTOINCREMENT,
  id               TEXT NOT NULL UNIQUE,
  inbox_id         TEXT NOT NULL,
  method           TEXT NOT NULL,
  path             TEXT NOT NULL,
  path_suffix      TEXT NOT NULL,
  query            TEXT NOT NULL,
  received_at      INTEGER NOT NULL,          -- epoch ms
  size             INTEGER NOT NULL,
  content_type     TEXT,
  content_encoding TEXT,
  remote_address   TEXT NOT NULL,
  remote_port      INTEGER,
  verdict          TEXT NOT NULL,
  event_id         TEXT,
  event_type       TEXT,
  dedup_key        TEXT,
  object_id        TEXT,
  event_time       INTEGER,                   -- epoch ms of the event, from its envelope
  duplicate        INTEGER NOT NULL DEFAULT 0,
  out_of_order     INTEGER NOT NULL DEFAULT 0,
  allowlisted      INTEGER,                   -- NULL: the inbox has no allowlist
  problems         TEXT NOT NULL DEFAULT '',  -- comma-separated body problem codes
  response_status  INTEGER,                   -- NULL: hung, or not answered yet
  hung             INTEGER NOT NULL DEFAULT 0
) STRICT;

INSERT INTO requests_new SELECT * FROM requests;
DROP TABLE requests;
ALTER TABLE requests_new RENAME TO requests;

CREATE INDEX requests_by_inbox ON requests (inbox_id, seq);
CREATE INDEX requests_by_dedup ON requests (inbox_id, dedup_key) WHERE dedup_key IS NOT NULL;
CREATE INDEX requests_by_object ON requests (inbox_id, object_id, event_time) WHERE object_id IS NOT NULL;

DELETE FROM sqlite_sequence WHERE name IN ('requests', 'requests_new');
INSERT INTO sqlite_sequence (name, seq) VALUES (
  'requests',
  max(
    coalesce((SELECT max(seq) FROM requests), 0),
    coalesce((SELECT max(seq) FROM request_payloads), 0),
    coalesce((SELECT max(request_seq) FROM request_forwards), 0),
    coalesce((SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'receiver.fts_indexed_seq'), 0)
  )
);
