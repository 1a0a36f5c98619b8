-- Appeals: applicants, the working-day calendar, registration counters, the appeal itself, its
-- timeline, requests to state bodies and attachments.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE applicants (
    id uuid PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('citizen', 'foreign_national', 'stateless_person', 'organization')),
    full_name text NOT NULL CHECK (length(btrim(full_name)) BETWEEN 1 AND 300),
    email text CHECK (email LIKE '_%@_%.%'),
    phone text,
    phone_digits text CHECK (phone_digits ~ '^[0-9]{7,15}$'),
    postal_address text,
    language text NOT NULL DEFAULT 'uz-Latn' CHECK (language IN ('uz-Latn', 'uz-Cyrl', 'ru', 'en')),
    citizenship text CHECK (citizenship ~ '^[A-Z]{2}$'),
    country_of_stay text CHECK (country_of_stay ~ '^[A-Z]{2}$'),
    vulnerabilities text[] NOT NULL DEFAULT '{}' CHECK (vulnerabilities <@ ARRAY[
        'disability', 'child', 'migrant_worker', 'detainee', 'servicemember']::text[]),
    version integer NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((phone IS NULL) = (phone_digits IS NULL))
);
-- De-duplication: one applicant per e-mail; name + phone finds the rest.
CREATE UNIQUE INDEX applicants_email_unique ON applicants (lower(email)) WHERE email IS NOT NULL;
CREATE INDEX applicants_name_phone ON applicants (lower(full_name), phone_digits) WHERE phone_digits IS NOT NULL;

-- The working-day calendar an admin maintains: public holidays, and weekend days made working.
CREATE TABLE calendar_days (
    day date PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('holiday', 'working_day')),
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- An office's deadline policy (absent: the defaults of the domain).
CREATE TABLE deadline_policies (
    office_id uuid PRIMARY KEY REFERENCES offices (id),
    policy jsonb NOT NULL,
    version integer NOT NULL DEFAULT 1 CHECK (version > 0),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Gapless numbering: the counter row is locked by the registering transaction until it commits,
-- and a rolled-back registration rolls its number back too.
CREATE TABLE registration_counters (
    office_id uuid NOT NULL REFERENCES offices (id),
    series text NOT NULL CHECK (series ~ '^[a-z_]+$'),
    year integer NOT NULL CHECK (year BETWEEN 2000 AND 2200),
    last_value integer NOT NULL CHECK (last_value > 0),
    PRIMARY KEY (office_id, series, year)
);

CREATE TABLE appeals (
    id uuid PRIMARY KEY,
    office_id uuid NOT NULL REFERENCES offices (id),
    number text NOT NULL UNIQUE,
    year integer NOT NULL,
    seq integer NOT NULL CHECK (seq > 0),
    received_on date NOT NULL,
    channel text NOT NULL CHECK (channel IN ('letter', 'email', 'online_portal', 'in_person', 'hotline',
        'mobile_reception', 'presidential_virtual_reception', 'complaint_box', 'monitoring_visit', 'referral')),
    applicant_id uuid REFERENCES applicants (id),
    anonymous boolean NOT NULL DEFAULT false,
    signatories integer CHECK (signatories >= 2),
    region text NOT NULL CHECK (region IN (
        'karakalpakstan', 'andijan', 'bukhara', 'fergana', 'jizzakh', 'kashkadarya', 'khorezm',
        'namangan', 'navoi', 'samarkand', 'surkhandarya', 'syrdarya', 'tashkent_region',
        'tashkent_city', 'abroad')),
    abroad_country text CHECK (abroad_country ~ '^[A-Z]{2}$'),
    subject text NOT NULL CHECK (length(btrim(subject)) BETWEEN 1 AND 500),
    description text NOT NULL CHECK (length(description) <= 100000),
    categories text[] NOT NULL CHECK (cardinality(categories) >= 1 AND categories <@ ARRAY[
        'prisoners_rights', 'prohibition_of_torture', 'liberty_and_security', 'fair_trial',
        'migrants_rights', 'rights_of_persons_with_disabilities', 'childrens_rights', 'labour',
        'social_security', 'health', 'housing', 'property', 'freedom_of_expression', 'religion',
        'environment', 'other']::text[]),
    respondent_bodies text[] NOT NULL DEFAULT '{}',
    confidential boolean NOT NULL DEFAULT false,
    reprisal_risk boolean NOT NULL DEFAULT false,
    status text NOT NULL DEFAULT 'registered' CHECK (status IN ('registered', 'under_consideration', 'closed')),
    outcome text CHECK (outcome IN ('satisfied', 'partially_satisfied', 'explained', 'rejected', 'forwarded',
        'withdrawn', 'left_without_consideration')),
    closed_on date,
    track text NOT NULL DEFAULT 'initial' CHECK (track IN ('initial', 'standard', 'extended_study')),
    track_started_on date NOT NULL,
    due_on date NOT NULL,
    extension_days integer NOT NULL DEFAULT 0 CHECK (extension_days >= 0),
    extensions integer NOT NULL DEFAULT 0 CHECK (extensions >= 0),
    paused_since date,
    paused_days integer NOT NULL DEFAULT 0 CHECK (paused_days >= 0),
    assigned_to uuid REFERENCES users (id),
    repeat_of uuid REFERENCES appeals (id),
    access_code_hash bytea NOT NULL CHECK (length(access_code_hash) = 32),
    search_text text NOT NULL,
    registered_by uuid REFERENCES users (id),
    version integer NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (office_id, year, seq),
    CHECK (anonymous = (applicant_id IS NULL)),
    CHECK ((region = 'abroad') = (abroad_country IS NOT NULL)),
    CHECK ((status = 'closed') = (outcome IS NOT NULL)),
    CHECK ((status = 'closed') = (closed_on IS NOT NULL))
);
CREATE INDEX appeals_office_received ON appeals (office_id, received_on DESC, id DESC);
CREATE INDEX appeals_received ON appeals (received_on DESC, id DESC);
CREATE INDEX appeals_applicant ON appeals (applicant_id, received_on);
CREATE INDEX appeals_assigned ON appeals (assigned_to) WHERE assigned_to IS NOT NULL;
CREATE INDEX appeals_open_due ON appeals (due_on) WHERE status <> 'closed';
CREATE INDEX appeals_categories ON appeals USING gin (categories);
CREATE INDEX appeals_search ON appeals USING gin (search_text gin_trgm_ops);

-- The case timeline: every move, note, request, answer and document.
CREATE TABLE appeal_events (
    id uuid PRIMARY KEY,
    appeal_id uuid NOT NULL REFERENCES appeals (id),
    occurred_at timestamptz NOT NULL DEFAULT now(),
    actor_id uuid REFERENCES users (id),
    kind text NOT NULL CHECK (kind IN ('registered', 'accepted', 'closed', 'reopened', 'extended', 'paused',
        'resumed', 'assigned', 'updated', 'note', 'request_sent', 'answer_received', 'document')),
    note text,
    data jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX appeal_events_appeal ON appeal_events (appeal_id, occurred_at, id);

-- Requests to state bodies for explanations, with their own due dates, and the answers.
CREATE TABLE body_requests (
    id uuid PRIMARY KEY,
    appeal_id uuid NOT NULL REFERENCES appeals (id),
    body_name text NOT NULL CHECK (length(btrim(body_name)) BETWEEN 1 AND 300),
    subject text NOT NULL CHECK (length(btrim(subject)) BETWEEN 1 AND 2000),
    sent_on date NOT NULL,
    due_on date NOT NULL CHECK (due_on >= sent_on),
    answered_on date CHECK (answered_on >= sent_on),
    answer_summary text,
    created_by uuid REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((answered_on IS NULL) = (answer_summary IS NULL))
);
CREATE INDEX body_requests_appeal ON body_requests (appeal_id);
CREATE INDEX body_requests_open_due ON body_requests (due_on) WHERE answered_on IS NULL;

-- Files attached to an appeal, stored through object_store; the row holds their fingerprint.
CREATE TABLE attachments (
    id uuid PRIMARY KEY,
    appeal_id uuid REFERENCES appeals (id),
    filename text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
    content_type text NOT NULL,
    size_bytes bigint NOT NULL CHECK (size_bytes >= 0),
    sha256 bytea NOT NULL CHECK (length(sha256) = 32),
    storage_key text NOT NULL UNIQUE,
    uploaded_by uuid REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attachments_appeal ON attachments (appeal_id);
