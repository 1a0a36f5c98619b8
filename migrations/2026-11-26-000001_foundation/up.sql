-- The foundation: offices, users, refresh tokens, the audit trail, the outbox and idempotency keys.

CREATE TABLE offices (
    id uuid PRIMARY KEY,
    code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z]{2,5}$'),
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    region text NOT NULL CHECK (region IN (
        'karakalpakstan', 'andijan', 'bukhara', 'fergana', 'jizzakh', 'kashkadarya', 'khorezm',
        'namangan', 'navoi', 'samarkand', 'surkhandarya', 'syrdarya', 'tashkent_region',
        'tashkent_city', 'abroad')),
    is_central boolean NOT NULL DEFAULT false,
    default_language text NOT NULL DEFAULT 'uz-Latn'
        CHECK (default_language IN ('uz-Latn', 'uz-Cyrl', 'ru', 'en')),
    version integer NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
-- There is exactly one central office.
CREATE UNIQUE INDEX offices_single_central ON offices (is_central) WHERE is_central;

INSERT INTO offices (id, code, name, region, is_central)
VALUES ('01930000-0000-7000-8000-000000000001', 'HQ',
        'Central office of the Ombudsman (Tashkent)', 'tashkent_city', true);

CREATE TABLE users (
    id uuid PRIMARY KEY,
    office_id uuid NOT NULL REFERENCES offices (id),
    email text NOT NULL CHECK (email LIKE '_%@_%.%' AND length(email) <= 254),
    full_name text NOT NULL CHECK (length(btrim(full_name)) BETWEEN 1 AND 200),
    role text NOT NULL CHECK (role IN ('admin', 'manager', 'case_officer', 'monitor', 'auditor')),
    password_hash text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    is_active boolean NOT NULL DEFAULT true,
    version integer NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_unique ON users (lower(email));
CREATE INDEX users_office ON users (office_id);

-- One-time refresh tokens, stored as SHA-256 hashes. A family links the tokens of one login, so
-- that the reuse of a spent token revokes the whole family.
CREATE TABLE refresh_tokens (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    family_id uuid NOT NULL,
    token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    revoked_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);

-- The append-only audit trail: who did what to which record, when, from which request.
CREATE TABLE audit_events (
    id uuid PRIMARY KEY,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    actor_id uuid REFERENCES users (id),
    actor_label text NOT NULL CHECK (length(actor_label) > 0),
    action text NOT NULL CHECK (action ~ '^[a-z_.]+$'),
    entity_type text NOT NULL CHECK (entity_type ~ '^[a-z_]+$'),
    entity_id uuid NOT NULL,
    request_id text,
    diff jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_events_entity ON audit_events (entity_type, entity_id, occurred_at);
CREATE INDEX audit_events_actor ON audit_events (actor_id, occurred_at);

CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_events_no_update_delete
    BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate
    BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();

-- The transactional outbox: e-mails written in the same transaction as the change they announce.
CREATE TABLE outbox (
    id uuid PRIMARY KEY,
    kind text NOT NULL CHECK (kind ~ '^[a-z_]+$'),
    recipient text NOT NULL CHECK (recipient LIKE '_%@_%'),
    language text NOT NULL CHECK (language IN ('uz-Latn', 'uz-Cyrl', 'ru', 'en')),
    payload jsonb NOT NULL,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'dead')),
    attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    max_attempts integer NOT NULL DEFAULT 8 CHECK (max_attempts > 0),
    available_at timestamptz NOT NULL DEFAULT now(),
    locked_until timestamptz,
    locked_by text,
    last_error text,
    message_id text NOT NULL UNIQUE,
    -- One message per occurrence of a scheduled notification (e.g. 'deadline_approaching:<appeal>:<due>').
    dedupe_key text UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    sent_at timestamptz,
    CHECK ((status = 'sent') = (sent_at IS NOT NULL))
);
CREATE INDEX outbox_ready ON outbox (available_at) WHERE status = 'pending';
CREATE INDEX outbox_dead ON outbox (created_at) WHERE status = 'dead';

CREATE FUNCTION outbox_wake_workers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('outbox', '');
    RETURN NULL;
END;
$$;
CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
    FOR EACH STATEMENT EXECUTE FUNCTION outbox_wake_workers();

-- Creating POSTs with an Idempotency-Key: the first response is stored in the same transaction as
-- the record it created, so a replay returns it instead of creating a second record.
CREATE TABLE idempotency_keys (
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    method text NOT NULL,
    path text NOT NULL,
    request_hash bytea NOT NULL CHECK (length(request_hash) = 32),
    response_status integer NOT NULL CHECK (response_status BETWEEN 200 AND 599),
    response_location text,
    response_body jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
