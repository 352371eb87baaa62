-- Residents whose reply expired in a Zalo outage: the next time they write, the guides say sorry and show the menu,
-- and the row goes. Rows of residents who never write again are deleted after a week (see OutboxStore).
CREATE TABLE missed_replies (
    zalo_user_id TEXT    PRIMARY KEY,
    expired_at   INTEGER NOT NULL
) WITHOUT ROWID;
