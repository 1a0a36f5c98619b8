DROP TABLE compensation_corrections;
ALTER TABLE compensations
    DROP CONSTRAINT compensations_void_reason,
    DROP COLUMN void_reason,
    DROP COLUMN voided_at;
