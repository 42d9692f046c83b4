-- 0009: a webhook's last delivery is the one whose latest attempt went out last (a manual retry
-- of an older delivery makes it the last one again), or, never attempted, the one created last.
-- Picking by creation alone showed a newer delivery as last after an older one's retry. One seek
-- on this index finds it, however long the webhook's history; the entry moves once per attempt,
-- at the right edge of the webhook's range.
CREATE INDEX deliveries_webhook_last ON deliveries (webhook_id, coalesce(last_attempt_at, created_at));
