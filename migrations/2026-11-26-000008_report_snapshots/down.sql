DROP TRIGGER report_snapshots_frozen ON report_snapshots;
DROP FUNCTION report_snapshots_frozen();
DROP TABLE report_snapshots;
