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
