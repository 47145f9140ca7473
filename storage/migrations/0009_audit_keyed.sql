-- rexbot schema, version 9: the audit chain keyed (HMAC-SHA-256, storage/audit.py).

-- Entries are linked with HMAC-SHA-256 from now on, under a key the database alone does not
-- give; entries written before keep their plain SHA-256, and the chain goes on from them.
ALTER TABLE audit_log ADD COLUMN keyed INTEGER NOT NULL DEFAULT 0;

-- What `rexbot audit --verify` found last (entries, last link), under the same key: a later
-- check sees entries removed from the end or rewritten before that point.
CREATE TABLE audit_anchors (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    entries    INTEGER NOT NULL,
    last_hash  TEXT NOT NULL,
    mac        TEXT NOT NULL
);
CREATE TRIGGER audit_anchors_no_update BEFORE UPDATE ON audit_anchors
BEGIN SELECT RAISE(ABORT, 'audit_anchors is append-only'); END;
CREATE TRIGGER audit_anchors_no_delete BEFORE DELETE ON audit_anchors
BEGIN SELECT RAISE(ABORT, 'audit_anchors is append-only'); END;
