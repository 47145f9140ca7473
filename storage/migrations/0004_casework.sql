-- rexbot schema, version 4: casework by level, check-ins, satisfaction, analysis, EIGS.

-- Level 1: what solved it; level 2: to whom or what the declarant was oriented.
ALTER TABLE incidents ADD COLUMN outcome TEXT;
ALTER TABLE incidents ADD COLUMN orientation TEXT;
ALTER TABLE incidents ADD COLUMN closed_at TEXT;
ALTER TABLE incidents ADD COLUMN close_reason TEXT;
-- Level 3: the cell meeting and the final report (approved by the pilot).
ALTER TABLE incidents ADD COLUMN meeting_at TEXT;
ALTER TABLE incidents ADD COLUMN report TEXT;
ALTER TABLE incidents ADD COLUMN report_approved_at TEXT;
-- Level 4: the two parts of the EIGS declaration to the authorities.
ALTER TABLE incidents ADD COLUMN eigs_part1_on TEXT;
ALTER TABLE incidents ADD COLUMN eigs_part2_on TEXT;
-- The level at each change, so indicators read levels from the history, not a counter.
ALTER TABLE incident_history ADD COLUMN level INTEGER;
CREATE INDEX incidents_declared_at ON incidents(declared_at);

-- The case a deadline belongs to (its reference): "next deadline" in /dossiers.
ALTER TABLE reminders ADD COLUMN subject TEXT;
CREATE INDEX reminders_subject ON reminders(subject) WHERE status = 'pending';

-- Level 2: "Votre problème est-il résolu ?" asked some days after the orientation.
CREATE TABLE checkins (
    id           INTEGER PRIMARY KEY,
    incident_id  INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    asked_at     TEXT NOT NULL,
    -- NULL until answered: yes, partly, no.
    answer       TEXT,
    answered_at  TEXT
);
CREATE INDEX checkins_incident ON checkins(incident_id);

-- Satisfaction, 1 to 5 on reactivity and on help; who answered is kept only so that nobody
-- answers twice, and is never shown next to the answer.
CREATE TABLE satisfaction (
    id             INTEGER PRIMARY KEY,
    incident_id    INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    respondent_id  INTEGER NOT NULL REFERENCES members(id),
    -- declarant (at closure or check-in) or involved (the level-3 survey of professionals).
    audience       TEXT NOT NULL,
    reactivity     INTEGER CHECK (reactivity BETWEEN 1 AND 5),
    help           INTEGER CHECK (help BETWEEN 1 AND 5),
    comment        TEXT,
    asked_at       TEXT NOT NULL,
    answered_at    TEXT,
    UNIQUE (incident_id, respondent_id)
);

-- Level 3: the six steps of the analysis (N1 … N6), done or not.
CREATE TABLE case_steps (
    incident_id  INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    step         INTEGER NOT NULL CHECK (step BETWEEN 1 AND 6),
    done_at      TEXT NOT NULL,
    done_by      INTEGER REFERENCES members(id),
    PRIMARY KEY (incident_id, step)
);

-- N2: the facts in chronological order.
CREATE TABLE case_timeline (
    id           INTEGER PRIMARY KEY,
    incident_id  INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    happened_at  TEXT NOT NULL,
    text         TEXT NOT NULL,
    added_by     INTEGER REFERENCES members(id),
    added_at     TEXT NOT NULL
);
CREATE INDEX case_timeline_incident ON case_timeline(incident_id, happened_at);

-- N3: gaps and contributing factors, by ORION family.
CREATE TABLE case_factors (
    id           INTEGER PRIMARY KEY,
    incident_id  INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    family       TEXT NOT NULL,
    text         TEXT NOT NULL,
    added_by     INTEGER REFERENCES members(id),
    added_at     TEXT NOT NULL
);
CREATE INDEX case_factors_incident ON case_factors(incident_id);

-- N4: the action plan.
CREATE TABLE case_actions (
    id           INTEGER PRIMARY KEY,
    incident_id  INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    text         TEXT NOT NULL,
    owner_id     INTEGER NOT NULL REFERENCES members(id),
    due_on       TEXT NOT NULL,
    -- open, done or dropped.
    state        TEXT NOT NULL DEFAULT 'open',
    note         TEXT,
    created_by   INTEGER REFERENCES members(id),
    created_at   TEXT NOT NULL,
    closed_at    TEXT
);
CREATE INDEX case_actions_incident ON case_actions(incident_id);
CREATE INDEX case_actions_owner ON case_actions(owner_id) WHERE state = 'open';
