"""storage.database.Database on a real SQLite file: its thread, transactions, open/close, cancel."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from storage.database import THREAD_NAME, Database, run_in_transaction

WAIT = 5.0  # seconds; only reached when a test is about to fail


class Gate:
    """Holds a unit of work on the database thread until the test lets it go."""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self._released = threading.Event()

    def hold(self) -> None:
        self.entered.set()
        if not self._released.wait(WAIT):
            raise TimeoutError("gate never released")

    async def wait_entered(self) -> None:
        assert await asyncio.to_thread(self.entered.wait, WAIT), "work never started"

    def release(self) -> None:
        self._released.set()


def insert(conn: sqlite3.Connection, x: int) -> None:
    conn.execute("INSERT INTO scratch(x) VALUES (?)", (x,))


async def rows(db: Database) -> list[int]:
    return await db.call(lambda c: [x for (x,) in c.execute("SELECT x FROM scratch ORDER BY x")])


async def in_transaction(db: Database) -> bool:
    return await db.call(lambda c: c.in_transaction)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'rexbot.db'}")
    await database.open()
    await database.call(lambda c: c.execute("CREATE TABLE scratch(x INTEGER NOT NULL)"))
    yield database
    await database.close()


async def test_open_migrates_and_work_runs_on_the_database_thread(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'sub' / 'rexbot.db'}")
    applied = await database.open()
    assert applied and all(name.endswith(".sql") for name in applied)
    thread = await database.call(lambda _: threading.current_thread())
    assert thread.name == THREAD_NAME and thread is not threading.current_thread()
    assert await database.call(lambda c: c.execute("PRAGMA journal_mode").fetchone()[0]) == "wal"
    await database.close()
    assert not thread.is_alive()

    # Opened again later: a new thread, nothing left to migrate.
    assert await database.open() == []
    await database.close()


async def test_transaction_commits_or_rolls_back(db: Database) -> None:
    await db.transaction(lambda c: insert(c, 1))

    def fails(conn: sqlite3.Connection) -> None:
        insert(conn, 2)
        raise LookupError("step failed")

    with pytest.raises(LookupError):
        await db.transaction(fails)
    assert await rows(db) == [1]
    assert not await in_transaction(db)


async def test_a_failed_commit_is_rolled_back(db: Database) -> None:
    # A deferred foreign key fails at COMMIT, which then leaves the transaction open in SQLite.
    await db.call(lambda c: c.execute("CREATE TABLE parent(id INTEGER PRIMARY KEY)"))
    await db.call(
        lambda c: c.execute(
            "CREATE TABLE child(parent INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)"
        )
    )
    with pytest.raises(sqlite3.IntegrityError):
        await db.transaction(lambda c: c.execute("INSERT INTO child(parent) VALUES (42)"))
    assert not await in_transaction(db)
    await db.transaction(lambda c: insert(c, 1))
    assert await rows(db) == [1]


async def test_call_may_not_leave_a_transaction_open(db: Database) -> None:
    def forgets_commit(conn: sqlite3.Connection) -> None:
        conn.execute("BEGIN IMMEDIATE")
        insert(conn, 1)

    with pytest.raises(RuntimeError, match="inside a transaction"):
        await db.call(forgets_commit)
    assert not await in_transaction(db)
    await db.transaction(lambda c: insert(c, 2))
    assert await rows(db) == [2]


async def test_call_before_open_and_after_close(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'rexbot.db'}")
    with pytest.raises(RuntimeError, match="not open"):
        await database.call(lambda c: None)
    await database.close()  # closing what was never opened does nothing

    await database.open()
    await database.close()
    await database.close()
    with pytest.raises(RuntimeError, match="not open"):
        await database.transaction(lambda c: None)


async def test_opening_twice_is_refused(db: Database) -> None:
    with pytest.raises(RuntimeError, match="already open"):
        await db.open()
    await db.transaction(lambda c: insert(c, 1))  # the first connection is untouched
    assert await rows(db) == [1]


async def test_a_failed_open_leaves_the_database_closed(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path}")  # a directory, not a file
    before = set(threading.enumerate())
    with pytest.raises(sqlite3.OperationalError):
        await database.open()
    assert not [t for t in set(threading.enumerate()) - before if t.name == THREAD_NAME]
    with pytest.raises(RuntimeError, match="not open"):
        await database.call(lambda c: None)


async def test_a_cancelled_caller_leaves_its_work_to_finish(db: Database) -> None:
    gate = Gate()

    def slow(conn: sqlite3.Connection) -> None:
        insert(conn, 1)
        gate.hold()

    caller = asyncio.create_task(db.transaction(slow))
    await gate.wait_entered()
    caller.cancel()
    with pytest.raises(asyncio.CancelledError):
        await caller
    gate.release()

    # The next unit of work queues behind the first, which ran to its commit.
    await db.transaction(lambda c: insert(c, 2))
    assert await rows(db) == [1, 2]
    assert not await in_transaction(db)


async def test_a_cancelled_caller_whose_work_fails_leaves_no_transaction(db: Database) -> None:
    gate = Gate()

    def slow_then_fails(conn: sqlite3.Connection) -> None:
        insert(conn, 1)
        gate.hold()
        raise LookupError("after the caller left")

    caller = asyncio.create_task(db.transaction(slow_then_fails))
    await gate.wait_entered()
    caller.cancel()
    with pytest.raises(asyncio.CancelledError):
        await caller
    gate.release()

    await db.transaction(lambda c: insert(c, 2))
    assert await rows(db) == [2]
    assert not await in_transaction(db)


async def test_work_queued_when_its_caller_is_cancelled_still_runs(db: Database) -> None:
    gate = Gate()
    first = asyncio.create_task(db.call(lambda _: gate.hold()))
    await gate.wait_entered()
    queued = asyncio.create_task(db.transaction(lambda c: insert(c, 1)))
    await asyncio.sleep(0)  # sent to the thread, behind the held work
    queued.cancel()
    with pytest.raises(asyncio.CancelledError):
        await queued
    gate.release()
    await first
    assert await rows(db) == [1]


async def test_concurrent_transactions_run_one_after_the_other(db: Database) -> None:
    gate = Gate()
    events: list[str] = []

    def first(conn: sqlite3.Connection) -> None:
        events.append("first begins")
        insert(conn, 1)
        gate.hold()
        events.append("first ends")

    def second(conn: sqlite3.Connection) -> int:
        events.append("second begins")
        insert(conn, 2)
        return len(list(conn.execute("SELECT x FROM scratch")))

    one = asyncio.create_task(db.transaction(first))
    await gate.wait_entered()
    two = asyncio.create_task(db.transaction(second))
    await asyncio.sleep(0.05)
    assert not two.done() and events == ["first begins"]
    gate.release()
    await one
    assert await two == 2  # saw the first one's commit
    assert events == ["first begins", "first ends", "second begins"]


async def test_close_waits_for_the_work_already_sent(tmp_path: Path) -> None:
    path = tmp_path / "rexbot.db"
    database = Database(f"sqlite:///{path}")
    await database.open()
    thread = await database.call(lambda _: threading.current_thread())
    gate = Gate()

    def slow(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE scratch(x INTEGER NOT NULL)")
        gate.hold()
        insert(conn, 1)

    work = asyncio.create_task(database.transaction(slow))
    await gate.wait_entered()
    closing = asyncio.create_task(database.close())
    await asyncio.sleep(0.05)
    assert not closing.done()
    with pytest.raises(RuntimeError, match="not open"):
        await database.call(lambda c: None)  # refused at once while closing
    gate.release()
    await closing
    await work
    assert not thread.is_alive()

    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT x FROM scratch").fetchall() == [(1,)]
    finally:
        conn.close()


async def test_run_in_transaction_on_a_plain_connection(tmp_path: Path) -> None:
    # The CLI and the tests' fixtures use it outside Database.
    conn = sqlite3.connect(tmp_path / "plain.db", isolation_level=None)
    try:
        conn.execute("CREATE TABLE scratch(x INTEGER NOT NULL)")
        run_in_transaction(conn, lambda c: insert(c, 1))
        with pytest.raises(LookupError):
            run_in_transaction(conn, lambda c: (insert(c, 2), {}["missing"]))
        assert conn.execute("SELECT x FROM scratch").fetchall() == [(1,)]
        assert not conn.in_transaction
    finally:
        conn.close()


async def test_files_are_private_deletes_overwrite_and_the_wal_is_emptied_on_demand(
    db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "rexbot.db"
    await db.transaction(lambda c: insert(c, 1))
    for name in ("rexbot.db", "rexbot.db-wal", "rexbot.db-shm"):
        assert oct((tmp_path / name).stat().st_mode & 0o777) == "0o600", name
    assert await db.call(lambda c: c.execute("PRAGMA secure_delete").fetchone()[0]) == 1
    assert path.with_name("rexbot.db-wal").stat().st_size > 0
    await db.checkpoint()
    assert path.with_name("rexbot.db-wal").stat().st_size == 0
    assert await rows(db) == [1]


async def test_an_older_database_readable_by_others_is_made_private(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    sqlite3.connect(path).close()
    path.chmod(0o644)
    database = Database(f"sqlite:///{path}")
    await database.open()
    await database.close()
    assert oct(path.stat().st_mode & 0o777) == "0o600"
