-- 0007: search finds symbols too. unicode61 by default makes words of letters and digits only,
-- so an emoji, a check mark or a currency sign in a body could not be searched at all. The
-- index is built again with symbols (So, Sc) and private-use characters as word characters;
-- it holds no text of its own (contentless), so the indexer rebuilds it from request_payloads
-- in the background, from the first request on.
DROP TABLE requests_fts;
CREATE VIRTUAL TABLE requests_fts USING fts5 (
  path, headers, body,
  content = '',
  contentless_delete = 1,
  tokenize = "unicode61 categories 'L* N* Co So Sc'"
);
DELETE FROM settings WHERE key = 'receiver.fts_indexed_seq';
