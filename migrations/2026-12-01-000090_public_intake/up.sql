-- Citizens' public intake: appeals filed online are held as drafts until the citizen confirms
-- their e-mail, then registered through the same use case as any other appeal and routed to the
-- office of their region. The applicant's own page shows the office's requests to them and
-- takes their replies.

-- Which office takes the online appeals of a region (the central office when none is named).
CREATE TABLE region_routes (
    region text PRIMARY KEY CHECK (region IN (
        'karakalpakstan', 'andijan', 'bukhara', 'fergana', 'jizzakh', 'kashkadarya', 'khorezm',
        'namangan', 'navoi', 'samarkand', 'surkhandarya', 'syrdarya', 'tashkent_region',
        'tashkent_city', 'abroad')),
    office_id uuid NOT NULL REFERENCES offices (id),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- An appeal filed online and not yet confirmed. Only the hashes of the confirmation token and
-- code are kept; the worker deletes a draft (and its files) once it has expired.
CREATE TABLE public_drafts (
    id uuid PRIMARY KEY,
    full_name text NOT NULL CHECK (char_length(full_name) BETWEEN 1 AND 300),
    email text NOT NULL CHECK (char_length(email) BETWEEN 3 AND 254),
    phone text CHECK (char_length(phone) <= 50),
    language text NOT NULL CHECK (language IN ('uz-Latn', 'uz-Cyrl', 'ru', 'en')),
    region text NOT NULL CHECK (region IN (
        'karakalpakstan', 'andijan', 'bukhara', 'fergana', 'jizzakh', 'kashkadarya', 'khorezm',
        'namangan', 'navoi', 'samarkand', 'surkhandarya', 'syrdarya', 'tashkent_region',
        'tashkent_city', 'abroad')),
    abroad_country text CHECK (abroad_country ~ '^[A-Z]{2}$'),
    subject text NOT NULL CHECK (char_length(subject) BETWEEN 1 AND 500),
    description text NOT NULL CHECK (char_length(description) <= 20000),
    categories text[] NOT NULL CHECK (cardinality(categories) BETWEEN 1 AND 16),
    consent_version text NOT NULL CHECK (char_length(consent_version) BETWEEN 1 AND 40),
    consent_text text NOT NULL CHECK (char_length(consent_text) BETWEEN 1 AND 4000),
    consented_at timestamptz NOT NULL,
    client_address text NOT NULL CHECK (char_length(client_address) <= 64),
    token_hash bytea NOT NULL UNIQUE,
    code_hash bytea NOT NULL UNIQUE,
    upload_token_hash bytea NOT NULL UNIQUE,
    expires_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX public_drafts_expiry ON public_drafts (expires_at);

-- Files sent with a draft; they move to the appeal's attachments when it is confirmed.
CREATE TABLE draft_attachments (
    id uuid PRIMARY KEY,
    draft_id uuid NOT NULL REFERENCES public_drafts (id) ON DELETE CASCADE,
    filename text NOT NULL CHECK (char_length(filename) BETWEEN 1 AND 255),
    content_type text NOT NULL,
    size_bytes bigint NOT NULL CHECK (size_bytes > 0),
    sha256 bytea NOT NULL,
    storage_key text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX draft_attachments_draft ON draft_attachments (draft_id);

-- The consent the citizen gave: the text and version shown, and when, stay with the appeal.
CREATE TABLE appeal_consents (
    appeal_id uuid PRIMARY KEY REFERENCES appeals (id),
    consent_version text NOT NULL CHECK (char_length(consent_version) BETWEEN 1 AND 40),
    consent_text text NOT NULL CHECK (char_length(consent_text) BETWEEN 1 AND 4000),
    consented_at timestamptz NOT NULL,
    confirmed_at timestamptz NOT NULL DEFAULT now()
);

-- What the applicant answered through their page.
CREATE TABLE appeal_replies (
    id uuid PRIMARY KEY,
    appeal_id uuid NOT NULL REFERENCES appeals (id),
    text text NOT NULL CHECK (char_length(text) BETWEEN 1 AND 20000),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX appeal_replies_appeal ON appeal_replies (appeal_id, created_at);

-- What the office asked the applicant for (documents, explanations); shown on their page until
-- they answer.
CREATE TABLE applicant_requests (
    id uuid PRIMARY KEY,
    appeal_id uuid NOT NULL REFERENCES appeals (id),
    text text NOT NULL CHECK (char_length(text) BETWEEN 1 AND 5000),
    sent_on date NOT NULL,
    sent_by uuid REFERENCES users (id),
    answered_by uuid REFERENCES appeal_replies (id),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX applicant_requests_appeal ON applicant_requests (appeal_id, created_at);

-- A file sent with a reply is an attachment of the appeal, linked to the reply.
CREATE TABLE appeal_reply_files (
    attachment_id uuid PRIMARY KEY REFERENCES attachments (id),
    reply_id uuid NOT NULL REFERENCES appeal_replies (id)
);
CREATE INDEX appeal_reply_files_reply ON appeal_reply_files (reply_id);

ALTER TABLE appeal_events DROP CONSTRAINT appeal_events_kind_check,
    ADD CONSTRAINT appeal_events_kind_check CHECK (kind IN ('registered', 'accepted', 'closed', 'reopened', 'extended', 'paused',
        'resumed', 'assigned', 'updated', 'note', 'request_sent', 'answer_received', 'document',
        'impact_measure_issued', 'impact_measure_updated', 'compensation_recorded',
        'referred_to_partner', 'received_from_partner', 'partner_answered',
        'applicant_request', 'applicant_reply'));
