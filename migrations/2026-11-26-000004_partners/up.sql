-- Partner institutions (foreign and international ombudsmen) and referrals of appeals to and from them.

CREATE TABLE partners (
    id uuid PRIMARY KEY,
    name text NOT NULL UNIQUE CHECK (length(btrim(name)) BETWEEN 1 AND 300),
    country text CHECK (country ~ '^[A-Z]{2}$'),
    kind text NOT NULL DEFAULT 'national_ombudsman' CHECK (kind IN
        ('national_ombudsman', 'regional_ombudsman', 'international_organization', 'other')),
    agreement text NOT NULL CHECK (length(btrim(agreement)) BETWEEN 1 AND 500),
    agreement_from date NOT NULL,
    agreement_to date CHECK (agreement_to >= agreement_from),
    email text,
    is_active boolean NOT NULL DEFAULT true,
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE referrals (
    id uuid PRIMARY KEY,
    appeal_id uuid NOT NULL REFERENCES appeals (id),
    partner_id uuid NOT NULL REFERENCES partners (id),
    direction text NOT NULL CHECK (direction IN ('outgoing', 'incoming')),
    referred_on date NOT NULL,
    partner_reference text CHECK (length(partner_reference) <= 200),
    note text,
    answered_on date CHECK (answered_on >= referred_on),
    answer_summary text,
    created_by uuid REFERENCES users (id),
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX referrals_appeal ON referrals (appeal_id);
CREATE INDEX referrals_partner ON referrals (partner_id, id DESC);

-- Referrals appear on the appeal's timeline.
ALTER TABLE appeal_events DROP CONSTRAINT appeal_events_kind_check,
    ADD CONSTRAINT appeal_events_kind_check CHECK (kind IN ('registered', 'accepted', 'closed', 'reopened', 'extended', 'paused',
        'resumed', 'assigned', 'updated', 'note', 'request_sent', 'answer_received', 'document',
        'impact_measure_issued', 'impact_measure_updated', 'compensation_recorded',
        'referred_to_partner', 'received_from_partner', 'partner_answered'));
