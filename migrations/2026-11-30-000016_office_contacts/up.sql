-- Each office's official name and contact details, given in the footer of its letters.
ALTER TABLE offices
    ADD COLUMN official_name TEXT,
    ADD COLUMN address TEXT,
    ADD COLUMN phone TEXT,
    ADD COLUMN email TEXT,
    ADD COLUMN website TEXT;
