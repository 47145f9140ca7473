-- rexbot schema, version 8: encryption at rest (envelope: storage/encryption.py).

-- The fingerprint of the master key this database opens with (the key itself is never stored
-- here). Two rows only inside the transaction of a rotation.
CREATE TABLE master_keys (
    id  TEXT PRIMARY KEY
) WITHOUT ROWID;

-- The data keys (one per case, member, RCP meeting; the root of the derived keys; the system
-- key), each wrapped by the master key kek_id names.
CREATE TABLE data_keys (
    id        INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL,
    owner_id  INTEGER NOT NULL,
    kek_id    TEXT NOT NULL REFERENCES master_keys(id),
    wrapped   BLOB NOT NULL,
    UNIQUE (kind, owner_id)
);

-- The encryption in place of what an older version stored in clear, table by table: the last
-- row done commits with each batch, so an interrupted run resumes there.
CREATE TABLE encryption_jobs (
    job      TEXT PRIMARY KEY,
    last_id  INTEGER NOT NULL DEFAULT 0,
    done     INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- An identity's address is looked up by its keyed blind index (in `address`) and read, to
-- write to it, from its sealed copy.
ALTER TABLE member_identities ADD COLUMN address_enc BLOB;

-- Set once the text of a message is erased (sent, or a dead letter kept long enough): the
-- payload is sealed, so SQL can no longer look inside it.
ALTER TABLE outbox ADD COLUMN text_erased INTEGER NOT NULL DEFAULT 0;
UPDATE outbox SET text_erased = 1 WHERE json_extract(payload, '$.text') = '';
