ALTER TABLE offices
    DROP COLUMN website,
    DROP COLUMN email,
    DROP COLUMN phone,
    DROP COLUMN address,
    DROP COLUMN official_name;
