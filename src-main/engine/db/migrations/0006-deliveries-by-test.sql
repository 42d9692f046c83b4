-- 0006: the webhook list shows a webhook's newest test send beside its newest delivery, which
-- needs the newest test of a webhook without walking its whole delivery history. The counts
-- index gains id after test (it still covers the counts by status), instead of a fifth index
-- on deliveries for the dispatcher to keep up on every write.
DROP INDEX deliveries_webhook_stats;
CREATE INDEX deliveries_webhook_stats ON deliveries (webhook_id, test, id, status);
