-- Replies and announcements waiting to go to Zalo, written in the same transaction as the handler's other writes.
-- status: pending → sending → sent (Zalo's message id) → delivered → seen, or failed (Zalo's code and a reason).
-- priority: 0 for replies to people, higher for bulk sends, so replies always go first.
CREATE TABLE outbox_messages (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    idempotency_key TEXT    NOT NULL UNIQUE,
    channel         TEXT    NOT NULL CHECK (channel IN ('user', 'group')),
    recipient_id    TEXT    NOT NULL,
    payload         TEXT    NOT NULL,
    priority        INTEGER NOT NULL DEFAULT 0,
    status          TEXT    NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'delivered', 'seen', 'failed')),
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

CREATE INDEX ix_outbox_pending ON outbox_messages (priority, id) WHERE status = 'pending';
CREATE INDEX ix_outbox_pending_recipient ON outbox_messages (channel, recipient_id, id) WHERE status = 'pending';
CREATE INDEX ix_outbox_zalo_message_id ON outbox_messages (zalo_message_id) WHERE zalo_message_id IS NOT NULL;
CREATE INDEX ix_outbox_status ON outbox_messages (status);
