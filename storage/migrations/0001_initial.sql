-- rexbot schema, version 1: members, invitations, conversations, declarations, outbox,
-- reminders and the hash-chained audit log. Times are ISO 8601 UTC strings (sortable).

CREATE TABLE members (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL,
    profession  TEXT,
    language    TEXT NOT NULL DEFAULT 'fr',
    phone       TEXT,
    email       TEXT,
    active      INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL
);

CREATE TABLE member_identities (
    transport       TEXT NOT NULL,
    address         TEXT NOT NULL,
    member_id       INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    created_at      TEXT NOT NULL,
    unreachable_at  TEXT,
    PRIMARY KEY (transport, address)
);
CREATE INDEX member_identities_member ON member_identities(member_id);

CREATE TABLE invitations (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL,
    profession  TEXT,
    phone       TEXT,
    email       TEXT,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    used_at     TEXT,
    member_id   INTEGER REFERENCES members(id) ON DELETE SET NULL
);

CREATE TABLE conversations (
    member_id   INTEGER PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    state       TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

-- One row per inbound update already handled: a redelivered update is recognised and ignored.
CREATE TABLE processed_updates (
    transport    TEXT NOT NULL,
    external_id  TEXT NOT NULL,
    member_id    INTEGER,
    kind         TEXT NOT NULL,
    at           TEXT NOT NULL,
    PRIMARY KEY (transport, external_id)
) WITHOUT ROWID;
CREATE INDEX processed_updates_at ON processed_updates(at);

CREATE TABLE reference_counters (
    year  INTEGER PRIMARY KEY,
    last  INTEGER NOT NULL
);

CREATE TABLE incidents (
    id             INTEGER PRIMARY KEY,
    reference      TEXT NOT NULL UNIQUE,
    declarant_id   INTEGER NOT NULL REFERENCES members(id),
    incident_type  TEXT NOT NULL,
    event_date     TEXT NOT NULL,
    facts          TEXT NOT NULL,
    why            TEXT,
    learned        TEXT,
    possible_eigs  INTEGER NOT NULL,
    anonymous      INTEGER NOT NULL,
    contact_mode   TEXT NOT NULL,
    phone          TEXT,
    contact_slot   TEXT,
    status         TEXT NOT NULL,
    level          INTEGER,
    channel        TEXT NOT NULL,
    declared_at    TEXT NOT NULL
);
CREATE INDEX incidents_declarant ON incidents(declarant_id);

CREATE TABLE incident_history (
    id           INTEGER PRIMARY KEY,
    incident_id  INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    at           TEXT NOT NULL,
    status       TEXT NOT NULL,
    actor_id     INTEGER,
    note         TEXT
);
CREATE INDEX incident_history_incident ON incident_history(incident_id);

CREATE TABLE outbox (
    id               INTEGER PRIMARY KEY,
    created_at       TEXT NOT NULL,
    member_id        INTEGER,
    transport        TEXT NOT NULL,
    address          TEXT NOT NULL,
    payload          TEXT NOT NULL,
    status           TEXT NOT NULL DEFAULT 'pending',
    attempts         INTEGER NOT NULL DEFAULT 0,
    -- Pieces of a long text already delivered (resumed from there after a crash or retry).
    pieces_sent      INTEGER NOT NULL DEFAULT 0,
    -- Once sent, the text is blanked from the payload and only its SHA-256 is kept.
    text_sha256      TEXT,
    next_attempt_at  TEXT,
    sent_at          TEXT,
    external_ref     TEXT,
    last_error       TEXT
);
CREATE INDEX outbox_pending ON outbox(id) WHERE status = 'pending';

CREATE TABLE reminders (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,
    member_id   INTEGER REFERENCES members(id) ON DELETE CASCADE,
    due_at      TEXT NOT NULL,
    payload     TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'pending',
    created_at  TEXT NOT NULL,
    done_at     TEXT
);
CREATE INDEX reminders_due ON reminders(due_at) WHERE status = 'pending';

CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    actor_id   INTEGER,
    action     TEXT NOT NULL,
    subject    TEXT NOT NULL,
    channel    TEXT NOT NULL,
    details    TEXT,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- Small facts the running bot learns about itself (e.g. its Telegram username, for invite links).
CREATE TABLE bot_facts (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
