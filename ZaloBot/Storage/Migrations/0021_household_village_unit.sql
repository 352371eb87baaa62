-- Coverage: the village unit each household lives in, so reports can be read by where households live and not only
-- by which team helped. A household's village is the unit of its commune whose name, folded and without the words
-- for its kind ("Thôn", "Bản", "Khu phố", "Tổ dân phố"…), equals the village part of its household key; a village text
-- that names no unit of the commune (or two) stays NULL and is listed for an official to fix. The app resolves the
-- same rule as it writes reports (Teams/HouseholdVillages.cs) and rebuild-figures resolves every household again.
-- The unused village_unit_code placeholder gives way to the unit's id.
ALTER TABLE households DROP COLUMN village_unit_code;
ALTER TABLE households ADD COLUMN village_unit_id INTEGER REFERENCES admin_units (id);

-- A village unit's key: its folded name (fold_name, the app's own folding) without a leading kind word.
CREATE TEMP TABLE village_keys AS
SELECT id, parent_id, CASE
        WHEN folded LIKE 'to dan pho %' THEN substr(folded, 12)
        WHEN folded LIKE 'khu dan cu %' THEN substr(folded, 12)
        WHEN folded LIKE 'khu pho %' THEN substr(folded, 9)
        WHEN folded LIKE 'thon so %' THEN substr(folded, 9)
        WHEN folded LIKE 'thon %' OR folded LIKE 'khom %' THEN substr(folded, 6)
        WHEN folded LIKE 'ban %' OR folded LIKE 'tdp %' OR folded LIKE 'kdc %' OR folded LIKE 'xom %' OR folded LIKE 'khu %'
          OR folded LIKE 'lang %' THEN substr(folded, instr(folded, ' ') + 1)
        WHEN folded LIKE 'to %' OR folded LIKE 'kp %' OR folded LIKE 'ap %' THEN substr(folded, instr(folded, ' ') + 1)
        ELSE folded END AS village_key
FROM (SELECT id, parent_id, fold_name(name) AS folded FROM admin_units WHERE level = 'village');

CREATE TEMP TABLE unique_village_keys AS
SELECT parent_id, village_key, MIN(id) AS id FROM village_keys GROUP BY parent_id, village_key HAVING COUNT(*) = 1;
CREATE INDEX temp.ix_unique_village_keys ON unique_village_keys (parent_id, village_key);

UPDATE households
SET village_unit_id = (SELECT k.id FROM unique_village_keys k
                       WHERE k.parent_id = households.commune_unit_id
                         AND k.village_key = substr(households.household_key, instr(households.household_key, '|') + 1));

DROP TABLE unique_village_keys;
DROP TABLE village_keys;

-- The coverage list of a village pages by first day over that village's households; the unmatched list reads a
-- commune's households without a village.
CREATE INDEX ix_households_village_first ON households (village_unit_id, first_on, id) WHERE assists > 0;
