-- The access log: failed logins, denials of existing records and every read of a protected
-- identity (who, what, when). Append-only, like the audit trail.
CREATE TABLE access_log (
    id uuid PRIMARY KEY,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    kind text NOT NULL CHECK (kind IN ('login_failed', 'denied', 'identity_read')),
    actor_id uuid REFERENCES users (id),
    actor_label text NOT NULL CHECK (char_length(actor_label) <= 320),
    resource text CHECK (char_length(resource) <= 64),
    record_id uuid,
    request_id text CHECK (char_length(request_id) <= 64),
    client_request_id text CHECK (char_length(client_request_id) <= 64),
    client_address text CHECK (char_length(client_address) <= 64)
);
CREATE INDEX access_log_time ON access_log (occurred_at DESC, id DESC);
CREATE INDEX access_log_record ON access_log (record_id) WHERE record_id IS NOT NULL;

CREATE FUNCTION access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'access_log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER access_log_no_update_delete
    BEFORE UPDATE OR DELETE ON access_log
    FOR EACH ROW EXECUTE FUNCTION access_log_append_only();
CREATE TRIGGER access_log_no_truncate
    BEFORE TRUNCATE ON access_log
    FOR EACH STATEMENT EXECUTE FUNCTION access_log_append_only();

-- A client's own X-Request-Id, kept apart from the server's id when it is well formed.
ALTER TABLE audit_events ADD COLUMN client_request_id text CHECK (char_length(client_request_id) <= 64);

-- Protection follows the person: finding an applicant's protected appeals is one index scan.
CREATE INDEX appeals_protected_applicant ON appeals (applicant_id)
    WHERE applicant_id IS NOT NULL AND (confidential OR reprisal_risk);

-- Applicants are matched only among those the registering officer may see (docs/security.md),
-- so one person may be held once per office that met them: the e-mail is no longer unique.
DROP INDEX applicants_email_unique;
CREATE INDEX applicants_email ON applicants (lower(email)) WHERE email IS NOT NULL;
