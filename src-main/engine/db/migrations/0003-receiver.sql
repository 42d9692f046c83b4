-- 0003: the receiver (inboxes, captured requests, full-text search, forwards).
-- Reserved slot: filled by the receiver work before the first release.
SELECT 1;
