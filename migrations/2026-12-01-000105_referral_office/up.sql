-- The office of a referral's appeal, kept on the referral, so that the report counts referrals per
-- office from one index without visiting the appeals: with the appeals joined, the cold half-year
-- report of one office at 10 million appeals spent 1.3 s reading one page of the appeals table per
-- referral (docs/benchmarks.md). Kept by triggers: set when a referral is written, and moved with
-- its appeal when the appeal moves to another office. (Not in the diesel schema: only the report's
-- SQL reads it.)
ALTER TABLE referrals ADD COLUMN office_id uuid;
UPDATE referrals r SET office_id = a.office_id FROM appeals a WHERE a.id = r.appeal_id;
ALTER TABLE referrals ALTER COLUMN office_id SET NOT NULL;

CREATE FUNCTION referral_office() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.office_id := (SELECT office_id FROM appeals WHERE id = NEW.appeal_id);
    RETURN NEW;
END
$$;
CREATE TRIGGER referrals_office BEFORE INSERT OR UPDATE OF appeal_id, office_id ON referrals FOR EACH ROW
    EXECUTE FUNCTION referral_office();

CREATE FUNCTION appeal_office_to_referrals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE referrals SET office_id = NEW.office_id WHERE appeal_id = NEW.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER appeals_office_to_referrals AFTER UPDATE OF office_id ON appeals FOR EACH ROW
    WHEN (OLD.office_id IS DISTINCT FROM NEW.office_id)
    EXECUTE FUNCTION appeal_office_to_referrals();

DROP INDEX referrals_referred_on;
CREATE INDEX referrals_referred_on ON referrals (referred_on) INCLUDE (office_id, partner_id, direction);
