DROP TRIGGER applicants_rollup_update ON applicants;
DROP FUNCTION appeal_rollup_mark_applicant();
DROP TRIGGER appeals_rollup_update ON appeals;
DROP TRIGGER appeals_rollup_delete ON appeals;
DROP TRIGGER appeals_rollup_insert ON appeals;
DROP FUNCTION appeal_rollup_mark();
DROP INDEX appeals_open_received;
DROP TABLE appeal_rollup_dirty;
DROP TABLE appeal_rollup;
