-- Figures kept as they are written, so no page, export or #thongke counts the raw reports at read time.
--
-- households: each unique household (a household key within a commune-level unit, as the console has always counted
-- it), with its counted reports (not cancelled): how many, the first and last day, and the head and village as its
-- latest report wrote them. Every report points at its household. A household whose reports were all cancelled stays,
-- with no reports, so the cancelled rows keep their link. village_unit_code is left for the village unit a household's
-- village text resolves to, when that is resolved.
CREATE TABLE households (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    commune_unit_id   INTEGER NOT NULL REFERENCES admin_units (id),
    household_key     TEXT    NOT NULL,
    head_name         TEXT    NOT NULL,
    village           TEXT    NOT NULL,
    assists           INTEGER NOT NULL DEFAULT 0,
    first_on          TEXT,
    last_on           TEXT,
    last_assist_id    INTEGER,
    village_unit_code TEXT,
    UNIQUE (commune_unit_id, household_key)
);

-- The households list pages by (first_on, id), newest first, over a commune or the whole install.
CREATE INDEX ix_households_first ON households (first_on, id) WHERE assists > 0;
CREATE INDEX ix_households_commune_first ON households (commune_unit_id, first_on, id) WHERE assists > 0;

-- The daily and monthly figures of each subject: a commune-level unit, a team or a member; for a commune or a team
-- also per category (category '' is every report once). assists: counted reports that day (or month); households:
-- households new to the subject (and category) that day, i.e. whose first counted report there falls on it, so
-- days add up over any period and a period's households are those first helped in it. A commune's households are
-- unique within it, so communes add up to the province; a team's are unique within the team. The months hold the
-- same sums as their days, so a long period reads months and only its partial months' days.
CREATE TABLE figures_by_day (
    subject    TEXT    NOT NULL CHECK (subject IN ('commune', 'team', 'member')),
    subject_id INTEGER NOT NULL,
    category   TEXT    NOT NULL,
    day        TEXT    NOT NULL,
    assists    INTEGER NOT NULL,
    households INTEGER NOT NULL,
    PRIMARY KEY (subject, subject_id, category, day)
) WITHOUT ROWID;

CREATE TABLE figures_by_month (
    subject    TEXT    NOT NULL CHECK (subject IN ('commune', 'team', 'member')),
    subject_id INTEGER NOT NULL,
    category   TEXT    NOT NULL,
    month      TEXT    NOT NULL,
    assists    INTEGER NOT NULL,
    households INTEGER NOT NULL,
    PRIMARY KEY (subject, subject_id, category, month)
) WITHOUT ROWID;

-- Reports gain their household, an optional member (a past report imported without one) and, when imported, the
-- import and the row's identity (team, day, household, categories, note) that makes importing a file twice add
-- nothing. SQLite cannot drop NOT NULL in place, so the table is rebuilt under its own name. The migration runs with
-- foreign keys on, inside a transaction: the categories are set aside and put back (dropping the table would
-- cascade to them), and the help requests that name a report are checked at commit (deferred), when every report
-- is back with its id.
INSERT INTO households (commune_unit_id, household_key, head_name, village)
SELECT CASE t.level WHEN 'commune' THEN t.unit_id ELSE u.parent_id END, a.household_key, MAX(a.head_name), MAX(a.village)
FROM household_assists a JOIN teams t ON t.id = a.team_id JOIN admin_units u ON u.id = t.unit_id
GROUP BY 1, 2;

CREATE TEMP TABLE saved_assists AS
SELECT a.*, h.id AS household_id
FROM household_assists a JOIN teams t ON t.id = a.team_id JOIN admin_units u ON u.id = t.unit_id
     JOIN households h ON h.commune_unit_id = CASE t.level WHEN 'commune' THEN t.unit_id ELSE u.parent_id END
                      AND h.household_key = a.household_key;
CREATE TEMP TABLE saved_categories AS SELECT * FROM household_assist_categories;

PRAGMA defer_foreign_keys = ON;
DELETE FROM household_assist_categories;
DROP TABLE household_assists;

CREATE TABLE household_assists (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    team_id        INTEGER NOT NULL REFERENCES teams (id),
    number         INTEGER NOT NULL,
    member_id      INTEGER REFERENCES team_members (id),
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
    household_id   INTEGER NOT NULL REFERENCES households (id),
    import_id      INTEGER REFERENCES assist_imports (id),
    import_key     TEXT,
    UNIQUE (team_id, number)
);

INSERT INTO household_assists
    (id, team_id, number, member_id, head_name, village, household_key, note, assisted_on, source_msg_id, status, created_at,
     corrected_at, corrected_by, cancelled_at, cancelled_by, household_id)
SELECT id, team_id, number, member_id, head_name, village, household_key, note, assisted_on, source_msg_id, status, created_at,
       corrected_at, corrected_by, cancelled_at, cancelled_by, household_id
FROM saved_assists ORDER BY id;
INSERT INTO household_assist_categories (assist_id, category) SELECT assist_id, category FROM saved_categories ORDER BY assist_id, category;
DROP TABLE saved_assists;
DROP TABLE saved_categories;

CREATE INDEX ix_household_assists_team_date ON household_assists (team_id, assisted_on);
DROP INDEX IF EXISTS ix_household_assists_household;
CREATE INDEX ix_household_assists_unique_household ON household_assists (household_id);
CREATE INDEX ix_household_assists_date ON household_assists (assisted_on);
CREATE UNIQUE INDEX ux_household_assists_import_key ON household_assists (import_key) WHERE import_key IS NOT NULL;

-- What a household's counted reports say of it: how many, the first and last day, and its latest report.
CREATE VIEW household_totals AS
SELECT household_id, COUNT(*) AS assists, MIN(assisted_on) AS first_on, MAX(assisted_on) AS last_on,
       (SELECT l.id FROM household_assists l WHERE l.household_id = a.household_id AND l.status <> 'cancelled'
        ORDER BY l.assisted_on DESC, l.id DESC LIMIT 1) AS last_assist_id
FROM household_assists a
WHERE status <> 'cancelled'
GROUP BY household_id;

-- What each household's counted reports add to the figures: for its commune, each team and each member that helped
-- it, per category ('' = every report) and day, the reports, and 1 on the day the household was new to that subject
-- and category (the day of its first counted report there). The figures tables hold these rows summed over every
-- household. The views fill the tables here, once; from then on the app keeps them (Teams/HouseholdFigures.cs, by the
-- same rule, which rebuild-figures also uses), and a test checks that the two agree.
CREATE VIEW household_figures AS
SELECT household_id, subject, subject_id, category, day, assists,
       CASE WHEN day = MIN(day) OVER (PARTITION BY household_id, subject, subject_id, category) THEN 1 ELSE 0 END AS households
FROM (
    SELECT a.household_id, 'commune' AS subject, h.commune_unit_id AS subject_id, '' AS category, a.assisted_on AS day, COUNT(*) AS assists
    FROM household_assists a JOIN households h ON h.id = a.household_id
    WHERE a.status <> 'cancelled'
    GROUP BY a.household_id, h.commune_unit_id, a.assisted_on
    UNION ALL
    SELECT a.household_id, 'commune', h.commune_unit_id, k.category, a.assisted_on, COUNT(*)
    FROM household_assists a JOIN households h ON h.id = a.household_id JOIN household_assist_categories k ON k.assist_id = a.id
    WHERE a.status <> 'cancelled'
    GROUP BY a.household_id, h.commune_unit_id, k.category, a.assisted_on
    UNION ALL
    SELECT a.household_id, 'team', a.team_id, '', a.assisted_on, COUNT(*)
    FROM household_assists a
    WHERE a.status <> 'cancelled'
    GROUP BY a.household_id, a.team_id, a.assisted_on
    UNION ALL
    SELECT a.household_id, 'team', a.team_id, k.category, a.assisted_on, COUNT(*)
    FROM household_assists a JOIN household_assist_categories k ON k.assist_id = a.id
    WHERE a.status <> 'cancelled'
    GROUP BY a.household_id, a.team_id, k.category, a.assisted_on
    UNION ALL
    SELECT a.household_id, 'member', a.member_id, '', a.assisted_on, COUNT(*)
    FROM household_assists a
    WHERE a.status <> 'cancelled' AND a.member_id IS NOT NULL
    GROUP BY a.household_id, a.member_id, a.assisted_on
);

UPDATE households
SET assists = t.assists, first_on = t.first_on, last_on = t.last_on, last_assist_id = t.last_assist_id,
    head_name = l.head_name, village = l.village
FROM household_totals t JOIN household_assists l ON l.id = t.last_assist_id
WHERE t.household_id = households.id;

INSERT INTO figures_by_day (subject, subject_id, category, day, assists, households)
SELECT subject, subject_id, category, day, SUM(assists), SUM(households) FROM household_figures GROUP BY subject, subject_id, category, day;

INSERT INTO figures_by_month (subject, subject_id, category, month, assists, households)
SELECT subject, subject_id, category, substr(day, 1, 7), SUM(assists), SUM(households) FROM figures_by_day GROUP BY subject, subject_id, category, substr(day, 1, 7);

DROP VIEW household_figures;
DROP VIEW household_totals;
