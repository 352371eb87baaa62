-- The console's audit trail: each time an official is shown a person's full phone number (a resident's on a help
-- request, the members' on a team page or in a roster export), who it was, when, and what they looked at. It holds no
-- number itself. actor is the key holder's name as the console shows it; actor_unit the officer's commune code (null
-- for a province admin); subject what was shown ('YC-0001', a team's id, an export's filter). Times are unix ms.
CREATE TABLE audit_events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    action     TEXT    NOT NULL CHECK (action IN ('request_phone_viewed', 'team_phones_viewed', 'roster_phones_exported')),
    actor      TEXT    NOT NULL,
    actor_unit TEXT,
    subject    TEXT    NOT NULL,
    at         INTEGER NOT NULL
);

CREATE INDEX ix_audit_events_subject ON audit_events (action, subject, at);
