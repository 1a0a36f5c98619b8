DROP INDEX applicants_email;
CREATE UNIQUE INDEX applicants_email_unique ON applicants (lower(email)) WHERE email IS NOT NULL;
DROP INDEX appeals_protected_applicant;
ALTER TABLE audit_events DROP COLUMN client_request_id;
DROP TABLE access_log;
DROP FUNCTION access_log_append_only();
