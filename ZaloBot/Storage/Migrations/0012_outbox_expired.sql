-- A reply that could not reach Zalo within Messaging__ReplyMaxAge (an outage) is not sent late: it ends 'expired'.
-- SQLite cannot change a CHECK constraint in place, so the table is rebuilt (the documented copy-and-rename) with
-- every row, its id sequence and its indexes.
CREATE TABLE outbox_messages_new (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    idempotency_key TEXT    NOT NULL UNIQUE,
    channel         TEXT    NOT NULL CHECK (channel IN ('user', 'group')),
    recipient_id    TEXT    NOT NULL,
    payload         TEXT    NOT NULL,
    priority        INTEGER NOT NULL DEFAULT 0,
    status          TEXT    NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'delivered', 'seen', 'failed', 'expired')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    zalo_message_id TEXT,
    error_code      INTEGER,
    error_reason    TEXT,
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER,
    delivered_at    INTEGER,
    seen_at         INTEGER
);

INSERT INTO outbox_messages_new
    (id, idempotency_key, channel, recipient_id, payload, priority, status, attempts, next_attempt_at, zalo_message_id,
     error_code, error_reason, created_at, sent_at, delivered_at, seen_at)
SELECT id, idempotency_key, channel, recipient_id, payload, priority, status, attempts, next_attempt_at, zalo_message_id,
       error_code, error_reason, created_at, sent_at, delivered_at, seen_at
FROM outbox_messages;

-- Ids of deleted rows (announcement messages taken back) are never handed out again.
UPDATE sqlite_sequence SET seq = (SELECT seq FROM sqlite_sequence WHERE name = 'outbox_messages') WHERE name = 'outbox_messages_new';

DROP TABLE outbox_messages;
ALTER TABLE outbox_messages_new RENAME TO outbox_messages;

CREATE INDEX ix_outbox_pending ON outbox_messages (priority, id) WHERE status = 'pending';
CREATE INDEX ix_outbox_pending_recipient ON outbox_messages (channel, recipient_id, id) WHERE status = 'pending';
CREATE INDEX ix_outbox_zalo_message_id ON outbox_messages (zalo_message_id) WHERE zalo_message_id IS NOT NULL;
CREATE INDEX ix_outbox_failed ON outbox_messages (id) WHERE status = 'failed';
CREATE INDEX ix_outbox_expired ON outbox_messages (id) WHERE status = 'expired';
