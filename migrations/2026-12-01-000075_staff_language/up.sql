-- A member of staff's own language for the e-mails they receive (daily digest, weekly digest,
-- assignments, their welcome); NULL means their office's default language.
ALTER TABLE users ADD COLUMN language text CHECK (language IN ('uz-Latn', 'uz-Cyrl', 'ru', 'en'));
