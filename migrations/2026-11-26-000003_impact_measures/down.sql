DELETE FROM appeal_events WHERE kind IN ('impact_measure_issued', 'impact_measure_updated', 'compensation_recorded');
ALTER TABLE appeal_events DROP CONSTRAINT appeal_events_kind_check,
    ADD CONSTRAINT appeal_events_kind_check CHECK (kind IN ('registered', 'accepted', 'closed', 'reopened', 'extended', 'paused',
        'resumed', 'assigned', 'updated', 'note', 'request_sent', 'answer_received', 'document'));
DROP TABLE compensations;
DROP TABLE impact_measure_appeals;
DROP TABLE impact_measures;
