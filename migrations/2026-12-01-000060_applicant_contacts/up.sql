-- One person, told apart from another who shares their e-mail, and the contact details they
-- gave over time.

-- A registration whose e-mail belongs to a stored applicant of another name makes a new
-- applicant flagged as a possible duplicate of that one, for a manager to merge or leave.
ALTER TABLE applicants ADD COLUMN possible_duplicate_of uuid REFERENCES applicants (id)
    CHECK (possible_duplicate_of <> id);

-- The contact details an applicant gave with each later appeal, when they differ from those on
-- record (the record then holds the newest phone, e-mail and address; the name stays).
CREATE TABLE applicant_contacts (
    id uuid PRIMARY KEY,
    applicant_id uuid NOT NULL REFERENCES applicants (id),
    -- Recorded while the appeal is being registered, before its row exists.
    appeal_id uuid REFERENCES appeals (id) DEFERRABLE INITIALLY DEFERRED,
    full_name text NOT NULL CHECK (char_length(full_name) BETWEEN 1 AND 300),
    email text CHECK (char_length(email) <= 254),
    phone text CHECK (char_length(phone) <= 50),
    postal_address text CHECK (char_length(postal_address) <= 500),
    recorded_by uuid REFERENCES users (id),
    recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX applicant_contacts_applicant ON applicant_contacts (applicant_id, recorded_at);
CREATE INDEX applicants_duplicate ON applicants (possible_duplicate_of) WHERE possible_duplicate_of IS NOT NULL;

-- Two applicant records found to be one person, merged by a manager: the appeals moved from one
-- to the other are listed, so that a second record (`reverses`) can move exactly those back.
CREATE TABLE applicant_merges (
    id uuid PRIMARY KEY,
    from_applicant uuid NOT NULL REFERENCES applicants (id),
    into_applicant uuid NOT NULL REFERENCES applicants (id),
    appeal_ids uuid[] NOT NULL,
    reason text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 2000),
    reverses uuid UNIQUE REFERENCES applicant_merges (id),
    merged_by uuid NOT NULL REFERENCES users (id),
    merged_at timestamptz NOT NULL DEFAULT now(),
    CHECK (from_applicant <> into_applicant)
);
CREATE INDEX applicant_merges_from ON applicant_merges (from_applicant);
CREATE INDEX applicant_merges_into ON applicant_merges (into_applicant);
