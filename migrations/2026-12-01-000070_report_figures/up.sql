-- Reporting: the appeals from vulnerable groups and the referrals to and from partners.

-- The markers of the applicants who have any (a minority): a report looks those up and counts
-- every other applicant's appeal as not from a vulnerable group, instead of joining every appeal
-- with its applicant.
CREATE INDEX applicants_vulnerable ON applicants (id) INCLUDE (vulnerabilities) WHERE vulnerabilities <> '{}';

-- Referrals count in the period they were made.
CREATE INDEX referrals_referred_on ON referrals (referred_on);
