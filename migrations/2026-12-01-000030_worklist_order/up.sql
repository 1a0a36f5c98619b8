-- The worklist order of the appeal list (`?sort=due_on`): earliest due first, then by id, for
-- the whole list (central-office readers) and per office (everyone else), as `appeals_received`
-- and `appeals_office_received` serve the order of receipt.
CREATE INDEX appeals_due ON appeals (due_on, id);
CREATE INDEX appeals_office_due ON appeals (office_id, due_on, id);
