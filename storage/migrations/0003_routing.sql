-- rexbot schema, version 3: routing a case to the quality cell.

-- A cell member's own working hours and days ("09:00-17:00", "1-4"); NULL: the territory's.
ALTER TABLE members ADD COLUMN working_hours TEXT;
ALTER TABLE members ADD COLUMN working_days TEXT;

ALTER TABLE incidents ADD COLUMN assigned_to INTEGER REFERENCES members(id);
ALTER TABLE incidents ADD COLUMN acknowledged_at TEXT;
-- When the member first reached the declarant (call made, message sent).
ALTER TABLE incidents ADD COLUMN first_contact_at TEXT;
CREATE INDEX incidents_assigned ON incidents(assigned_to, status);

-- Each time a member is asked to take a case, and how it ended.
CREATE TABLE case_offers (
    id           INTEGER PRIMARY KEY,
    incident_id  INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    member_id    INTEGER NOT NULL REFERENCES members(id),
    offered_at   TEXT NOT NULL,
    -- NULL while waiting; then claimed, declined, expired or withdrawn (someone else took it).
    outcome      TEXT,
    outcome_at   TEXT,
    reason       TEXT,
    assigned_by  INTEGER REFERENCES members(id)
);
CREATE INDEX case_offers_incident ON case_offers(incident_id);
CREATE INDEX case_offers_open ON case_offers(member_id) WHERE outcome IS NULL;

-- The journal des échanges: messages between the declarant and the cell about one case.
CREATE TABLE case_messages (
    id           INTEGER PRIMARY KEY,
    incident_id  INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    at           TEXT NOT NULL,
    author_id    INTEGER REFERENCES members(id),
    author_role  TEXT NOT NULL,
    text         TEXT NOT NULL
);
CREATE INDEX case_messages_incident ON case_messages(incident_id, id);

-- A name a flow gives to a message it may edit later (a case card), per recipient.
ALTER TABLE outbox ADD COLUMN tag TEXT;
CREATE INDEX outbox_tag ON outbox(tag, member_id) WHERE tag IS NOT NULL;
-- Replies in Telegram name the message they answer by its channel id.
CREATE INDEX outbox_external_ref ON outbox(transport, address, external_ref)
    WHERE external_ref IS NOT NULL;
