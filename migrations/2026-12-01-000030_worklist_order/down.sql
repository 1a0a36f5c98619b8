DROP INDEX appeals_office_due;
DROP INDEX appeals_due;
