-- An imported row's identity (import_key: a hash of its team, day, household, categories and note) is looked up
-- within its team and day, in the index the team's reports are listed by, instead of in an index of its own: an
-- import writes its rows sorted by team and day, so both land on the same few pages, where an index of bare hashes
-- took a write on a page chosen at random for every row. The index stays unique: an imported row cannot be stored
-- twice (reports written in the groups have no import_key, and NULLs never collide).
DROP INDEX ux_household_assists_import_key;
DROP INDEX ix_household_assists_team_date;
CREATE UNIQUE INDEX ux_household_assists_team_date_import ON household_assists (team_id, assisted_on, import_key);
