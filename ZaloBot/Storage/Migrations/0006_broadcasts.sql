-- Announcements and the OA contacts they are addressed by. Times are unix milliseconds.

-- Everyone who followed or wrote to the OA 1:1. last_interaction_at decides the 7-day customer-service window
-- (zalo-oa-api.md §5.3). A resident's village, when known, is in residents (0007, written by Handoff).
CREATE TABLE oa_contacts (
    zalo_user_id        TEXT    PRIMARY KEY,
    is_follower         INTEGER NOT NULL DEFAULT 0 CHECK (is_follower IN (0, 1)),
    followed_at         INTEGER,
    unfollowed_at       INTEGER,
    last_interaction_at INTEGER,
    first_seen_at       INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL
);

-- One announcement. audience: groups (team groups), members (team members 1:1), residents (OA followers 1:1);
-- the chosen units (broadcast_units) narrow it, none means all. status: draft → scheduled → sending →
-- completed, or cancelled. expand_cursor is where the expansion of the audience into broadcast_recipients
-- stopped; expanded_at is set once it reached the end. held_until is set while residents' sends wait for 06:00.
CREATE TABLE broadcasts (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    title            TEXT    NOT NULL,
    body             TEXT    NOT NULL,
    image_url        TEXT,
    audience         TEXT    NOT NULL CHECK (audience IN ('groups', 'members', 'residents')),
    urgent           INTEGER NOT NULL DEFAULT 0 CHECK (urgent IN (0, 1)),
    status           TEXT    NOT NULL CHECK (status IN ('draft', 'scheduled', 'sending', 'completed', 'cancelled')),
    scheduled_at     INTEGER,
    started_at       INTEGER,
    expand_cursor    TEXT,
    expanded_at      INTEGER,
    recipients_total INTEGER,
    held_until       INTEGER,
    completed_at     INTEGER,
    cancelled_at     INTEGER,
    created_by       TEXT    NOT NULL,
    created_at       INTEGER NOT NULL
);

CREATE INDEX ix_broadcasts_status ON broadcasts (status);

CREATE TABLE broadcast_units (
    broadcast_id INTEGER NOT NULL REFERENCES broadcasts (id),
    unit_id      INTEGER NOT NULL REFERENCES admin_units (id),
    PRIMARY KEY (broadcast_id, unit_id)
);

-- One recipient of one broadcast. status: waiting (not yet handed to the outbox) → queued (outbox_id set; the
-- outbox row then says pending, sending, sent, delivered, seen or failed), or skipped (skip_reason), or cancelled.
-- recipient_key is "group:<id>", "user:<id>", or "team:<id>" for a team with no group bound.
CREATE TABLE broadcast_recipients (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    broadcast_id  INTEGER NOT NULL REFERENCES broadcasts (id),
    recipient_key TEXT    NOT NULL,
    channel       TEXT    NOT NULL CHECK (channel IN ('user', 'group')),
    recipient_id  TEXT,
    team_id       INTEGER,
    label         TEXT,
    status        TEXT    NOT NULL CHECK (status IN ('waiting', 'queued', 'skipped', 'cancelled')),
    skip_reason   TEXT,
    outbox_id     INTEGER,
    updated_at    INTEGER NOT NULL,
    UNIQUE (broadcast_id, recipient_key)
);

CREATE INDEX ix_broadcast_recipients_status ON broadcast_recipients (broadcast_id, status, id);
CREATE INDEX ix_broadcast_recipients_outbox ON broadcast_recipients (outbox_id) WHERE outbox_id IS NOT NULL;

-- The audit trail: who created, scheduled, sent or cancelled a broadcast, and what the runner did, and when.
CREATE TABLE broadcast_events (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    broadcast_id INTEGER NOT NULL REFERENCES broadcasts (id),
    action       TEXT    NOT NULL,
    actor        TEXT    NOT NULL,
    at           INTEGER NOT NULL,
    detail       TEXT
);

CREATE INDEX ix_broadcast_events_broadcast ON broadcast_events (broadcast_id, id);
