DROP INDEX referrals_referred_on;
DROP INDEX applicants_vulnerable;
