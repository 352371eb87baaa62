-- The OA's current token pair. One row only: Zalo's refresh token is single-use and rotates on every
-- refresh, so the newest pair is the only one that matters. Times are unix milliseconds.
CREATE TABLE zalo_tokens (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    access_token  TEXT    NOT NULL,
    refresh_token TEXT    NOT NULL,
    expires_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
