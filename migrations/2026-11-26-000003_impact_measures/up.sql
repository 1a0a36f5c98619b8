-- Impact measures filed with state bodies, and the compensation recovered for applicants.

CREATE TABLE impact_measures (
    id uuid PRIMARY KEY,
    office_id uuid NOT NULL REFERENCES offices (id),
    number text NOT NULL UNIQUE,
    year integer NOT NULL CHECK (year BETWEEN 2000 AND 2200),
    seq integer NOT NULL CHECK (seq > 0),
    kind text NOT NULL CHECK (kind IN
        ('submission', 'demand', 'lawsuit', 'conclusion', 'recommendation', 'other')),
    addressee text NOT NULL CHECK (length(btrim(addressee)) BETWEEN 1 AND 500),
    issued_on date NOT NULL,
    summary text NOT NULL CHECK (length(btrim(summary)) BETWEEN 1 AND 10000),
    response_due_on date CHECK (response_due_on >= issued_on),
    status text NOT NULL DEFAULT 'issued' CHECK (status IN
        ('issued', 'response_received', 'implemented', 'partially_implemented', 'rejected',
         'in_court', 'won', 'lost')),
    response_received_on date CHECK (response_received_on >= issued_on),
    response_summary text,
    decided_on date CHECK (decided_on >= issued_on),
    -- The monitoring visit it follows (the visits table arrives with the facility registry).
    visit_id uuid,
    issued_by uuid REFERENCES users (id),
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (office_id, kind, year, seq),
    CHECK (kind = 'lawsuit' OR status NOT IN ('in_court', 'won', 'lost')),
    CHECK (kind <> 'lawsuit' OR status IN ('issued', 'in_court', 'won', 'lost'))
);
CREATE INDEX impact_measures_office ON impact_measures (office_id, id DESC);
CREATE INDEX impact_measures_awaiting ON impact_measures (response_due_on) WHERE status = 'issued';
CREATE INDEX impact_measures_issued_on ON impact_measures (issued_on);

-- Which appeals a measure was issued for; the link outlives the appeal's closing.
CREATE TABLE impact_measure_appeals (
    impact_measure_id uuid NOT NULL REFERENCES impact_measures (id),
    appeal_id uuid NOT NULL REFERENCES appeals (id),
    PRIMARY KEY (impact_measure_id, appeal_id)
);
CREATE INDEX impact_measure_appeals_appeal ON impact_measure_appeals (appeal_id);

CREATE TABLE compensations (
    id uuid PRIMARY KEY,
    office_id uuid NOT NULL REFERENCES offices (id),
    amount_minor bigint NOT NULL CHECK (amount_minor > 0),
    currency text NOT NULL DEFAULT 'UZS' CHECK (currency ~ '^[A-Z]{3}$'),
    kind text NOT NULL CHECK (kind IN ('wage_arrears', 'pension', 'benefit', 'damages', 'refund', 'other')),
    paid_by text NOT NULL CHECK (length(btrim(paid_by)) BETWEEN 1 AND 500),
    recovered_on date NOT NULL,
    applicant_id uuid REFERENCES applicants (id),
    appeal_id uuid REFERENCES appeals (id),
    impact_measure_id uuid REFERENCES impact_measures (id),
    note text,
    recorded_by uuid REFERENCES users (id),
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (appeal_id IS NOT NULL OR impact_measure_id IS NOT NULL)
);
CREATE INDEX compensations_office ON compensations (office_id, id DESC);
CREATE INDEX compensations_appeal ON compensations (appeal_id) WHERE appeal_id IS NOT NULL;
CREATE INDEX compensations_measure ON compensations (impact_measure_id) WHERE impact_measure_id IS NOT NULL;
CREATE INDEX compensations_applicant ON compensations (applicant_id) WHERE applicant_id IS NOT NULL;
CREATE INDEX compensations_recovered_on ON compensations (recovered_on);

-- Measures and compensation appear on the linked appeals' timelines.
ALTER TABLE appeal_events DROP CONSTRAINT appeal_events_kind_check,
    ADD CONSTRAINT appeal_events_kind_check CHECK (kind IN ('registered', 'accepted', 'closed', 'reopened', 'extended', 'paused',
        'resumed', 'assigned', 'updated', 'note', 'request_sent', 'answer_received', 'document',
        'impact_measure_issued', 'impact_measure_updated', 'compensation_recorded'));
