-- The names a unit was known by before: a commune formed in the 2025 reorganisation keeps the names of the units
-- it was formed from, so a resident who still says "xã Hướng Tân" finds today's Xã Khe Sanh. One row per name, in
-- the order the units file gives them (position from 0). A units import with the former_names column replaces a
-- unit's names; an import without it leaves them as they are.
CREATE TABLE admin_unit_former_names (
    unit_id  INTEGER NOT NULL REFERENCES admin_units (id),
    position INTEGER NOT NULL,
    name     TEXT    NOT NULL,
    PRIMARY KEY (unit_id, position)
) WITHOUT ROWID;
