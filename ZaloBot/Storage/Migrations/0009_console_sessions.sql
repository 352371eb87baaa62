-- The console's sign-in sessions, kept on the server so that signing out ends a session for good: the cookie carries
-- only the session id, and a copied cookie stops working once its row is gone. key_fingerprint is the SHA-256 of the
-- admin key (never the key), so the sessions of a key taken out of the configuration can be deleted at start.
-- ticket is ASP.NET Core's serialized sign-in (the holder's name, role and unit). Times are unix milliseconds.
CREATE TABLE console_sessions (
    id              TEXT    PRIMARY KEY,
    key_fingerprint TEXT    NOT NULL,
    ticket          BLOB    NOT NULL,
    expires_at      INTEGER NOT NULL
);
CREATE INDEX ix_console_sessions_expires ON console_sessions (expires_at);
