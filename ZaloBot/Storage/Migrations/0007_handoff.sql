-- Residents' help requests to their village team. Times are unix milliseconds.

-- What the bot knows about a resident who talked to it 1:1: the village they confirmed (a unit of level
-- village), and the name and phone they shared with request_user_info. phone is the national form
-- (0912345678) and is only ever shown masked. Announcements read the village from here.
CREATE TABLE residents (
    zalo_user_id    TEXT    PRIMARY KEY,
    village_unit_id INTEGER REFERENCES admin_units (id),
    name            TEXT,
    phone           TEXT,
    updated_at      INTEGER NOT NULL
);

CREATE INDEX ix_residents_village ON residents (village_unit_id) WHERE village_unit_id IS NOT NULL;

-- One help request, YC-0001 (number is install-wide, so a code means one request in every group it reaches).
-- village_unit_id is null when the resident did not know their village; commune_unit_id is always set.
-- team_id is the team whose group got it (the village team, else the commune team); escalated_team_id the
-- commune team it was raised to when nobody took it. reminded_at / escalated_at are set in the same
-- transaction as the group messages they stand for, so a restart never sends them twice.
-- status: open → claimed → done, or cancelled by the resident. assist_id is the household assisted recorded
-- by #xong.
CREATE TABLE help_requests (
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
    cancelled_at      INTEGER
);

-- At most one open (or claimed) request per resident: a second ask is linked to it instead.
CREATE UNIQUE INDEX ux_help_requests_active_resident ON help_requests (resident_user_id) WHERE status IN ('open', 'claimed');
CREATE INDEX ix_help_requests_open ON help_requests (created_at) WHERE status = 'open';

-- What the resident added to an open request (a second ask, or a message for the team).
CREATE TABLE help_request_notes (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id INTEGER NOT NULL REFERENCES help_requests (id),
    guide_id   TEXT,
    text       TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE INDEX ix_help_request_notes_request ON help_request_notes (request_id);

-- A resident in the middle of asking for a person: which question the bot asked last and the answers so far.
-- prompt: the last question, asked again after a stale tap or a sticker.
-- options: JSON array of the last buttons ({title, action}), so a typed "1" or the button's words press it.
-- return_buttons: JSON array of the guides' signed buttons back to where the resident was.
CREATE TABLE handoff_conversations (
    user_id         TEXT    PRIMARY KEY,
    step            TEXT    NOT NULL,
    guide_id        TEXT,
    topic           TEXT,
    village_unit_id INTEGER REFERENCES admin_units (id),
    commune_unit_id INTEGER REFERENCES admin_units (id),
    request_id      INTEGER REFERENCES help_requests (id),
    prompt          TEXT    NOT NULL DEFAULT '',
    options         TEXT    NOT NULL DEFAULT '[]',
    return_buttons  TEXT    NOT NULL DEFAULT '[]',
    updated_at      INTEGER NOT NULL
);
