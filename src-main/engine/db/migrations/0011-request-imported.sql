-- 0011: a request brought in from a file (HAR, NDJSON, JSON export) is marked so. Without it an
-- imported request whose file recorded no answer read as one still waiting for its delay or
-- forward. Requests imported before are known by the answer the file recorded (source 'import');
-- those imported without one cannot be told apart and stay unmarked.
ALTER TABLE requests ADD COLUMN imported INTEGER NOT NULL DEFAULT 0;
UPDATE requests
SET imported = 1
WHERE seq IN (SELECT p.seq FROM request_payloads p WHERE json_extract(p.response, '$.source') = 'import');
