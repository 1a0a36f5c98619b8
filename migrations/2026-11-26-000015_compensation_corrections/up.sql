-- A compensation record holds the current figures; every correction or void keeps the figures
-- it replaced, with the reason, who and when. A voided record stays (with `voided_at`) and is
-- left out of totals and live reports.
ALTER TABLE compensations
    ADD COLUMN voided_at timestamptz,
    ADD COLUMN void_reason text,
    ADD CONSTRAINT compensations_void_reason CHECK ((voided_at IS NULL) = (void_reason IS NULL));

CREATE TABLE compensation_corrections (
    id uuid PRIMARY KEY,
    compensation_id uuid NOT NULL REFERENCES compensations (id),
    kind text NOT NULL CHECK (kind IN ('correction', 'void')),
    -- The figures before.
    amount_minor bigint NOT NULL,
    currency text NOT NULL,
    recovered_on date NOT NULL,
    -- The figures after (none for a void).
    new_amount_minor bigint CHECK (new_amount_minor > 0 AND new_amount_minor <= 1000000000000000),
    new_currency text CHECK (new_currency ~ '^[A-Z]{3}$'),
    new_recovered_on date CHECK (new_recovered_on BETWEEN DATE '1900-01-01' AND DATE '2100-12-31'),
    reason text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 2000),
    corrected_by uuid REFERENCES users (id),
    corrected_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT compensation_corrections_figures CHECK (
        (kind = 'void') = (new_amount_minor IS NULL AND new_currency IS NULL AND new_recovered_on IS NULL)
        AND (kind = 'void' OR (new_amount_minor IS NOT NULL AND new_currency IS NOT NULL AND new_recovered_on IS NOT NULL)))
);
CREATE INDEX compensation_corrections_record ON compensation_corrections (compensation_id, corrected_at, id);
