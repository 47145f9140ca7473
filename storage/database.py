"""The SQLite database, reached through aiosqlite, one thread hop per unit of work.

aiosqlite runs every call on its own thread; awaiting each statement costs a hop (~0.1–0.2 ms
here). A unit of work instead sends one plain function to that thread, which runs the whole
transaction (reads, the flow step, writes, commit) with the synchronous sqlite3 API there.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar, cast

import aiosqlite

from storage.schema import migrate

T = TypeVar("T")
MIN_SQLITE = (3, 38, 0)
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


class Database:
    def __init__(
        self, url: str, synchronous: str = "NORMAL", busy_timeout_ms: int = 10_000
    ) -> None:
        self.path = sqlite_path(url)
        self._synchronous = synchronous
        self._busy_timeout_ms = busy_timeout_ms
        self._conn: aiosqlite.Connection | None = None

    async def open(self) -> list[str]:
        """Connect, set the pragmas and bring the schema up to date; returns migrations applied."""
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._conn = await aiosqlite.connect(self.path, isolation_level=None)
        return await self.call(self._prepare)

    def _prepare(self, conn: sqlite3.Connection) -> list[str]:
        if sqlite3.sqlite_version_info < MIN_SQLITE:
            raise DatabaseUrlError(
                f"SQLite {sqlite3.sqlite_version} is too old: rexbot needs "
                f"{'.'.join(map(str, MIN_SQLITE))} or newer (RETURNING, JSON functions)."
            )
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(f"PRAGMA synchronous={self._synchronous}")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute(f"PRAGMA busy_timeout={int(self._busy_timeout_ms)}")
        return migrate(conn)

    async def close(self) -> None:
        if self._conn is not None:
            await self._conn.close()
            self._conn = None

    async def call(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run `work` on the database thread, outside any transaction."""
        if self._conn is None:
            raise RuntimeError("database is not open")
        # aiosqlite's _execute is the one way to run a function on its thread; pinned in
        # constraints.txt and covered by the tests.
        return cast(T, await self._conn._execute(work, self._conn._conn))  # type: ignore[no-untyped-call]

    async def transaction(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run `work` in one write transaction: committed if it returns, rolled back on error."""
        return await self.call(lambda conn: run_in_transaction(conn, work))


def run_in_transaction(conn: sqlite3.Connection, work: Callable[[sqlite3.Connection], T]) -> T:
    # IMMEDIATE takes the write lock at once, so a concurrent CLI command waits (busy_timeout)
    # instead of failing half-way with SQLITE_BUSY on upgrade.
    conn.execute("BEGIN IMMEDIATE")
    try:
        result = work(conn)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return result
