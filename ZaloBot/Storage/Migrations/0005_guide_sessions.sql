-- Where each resident is in the guides. One row per resident who has talked to the bot 1:1.
-- history: JSON array of earlier positions ("guide/step"), newest last, for "Quay lại".
-- options: JSON array of the last buttons sent ({title, action}), so a typed "2" means the second button.
-- last_seen_at: unix ms of the resident's last message; after a long silence the bot offers to resume.
CREATE TABLE guide_sessions (
    user_id      TEXT    PRIMARY KEY,
    guide_id     TEXT    NOT NULL,
    step_id      TEXT    NOT NULL,
    history      TEXT    NOT NULL DEFAULT '[]',
    options      TEXT    NOT NULL DEFAULT '[]',
    last_seen_at INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);

-- The per-install key that signs the guides' button payloads (Guides/ButtonPayloads.cs). One row, made on first use.
CREATE TABLE guide_button_key (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    secret     BLOB    NOT NULL,
    created_at INTEGER NOT NULL
);
