DELETE FROM appeal_events WHERE kind IN ('applicant_request', 'applicant_reply');
ALTER TABLE appeal_events DROP CONSTRAINT appeal_events_kind_check,
    ADD CONSTRAINT appeal_events_kind_check CHECK (kind IN ('registered', 'accepted', 'closed', 'reopened', 'extended', 'paused',
        'resumed', 'assigned', 'updated', 'note', 'request_sent', 'answer_received', 'document',
        'impact_measure_issued', 'impact_measure_updated', 'compensation_recorded',
        'referred_to_partner', 'received_from_partner', 'partner_answered'));
DROP TABLE appeal_reply_files;
DROP TABLE applicant_requests;
DROP TABLE appeal_replies;
DROP TABLE appeal_consents;
DROP TABLE draft_attachments;
DROP TABLE public_drafts;
DROP TABLE region_routes;
