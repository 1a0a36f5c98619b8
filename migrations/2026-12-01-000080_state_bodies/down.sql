ALTER TABLE recommendations DROP COLUMN addressee_body_id;
ALTER TABLE body_requests DROP COLUMN body_id;
ALTER TABLE impact_measures DROP COLUMN addressee_body_id;
ALTER TABLE appeals DROP CONSTRAINT appeals_respondent_body_ids_check, DROP COLUMN respondent_body_ids;
DROP TABLE state_bodies;
