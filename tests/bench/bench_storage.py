#!/usr/bin/env python
"""Benchmark: a transaction sent to a database thread in one hop, or one await per statement.

    python tests/bench/bench_storage.py --n 5000 --concurrency 1 50

Each transaction is what an update costs the database at least: read a conversation by primary
key, update it under a version check, insert one outbox row. It runs N times from asyncio with C
concurrent tasks, on a temporary SQLite file (WAL, synchronous=NORMAL, the project's schema):

- sqlite3_inline: sqlite3 in the event loop's thread (blocks the loop; the ceiling);
- one_hop: rexbot's own ``storage.database.Database.transaction``: one hop per transaction to
  the thread that owns the connection (a ``queue.SimpleQueue`` there, ``call_soon_threadsafe``
  back);
- executor_one_hop: the same hop through ``loop.run_in_executor`` on a one-thread
  ``ThreadPoolExecutor`` owning the connection (the other standard-library way; slower);
- aiosqlite_per_statement: plain aiosqlite, one ``await`` per statement (BEGIN … COMMIT), what
  an asyncio driver gives (skipped if aiosqlite, a dev dependency, is not installed);
- sqlalchemy_core_async: SQLAlchemy async Core over aiosqlite (skipped if not installed);
- engine_update: the whole engine (``tests.support.harness.Harness``) handling ``/aide``.

Prints one JSON line. Every variant checks that its N transactions were all committed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import sqlite3
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractAsyncContextManager
from functools import partial
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from flows.domain.messages import Inbound, InboundKind  # noqa: E402
from storage.database import Database, run_in_transaction  # noqa: E402
from storage.schema import migrate  # noqa: E402
from tests.support.harness import Harness  # noqa: E402
from tests.support.load import percentile  # noqa: E402

# Members per run: a multiple of the concurrency, so each task owns its own conversations
# (task w handles transactions w, w+C, w+2C…, hence members ≡ w mod C) and the version check
# never fails for a benign reason.
MEMBERS = 200
WARMUP = 100
NOW = "2026-11-22T14:00:00.000000Z"
PAYLOAD = json.dumps({"text": "Que voulez-vous faire ?", "choices": [["menu:declare", "Déclarer"]]})

SELECT = "SELECT version, state FROM conversations WHERE member_id = ?"
UPDATE = "UPDATE conversations SET version = ?, state = ? WHERE member_id = ? AND version = ?"
INSERT = (
    "INSERT INTO outbox(created_at, member_id, transport, address, payload) "
    "VALUES (?, ?, 'memory', ?, ?)"
)

Tx = Callable[[int], Awaitable[None]]


class StaleVersion(RuntimeError):
    pass


def members_for(concurrency: int) -> int:
    return concurrency * max(1, MEMBERS // concurrency)


def state_for(version: int) -> str:
    return json.dumps({"flow": "menu", "n": version}, separators=(",", ":"))


def prepare(db_path: Path, count: int) -> list[int]:
    """The project's schema, `count` members and one conversation each (version 1)."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    migrate(conn)

    def fill(c: sqlite3.Connection) -> list[int]:
        ids = []
        for i in range(count):
            cursor = c.execute(
                "INSERT INTO members(name, role, profession, created_at) VALUES (?, ?, ?, ?)",
                (f"Professionnel {i}", "professional", "infirmier", NOW),
            )
            assert cursor.lastrowid is not None
            ids.append(cursor.lastrowid)
            c.execute(
                "INSERT INTO conversations(member_id, version, state, updated_at) "
                "VALUES (?, 1, ?, ?)",
                (cursor.lastrowid, state_for(1), NOW),
            )
        return ids

    ids = run_in_transaction(conn, fill)
    conn.close()
    return ids


def verify(db_path: Path, expected: int) -> None:
    conn = sqlite3.connect(db_path)
    outbox = conn.execute("SELECT COUNT(*) FROM outbox").fetchone()[0]
    versions = conn.execute("SELECT SUM(version - 1) FROM conversations").fetchone()[0]
    conn.close()
    if outbox != expected or versions != expected:
        raise AssertionError(f"expected {expected} commits, found {outbox} outbox rows, {versions}")


def transaction(conn: sqlite3.Connection, member_id: int) -> None:
    version, _state = conn.execute(SELECT, (member_id,)).fetchone()
    cursor = conn.execute(UPDATE, (version + 1, state_for(version + 1), member_id, version))
    if cursor.rowcount != 1:
        raise StaleVersion(member_id)
    conn.execute(INSERT, (NOW, member_id, str(member_id), PAYLOAD))


async def drive(
    n: int, concurrency: int, keys: list[Any], tx: Callable[[Any], Awaitable[object]]
) -> tuple[float, list[float]]:
    """Run tx over n items with `concurrency` tasks; (elapsed s, latencies s)."""
    latencies = [0.0] * n

    async def worker(w: int) -> None:
        for i in range(w, n, concurrency):
            started = time.perf_counter()
            await tx(keys[i % len(keys)])
            latencies[i] = time.perf_counter() - started

    started = time.perf_counter()
    await asyncio.gather(*(worker(w) for w in range(concurrency)))
    return time.perf_counter() - started, latencies


def summary(n: int, elapsed: float, latencies: list[float]) -> dict[str, float]:
    return {
        "tx_per_s": round(n / elapsed, 1),
        "p50_ms": round(percentile(latencies, 50) * 1000, 3),
        "p99_ms": round(percentile(latencies, 99) * 1000, 3),
    }


async def run_storage(
    make: Callable[[Path], AbstractAsyncContextManager[Tx]], n: int, concurrency: int
) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="bench-storage-") as tmp:
        db_path = Path(tmp) / "bench.db"
        ids = prepare(db_path, members_for(concurrency))
        async with make(db_path) as tx:
            await drive(min(WARMUP, n), concurrency, ids, tx)
            elapsed, latencies = await drive(n, concurrency, ids, tx)
        verify(db_path, n + min(WARMUP, n))
    return summary(n, elapsed, latencies)


class _Inline:
    def __init__(self, db_path: Path) -> None:
        self.path = db_path

    async def __aenter__(self) -> Tx:
        self.conn = sqlite3.connect(self.path, isolation_level=None)
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        conn = self.conn

        async def tx(member_id: int) -> None:
            run_in_transaction(conn, lambda c: transaction(c, member_id))

        return tx

    async def __aexit__(self, *exc: object) -> None:
        self.conn.close()


class _OneHop:
    def __init__(self, db_path: Path) -> None:
        self.db = Database(f"sqlite:///{db_path}")

    async def __aenter__(self) -> Tx:
        await self.db.open()
        db = self.db

        async def tx(member_id: int) -> None:
            await db.transaction(lambda c: transaction(c, member_id))

        return tx

    async def __aexit__(self, *exc: object) -> None:
        await self.db.close()


class _Executor:
    """One hop per transaction like one_hop, through ``loop.run_in_executor`` on a one-thread
    ``ThreadPoolExecutor`` whose thread opened the connection."""

    def __init__(self, db_path: Path) -> None:
        self.path = db_path

    async def __aenter__(self) -> Tx:
        self.executor = executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bench-db")
        self.loop = loop = asyncio.get_running_loop()

        def connect() -> sqlite3.Connection:
            conn = sqlite3.connect(self.path, isolation_level=None)
            for pragma in ("synchronous=NORMAL", "foreign_keys=ON", "busy_timeout=10000"):
                conn.execute(f"PRAGMA {pragma}")
            return conn

        self.conn = conn = await loop.run_in_executor(executor, connect)

        async def tx(member_id: int) -> None:
            work = partial(transaction, member_id=member_id)
            await loop.run_in_executor(executor, run_in_transaction, conn, work)

        return tx

    async def __aexit__(self, *exc: object) -> None:
        await self.loop.run_in_executor(self.executor, self.conn.close)
        self.executor.shutdown()


class _PerStatement:
    """One aiosqlite connection, as rexbot had; a lock keeps one transaction at a time on it.

    The read uses execute_fetchall (one hop) rather than execute + fetchone (two): five hops per
    transaction, the fewest this style allows.
    """

    def __init__(self, db_path: Path) -> None:
        self.path = db_path

    async def __aenter__(self) -> Tx:
        import aiosqlite

        self.conn = conn = await aiosqlite.connect(self.path, isolation_level=None)
        for pragma in ("synchronous=NORMAL", "foreign_keys=ON", "busy_timeout=10000"):
            await conn.execute(f"PRAGMA {pragma}")
        lock = asyncio.Lock()

        async def tx(member_id: int) -> None:
            async with lock:
                await conn.execute("BEGIN IMMEDIATE")
                try:
                    rows = await conn.execute_fetchall(SELECT, (member_id,))
                    version = next(iter(rows))[0]
                    cursor = await conn.execute(
                        UPDATE, (version + 1, state_for(version + 1), member_id, version)
                    )
                    if cursor.rowcount != 1:
                        raise StaleVersion(member_id)
                    await conn.execute(INSERT, (NOW, member_id, str(member_id), PAYLOAD))
                except BaseException:
                    await conn.execute("ROLLBACK")
                    raise
                await conn.execute("COMMIT")

        return tx

    async def __aexit__(self, *exc: object) -> None:
        await self.conn.close()


class _SqlAlchemy:
    """SQLAlchemy's documented recipe for real SQLite transactions (BEGIN emitted by SQLAlchemy,
    here BEGIN IMMEDIATE like rexbot), default connection pool (5 + 10 overflow)."""

    def __init__(self, db_path: Path) -> None:
        self.path = db_path

    async def __aenter__(self) -> Tx:
        from sqlalchemy import event, text
        from sqlalchemy.ext.asyncio import create_async_engine

        self.engine = engine = create_async_engine(f"sqlite+aiosqlite:///{self.path}")

        @event.listens_for(engine.sync_engine, "connect")
        def on_connect(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None
            cursor = dbapi_conn.cursor()
            for pragma in ("synchronous=NORMAL", "foreign_keys=ON", "busy_timeout=10000"):
                cursor.execute(f"PRAGMA {pragma}")
            cursor.close()

        @event.listens_for(engine.sync_engine, "begin")
        def on_begin(conn: Any) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        select = text("SELECT version, state FROM conversations WHERE member_id = :m")
        update = text(
            "UPDATE conversations SET version = :v, state = :s "
            "WHERE member_id = :m AND version = :o"
        )
        insert = text(
            "INSERT INTO outbox(created_at, member_id, transport, address, payload) "
            "VALUES (:t, :m, 'memory', :a, :p)"
        )

        async def tx(member_id: int) -> None:
            async with engine.begin() as conn:
                version = (await conn.execute(select, {"m": member_id})).one()[0]
                result = await conn.execute(
                    update,
                    {"v": version + 1, "s": state_for(version + 1), "m": member_id, "o": version},
                )
                if result.rowcount != 1:
                    raise StaleVersion(member_id)
                await conn.execute(
                    insert, {"t": NOW, "m": member_id, "a": str(member_id), "p": PAYLOAD}
                )

        return tx

    async def __aexit__(self, *exc: object) -> None:
        await self.engine.dispose()


async def run_engine(n: int, concurrency: int) -> dict[str, float]:
    """The real engine handling `/aide` from enrolled members; outbox drained before the clock
    stops (latency = engine.handle only)."""
    with tempfile.TemporaryDirectory(prefix="bench-engine-") as tmp:
        h = Harness(Path(tmp) / "bench.db")
        await h.start()
        try:
            addresses = [str(1000 + i) for i in range(members_for(concurrency))]
            for i, address in enumerate(addresses):
                await h.enrolled(f"Professionnel {i}", address)
            before = sum(len(h.transport.received[a]) for a in addresses)

            async def update(address: str) -> None:
                result = await h.engine.handle(
                    Inbound(
                        "memory",
                        address,
                        h.next_id(),
                        InboundKind.COMMAND,
                        text="/aide",
                        command="aide",
                    )
                )
                if result.duplicate or not result.stored:
                    raise AssertionError(f"/aide from {address} stored nothing")

            await drive(min(WARMUP, n), concurrency, addresses, update)
            await h.outbox.wait_idle()
            started = time.perf_counter()
            _, latencies = await drive(n, concurrency, addresses, update)
            await h.outbox.wait_idle()
            elapsed = time.perf_counter() - started
            delivered = sum(len(h.transport.received[a]) for a in addresses) - before
            pending = (await h.sql("SELECT COUNT(*) FROM outbox WHERE status != 'sent'"))[0][0]
            if delivered < n + min(WARMUP, n) or pending:
                raise AssertionError(f"{delivered} delivered, {pending} not sent")
        finally:
            await h.stop()
    return summary(n, elapsed, latencies)


def aiosqlite_missing() -> str | None:
    """Why the aiosqlite variant cannot run (a dev dependency only), or None."""
    try:
        import aiosqlite  # noqa: F401
    except ImportError:
        return "skipped: aiosqlite is not installed (pip install -e '.[dev]')"
    return None


def sqlalchemy_missing() -> str | None:
    """Why the SQLAlchemy variant cannot run (it is not a project dependency), or None."""
    try:
        import sqlalchemy  # noqa: F401
    except ImportError:
        return "skipped: SQLAlchemy is not installed"
    try:
        import greenlet  # noqa: F401
    except ImportError:
        return "skipped: SQLAlchemy's asyncio extra (greenlet) is not installed"
    if aiosqlite_missing() is not None:
        return "skipped: SQLAlchemy's sqlite+aiosqlite dialect needs aiosqlite"
    return None


async def main_async(n: int, concurrencies: list[int]) -> dict[str, Any]:
    storage: dict[str, Callable[[Path], AbstractAsyncContextManager[Tx]]] = {
        "sqlite3_inline": _Inline,
        "one_hop": _OneHop,
        "executor_one_hop": _Executor,
    }
    notes = {
        "transaction": "BEGIN IMMEDIATE; SELECT conversation by PK; UPDATE with version check; "
        "INSERT outbox; COMMIT",
        "one_hop": "rexbot's Database: own thread, SimpleQueue in, call_soon_threadsafe out",
        "executor_one_hop": "ThreadPoolExecutor(max_workers=1) + loop.run_in_executor, 1 hop/tx",
        "engine_update": "tx = one /aide update through Engine.handle (its transaction); "
        "outbox drain included in tx_per_s, latency = handle() only",
    }
    no_aiosqlite = aiosqlite_missing()
    if no_aiosqlite is None:
        storage["aiosqlite_per_statement"] = _PerStatement
        notes["aiosqlite_per_statement"] = (
            "one aiosqlite connection + asyncio.Lock, 5 awaits per tx"
        )
    else:
        notes["aiosqlite_per_statement"] = no_aiosqlite
    missing = sqlalchemy_missing()
    if missing is None:
        storage["sqlalchemy_core_async"] = _SqlAlchemy
        notes["sqlalchemy_core_async"] = (
            "default AsyncAdaptedQueuePool (5+10 connections, one thread each), BEGIN IMMEDIATE "
            "via the 'begin' event"
        )
    else:
        notes["sqlalchemy_core_async"] = missing

    results: dict[str, Any] = {}
    for name, make in storage.items():
        results[name] = {"concurrency": {}}
        for c in concurrencies:
            results[name]["concurrency"][str(c)] = await run_storage(make, n, c)
    results["engine_update"] = {"concurrency": {}}
    for c in concurrencies:
        results["engine_update"]["concurrency"][str(c)] = await run_engine(n, c)
    return {
        "transactions": n,
        "results": results,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "notes": notes,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 50])
    args = parser.parse_args()
    print(json.dumps(asyncio.run(main_async(args.n, args.concurrency))))


if __name__ == "__main__":
    main()
