-- A request to use the bot as a member through a channel they do not write on yet (#dangky 1:1 with a member's name
-- and phone): one row per membership the request matched, all sharing one random 6-digit code that was posted in the
-- team's group. Being in the group is the proof: the identity is attached only when #xacnhan brings the code back from
-- the same (via, user_id) before expires_at. The code is kept only as SHA-256(salt || code); attempts counts wrong
-- codes so a requester cannot try them all (at 5 the code stops working and no new request for the membership is
-- taken until expires_at). At most one pending link per membership and channel (a new request replaces the old);
-- the retention sweeper deletes rows once they are long expired (see docs/bot-platform.md).
CREATE TABLE member_link_codes (
    member_id  INTEGER NOT NULL REFERENCES team_members (id),
    via        TEXT    NOT NULL CHECK (via IN ('zalo_oa', 'zalo_bot')),
    user_id    TEXT    NOT NULL,
    code_salt  BLOB    NOT NULL,
    code_hash  BLOB    NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (member_id, via)
) WITHOUT ROWID;
CREATE INDEX ix_member_link_codes_user ON member_link_codes (via, user_id);
CREATE INDEX ix_member_link_codes_expiry ON member_link_codes (expires_at);
