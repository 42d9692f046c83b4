-- 0004: replays of captured requests and delivery attempts, linked to their source.
-- No foreign key: a replay outlives the request it came from (retention may prune it).
CREATE TABLE replays (
  id               TEXT PRIMARY KEY,
  source_kind      TEXT NOT NULL CHECK (source_kind IN ('request', 'attempt')),
  source_id        TEXT NOT NULL,
  bulk_id          TEXT,
  created_at       INTEGER NOT NULL,
  method           TEXT NOT NULL,
  url              TEXT NOT NULL,
  request_headers  TEXT NOT NULL,
  request_body     BLOB NOT NULL,
  response_status  INTEGER,
  response_headers TEXT,
  response_body    BLOB,
  response_size    INTEGER,
  error_code       TEXT,
  error_message    TEXT,
  duration_ms      REAL NOT NULL,
  resigned         INTEGER NOT NULL DEFAULT 0,
  event_id         TEXT,
  warnings         TEXT NOT NULL DEFAULT '[]'
) STRICT;
CREATE INDEX replays_by_source ON replays (source_kind, source_id, id);
