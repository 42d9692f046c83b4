-- 0010: the request list words a stale_timestamp verdict by its direction, as the detail does
-- from the analysis' details.ageSec: "future-dated" for a signed timestamp ahead of the clock (a
-- unix time sent in milliseconds), "stale" for an old one. The list reads this table only, so the
-- age of a stale timestamp is kept here too (seconds, negative when ahead); NULL for any other
-- verdict. Requests stored before are filled in from their analysis.
ALTER TABLE requests ADD COLUMN timestamp_age_sec REAL;
UPDATE requests
SET timestamp_age_sec = (SELECT json_extract(p.analysis, '$.details.ageSec') FROM request_payloads p WHERE p.seq = requests.seq)
WHERE verdict = 'stale_timestamp';
