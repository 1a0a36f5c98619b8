DROP INDEX referrals_referred_on;
CREATE INDEX referrals_referred_on ON referrals (referred_on);
DROP TRIGGER appeals_office_to_referrals ON appeals;
DROP FUNCTION appeal_office_to_referrals();
DROP TRIGGER referrals_office ON referrals;
DROP FUNCTION referral_office();
ALTER TABLE referrals DROP COLUMN office_id;
