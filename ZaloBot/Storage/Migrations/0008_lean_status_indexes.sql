-- The full indexes on status were written on every stored event and on every status change (an outbox
-- row changes status four times), for queries that only ever look up the rare statuses. Pending rows have their own
-- partial indexes already; dead-letters and failed messages get small ones. Interrupted sends ("sending") are looked
-- up once, at start-up, and need none.
DROP INDEX ix_inbox_events_status;
CREATE INDEX ix_inbox_events_dead ON inbox_events (id) WHERE status = 'dead';
DROP INDEX ix_outbox_status;
CREATE INDEX ix_outbox_failed ON outbox_messages (id) WHERE status = 'failed';
