-- foreign_keys: off
-- The Zalo Bot Platform as a second channel ('zalo_bot'): the via columns accept it, and a team's group records the
-- channel it lives on. SQLite cannot change a CHECK in place, so the four tables with a via CHECK are rebuilt with the
-- same columns in the same order, their rows copied as they are, and their indexes made again. help_requests is
-- referred to by help_request_notes and handoff_conversations, hence foreign keys off while it is rebuilt (the
-- migrator checks every reference before committing).

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
    seen_at         INTEGER,
    via             TEXT    NOT NULL DEFAULT 'zalo_oa' CHECK (via IN ('zalo_oa', 'zalo_bot'))
);
INSERT INTO outbox_messages_new SELECT * FROM outbox_messages;
-- AUTOINCREMENT never gives an id twice, even one whose row is gone: the new table carries the old counter on.
UPDATE sqlite_sequence SET seq = MAX(seq, COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'outbox_messages'), 0)) WHERE name = 'outbox_messages_new';
DROP TABLE outbox_messages;
ALTER TABLE outbox_messages_new RENAME TO outbox_messages;
CREATE INDEX ix_outbox_pending ON outbox_messages (priority, id) WHERE status = 'pending';
CREATE INDEX ix_outbox_pending_recipient ON outbox_messages (channel, recipient_id, id) WHERE status = 'pending';
CREATE INDEX ix_outbox_zalo_message_id ON outbox_messages (zalo_message_id) WHERE zalo_message_id IS NOT NULL;
CREATE INDEX ix_outbox_failed ON outbox_messages (id) WHERE status = 'failed';
CREATE INDEX ix_outbox_expired ON outbox_messages (id) WHERE status = 'expired';

CREATE TABLE help_requests_new (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    number            INTEGER NOT NULL UNIQUE,
    resident_user_id  TEXT    NOT NULL,
    village_unit_id   INTEGER REFERENCES admin_units (id),
    commune_unit_id   INTEGER NOT NULL REFERENCES admin_units (id),
    team_id           INTEGER NOT NULL REFERENCES teams (id),
    guide_id          TEXT,
    topic             TEXT    NOT NULL,
    resident_name     TEXT,
    resident_phone    TEXT,
    status            TEXT    NOT NULL CHECK (status IN ('open', 'claimed', 'done', 'cancelled')),
    created_at        INTEGER NOT NULL,
    reminded_at       INTEGER,
    escalated_at      INTEGER,
    escalated_team_id INTEGER REFERENCES teams (id),
    claimed_at        INTEGER,
    claimed_by        INTEGER REFERENCES team_members (id),
    completed_at      INTEGER,
    note              TEXT,
    assist_id         INTEGER REFERENCES household_assists (id),
    cancelled_at      INTEGER,
    resident_via      TEXT    NOT NULL DEFAULT 'zalo_oa' CHECK (resident_via IN ('zalo_oa', 'zalo_bot')),
    resident_zalo_name   TEXT,
    zalo_name_checked_at INTEGER
);
INSERT INTO help_requests_new SELECT * FROM help_requests;
-- AUTOINCREMENT never gives an id twice, even one whose row is gone: the new table carries the old counter on.
UPDATE sqlite_sequence SET seq = MAX(seq, COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'help_requests'), 0)) WHERE name = 'help_requests_new';
DROP TABLE help_requests;
ALTER TABLE help_requests_new RENAME TO help_requests;
CREATE INDEX ix_help_requests_open ON help_requests (created_at) WHERE status = 'open';
CREATE UNIQUE INDEX ux_help_requests_active_resident ON help_requests (resident_via, resident_user_id) WHERE status IN ('open', 'claimed');
CREATE INDEX ix_help_requests_zalo_name_due ON help_requests (id) WHERE zalo_name_checked_at IS NULL;

CREATE TABLE guide_sessions_new (
    via          TEXT    NOT NULL DEFAULT 'zalo_oa' CHECK (via IN ('zalo_oa', 'zalo_bot')),
    user_id      TEXT    NOT NULL,
    guide_id     TEXT    NOT NULL,
    step_id      TEXT    NOT NULL,
    history      TEXT    NOT NULL DEFAULT '[]',
    options      TEXT    NOT NULL DEFAULT '[]',
    last_seen_at INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    PRIMARY KEY (via, user_id)
) WITHOUT ROWID;
INSERT INTO guide_sessions_new SELECT * FROM guide_sessions;
DROP TABLE guide_sessions;
ALTER TABLE guide_sessions_new RENAME TO guide_sessions;

CREATE TABLE handoff_conversations_new (
    via             TEXT    NOT NULL DEFAULT 'zalo_oa' CHECK (via IN ('zalo_oa', 'zalo_bot')),
    user_id         TEXT    NOT NULL,
    step            TEXT    NOT NULL,
    guide_id        TEXT,
    topic           TEXT,
    village_unit_id INTEGER REFERENCES admin_units (id),
    commune_unit_id INTEGER REFERENCES admin_units (id),
    request_id      INTEGER REFERENCES help_requests (id),
    prompt          TEXT    NOT NULL DEFAULT '',
    options         TEXT    NOT NULL DEFAULT '[]',
    return_choices  TEXT    NOT NULL DEFAULT '[]',
    updated_at      INTEGER NOT NULL,
    PRIMARY KEY (via, user_id)
) WITHOUT ROWID;
INSERT INTO handoff_conversations_new SELECT * FROM handoff_conversations;
DROP TABLE handoff_conversations;
ALTER TABLE handoff_conversations_new RENAME TO handoff_conversations;

-- A team's group lives on one channel; every group bound so far is the OA's.
ALTER TABLE teams ADD COLUMN group_via TEXT NOT NULL DEFAULT 'zalo_oa' CHECK (group_via IN ('zalo_oa', 'zalo_bot'));
