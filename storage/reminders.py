"""Reminders: every deadline is a row with a due time; the scheduler only wakes the claimer."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage.timestamps import from_db, to_db


@dataclass(frozen=True, slots=True)
class DueReminder:
    id: int
    key: str
    kind: str
    member_id: int | None
    due_at: datetime
    payload: dict[str, Any]
    subject: str | None = None


class SqlReminders:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def upsert(
        self,
        key: str,
        kind: str,
        member_id: int | None,
        due_at: datetime,
        payload: dict[str, Any],
        now: datetime,
        subject: str | None = None,
    ) -> None:
        self._conn.execute(
            "INSERT INTO reminders(key, kind, member_id, due_at, payload, status, created_at, "
            "subject) VALUES (?, ?, ?, ?, ?, 'pending', ?, ?) ON CONFLICT(key) DO UPDATE SET "
            "kind = excluded.kind, member_id = excluded.member_id, due_at = excluded.due_at, "
            "payload = excluded.payload, status = 'pending', done_at = NULL, "
            "subject = excluded.subject",
            (key, kind, member_id, to_db(due_at), json.dumps(payload), to_db(now), subject),
        )

    def next_due(self, subject: str, member_id: int) -> tuple[str, datetime] | None:
        """(kind, due time) of the soonest pending deadline of a case for this member."""
        row = self._conn.execute(
            "SELECT kind, due_at FROM reminders WHERE subject = ? AND status = 'pending' "
            "AND member_id = ? ORDER BY due_at LIMIT 1",
            (subject, member_id),
        ).fetchone()
        return (row[0], from_db(row[1])) if row else None

    def cancel_subject(self, subject: str, kinds: tuple[str, ...] = ()) -> None:
        """Drop a case's pending deadlines (all of them, or only these kinds)."""
        kind_filter = f" AND kind IN ({', '.join('?' * len(kinds))})" if kinds else ""
        self._conn.execute(
            "UPDATE reminders SET status = 'cancelled' WHERE subject = ? AND status = 'pending'"
            + kind_filter,
            (subject, *kinds),
        )

    def cancel(self, key: str) -> None:
        self._conn.execute(
            "UPDATE reminders SET status = 'cancelled' WHERE key = ? AND status = 'pending'", (key,)
        )

    def due_ids(self, now: datetime, limit: int = 100) -> list[int]:
        return [
            row[0]
            for row in self._conn.execute(
                "SELECT id FROM reminders WHERE status = 'pending' AND due_at <= ? "
                "ORDER BY due_at LIMIT ?",
                (to_db(now), limit),
            )
        ]

    def pending(self, limit: int = 200) -> list[DueReminder]:
        """Reminders still to fire, soonest first (the operator's view)."""
        return [
            DueReminder(row[0], row[1], row[2], row[3], from_db(row[4]), json.loads(row[5]))
            for row in self._conn.execute(
                "SELECT id, key, kind, member_id, due_at, payload FROM reminders "
                "WHERE status = 'pending' ORDER BY due_at LIMIT ?",
                (limit,),
            )
        ]

    def count_pending(self) -> int:
        row = self._conn.execute("SELECT COUNT(*) FROM reminders WHERE status = 'pending'")
        return int(row.fetchone()[0])

    def postpone(self, reminder_id: int, until: datetime) -> None:
        """A reminder whose handling failed is tried again later, not at every tick."""
        self._conn.execute(
            "UPDATE reminders SET due_at = ? WHERE id = ? AND status = 'pending'",
            (to_db(until), reminder_id),
        )

    def take(self, reminder_id: int, now: datetime) -> DueReminder | None:
        """Mark a due reminder done and return it, or None if it was cancelled or taken."""
        row = self._conn.execute(
            "UPDATE reminders SET status = 'done', done_at = ? "
            "WHERE id = ? AND status = 'pending' AND due_at <= ? "
            "RETURNING id, key, kind, member_id, due_at, payload, subject",
            (to_db(now), reminder_id, to_db(now)),
        ).fetchone()
        if row is None:
            return None
        return DueReminder(
            row[0], row[1], row[2], row[3], from_db(row[4]), json.loads(row[5]), row[6]
        )
