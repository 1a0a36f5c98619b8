DROP TABLE idempotency_keys;
DROP TRIGGER outbox_notify ON outbox;
DROP FUNCTION outbox_wake_workers();
DROP TABLE outbox;
DROP TABLE audit_events;
DROP FUNCTION audit_events_append_only();
DROP TABLE refresh_tokens;
DROP TABLE users;
DROP TABLE offices;
