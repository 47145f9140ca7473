"""Inbound updates already handled, for deduplication (no message text is kept)."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from storage.timestamps import to_db


class SqlProcessedUpdates:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def claim(
        self, transport: str, external_id: str, member_id: int | None, kind: str, now: datetime
    ) -> bool:
        """True the first time this update is seen; False for a duplicate."""
        cursor = self._conn.execute(
            "INSERT OR IGNORE INTO processed_updates(transport, external_id, member_id, kind, at) "
            "VALUES (?, ?, ?, ?, ?)",
            (transport, external_id, member_id, kind, to_db(now)),
        )
        return cursor.rowcount == 1

    def prune(self, before: datetime) -> int:
        cursor = self._conn.execute("DELETE FROM processed_updates WHERE at < ?", (to_db(before),))
        return cursor.rowcount
