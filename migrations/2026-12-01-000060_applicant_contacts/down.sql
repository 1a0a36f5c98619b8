DROP TABLE applicant_merges;
DROP TABLE applicant_contacts;
ALTER TABLE applicants DROP COLUMN possible_duplicate_of;
