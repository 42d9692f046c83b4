-- 0008: a path is searched as it reads. Paths were indexed percent-encoded only, so a request to
-- /hooks/café (sent as /hooks/caf%C3%A9) could not be found by "café" or "cafe". The indexer now
-- adds the decoded path and query; the index is emptied and rebuilt from request_payloads in the
-- background (as after 0007), so requests captured before this version are found too.
INSERT INTO requests_fts (requests_fts) VALUES ('delete-all');
DELETE FROM settings WHERE key = 'receiver.fts_indexed_seq';
