-- The teams registry: administrative units, teams, members and the households they assisted.
-- Times are unix milliseconds; assisted_on is the Vietnam-local calendar date (YYYY-MM-DD) of the report.

-- Province → (legacy district) → commune-level unit (xã, phường, đặc khu) → village or residential group
-- (thôn, bản, tổ dân phố). Districts were abolished on 1 Jul 2025; they stay for data from before the reform,
-- so a commune's parent is its province or, in old data, its district.
CREATE TABLE admin_units (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    code       TEXT    NOT NULL UNIQUE,
    level      TEXT    NOT NULL CHECK (level IN ('province', 'district', 'commune', 'village')),
    name       TEXT    NOT NULL,
    parent_id  INTEGER REFERENCES admin_units (id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE INDEX ix_admin_units_parent ON admin_units (parent_id);

-- One team per commune or village unit. plan size follows the level (commune 5, village 5–8).
-- group_id is the Zalo group bound with #ketnoi <bind_code>; one group belongs to one team.
CREATE TABLE teams (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_id      INTEGER NOT NULL UNIQUE REFERENCES admin_units (id),
    level        TEXT    NOT NULL CHECK (level IN ('commune', 'village')),
    name         TEXT    NOT NULL,
    leader_phone TEXT    NOT NULL,
    bind_code    TEXT    NOT NULL UNIQUE,
    group_id     TEXT    UNIQUE,
    bound_at     INTEGER,
    bound_by     TEXT,
    created_at   INTEGER NOT NULL
);

-- A membership; leaving sets left_at and keeps the row, so past reports still name their member.
-- phone is the national form (0912345678); it is shown masked.
CREATE TABLE team_members (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    team_id      INTEGER NOT NULL REFERENCES teams (id),
    zalo_user_id TEXT    NOT NULL,
    full_name    TEXT    NOT NULL,
    name_key     TEXT    NOT NULL,
    phone        TEXT    NOT NULL,
    role         TEXT    NOT NULL CHECK (role IN ('leader', 'deputy', 'member')),
    joined_at    INTEGER NOT NULL,
    left_at      INTEGER
);

CREATE UNIQUE INDEX ux_team_members_active_user ON team_members (team_id, zalo_user_id) WHERE left_at IS NULL;
CREATE UNIQUE INDEX ux_team_members_active_phone ON team_members (team_id, phone) WHERE left_at IS NULL;
CREATE INDEX ix_team_members_user ON team_members (zalo_user_id) WHERE left_at IS NULL;

-- One #hotro report: one visit to one household. household_key (normalised head name + village without
-- thôn/bản/tổ words) makes two reports about the same household count as one unique household.
-- number is the team's running number behind the code HT-0001. status: recorded, corrected, cancelled.
CREATE TABLE household_assists (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    team_id        INTEGER NOT NULL REFERENCES teams (id),
    number         INTEGER NOT NULL,
    member_id      INTEGER NOT NULL REFERENCES team_members (id),
    head_name      TEXT    NOT NULL,
    village        TEXT    NOT NULL,
    household_key  TEXT    NOT NULL,
    note           TEXT    NOT NULL,
    assisted_on    TEXT    NOT NULL,
    source_msg_id  TEXT,
    status         TEXT    NOT NULL CHECK (status IN ('recorded', 'corrected', 'cancelled')),
    created_at     INTEGER NOT NULL,
    corrected_at   INTEGER,
    corrected_by   INTEGER REFERENCES team_members (id),
    cancelled_at   INTEGER,
    cancelled_by   INTEGER REFERENCES team_members (id),
    UNIQUE (team_id, number)
);

CREATE INDEX ix_household_assists_team_date ON household_assists (team_id, assisted_on);
CREATE INDEX ix_household_assists_household ON household_assists (team_id, household_key);

-- The categories of a report (AssistCategory names); several per report.
CREATE TABLE household_assist_categories (
    assist_id INTEGER NOT NULL REFERENCES household_assists (id) ON DELETE CASCADE,
    category  TEXT    NOT NULL,
    PRIMARY KEY (assist_id, category)
);
