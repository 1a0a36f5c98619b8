-- Finding a case by what an officer knows: part of the registration number, the applicant's
-- name in either script (folded like the appeal's search text), phone digits in any formatting,
-- the e-mail. `search_name` is written by the service (the fold is Rust's); rows from before
-- this migration are filled by `ombudsman migrate`.
ALTER TABLE applicants ADD COLUMN search_name text CHECK (char_length(search_name) <= 1000);
CREATE INDEX applicants_search_name ON applicants USING gin (search_name gin_trgm_ops);
CREATE INDEX applicants_phone_digits_trgm ON applicants USING gin (phone_digits gin_trgm_ops);
CREATE INDEX appeals_number_trgm ON appeals USING gin (number gin_trgm_ops);
