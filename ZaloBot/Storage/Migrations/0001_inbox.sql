-- Every webhook event Zalo delivers, stored before it is acknowledged.
-- status: pending (to handle), done, dead (gave up after retries), unknown (event name we do not route).
CREATE TABLE inbox_events (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    event_key        TEXT    NOT NULL UNIQUE,
    event_name       TEXT    NOT NULL,
    conversation_key TEXT    NOT NULL,
    body             TEXT    NOT NULL,
    status           TEXT    NOT NULL CHECK (status IN ('pending', 'done', 'dead', 'unknown')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    last_error       TEXT,
    received_at      INTEGER NOT NULL,
    handled_at       INTEGER
);

CREATE INDEX ix_inbox_events_pending ON inbox_events (id) WHERE status = 'pending';
CREATE INDEX ix_inbox_events_pending_conversation ON inbox_events (conversation_key, id) WHERE status = 'pending';
CREATE INDEX ix_inbox_events_status ON inbox_events (status);
