-- 0002: the sender. User-defined provider profiles and their event catalogs (the built-in
-- presets are not rows: they ship as JSON in resources/), webhooks with their secret history,
-- events, one delivery per event and webhook, every attempt with the exact request and
-- response, schedules, scenarios and scenario runs.
-- Times are INTEGER epoch milliseconds of the engine's clock. Retries are rows with
-- next_attempt_at, never timers held only in memory.

-- A user profile: the ProviderProfile fields (catalog.ts) as JSON, without id and builtIn.
CREATE TABLE profiles (
  id          TEXT PRIMARY KEY,
  body        TEXT NOT NULL,
  cloned_from TEXT,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
) STRICT;

-- The event catalog of a user profile, in display order.
CREATE TABLE event_types (
  profile_id  TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
  name        TEXT NOT NULL,
  position    INTEGER NOT NULL,
  category    TEXT NOT NULL,
  description TEXT NOT NULL,
  schema      TEXT NOT NULL,
  example     TEXT NOT NULL,
  PRIMARY KEY (profile_id, name)
) STRICT;

-- profile_id names a preset or a user profile, so it has no foreign key.
CREATE TABLE webhooks (
  id                   TEXT PRIMARY KEY,
  name                 TEXT NOT NULL,
  url                  TEXT NOT NULL,
  profile_id           TEXT NOT NULL,
  events               TEXT NOT NULL,                 -- JSON array of filters: "*", "deal.*", exact names
  headers              TEXT NOT NULL DEFAULT '{}',    -- JSON object of custom headers
  allow_local          INTEGER NOT NULL DEFAULT 0,
  status               TEXT NOT NULL CHECK (status IN ('active', 'paused', 'disabled')),
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  disabled_reason      TEXT,
  disabled_at          INTEGER,
  paused_at            INTEGER,
  rate_limit_per_sec   REAL,
  max_concurrency      INTEGER NOT NULL DEFAULT 10,
  created_at           INTEGER NOT NULL,
  updated_at           INTEGER NOT NULL
) STRICT;
CREATE INDEX webhooks_profile ON webhooks (profile_id);

-- Every secret a webhook has had, newest seq first = current. A rotated-out secret keeps
-- signing until expires_at (the overlap window).
CREATE TABLE webhook_secrets (
  webhook_id TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
  seq        INTEGER NOT NULL,
  value      TEXT NOT NULL,
  label      TEXT,
  created_at INTEGER NOT NULL,
  expires_at INTEGER,
  PRIMARY KEY (webhook_id, seq)
) STRICT;

-- id is in the profile's style (evt_…, msg_…, a UUID), so lists order by rowid.
CREATE TABLE events (
  id          TEXT PRIMARY KEY,
  profile_id  TEXT NOT NULL,
  type        TEXT NOT NULL,
  source      TEXT NOT NULL CHECK (source IN ('api', 'test', 'schedule', 'scenario', 'handshake')),
  source_id   TEXT,
  occurred_at INTEGER NOT NULL,
  warnings    TEXT,                         -- JSON array of data problems (profile warns), or NULL
  data        TEXT NOT NULL,                -- JSON
  payload     TEXT NOT NULL                 -- JSON envelope with webhook-specific fields null
) STRICT;
CREATE INDEX events_profile_type ON events (profile_id, type);

-- status pending + next_attempt_at NULL: an attempt is in flight (see dispatcher.ts).
-- The body lives in delivery_bodies: a delivery row is rewritten at each claim and result, and
-- keeping it small keeps those writes small. Large values come last in each row so that
-- reading the small columns never walks overflow pages.
CREATE TABLE deliveries (
  id                 TEXT PRIMARY KEY,     -- dlv_…, time-sortable
  event_id           TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  webhook_id         TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
  status             TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'held')),
  test               INTEGER NOT NULL DEFAULT 0,
  attempt_count      INTEGER NOT NULL DEFAULT 0,
  failed_attempts    INTEGER NOT NULL DEFAULT 0, -- failed scheduled attempts: the position in the retry schedule
  next_attempt_at    INTEGER,
  next_trigger       TEXT NOT NULL DEFAULT 'schedule',
  final_after_next   INTEGER NOT NULL DEFAULT 0, -- manual retry or test: the next attempt's result is final
  held_at            INTEGER,
  last_attempt_at    INTEGER,
  last_status        INTEGER,
  last_duration_ms   REAL,
  created_at         INTEGER NOT NULL,
  finished_at        INTEGER,
  last_error_code    TEXT,
  last_error_message TEXT,
  held_reason        TEXT
) STRICT;
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending' AND next_attempt_at IS NOT NULL;
CREATE INDEX deliveries_webhook_due ON deliveries (webhook_id, next_attempt_at) WHERE status = 'pending' AND next_attempt_at IS NOT NULL;
CREATE INDEX deliveries_webhook ON deliveries (webhook_id, id);
-- Covering index for the counts shown on every webhook (no table reads).
CREATE INDEX deliveries_webhook_stats ON deliveries (webhook_id, test, status);
-- Not (event_id, status): event ids are random in most profiles' styles, so every status change
-- rewrote an entry on a page of its own (about 40 % of the WAL written per delivery). An
-- event has one delivery per webhook: its counts read those few rows.
CREATE INDEX deliveries_event ON deliveries (event_id);
CREATE INDEX deliveries_status ON deliveries (status, id);

-- The exact bytes of a delivery, built and serialised once; every attempt sends them.
CREATE TABLE delivery_bodies (
  delivery_id TEXT PRIMARY KEY REFERENCES deliveries(id) ON DELETE CASCADE,
  body        BLOB NOT NULL
) STRICT;

-- One row per attempt, written as in_flight before the request leaves and completed with the
-- response. request_body NULL means the delivery's body, byte for byte (retries resend the same
-- bytes; only the headers of schemes that sign a timestamp change).
CREATE TABLE attempts (
  delivery_id      TEXT NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,
  n                INTEGER NOT NULL,
  trigger          TEXT NOT NULL,
  outcome          TEXT NOT NULL CHECK (outcome IN ('in_flight', 'succeeded', 'failed', 'interrupted')),
  scheduled_at     INTEGER NOT NULL,
  started_at       INTEGER NOT NULL,
  finished_at      INTEGER,
  duration_ms      REAL,
  next_attempt_at  INTEGER,
  response_status  INTEGER,
  response_size    INTEGER,                -- the true size
  request_method   TEXT NOT NULL,
  error_code       TEXT,
  error_message    TEXT,
  request_url      TEXT NOT NULL,
  request_headers  TEXT NOT NULL,          -- JSON [[name, value], …] in the order sent
  response_headers TEXT,
  request_body     BLOB,
  response_body    BLOB,                   -- at most 64 KiB
  PRIMARY KEY (delivery_id, n)
) STRICT;
CREATE INDEX attempts_in_flight ON attempts (delivery_id) WHERE outcome = 'in_flight';

CREATE TABLE schedules (
  id            TEXT PRIMARY KEY,
  name          TEXT NOT NULL,
  profile_id    TEXT NOT NULL,
  type          TEXT NOT NULL,
  every_seconds INTEGER,
  cron          TEXT,
  timezone      TEXT NOT NULL DEFAULT 'UTC',
  data          TEXT,                       -- JSON fixed data; NULL: generated each run
  webhook_ids   TEXT,                       -- JSON array; NULL: every subscribed webhook
  status        TEXT NOT NULL CHECK (status IN ('active', 'paused')),
  next_run_at   INTEGER,
  last_run_at   INTEGER,
  last_event_id TEXT,
  last_error    TEXT,
  run_count     INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  CHECK ((every_seconds IS NULL) <> (cron IS NULL))
) STRICT;
CREATE INDEX schedules_due ON schedules (next_run_at) WHERE status = 'active';

CREATE TABLE scenarios (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  profile_id  TEXT NOT NULL,
  steps       TEXT NOT NULL,                -- JSON array of steps
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
) STRICT;

-- A run keeps a copy of the steps it started with; results holds one JSON object per step.
CREATE TABLE scenario_runs (
  id           TEXT PRIMARY KEY,
  scenario_id  TEXT NOT NULL REFERENCES scenarios(id) ON DELETE CASCADE,
  profile_id   TEXT NOT NULL,
  steps        TEXT NOT NULL,
  results      TEXT NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'cancelled')),
  next_step    INTEGER NOT NULL DEFAULT 0,
  next_step_at INTEGER,
  started_at   INTEGER NOT NULL,
  finished_at  INTEGER
) STRICT;
CREATE INDEX scenario_runs_due ON scenario_runs (next_step_at) WHERE status = 'running';
CREATE INDEX scenario_runs_scenario ON scenario_runs (scenario_id, id);
