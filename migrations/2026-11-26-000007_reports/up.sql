-- Reporting: the live reports (GET /api/v1/reports/...) read the appeals of a period and of the
-- same period a year earlier as two range scans of a covering index, so that no table row is
-- visited (index-only scans; autovacuum keeps the visibility map current). The included columns
-- are every column a report groups or counts by, except respondent_bodies: free text of any
-- length, which could exceed the largest index entry (about 2.7 kB), so the list of bodies is
-- read from the table.
CREATE INDEX appeals_report ON appeals (received_on)
    INCLUDE (office_id, channel, region, status, outcome, closed_on, due_on, applicant_id, anonymous,
             repeat_of, signatories, abroad_country, categories);

-- The kind of the applicants who are not citizens (a small minority): a report looks those up and
-- counts every other applicant as a citizen, instead of joining every appeal with its applicant.
CREATE INDEX applicants_not_citizens ON applicants (id) INCLUDE (kind) WHERE kind <> 'citizen';
