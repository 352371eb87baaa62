-- Which channel a message goes through and a conversation lives on, so answers go back the way they came. Every row
-- so far is the Zalo OA's ('zalo_oa'); a channel added later widens the CHECKs (see docs/architecture.md).

-- Outbox rows: 'via' beside 'channel', which says user or group.
ALTER TABLE outbox_messages ADD COLUMN via TEXT NOT NULL DEFAULT 'zalo_oa' CHECK (via IN ('zalo_oa'));

-- A help request remembers the resident's channel, to tell them who helps and when it is done.
ALTER TABLE help_requests ADD COLUMN resident_via TEXT NOT NULL DEFAULT 'zalo_oa' CHECK (resident_via IN ('zalo_oa'));
DROP INDEX ux_help_requests_active_resident;
CREATE UNIQUE INDEX ux_help_requests_active_resident ON help_requests (resident_via, resident_user_id) WHERE status IN ('open', 'claimed');

-- A resident's place in the guides, one row per conversation: the key becomes (via, user_id), so the table is rebuilt
-- (SQLite cannot change a primary key in place).
CREATE TABLE guide_sessions_new (
    via          TEXT    NOT NULL DEFAULT 'zalo_oa' CHECK (via IN ('zalo_oa')),
    user_id      TEXT    NOT NULL,
    guide_id     TEXT    NOT NULL,
    step_id      TEXT    NOT NULL,
    history      TEXT    NOT NULL DEFAULT '[]',
    options      TEXT    NOT NULL DEFAULT '[]',
    last_seen_at INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    PRIMARY KEY (via, user_id)
) WITHOUT ROWID;

INSERT INTO guide_sessions_new (user_id, guide_id, step_id, history, options, last_seen_at, updated_at)
SELECT user_id, guide_id, step_id, history, options, last_seen_at, updated_at FROM guide_sessions;

DROP TABLE guide_sessions;
ALTER TABLE guide_sessions_new RENAME TO guide_sessions;

-- The handoff questions a resident is answering, keyed the same way. return_choices are the choices back to the guides
-- ({title, action}); they were stored as the OA's signed buttons, whose payload '~g|<action>|<mac>' holds the action
-- in clear (an action never contains '|').
CREATE TABLE handoff_conversations_new (
    via             TEXT    NOT NULL DEFAULT 'zalo_oa' CHECK (via IN ('zalo_oa')),
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

INSERT INTO handoff_conversations_new
    (user_id, step, guide_id, topic, village_unit_id, commune_unit_id, request_id, prompt, options, return_choices, updated_at)
SELECT c.user_id, c.step, c.guide_id, c.topic, c.village_unit_id, c.commune_unit_id, c.request_id, c.prompt, c.options,
       COALESCE((SELECT json_group_array(json_object(
                    'title', json_extract(b.value, '$.title'),
                    'action', substr(json_extract(b.value, '$.payload'), 4, instr(substr(json_extract(b.value, '$.payload'), 4), '|') - 1)))
                 FROM json_each(c.return_buttons) b
                 WHERE json_extract(b.value, '$.payload') LIKE '~g|%|%'), '[]'),
       c.updated_at
FROM handoff_conversations c;

DROP TABLE handoff_conversations;
ALTER TABLE handoff_conversations_new RENAME TO handoff_conversations;
