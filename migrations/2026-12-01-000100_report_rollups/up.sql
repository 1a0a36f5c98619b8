-- Monthly roll-ups of the appeal figures of the reports (issue 16). One row per office, month of
-- receipt, dimension and value: how many appeals of that office received in that month have that
-- value (channel 'letter', region 'samarkand', days to close '12', respondent body …). The report
-- sums these rows instead of reading every appeal of the period.
--
-- Exactness: every change to a counted column of an appeal (or to the kind or vulnerability
-- markers of its applicant) marks its office and month in `appeal_rollup_dirty`, in the same
-- transaction, by the triggers below. A report reads the roll-up only for months that are not
-- marked, and the appeals themselves for the marked months; the worker recomputes marked months
-- and removes the marks it has seen, in one transaction (crates/db/src/reports/rollup.rs).
CREATE TABLE appeal_rollup (
    office_id uuid NOT NULL,
    month date NOT NULL,
    dim text NOT NULL,
    key text NOT NULL,
    n bigint NOT NULL,
    PRIMARY KEY (month, office_id, dim, key)
);

-- Append-only (no unique key, so concurrent registrations never wait on each other here); the
-- worker deletes the marks it has folded in.
CREATE TABLE appeal_rollup_dirty (
    office_id uuid NOT NULL,
    month date NOT NULL,
    marked_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX appeal_rollup_dirty_month ON appeal_rollup_dirty (month, office_id);

-- Open appeals by receipt, for the one figure a roll-up cannot hold: which open appeals are past
-- their date on the day of the report.
CREATE INDEX appeals_open_received ON appeals (received_on) INCLUDE (office_id, due_on, paused_since)
    WHERE status <> 'closed';

CREATE FUNCTION appeal_rollup_mark() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO appeal_rollup_dirty (office_id, month)
        VALUES (OLD.office_id, date_trunc('month', OLD.received_on::timestamp)::date);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') AND (TG_OP = 'INSERT' OR NEW.office_id <> OLD.office_id
            OR date_trunc('month', NEW.received_on::timestamp) <> date_trunc('month', OLD.received_on::timestamp)) THEN
        INSERT INTO appeal_rollup_dirty (office_id, month)
        VALUES (NEW.office_id, date_trunc('month', NEW.received_on::timestamp)::date);
    END IF;
    RETURN NULL;
END
$$;

-- A bulk load (the seed profile) sets `ombudsman.rollup_bulk` to 'on' for its transaction and
-- marks the months it loaded itself, instead of one mark per row.
CREATE TRIGGER appeals_rollup_insert AFTER INSERT ON appeals FOR EACH ROW
    WHEN (current_setting('ombudsman.rollup_bulk', true) IS DISTINCT FROM 'on')
    EXECUTE FUNCTION appeal_rollup_mark();
CREATE TRIGGER appeals_rollup_delete AFTER DELETE ON appeals FOR EACH ROW
    WHEN (current_setting('ombudsman.rollup_bulk', true) IS DISTINCT FROM 'on')
    EXECUTE FUNCTION appeal_rollup_mark();
-- Only changes to what the roll-up counts: an assignment or a note marks nothing.
CREATE TRIGGER appeals_rollup_update AFTER UPDATE ON appeals FOR EACH ROW
    WHEN (current_setting('ombudsman.rollup_bulk', true) IS DISTINCT FROM 'on' AND
          (OLD.office_id, OLD.received_on, OLD.channel, OLD.region, OLD.applicant_id, OLD.outcome,
           OLD.abroad_country, OLD.categories, OLD.closed_on, OLD.due_on, OLD.repeat_of IS NULL, OLD.anonymous,
           OLD.signatories IS NULL, OLD.respondent_bodies, OLD.respondent_body_ids)
          IS DISTINCT FROM
          (NEW.office_id, NEW.received_on, NEW.channel, NEW.region, NEW.applicant_id, NEW.outcome,
           NEW.abroad_country, NEW.categories, NEW.closed_on, NEW.due_on, NEW.repeat_of IS NULL, NEW.anonymous,
           NEW.signatories IS NULL, NEW.respondent_bodies, NEW.respondent_body_ids))
    EXECUTE FUNCTION appeal_rollup_mark();

-- An applicant's kind and vulnerability markers are counted with each of their appeals.
CREATE FUNCTION appeal_rollup_mark_applicant() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO appeal_rollup_dirty (office_id, month)
    SELECT DISTINCT office_id, date_trunc('month', received_on::timestamp)::date
    FROM appeals WHERE applicant_id = NEW.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER applicants_rollup_update AFTER UPDATE ON applicants FOR EACH ROW
    WHEN (current_setting('ombudsman.rollup_bulk', true) IS DISTINCT FROM 'on' AND
          (OLD.kind, OLD.vulnerabilities) IS DISTINCT FROM (NEW.kind, NEW.vulnerabilities))
    EXECUTE FUNCTION appeal_rollup_mark_applicant();

-- What is there now is folded in by the worker's first refresh (or `ombudsman report rollups`).
INSERT INTO appeal_rollup_dirty (office_id, month)
SELECT DISTINCT office_id, date_trunc('month', received_on::timestamp)::date FROM appeals;
