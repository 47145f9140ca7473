"""The keys in the database: the master key's fingerprint, and the data keys it wraps."""

from __future__ import annotations

import sqlite3

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from storage.encryption import KeyedConnection, Keyring, MissingKey, WrongKey
from storage.keys import MasterKey

ROOT = "root"
SYSTEM = "system"
CASE = "case"
MEMBER = "member"
MEETING = "meeting"


def database_key_id(conn: sqlite3.Connection) -> str | None:
    """The fingerprint of the master key this database opens with (None: not encrypted yet)."""
    row = conn.execute("SELECT id FROM master_keys ORDER BY id LIMIT 1").fetchone()
    return str(row[0]) if row else None


def bind(conn: sqlite3.Connection, keyring: Keyring | None) -> None:
    """Check that `keyring` opens this database and unlock its derived keys; a database with
    no keys yet gets them now. Inside a write transaction."""
    known = database_key_id(conn)
    if keyring is None:
        if known is not None:
            raise MissingKey(
                f"cette base est chiffrée (clé {known}) et aucune clé n'est indiquée : "
                "donnez son fichier dans REXBOT_DATA_KEY_FILE"
            )
        return
    if known is None:
        conn.execute("INSERT INTO master_keys(id) VALUES (?)", (keyring.key_id,))
    elif known != keyring.key_id:
        raise WrongKey(
            f"cette base s'ouvre avec la clé {known}, le fichier indiqué contient la clé "
            f"{keyring.key_id} : ce n'est pas la bonne clé",
            database_key_id=known,
        )
    row = conn.execute(
        "SELECT wrapped FROM data_keys WHERE kind = ? AND owner_id = 0", (ROOT,)
    ).fetchone()
    if row is None:
        root = AESGCM.generate_key(bit_length=256)
        conn.execute(
            "INSERT INTO data_keys(kind, owner_id, kek_id, wrapped) VALUES (?, 0, ?, ?)",
            (ROOT, keyring.key_id, keyring.wrap(ROOT, 0, root)),
        )
    else:
        root = keyring.unwrap_secret(ROOT, 0, row[0])
    keyring.bind_root(root)


def data_key(conn: sqlite3.Connection, keyring: Keyring, kind: str, owner_id: int) -> AESGCM:
    """The cipher of one owner's data key, created (and stored wrapped) on first use."""
    cipher = keyring.known(kind, owner_id)
    if cipher is not None:
        return cipher
    pending = conn.keys_in_transaction if isinstance(conn, KeyedConnection) else {}
    cipher = pending.get((kind, owner_id))
    if cipher is not None:
        return cipher
    row = conn.execute(
        "SELECT wrapped FROM data_keys WHERE kind = ? AND owner_id = ?", (kind, owner_id)
    ).fetchone()
    if row is not None:
        cipher = keyring.cipher(kind, owner_id, row[0])
    else:
        wrapped, cipher = keyring.new_data_key(kind, owner_id)
        # kek_id refers to master_keys: if a rotation replaced the key this process holds,
        # the insert fails instead of storing a key that nothing could unwrap after a restart.
        conn.execute(
            "INSERT INTO data_keys(kind, owner_id, kek_id, wrapped) VALUES (?, ?, ?, ?)",
            (kind, owner_id, keyring.key_id, wrapped),
        )
    if conn.in_transaction:
        pending[(kind, owner_id)] = cipher  # the keyring keeps it if the transaction commits
    else:
        keyring.remember({(kind, owner_id): cipher})
    return cipher


def rewrap(conn: sqlite3.Connection, old: Keyring, new: MasterKey) -> int:
    """Wrap every data key under `new` instead of `old` (the data is not touched); returns how
    many. Inside one write transaction: all keys move, or none."""
    successor = Keyring(new)
    conn.execute("INSERT INTO master_keys(id) VALUES (?)", (successor.key_id,))
    rows = conn.execute(
        "SELECT id, kind, owner_id, wrapped FROM data_keys WHERE kek_id = ?", (old.key_id,)
    ).fetchall()
    conn.executemany(
        "UPDATE data_keys SET kek_id = ?, wrapped = ? WHERE id = ?",
        [
            (
                successor.key_id,
                successor.wrap(kind, owner_id, old.unwrap_secret(kind, owner_id, wrapped)),
                key_id,
            )
            for key_id, kind, owner_id, wrapped in rows
        ],
    )
    conn.execute("DELETE FROM master_keys WHERE id = ?", (old.key_id,))
    return len(rows)
