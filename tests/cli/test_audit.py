"""`rexbot audit --verify`: a chain keyed with HMAC, its protecting triggers, its anchors."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from bot.cli import main
from storage.audit import PROTECTING
from tests.support.legacy_db import make_legacy_db


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "rexbot.db"
    monkeypatch.setenv("REXBOT_DATABASE_URL", f"sqlite+aiosqlite:///{path}")
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env
    return path


def tamper(db: Path, *statements: str) -> None:
    """What someone who can write to the file (but has not the key) may do."""
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        for statement in statements:
            conn.execute(statement)
    finally:
        conn.close()


def sha256_chain(db: Path) -> None:
    """Relink every entry with plain SHA-256, as one could without the key."""
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        conn.execute("DROP TRIGGER audit_log_no_update")
        prev = "0" * 64
        rows = conn.execute(
            "SELECT id, at, actor_id, action, subject, channel, details FROM audit_log ORDER BY id"
        ).fetchall()
        for row in rows:
            canonical = json.dumps([prev, *row[1:]], ensure_ascii=False, separators=(",", ":"))
            link = hashlib.sha256(canonical.encode()).hexdigest()
            conn.execute(
                "UPDATE audit_log SET prev_hash = ?, hash = ?, keyed = 0 WHERE id = ?",
                (prev, link, row[0]),
            )
            prev = link
        conn.execute(
            "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
            "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
        )
    finally:
        conn.close()


def invite(name: str) -> None:
    assert main(["invite", "--role", "professional", "--name", name]) == 0


def test_an_intact_log_is_anchored_and_a_truncated_one_is_seen(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    invite("Karim Benali")
    invite("Léa Moreau")
    capsys.readouterr()
    assert main(["audit", "--verify"]) == 0
    out = capsys.readouterr().out
    assert "intact : 2 entrées" in out and "chaîné avec la clé depuis l'entrée 1" in out
    assert "Ancrage enregistré" in out
    invite("Paul Girard")
    assert main(["audit", "--verify"]) == 0
    assert "conforme au dernier ancrage (2 entrées)" in capsys.readouterr().out
    # The last entry removed, the trigger put back as it was: the chain alone looks fine.
    tamper(
        db,
        "DROP TRIGGER audit_log_no_delete",
        "DELETE FROM audit_log WHERE id = 3",
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    )
    assert main(["audit", "--verify"]) == 1
    assert "comptait 3 entrées, il en reste 2" in capsys.readouterr().err


def test_links_recomputed_without_the_key_are_seen(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    invite("Karim Benali")
    invite("Léa Moreau")
    assert main(["audit", "--verify"]) == 0
    sha256_chain(db)
    capsys.readouterr()
    assert main(["audit", "--verify"]) == 1
    assert "la chaîne a été réécrite" in capsys.readouterr().err
    # Or an entry kept keyed but not relinked with the key: the link does not match.
    tamper(db, "DROP TRIGGER audit_log_no_update", "UPDATE audit_log SET keyed = 1")
    assert main(["audit", "--verify"]) == 1
    err = capsys.readouterr().err
    assert "altéré à partir de l'entrée 1" in err and "audit_log_no_update" in err


def test_missing_protections_are_reported(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    invite("Karim Benali")
    tamper(db, "DROP TRIGGER audit_anchors_no_delete")
    capsys.readouterr()
    assert main(["audit", "--verify"]) == 1
    err = capsys.readouterr().err
    assert "triggers absents" in err and "audit_anchors_no_delete" in err
    assert "audit_log_no_update" not in err
    assert "audit_anchors_no_delete" in PROTECTING


def test_an_older_plain_chain_goes_on_keyed(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_legacy_db(db)
    conn = sqlite3.connect(db, isolation_level=None)
    prev = "0" * 64
    for number in (1, 2):
        fields = ["2026-11-22T10:00:00.000000+00:00", None, "member.seeded", f"member:{number}"]
        fields.append("demo")
        fields.append(None)
        canonical = json.dumps([prev, *fields], ensure_ascii=False, separators=(",", ":"))
        link = hashlib.sha256(canonical.encode()).hexdigest()
        conn.execute(
            "INSERT INTO audit_log(at, actor_id, action, subject, channel, details, prev_hash, "
            "hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (*fields, prev, link),
        )
        prev = link
    conn.close()
    invite("Karim Benali")
    capsys.readouterr()
    assert main(["audit", "--verify"]) == 0
    out = capsys.readouterr().out
    assert "intact : 3 entrées" in out and "chaîné avec la clé depuis l'entrée 3" in out
