ALTER TABLE appeals ADD COLUMN paused_days integer NOT NULL DEFAULT 0 CHECK (paused_days >= 0);
UPDATE appeals a
   SET paused_days = p.days
  FROM (SELECT appeal_id, sum(resumed_on - paused_on)::integer AS days
          FROM appeal_pauses WHERE resumed_on IS NOT NULL GROUP BY appeal_id) p
 WHERE p.appeal_id = a.id;
DROP TABLE appeal_pauses;
