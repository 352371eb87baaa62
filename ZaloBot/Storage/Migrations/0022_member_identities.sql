-- A member's Zalo identities, one per channel: the OA and the Bot Platform give the same person different user ids,
-- so a member is looked up by (via, user_id) here, never by team_members.zalo_user_id (which keeps the id they first
-- registered with). A person in two teams has a membership, and so an identity, in each: (via, user_id) is unique
-- per membership, not across the table. last_private_at is when they last wrote 1:1 on that channel; an announcement
-- to members goes to the channel they last wrote on (see docs/bot-platform.md).
CREATE TABLE member_identities (
    member_id       INTEGER NOT NULL REFERENCES team_members (id),
    via             TEXT    NOT NULL CHECK (via IN ('zalo_oa', 'zalo_bot')),
    user_id         TEXT    NOT NULL,
    last_private_at INTEGER,
    PRIMARY KEY (member_id, via)
) WITHOUT ROWID;
CREATE INDEX ix_member_identities_user ON member_identities (via, user_id);

-- Every member so far registered in their team's group, so their id is of the channel that group lives on; an OA
-- identity's last 1:1 message is the OA contact's last interaction.
INSERT INTO member_identities (member_id, via, user_id, last_private_at)
SELECT m.id, t.group_via, m.zalo_user_id,
       CASE WHEN t.group_via = 'zalo_oa' THEN (SELECT c.last_interaction_at FROM oa_contacts c WHERE c.zalo_user_id = m.zalo_user_id) END
FROM team_members m JOIN teams t ON t.id = m.team_id;

-- One person is one phone across teams and channels: announcements to members are counted and sent per phone.
CREATE INDEX ix_team_members_phone ON team_members (phone) WHERE left_at IS NULL;

-- Which channel a person's announcement goes through (a group's is its team's group_via).
ALTER TABLE broadcast_recipients ADD COLUMN via TEXT NOT NULL DEFAULT 'zalo_oa' CHECK (via IN ('zalo_oa', 'zalo_bot'));

-- What the bot knows of a resident is per channel too: the key becomes (via, zalo_user_id), so the table is rebuilt
-- (SQLite cannot change a primary key in place). The OA's ids and the bot's were stored alike so far: a row is the
-- bot's where a handoff conversation or a help request on the bot has that id, else the OA's (the bot channel is new,
-- and a row taken as the OA's only misses its village in an OA announcement's filter).
CREATE TABLE residents_new (
    via             TEXT    NOT NULL DEFAULT 'zalo_oa' CHECK (via IN ('zalo_oa', 'zalo_bot')),
    zalo_user_id    TEXT    NOT NULL,
    village_unit_id INTEGER REFERENCES admin_units (id),
    name            TEXT,
    phone           TEXT,
    updated_at      INTEGER NOT NULL,
    PRIMARY KEY (via, zalo_user_id)
) WITHOUT ROWID;
INSERT INTO residents_new (via, zalo_user_id, village_unit_id, name, phone, updated_at)
SELECT CASE WHEN EXISTS (SELECT 1 FROM handoff_conversations h WHERE h.via = 'zalo_bot' AND h.user_id = r.zalo_user_id)
                 OR EXISTS (SELECT 1 FROM help_requests q WHERE q.resident_via = 'zalo_bot' AND q.resident_user_id = r.zalo_user_id)
            THEN 'zalo_bot' ELSE 'zalo_oa' END,
       r.zalo_user_id, r.village_unit_id, r.name, r.phone, r.updated_at
FROM residents r;
DROP TABLE residents;
ALTER TABLE residents_new RENAME TO residents;
CREATE INDEX ix_residents_village ON residents (village_unit_id) WHERE village_unit_id IS NOT NULL;
