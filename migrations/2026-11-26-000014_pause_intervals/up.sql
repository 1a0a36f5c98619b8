-- The clock of an appeal is paused in intervals, kept one row each, so that a due date can be
-- recomputed from them (the paused working days) instead of from a running count of days.
-- `appeals.paused_since` stays as the start of the open pause (the row whose `resumed_on` is NULL).
CREATE TABLE appeal_pauses (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    appeal_id uuid NOT NULL REFERENCES appeals (id) ON DELETE CASCADE,
    paused_on date NOT NULL,
    resumed_on date,
    paused_by uuid REFERENCES users (id),
    resumed_by uuid REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT appeal_pauses_in_order CHECK (resumed_on IS NULL OR resumed_on >= paused_on)
);
CREATE INDEX appeal_pauses_appeal ON appeal_pauses (appeal_id, paused_on);
-- At most one open pause per appeal.
CREATE UNIQUE INDEX appeal_pauses_one_open ON appeal_pauses (appeal_id) WHERE resumed_on IS NULL;

-- Closed pauses were a count of calendar days from the start of the track: kept as one interval
-- that long from the first counted day. Open pauses become open intervals.
INSERT INTO appeal_pauses (appeal_id, paused_on, resumed_on)
SELECT id, track_started_on + 1, track_started_on + 1 + paused_days
  FROM appeals WHERE paused_days > 0;
INSERT INTO appeal_pauses (appeal_id, paused_on)
SELECT id, paused_since FROM appeals WHERE paused_since IS NOT NULL;

ALTER TABLE appeals DROP COLUMN paused_days;
