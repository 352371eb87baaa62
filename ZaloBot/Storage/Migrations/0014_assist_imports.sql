-- Past reports imported from the spreadsheets teams kept before the bot. One row per uploaded file (the job that
-- imports it, with its progress and counts), and the rows it refused, each with its line and the reason in
-- Vietnamese. owner_unit_code is the officer's commune-level unit (null for a province admin): who may follow the job.
CREATE TABLE assist_imports (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    file_name       TEXT    NOT NULL,
    format          TEXT    NOT NULL CHECK (format IN ('csv', 'xlsx')),
    status          TEXT    NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    owner_name      TEXT    NOT NULL,
    owner_unit_code TEXT,
    file_bytes      INTEGER NOT NULL,
    bytes_read      INTEGER NOT NULL DEFAULT 0,
    rows_read       INTEGER NOT NULL DEFAULT 0,
    added           INTEGER NOT NULL DEFAULT 0,
    duplicates      INTEGER NOT NULL DEFAULT 0,
    refused         INTEGER NOT NULL DEFAULT 0,
    failure         TEXT,
    created_at      INTEGER NOT NULL,
    started_at      INTEGER,
    finished_at     INTEGER
);

CREATE INDEX ix_assist_imports_owner ON assist_imports (owner_unit_code, id);

CREATE TABLE assist_import_errors (
    import_id INTEGER NOT NULL REFERENCES assist_imports (id),
    line      INTEGER NOT NULL,
    message   TEXT    NOT NULL,
    PRIMARY KEY (import_id, line)
) WITHOUT ROWID;
