-- Bounds that keep values inside what the service can sum, compare and store (issue 13).
--
-- One compensation is at most 10^15 minor units, the maximum of domain::impact::MAX_AMOUNT_MINOR,
-- so that no amount is near bigint's limit (totals are summed as numeric in any case).
--
-- Dates a person enters lie between 1900-01-01 and 2100-12-31 (domain::date). Dates the service
-- computes from them (an appeal's due date and track start, a measure's default response date, a
-- body request's due date) may fall a little after the window and are left unbounded here.
--
-- The constraints are NOT VALID: new and changed rows are checked at once, while rows stored
-- before this migration do not stop the deploy; once an operator has corrected any such row,
-- `ALTER TABLE ... VALIDATE CONSTRAINT ...` makes the check cover the whole table.

ALTER TABLE compensations
    ADD CONSTRAINT compensations_amount_minor_window CHECK (amount_minor <= 1000000000000000) NOT VALID;

ALTER TABLE appeals
    ADD CONSTRAINT appeals_received_on_window CHECK (received_on BETWEEN DATE '1900-01-01' AND DATE '2100-12-31') NOT VALID,
    ADD CONSTRAINT appeals_closed_on_window CHECK (closed_on BETWEEN DATE '1900-01-01' AND DATE '2100-12-31') NOT VALID;

ALTER TABLE body_requests
    ADD CONSTRAINT body_requests_sent_on_window CHECK (sent_on BETWEEN DATE '1900-01-01' AND DATE '2100-12-31') NOT VALID,
    ADD CONSTRAINT body_requests_answered_on_window CHECK (answered_on BETWEEN DATE '1900-01-01' AND DATE '2100-12-31') NOT VALID;

ALTER TABLE calendar_days
    ADD CONSTRAINT calendar_days_day_window CHECK (day BETWEEN DATE '1900-01-01' AND DATE '2100-12-31') NOT VALID;

ALTER TABLE compensations
    ADD CONSTRAINT compensations_recovered_on_window CHECK (recovered_on BETWEEN DATE '1900-01-01' AND DATE '2100-12-31') NOT VALID;

ALTER TABLE impact_measures
    ADD CONSTRAINT impact_measures_issued_on_window CHECK (issued_on BETWEEN DATE '1900-01-01' AND DATE '2100-12-31') NOT VALID,
    ADD CONSTRAINT impact_measures_response_received_on_window CHECK (response_received_on BETWEEN DATE '1900-01-01' AND DATE '2100-12-31') NOT VALID,
    ADD CONSTRAINT impact_measures_decided_on_window CHECK (decided_on BETWEEN DATE '1900-01-01' AND DATE '2100-12-31') NOT VALID;

ALTER TABLE partners
    ADD CONSTRAINT partners_agreement_from_window CHECK (agreement_from BETWEEN DATE '1900-01-01' AND DATE '2100-12-31') NOT VALID,
    ADD CONSTRAINT partners_agreement_to_window CHECK (agreement_to BETWEEN DATE '1900-01-01' AND DATE '2100-12-31') NOT VALID;

ALTER TABLE recommendations
    ADD CONSTRAINT recommendations_due_on_window CHECK (due_on BETWEEN DATE '1900-01-01' AND DATE '2100-12-31') NOT VALID;

ALTER TABLE referrals
    ADD CONSTRAINT referrals_referred_on_window CHECK (referred_on BETWEEN DATE '1900-01-01' AND DATE '2100-12-31') NOT VALID,
    ADD CONSTRAINT referrals_answered_on_window CHECK (answered_on BETWEEN DATE '1900-01-01' AND DATE '2100-12-31') NOT VALID;

ALTER TABLE report_snapshots
    ADD CONSTRAINT report_snapshots_period_from_window CHECK (period_from BETWEEN DATE '1900-01-01' AND DATE '2100-12-31') NOT VALID,
    ADD CONSTRAINT report_snapshots_period_to_window CHECK (period_to BETWEEN DATE '1900-01-01' AND DATE '2100-12-31') NOT VALID;

ALTER TABLE visits
    ADD CONSTRAINT visits_started_on_window CHECK (started_on BETWEEN DATE '1900-01-01' AND DATE '2100-12-31') NOT VALID,
    ADD CONSTRAINT visits_ended_on_window CHECK (ended_on BETWEEN DATE '1900-01-01' AND DATE '2100-12-31') NOT VALID;
