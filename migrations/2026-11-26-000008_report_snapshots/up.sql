-- Published reports: the figures as they were when a manager published them. A snapshot never
-- changes (a trigger refuses UPDATE and DELETE); corrected data leads to a new publication.

CREATE TABLE report_snapshots (
    id uuid PRIMARY KEY,
    -- The office whose figures these are; NULL: every office (the central office's report).
    office_id uuid REFERENCES offices (id),
    kind text NOT NULL CHECK (kind IN ('half_year', 'period')),
    period_from date NOT NULL,
    period_to date NOT NULL,
    title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 300),
    note text NOT NULL DEFAULT '' CHECK (length(note) <= 5000),
    -- The report exactly as computed at publication (the JSON of GET /reports/...).
    figures jsonb NOT NULL,
    -- SHA-256 of the figures as first stored, to show they were not altered.
    figures_sha256 bytea NOT NULL CHECK (length(figures_sha256) = 32),
    published_by uuid NOT NULL REFERENCES users (id),
    published_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT report_snapshots_period CHECK (period_to >= period_from)
);
CREATE INDEX report_snapshots_office ON report_snapshots (office_id, id DESC);
CREATE INDEX report_snapshots_period ON report_snapshots (period_from, period_to);

CREATE FUNCTION report_snapshots_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'a published report is frozen: % is not allowed', TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$;
CREATE TRIGGER report_snapshots_frozen BEFORE UPDATE OR DELETE ON report_snapshots
    FOR EACH ROW EXECUTE FUNCTION report_snapshots_frozen();
