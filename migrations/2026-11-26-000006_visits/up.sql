-- Monitoring visits to places of detention, the recommendations made after them and their
-- follow-up, and the links from appeals, impact measures and attachments to a visit.

CREATE TABLE visits (
    id uuid PRIMARY KEY,
    -- e.g. HQ-V-2025-0001: per office and year of the start date.
    number text NOT NULL UNIQUE,
    office_id uuid NOT NULL REFERENCES offices (id),
    facility_id uuid NOT NULL REFERENCES facilities (id),
    started_on date NOT NULL,
    ended_on date NOT NULL,
    visit_type text NOT NULL CHECK (visit_type IN ('planned', 'unannounced', 'follow_up', 'reactive')),
    -- External members of a Public Group, by name (team members who are users are in visit_team).
    public_group_members text[] NOT NULL DEFAULT '{}',
    people_interviewed integer NOT NULL DEFAULT 0 CHECK (people_interviewed BETWEEN 0 AND 100000),
    people_interviewed_in_groups integer NOT NULL DEFAULT 0
        CHECK (people_interviewed_in_groups BETWEEN 0 AND 100000),
    -- Pseudonyms protect the people who spoke.
    findings text NOT NULL DEFAULT '' CHECK (length(findings) <= 100000),
    created_by uuid REFERENCES users (id),
    version integer NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT visits_dates CHECK (ended_on >= started_on AND ended_on - started_on <= 366)
);
CREATE INDEX visits_office ON visits (office_id, id DESC);
CREATE INDEX visits_facility ON visits (facility_id, started_on DESC);
CREATE INDEX visits_started ON visits (started_on);

-- Office staff who took part.
CREATE TABLE visit_team (
    visit_id uuid NOT NULL REFERENCES visits (id) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES users (id),
    PRIMARY KEY (visit_id, user_id)
);
CREATE INDEX visit_team_user ON visit_team (user_id);

CREATE TABLE recommendations (
    id uuid PRIMARY KEY,
    visit_id uuid NOT NULL REFERENCES visits (id),
    -- Order within the visit (1, 2, ...).
    position integer NOT NULL CHECK (position > 0),
    text text NOT NULL CHECK (length(btrim(text)) BETWEEN 1 AND 5000),
    addressee text NOT NULL CHECK (length(btrim(addressee)) BETWEEN 1 AND 300),
    due_on date,
    status text NOT NULL DEFAULT 'open'
        CHECK (status IN ('open', 'implemented', 'partially_implemented', 'not_implemented')),
    version integer NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT recommendations_position_key UNIQUE (visit_id, position)
);
CREATE INDEX recommendations_due ON recommendations (due_on) WHERE status <> 'implemented';

-- Every change of a recommendation's follow-up status, with the visit that checked it.
CREATE TABLE recommendation_follow_ups (
    id uuid PRIMARY KEY,
    recommendation_id uuid NOT NULL REFERENCES recommendations (id),
    visit_id uuid REFERENCES visits (id),
    from_status text NOT NULL,
    status text NOT NULL
        CHECK (status IN ('open', 'implemented', 'partially_implemented', 'not_implemented')),
    note text NOT NULL DEFAULT '' CHECK (length(note) <= 5000),
    recorded_by uuid REFERENCES users (id),
    recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX recommendation_follow_ups_recommendation
    ON recommendation_follow_ups (recommendation_id, recorded_at, id);
CREATE INDEX recommendation_follow_ups_visit ON recommendation_follow_ups (visit_id);

-- Appeals received during a visit.
ALTER TABLE appeals ADD COLUMN visit_id uuid REFERENCES visits (id),
    ADD CONSTRAINT appeals_visit_channel CHECK (visit_id IS NULL OR channel = 'monitoring_visit');
CREATE INDEX appeals_visit ON appeals (visit_id) WHERE visit_id IS NOT NULL;

-- Impact measures issued after a visit.
ALTER TABLE impact_measures
    ADD CONSTRAINT impact_measures_visit_fk FOREIGN KEY (visit_id) REFERENCES visits (id);
CREATE INDEX impact_measures_visit ON impact_measures (visit_id) WHERE visit_id IS NOT NULL;

-- Photos and scans from a visit share the appeals' attachment storage.
ALTER TABLE attachments ADD COLUMN visit_id uuid REFERENCES visits (id),
    ADD CONSTRAINT attachments_one_owner CHECK (appeal_id IS NULL OR visit_id IS NULL);
CREATE INDEX attachments_visit ON attachments (visit_id) WHERE visit_id IS NOT NULL;
