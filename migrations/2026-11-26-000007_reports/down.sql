DROP INDEX applicants_not_citizens;
DROP INDEX appeals_report;
