"""Facts the running bot records about itself, read by the CLI (e.g. the Telegram username)."""

from __future__ import annotations

import sqlite3


class SqlBotFacts:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def get(self, key: str) -> str | None:
        row = self._conn.execute("SELECT value FROM bot_facts WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else None

    def set(self, key: str, value: str) -> None:
        self._conn.execute(
            "INSERT INTO bot_facts(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
