-- rexbot schema, version 2: what routing to the quality cell needs about its members.

-- Periods when a member takes no new case (dates in the territory's time zone, inclusive).
CREATE TABLE member_absences (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    starts_on   TEXT NOT NULL,
    ends_on     TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX member_absences_member ON member_absences(member_id, ends_on);

-- The REX types and themes a cell member covers (set by the pilot).
CREATE TABLE member_skills (
    member_id  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    skill      TEXT NOT NULL,
    PRIMARY KEY (member_id, skill)
) WITHOUT ROWID;

-- Whether declarants may see this member's name (otherwise only the profession).
ALTER TABLE members ADD COLUMN show_name INTEGER NOT NULL DEFAULT 0;
ALTER TABLE members ADD COLUMN last_assigned_at TEXT;
