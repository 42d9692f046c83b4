-- 0002: the sender (profiles, event types, webhooks, events, deliveries, attempts, triggers).
-- Reserved slot: filled by the sender work before the first release.
SELECT 1;
