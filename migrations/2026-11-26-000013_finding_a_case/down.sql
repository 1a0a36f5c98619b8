DROP INDEX appeals_number_trgm;
DROP INDEX applicants_phone_digits_trgm;
DROP INDEX applicants_search_name;
ALTER TABLE applicants DROP COLUMN search_name;
