-- 0003: the receiver (inboxes, captured requests, their payloads, forwards, full-text search).
--
-- `requests` is kept slim (no body, no JSON blobs) so that filtering, counting and keyset
-- pagination scan small rows; bytes and JSON live in `request_payloads`, one row per request
-- with the same `seq`. `seq` is the insertion order: newest first is `ORDER BY seq DESC`.
-- There is deliberately no foreign key from requests to inboxes: deleting an inbox with
-- 100 000 requests would cascade in one long transaction and stall capture, so the receiver
-- deletes them in small batches instead (and sweeps orphans at start-up).

CREATE TABLE inboxes (
  id               TEXT PRIMARY KEY,
  slug             TEXT NOT NULL UNIQUE,
  name             TEXT NOT NULL,
  -- JSON: { verification, response, forwardTo, forwardTimeoutMs, allowlist, limits }
  config           TEXT NOT NULL,
  -- Requests answered since the response rules were last set (sequence steps, seeded draws).
  response_counter INTEGER NOT NULL DEFAULT 0,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL
) STRICT;

CREATE TABLE requests (
  seq              INTEGER PRIMARY KEY,
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

CREATE INDEX requests_by_inbox ON requests (inbox_id, seq);
CREATE INDEX requests_by_dedup ON requests (inbox_id, dedup_key) WHERE dedup_key IS NOT NULL;
CREATE INDEX requests_by_object ON requests (inbox_id, object_id, event_time) WHERE object_id IS NOT NULL;

CREATE TABLE request_payloads (
  seq      INTEGER PRIMARY KEY,               -- = requests.seq
  headers  TEXT NOT NULL,                     -- JSON [[name, value], ...] as received
  body     BLOB NOT NULL,                     -- the raw bytes, exactly as received
  analysis TEXT NOT NULL,                     -- JSON Analysis (signed content re-rendered on read)
  response TEXT                               -- JSON SentResponse; NULL until answered
) STRICT;

CREATE TABLE request_forwards (
  id          TEXT PRIMARY KEY,
  request_seq INTEGER NOT NULL,
  position    INTEGER NOT NULL,
  result      TEXT NOT NULL                   -- JSON ForwardResult
) STRICT;

CREATE INDEX request_forwards_by_request ON request_forwards (request_seq, position);

-- Search over path (with query), headers ("name: value" lines) and the body when it is text.
-- Contentless: the text already lives in request_payloads; rowid = requests.seq.
CREATE VIRTUAL TABLE requests_fts USING fts5 (
  path, headers, body,
  content = '',
  contentless_delete = 1,
  tokenize = 'unicode61'
);
