"""The SQLite database: one connection on a thread of its own, one thread hop per unit of work.

sqlite3 blocks, so it stays off the event loop. A dedicated thread (``rexbot-db``) owns the one
sqlite3 connection: it is opened, used and closed on that thread only. Work reaches it through a
``queue.SimpleQueue`` and the result comes back with ``loop.call_soon_threadsafe`` (what
aiosqlite does inside, with the standard library's public API only). A hop there and back costs
~0.04–0.1 ms here, so a unit of work is one plain function sent in one hop, which runs the whole
transaction (reads, the flow step, writes, commit) with the synchronous sqlite3 API; one
``await`` per statement would pay a hop for each (tests/bench/bench_storage.py).

Not ``loop.run_in_executor`` on a one-thread ``ThreadPoolExecutor``: its futures, locks and
semaphore make each hop two to three times as dear, ~30% fewer transactions per second under
load (the benchmark's executor_one_hop).

The connection carries the database's keyring (storage/encryption.py): opening checks the key,
and encrypts in place what an older version left in clear, before any other work runs.

One thread runs the units of work one at a time, in the order they were sent, so the connection
needs no lock. A unit of work once sent runs to its end (commit or rollback) even if its caller
is cancelled, and never leaves a transaction open; ``close`` lets the work already sent finish.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path
from queue import SimpleQueue
from typing import Any, TypeVar

from storage.encrypt_existing import Progress, encrypt_existing
from storage.encryption import KeyedConnection, Keyring
from storage.key_store import bind
from storage.schema import migrate
from storage.transactions import run_in_transaction as run_in_transaction

T = TypeVar("T")
MIN_SQLITE = (3, 38, 0)
THREAD_NAME = "rexbot-db"
# "sqlite+aiosqlite" is the SQLAlchemy-style name existing deployments have in their settings.
_SQLITE_PREFIXES = ("sqlite+aiosqlite:///", "sqlite:///")


class DatabaseUrlError(ValueError):
    pass


def sqlite_path(url: str) -> str:
    """The file path in a SQLAlchemy-style URL (":memory:" allowed)."""
    for prefix in _SQLITE_PREFIXES:
        if url.startswith(prefix):
            path = url.removeprefix(prefix)
            if not path:
                raise DatabaseUrlError(f"no file in database URL {url!r}")
            return path
    if url.startswith(("postgresql", "postgres")):
        raise DatabaseUrlError(
            "PostgreSQL is not supported yet: use a sqlite+aiosqlite:/// URL for now."
        )
    raise DatabaseUrlError(f"unsupported database URL {url!r} (expected sqlite+aiosqlite:///…)")


_Item = tuple[asyncio.Future[Any], Callable[[], Any]]


class _Worker:
    """The database thread and the connection it owns; a new one for each `open`."""

    def __init__(self) -> None:
        self._queue: SimpleQueue[_Item | None] = SimpleQueue()
        # Read and written on the thread only: work runs in the order sent, so whatever was sent
        # after the connect sees the connection, and whatever was sent after the close does not.
        self.conn: sqlite3.Connection | None = None
        self._stopped: asyncio.Future[None] | None = None
        # Daemon: a process that exits without close() must not hang on the idle thread (a
        # transaction cut short by the exit is undone by SQLite's journal).
        self._thread = threading.Thread(target=self._serve, name=THREAD_NAME, daemon=True)
        self._thread.start()

    def send(self, function: Callable[[], T]) -> asyncio.Future[T]:
        """Queue `function` for the thread; the future gets its result or exception.

        Cancelling the future does not withdraw the function: once sent, it runs (so e.g. the
        outbox's "sent" mark lands even if the sender is being stopped).
        """
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._queue.put((future, function))
        return future

    def _serve(self) -> None:
        while (item := self._queue.get()) is not None:
            future, function = item
            setter: Callable[[asyncio.Future[Any], Any], None]
            try:
                value = function()
                setter = _set_result
            except BaseException as error:  # handed to the caller, whatever it is
                value, setter = error, _set_exception
            # Inline, not contextlib.suppress: the loop thread is waking up and wants the GIL.
            try:  # noqa: SIM105
                future.get_loop().call_soon_threadsafe(setter, future, value)
            except RuntimeError:
                pass  # the event loop is closed: nobody is waiting any more
            del item, future, function, value  # none kept while the thread waits

    def run(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """On the thread: `work` with the connection, outside any transaction."""
        conn = self.conn
        if conn is None:
            raise RuntimeError("database is not open")
        try:
            result = work(conn)
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        if conn.in_transaction:
            # Left open it would hold the write lock and make every later BEGIN fail.
            conn.execute("ROLLBACK")
            raise RuntimeError(f"{work!r} returned inside a transaction; rolled back")
        return result

    def _close(self) -> None:
        conn, self.conn = self.conn, None
        if conn is not None:
            conn.close()

    async def stop(self) -> None:
        """Close the connection on the thread after the work already sent, then end the thread."""
        if self._stopped is None:
            self._stopped = self.send(self._close)
            self._queue.put(None)
        # Shielded: a second close() waits too when the first one is cancelled.
        await asyncio.shield(self._stopped)
        # The thread has nothing left but the end-of-queue mark: this join is immediate.
        self._thread.join()


def _set_result(future: asyncio.Future[Any], result: Any) -> None:
    if not future.done():  # cancelled by its caller
        future.set_result(result)


def _set_exception(future: asyncio.Future[Any], error: BaseException) -> None:
    if not future.done():
        future.set_exception(error)


class Database:
    """The database, its key (None: only a database that holds no encrypted data opens), and
    how the in-place encryption of an older database goes (rows per transaction, progress)."""

    def __init__(
        self,
        url: str,
        synchronous: str = "NORMAL",
        busy_timeout_ms: int = 10_000,
        keyring: Keyring | None = None,
        encrypt_batch: int = 500,
        progress: Progress | None = None,
    ) -> None:
        self.path = sqlite_path(url)
        self._synchronous = synchronous
        self._busy_timeout_ms = busy_timeout_ms
        self.keyring = keyring
        self._encrypt_batch = encrypt_batch
        self._progress = progress
        self._worker: _Worker | None = None

    async def open(self) -> list[str]:
        """Connect, set the pragmas and bring the schema up to date; returns migrations applied."""
        if self._worker is not None:
            raise RuntimeError("database is already open")
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._worker = worker = _Worker()
        try:
            # Connect and migrate in one hop: work sent meanwhile queues behind the migrations.
            return await worker.send(partial(self._connect, worker))
        except BaseException:
            if self._worker is worker:
                self._worker = None
            await worker.stop()
            raise

    def _connect(self, worker: _Worker) -> list[str]:
        conn, applied = connect(
            self.path,
            self.keyring,
            self._synchronous,
            self._busy_timeout_ms,
            self._encrypt_batch,
            self._progress,
        )
        worker.conn = conn
        return applied

    async def close(self) -> None:
        """Let the work already sent finish, close the connection and end the thread."""
        worker, self._worker = self._worker, None
        if worker is not None:
            await worker.stop()

    async def call(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run `work` on the database thread, outside any transaction."""
        worker = self._worker
        if worker is None:
            raise RuntimeError("database is not open")
        return await worker.send(partial(worker.run, work))

    async def transaction(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run `work` in one write transaction: committed if it returns, rolled back on error."""
        return await self.call(partial(run_in_transaction, work=work))

    async def checkpoint(self) -> None:
        """Copy the WAL into the database and empty it: what it held of deleted or replaced
        content (erased texts) does not linger there."""
        await self.call(checkpoint)


def connect(
    path: str,
    keyring: Keyring | None,
    synchronous: str = "NORMAL",
    busy_timeout_ms: int = 10_000,
    encrypt_batch: int = 500,
    progress: Progress | None = None,
) -> tuple[KeyedConnection, list[str]]:
    """A connection with rexbot's pragmas, its schema up to date, its key checked and what an
    older version left in clear encrypted; and the migrations applied. For one thread only."""
    if sqlite3.sqlite_version_info < MIN_SQLITE:
        raise DatabaseUrlError(
            f"SQLite {sqlite3.sqlite_version} is too old: rexbot needs "
            f"{'.'.join(map(str, MIN_SQLITE))} or newer (RETURNING, JSON functions)."
        )
    if path != ":memory:":
        _private(path)
    conn = sqlite3.connect(path, isolation_level=None, factory=KeyedConnection)
    try:
        conn.keyring = keyring
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(f"PRAGMA synchronous={synchronous}")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        # Deleted content is overwritten, not left in free pages (erased texts, old keys).
        conn.execute("PRAGMA secure_delete=ON")
        applied = migrate(conn)
        run_in_transaction(conn, partial(bind, keyring=keyring))
        if keyring is not None:
            encrypt_existing(conn, encrypt_batch, progress)
        if path != ":memory:":
            _private(path)  # the -wal and -shm an older version created with its umask
    except BaseException:
        conn.close()
        raise
    return conn, applied


def checkpoint(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()


def _private(path: str) -> None:
    """The database, its -wal and its -shm readable by their owner only. A new database is
    created so before SQLite opens it, and SQLite gives its -wal and -shm the database's
    mode."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600))
    for name in (path, f"{path}-wal", f"{path}-shm"):
        try:
            if os.stat(name).st_mode & 0o077:
                os.chmod(name, 0o600)
        except (FileNotFoundError, PermissionError):
            pass  # not there (yet), or someone else's: nothing this process can change
