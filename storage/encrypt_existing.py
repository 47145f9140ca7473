"""Encrypting in place what an older version stored in clear, in batches, resumable.

It runs when the database is opened, after the migrations and before anything is served
(storage/database.py): the running bot never reads a plain value. `rexbot migrate` runs it
on its own and shows its progress. Each batch is one transaction that also records the last
row done (`encryption_jobs`): a run that is killed resumes at the next start where it
stopped, and a value already sealed (a BLOB) is never sealed twice. Once every table is done,
the file is rebuilt (VACUUM) and the WAL emptied, so that no page keeps an old plain copy.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from storage.encryption import keyring_of
from storage.sealed import IDENTITIES, OUTBOX, PLAIN_COLUMNS, Sealed
from storage.transactions import run_in_transaction

log = logging.getLogger(__name__)
# Called after each batch with the job's name and how many rows the batch went through.
Progress = Callable[[str, int], None]
_VACUUM = "vacuum"
Row = Sequence[Any]


@dataclass(frozen=True, slots=True)
class _Job:
    select: str
    convert: Callable[[sqlite3.Connection, Row], None]


def _plain_job(spec: Sealed) -> _Job:
    owner = spec.owner or "NULL"
    columns = ", ".join(spec.columns)
    select = (
        f"SELECT rowid, {spec.row}, {owner}, {columns} FROM {spec.table} "
        "WHERE rowid > ? ORDER BY rowid LIMIT ?"
    )
    return _Job(select, partial(_seal_row, spec))


def _seal_row(spec: Sealed, conn: sqlite3.Connection, row: Row) -> None:
    rowid, name, owner_id, values = row[0], row[1], row[2], row[3:]
    plain = [
        (column, value)
        for column, value in zip(spec.columns, values, strict=True)
        if type(value) is str
    ]
    if not plain:
        return
    key = spec.key(conn, owner_id)
    sets = ", ".join(f"{column} = ?" for column, _ in plain)
    conn.execute(
        f"UPDATE {spec.table} SET {sets} WHERE rowid = ?",
        (*(key.seal(column, name, value) for column, value in plain), rowid),
    )


def _seal_identity(conn: sqlite3.Connection, row: Row) -> None:
    rowid, transport, address, member_id, sealed = row
    if sealed is not None:
        return
    index = keyring_of(conn).blind_index(transport, address)
    conn.execute(
        "UPDATE member_identities SET address = ?, address_enc = ? WHERE rowid = ?",
        (
            index,
            IDENTITIES.key(conn, member_id).seal("address_enc", f"{transport}:{index}", address),
            rowid,
        ),
    )


def _seal_outbox(conn: sqlite3.Connection, row: Row) -> None:
    outbox_id, member_id, transport, address, payload, digest, error = row
    kind = error.partition(":")[0] if error else error
    if type(payload) is not str:
        if kind != error:  # sealed by an earlier run of this job: the error's detail goes
            conn.execute("UPDATE outbox SET last_error = ? WHERE id = ?", (kind, outbox_id))
        return
    keyring = keyring_of(conn)
    body = json.loads(payload)
    body["to"] = address
    if error:
        body["error"] = error  # the channel's message may quote the address: sealed
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    conn.execute(
        "UPDATE outbox SET address = ?, payload = ?, text_sha256 = ?, last_error = ? WHERE id = ?",
        (
            keyring.blind_index(transport, address),
            OUTBOX.key(conn, member_id).seal("payload", outbox_id, text),
            keyring.sent_digest(digest) if digest else None,
            kind,
            outbox_id,
        ),
    )


def _jobs() -> dict[str, _Job]:
    jobs = {f"{spec.table}:{','.join(spec.columns)}": _plain_job(spec) for spec in PLAIN_COLUMNS}
    jobs["member_identities:address"] = _Job(
        "SELECT rowid, transport, address, member_id, address_enc FROM member_identities "
        "WHERE rowid > ? ORDER BY rowid LIMIT ?",
        _seal_identity,
    )
    jobs["outbox:payload,address,text_sha256,last_error"] = _Job(
        "SELECT id, member_id, transport, address, payload, text_sha256, last_error "
        "FROM outbox WHERE id > ? ORDER BY id LIMIT ?",
        _seal_outbox,
    )
    return jobs


def pending_jobs(conn: sqlite3.Connection) -> list[str]:
    """The jobs not finished yet (a job this version knows and the database does not is new)."""

    def register(c: sqlite3.Connection) -> list[str]:
        c.executemany(
            "INSERT OR IGNORE INTO encryption_jobs(job) VALUES (?)",
            [(name,) for name in [*_jobs(), _VACUUM]],
        )
        return [row[0] for row in c.execute("SELECT job FROM encryption_jobs WHERE done = 0")]

    return run_in_transaction(conn, register)


def encrypt_existing(
    conn: sqlite3.Connection, batch: int = 500, progress: Progress | None = None
) -> int:
    """Seal every plain value left by an older version; returns how many rows were gone
    through (0 when there was nothing to do)."""
    jobs = _jobs()
    pending = pending_jobs(conn)
    total = 0
    for name in pending:
        job = jobs.get(name)
        if job is None:
            continue
        done = 0
        while True:
            count, finished = run_in_transaction(
                conn, partial(_batch, name=name, job=job, size=batch)
            )
            total, done = total + count, done + count
            if progress is not None and count:
                progress(name, count)
            if finished:
                break
        if done:
            log.info("encrypted in place: %s, %d rows gone through", name.split(":")[0], done)
    if pending:
        _vacuum(conn)
    return total


def _vacuum(conn: sqlite3.Connection) -> None:
    """Rows sealed in place may leave their plain bytes in free pages and in the WAL: once
    every job is done, rebuild the file (only if there was anything to seal) and empty the
    WAL."""
    row = conn.execute(
        "SELECT last_id, done FROM encryption_jobs WHERE job = ?", (_VACUUM,)
    ).fetchone()
    if row[1]:
        return
    if row[0]:
        try:
            conn.execute("VACUUM")
        except sqlite3.OperationalError as error:
            # Another process holds the database (or the disk is full): the data is sealed
            # already; the rebuild is tried again at the next start.
            log.warning(
                "database not rebuilt after its encryption (%s): retried at next start",
                type(error).__name__,
            )
            return
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    run_in_transaction(
        conn, lambda c: c.execute("UPDATE encryption_jobs SET done = 1 WHERE job = ?", (_VACUUM,))
    )


def _batch(conn: sqlite3.Connection, name: str, job: _Job, size: int) -> tuple[int, bool]:
    last = conn.execute("SELECT last_id FROM encryption_jobs WHERE job = ?", (name,)).fetchone()
    rows = conn.execute(job.select, (last[0], size)).fetchall()
    for row in rows:
        job.convert(conn, row)
    finished = len(rows) < size
    if rows:
        # The vacuum job counts the rows gone through (none at all: nothing to rebuild), and
        # waits for the end of every job that went through some.
        conn.execute(
            "UPDATE encryption_jobs SET last_id = last_id + ?, done = 0 WHERE job = ?",
            (len(rows), _VACUUM),
        )
    conn.execute(
        "UPDATE encryption_jobs SET last_id = ?, done = ? WHERE job = ?",
        (rows[-1][0] if rows else last[0], int(finished), name),
    )
    return len(rows), finished
