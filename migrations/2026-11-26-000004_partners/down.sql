DELETE FROM appeal_events WHERE kind IN ('referred_to_partner', 'received_from_partner', 'partner_answered');
ALTER TABLE appeal_events DROP CONSTRAINT appeal_events_kind_check,
    ADD CONSTRAINT appeal_events_kind_check CHECK (kind IN ('registered', 'accepted', 'closed', 'reopened', 'extended', 'paused',
        'resumed', 'assigned', 'updated', 'note', 'request_sent', 'answer_received', 'document',
        'impact_measure_issued', 'impact_measure_updated', 'compensation_recorded'));
DROP TABLE referrals;
DROP TABLE partners;
