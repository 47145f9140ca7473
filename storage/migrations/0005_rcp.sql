-- rexbot schema, version 5: RCP (réunions de concertation pluriprofessionnelles).

CREATE TABLE rcp_meetings (
    id               INTEGER PRIMARY KEY,
    title            TEXT NOT NULL,
    starts_at        TEXT NOT NULL,
    duration_min     INTEGER NOT NULL,
    place            TEXT NOT NULL,
    -- all, cell, or profession:<id>
    audience         TEXT NOT NULL,
    proposals_until  TEXT NOT NULL,
    votes_until      TEXT NOT NULL,
    max_items        INTEGER NOT NULL,
    -- Share of the audience who must vote (0 to 1), or NULL.
    quorum           REAL,
    -- proposals, voting, agenda_draft, published, minutes_published, cancelled
    status           TEXT NOT NULL,
    -- Grows at each change: two coordinators editing at once are told.
    version          INTEGER NOT NULL DEFAULT 1,
    created_by       INTEGER REFERENCES members(id),
    created_at       TEXT NOT NULL,
    published_at     TEXT,
    minutes_published_at TEXT,
    -- How many times the invitation was sent (the .ics SEQUENCE).
    sequence         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX rcp_meetings_starts ON rcp_meetings(starts_at);

CREATE TABLE rcp_items (
    id            INTEGER PRIMARY KEY,
    meeting_id    INTEGER NOT NULL REFERENCES rcp_meetings(id) ON DELETE CASCADE,
    author_id     INTEGER NOT NULL REFERENCES members(id),
    title         TEXT NOT NULL,
    description   TEXT NOT NULL,
    kind          TEXT NOT NULL,
    minutes_est   INTEGER NOT NULL,
    -- A level-3 case this item follows up (its reference), shown anonymised.
    case_ref      TEXT,
    -- proposed, withdrawn, rejected, merged, scheduled, dropped
    state         TEXT NOT NULL DEFAULT 'proposed',
    reason        TEXT,
    merged_into   INTEGER REFERENCES rcp_items(id),
    position      INTEGER,
    outcome       TEXT,
    created_at    TEXT NOT NULL
);
CREATE INDEX rcp_items_meeting ON rcp_items(meeting_id, state);

CREATE TABLE rcp_votes (
    item_id    INTEGER NOT NULL REFERENCES rcp_items(id) ON DELETE CASCADE,
    member_id  INTEGER NOT NULL REFERENCES members(id),
    at         TEXT NOT NULL,
    PRIMARY KEY (item_id, member_id)
);

-- Who voted at all (a member may approve nothing), for the quorum and the reminder.
CREATE TABLE rcp_voters (
    meeting_id  INTEGER NOT NULL REFERENCES rcp_meetings(id) ON DELETE CASCADE,
    member_id   INTEGER NOT NULL REFERENCES members(id),
    PRIMARY KEY (meeting_id, member_id)
);

CREATE TABLE rcp_presence (
    meeting_id  INTEGER NOT NULL REFERENCES rcp_meetings(id) ON DELETE CASCADE,
    member_id   INTEGER NOT NULL REFERENCES members(id),
    present     INTEGER NOT NULL,
    at          TEXT NOT NULL,
    PRIMARY KEY (meeting_id, member_id)
);

CREATE TABLE rcp_decisions (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES rcp_meetings(id) ON DELETE CASCADE,
    item_id     INTEGER REFERENCES rcp_items(id),
    text        TEXT NOT NULL,
    owner_id    INTEGER NOT NULL REFERENCES members(id),
    due_on      TEXT NOT NULL,
    state       TEXT NOT NULL DEFAULT 'open',
    created_at  TEXT NOT NULL,
    closed_at   TEXT
);
CREATE INDEX rcp_decisions_owner ON rcp_decisions(owner_id) WHERE state = 'open';
