"""The envelope: what a sealed value is bound to, what the key file must be, what a rotation
and a stale process may do."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from flows.domain.model import ContactMode, NewIncident, Role
from storage.database import connect, run_in_transaction
from storage.encryption import Keyring, UnreadableValue, WrongKey
from storage.key_store import rewrap
from storage.keys import KeyFileError, MasterKey, read_key_file, write_key_file
from storage.unit_of_work import SqlRepositories

NOW = datetime(2026, 11, 22, 14, 0, tzinfo=UTC)


def declare(conn: sqlite3.Connection, facts: str) -> int:
    incident = NewIncident(
        1, "evenement_indesirable", date(2026, 11, 20), facts, "Pourquoi ceci", None, False,
        True, ContactMode.MESSAGE, None, None, "memory",
    )  # fmt: skip

    def work(c: sqlite3.Connection) -> int:
        repos = SqlRepositories(c)
        if repos.members.get(1) is None:
            repos.members.add("Camille Durand", Role.PROFESSIONAL, None, "fr", None, None, NOW)
        repos.incidents.add(incident, NOW, 2026)
        return int(c.execute("SELECT MAX(id) FROM incidents").fetchone()[0])

    return run_in_transaction(conn, work)


@pytest.fixture
def keyring() -> Keyring:
    return Keyring(MasterKey.generate())


@pytest.fixture
def conn(tmp_path: Path, keyring: Keyring) -> sqlite3.Connection:
    connection, _ = connect(str(tmp_path / "rexbot.db"), keyring)
    return connection


def test_a_sealed_value_opens_only_in_its_own_row_and_column(conn: sqlite3.Connection) -> None:
    first, second = declare(conn, "Premier cas " * 3), declare(conn, "Second cas " * 3)
    cases = SqlRepositories(conn).cases
    assert cases.get(first).facts == "Premier cas " * 3  # type: ignore[union-attr]
    # Another case's ciphertext (another key), or another column's (same key), never opens.
    conn.execute(
        "UPDATE incidents SET facts = (SELECT facts FROM incidents WHERE id = ?) WHERE id = ?",
        (second, first),
    )
    with pytest.raises(UnreadableValue, match=r"incidents\.facts, ligne 1"):
        cases.get(first)
    conn.execute("UPDATE incidents SET facts = why WHERE id = ?", (second,))
    with pytest.raises(UnreadableValue):
        cases.get(second)


def test_a_tampered_or_plain_value_is_refused(conn: sqlite3.Connection) -> None:
    case_id = declare(conn, "Un cas assez long pour être déclaré")
    sealed = bytearray(conn.execute("SELECT why FROM incidents").fetchone()[0])
    sealed[20] ^= 1
    conn.execute("UPDATE incidents SET why = ? WHERE id = ?", (bytes(sealed), case_id))
    with pytest.raises(UnreadableValue, match="altérée"):
        SqlRepositories(conn).cases.get(case_id)
    conn.execute("UPDATE incidents SET why = 'en clair' WHERE id = ?", (case_id,))
    with pytest.raises(UnreadableValue, match="en clair"):
        SqlRepositories(conn).cases.get(case_id)


def test_the_blind_index_is_keyed_per_database(tmp_path: Path, keyring: Keyring) -> None:
    one, _ = connect(str(tmp_path / "one.db"), keyring)
    index = one.keyring.blind_index("mail", "camille@example.org")  # type: ignore[attr-defined]
    other_keyring = Keyring(keyring.master)
    connect(str(tmp_path / "two.db"), other_keyring)
    # Same master key, another database: another root key, so another index.
    assert other_keyring.blind_index("mail", "camille@example.org") != index
    assert keyring.blind_index("mail", "camille@example.org") == index
    assert "camille" not in index


def test_rotation_rewraps_and_a_process_left_on_the_old_key_cannot_add_keys(
    tmp_path: Path, keyring: Keyring
) -> None:
    path = str(tmp_path / "rexbot.db")
    conn, _ = connect(path, keyring)
    case_id = declare(conn, "Un cas d'avant la rotation")
    wrapped = conn.execute("SELECT wrapped FROM data_keys ORDER BY id").fetchall()
    new = MasterKey.generate()
    assert run_in_transaction(conn, lambda c: rewrap(c, keyring, new)) == len(wrapped)
    assert conn.execute("SELECT wrapped FROM data_keys ORDER BY id").fetchall() != wrapped
    # The process still holding the old key: new data keys are refused, not stored unusable.
    with pytest.raises(sqlite3.IntegrityError):
        declare(conn, "Un cas d'après la rotation")
    with pytest.raises(WrongKey):
        connect(path, Keyring(keyring.master))
    reopened, _ = connect(path, Keyring(new))
    case = SqlRepositories(reopened).cases.get(case_id)
    assert case is not None and case.facts == "Un cas d'avant la rotation"


def test_key_files_that_are_not_keys(tmp_path: Path) -> None:
    path = tmp_path / "rexbot.key"
    path.write_text("rexbot-master-key-v1 pas-du-base64\n", encoding="utf-8")
    path.chmod(0o600)
    with pytest.raises(KeyFileError, match="ne contient pas de clé"):
        read_key_file(path)
    with pytest.raises(KeyFileError, match="n'est pas un fichier"):
        read_key_file(tmp_path)
    key = MasterKey.generate()
    write_key_file(tmp_path / "sub" / "rexbot.key", key)
    assert read_key_file(tmp_path / "sub" / "rexbot.key") == key
    assert key.key_id not in repr(key) and str(key.secret) not in repr(key)
