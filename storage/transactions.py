"""One write transaction on a connection: committed if the work returns, rolled back if not."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TypeVar

from storage.encryption import transaction_began, transaction_ended

T = TypeVar("T")


def run_in_transaction(conn: sqlite3.Connection, work: Callable[[sqlite3.Connection], T]) -> T:
    # IMMEDIATE takes the write lock at once, so a concurrent CLI command waits (busy_timeout)
    # instead of failing half-way with SQLITE_BUSY on upgrade.
    conn.execute("BEGIN IMMEDIATE")
    transaction_began(conn)
    try:
        result = work(conn)
        conn.execute("COMMIT")
    except BaseException:
        transaction_ended(conn, committed=False)
        # SQLite may have rolled back already (e.g. disk full); a failed COMMIT leaves it open.
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    transaction_ended(conn, committed=True)
    return result
