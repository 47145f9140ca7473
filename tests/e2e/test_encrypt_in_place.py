"""An older database, all in clear, is encrypted in place when it is first opened with a key:
batch after batch, each committed with its progress, so that a process killed half-way
resumes at the next start; afterwards nothing is left in clear in the file and every text
reads as before."""

from __future__ import annotations

import asyncio
import hashlib
import json
import signal
import sqlite3
import sys
from pathlib import Path

from storage.database import connect, run_in_transaction
from storage.encryption import Keyring
from storage.keys import MasterKey, write_key_file
from storage.outbox import SqlOutbox
from storage.sealed import PLAIN_COLUMNS
from storage.unit_of_work import SqlRepositories
from tests.support import legacy_db
from tests.support.legacy_db import make_legacy_db

REPO_ROOT = Path(__file__).resolve().parents[2]
CASES = 40


def plain_texts(path: Path) -> int:
    """How many values of encrypted columns are still in clear (text, not a sealed BLOB)."""
    columns = [(spec.table, column) for spec in PLAIN_COLUMNS for column in spec.columns]
    columns += [("outbox", "payload"), ("member_identities", "address")]
    conn = sqlite3.connect(path)
    try:
        return sum(
            conn.execute(
                f"SELECT COUNT(*) FROM {table} WHERE typeof({column}) = 'text'"
                + (" AND address NOT LIKE 'bi1:%'" if table == "member_identities" else "")
            ).fetchone()[0]
            for table, column in columns
        )
    finally:
        conn.close()


def check_everything_reads(conn: sqlite3.Connection) -> None:
    repos = SqlRepositories(conn)
    case = repos.cases.get(1)
    assert case is not None
    assert (case.facts, case.phone) == (legacy_db.FACTS.format(n=1), legacy_db.PHONE)
    assert case.outcome == "Réglé, cas 1."
    assert [text for _, _, text in repos.cases.messages(case)] == [legacy_db.MESSAGE]
    assert [note for *_, note in repos.cases.history(40)] == [legacy_db.NOTE]
    assert [e.text for e in repos.casework.timeline(1)] == [legacy_db.TIMELINE]
    assert [f.text for f in repos.casework.factors(1)] == [legacy_db.FACTOR]
    assert [a.text for a in repos.casework.actions(1)] == [legacy_db.ACTION]
    survey = repos.casework.survey(1, 1)
    assert survey is not None and survey.comment == legacy_db.COMMENT
    assert [i.description for i in repos.rcp.items(1)] == [legacy_db.ITEM]
    assert [d.text for d in repos.rcp.decisions(1)] == [legacy_db.DECISION]
    camille = repos.members.by_identity("mail", legacy_db.MAIL)
    assert camille is not None and (camille.phone, camille.email) == (
        legacy_db.PHONE,
        legacy_db.MAIL,
    )
    assert repos.members.identities(1) == [("mail", legacy_db.MAIL)]
    assert repos.conversations.load(1).state == legacy_db.STATE
    invitation = repos.invitations.get("ABCDEFGHJK")
    assert invitation is not None and invitation.phone == legacy_db.PHONE
    now = case.declared_at
    assert now is not None
    [pending] = repos.outbox.pending(["mail"], now)
    assert (pending.delivery.text, pending.delivery.address) == (legacy_db.PENDING, legacy_db.MAIL)
    assert repos.outbox.sent_text_matches(1, legacy_db.SENT)
    failed = conn.execute("SELECT last_error FROM outbox WHERE status = 'failed'").fetchall()
    assert failed == [("rejected",)]
    # Stored before its sent form was sealed with it: its text is still erased once sent.
    outbox_id = pending.delivery.outbox_id
    assert outbox_id is not None
    digest = hashlib.sha256(legacy_db.PENDING.encode()).hexdigest()
    run_in_transaction(conn, lambda c: SqlOutbox(c).mark_sent([(outbox_id, "m1", digest)], now))
    sent = repos.outbox.get(outbox_id)
    assert sent is not None and sent.text == "" and sent.address == legacy_db.MAIL
    assert repos.outbox.sent_text_matches(outbox_id, legacy_db.PENDING)


def raw_leaks(path: Path) -> list[str]:
    raw = b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())
    forms = [(t, t.encode()) for t in legacy_db.TEXTS]
    forms += [(t, json.dumps(t)[1:-1].encode()) for t in legacy_db.TEXTS]
    return sorted({text for text, form in forms if form in raw})


async def test_a_killed_encryption_resumes_and_leaves_nothing_in_clear(tmp_path: Path) -> None:
    db, key = tmp_path / "old.db", tmp_path / "rexbot.key"
    make_legacy_db(db, cases=CASES)
    write_key_file(key, MasterKey.generate())
    assert raw_leaks(db) == sorted(set(legacy_db.TEXTS))  # the search sees them while in clear
    before = plain_texts(db)

    # Batches of 2 rows; the process kills itself (SIGKILL) after its 12th committed batch.
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.support.legacy_db", str(db), str(key), "12", cwd=REPO_ROOT
    )
    assert await child.wait() == -signal.SIGKILL
    halfway = plain_texts(db)
    assert 0 < halfway < before, (halfway, before)

    conn, _ = connect(str(db), Keyring(legacy_db.read_key_file(key)), encrypt_batch=7)
    try:
        assert plain_texts(db) == 0
        check_everything_reads(conn)
    finally:
        conn.close()
    assert raw_leaks(db) == []
