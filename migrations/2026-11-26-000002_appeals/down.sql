DROP TABLE attachments;
DROP TABLE body_requests;
DROP TABLE appeal_events;
DROP TABLE appeals;
DROP TABLE registration_counters;
DROP TABLE deadline_policies;
DROP TABLE calendar_days;
DROP TABLE applicants;
DROP EXTENSION IF EXISTS pg_trgm;
