-- 0001: engine settings (key/value), e.g. the ingest bind address chosen in Settings.
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
