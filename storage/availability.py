"""Cell members' availability for cases: absences, and the skills the pilot gives them."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta

from storage.timestamps import to_db


class SqlAvailability:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def add_absence(self, member_id: int, starts_on: date, ends_on: date, now: datetime) -> None:
        # The same dates said twice are one absence.
        self._conn.execute(
            "INSERT INTO member_absences(member_id, starts_on, ends_on, created_at) "
            "SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM member_absences "
            "WHERE member_id = ? AND starts_on = ? AND ends_on = ?)",
            (
                member_id,
                starts_on.isoformat(),
                ends_on.isoformat(),
                to_db(now),
                member_id,
                starts_on.isoformat(),
                ends_on.isoformat(),
            ),
        )

    def cancel_absence(self, member_id: int, starts_on: date, ends_on: date) -> int:
        """Drop a planned absence (one that has not begun)."""
        return self._conn.execute(
            "DELETE FROM member_absences WHERE member_id = ? AND starts_on = ? AND ends_on = ?",
            (member_id, starts_on.isoformat(), ends_on.isoformat()),
        ).rowcount

    def absences(self, member_id: int, today: date) -> list[tuple[date, date]]:
        """Current and coming absences, earliest first."""
        return [
            (date.fromisoformat(row[0]), date.fromisoformat(row[1]))
            for row in self._conn.execute(
                "SELECT starts_on, ends_on FROM member_absences "
                "WHERE member_id = ? AND ends_on >= ? ORDER BY starts_on",
                (member_id, today.isoformat()),
            )
        ]

    def end_absences(self, member_id: int, today: date) -> int:
        """Back from today: the absence under way ends (yesterday, or is dropped if it began
        today); absences planned later are kept."""
        day = today.isoformat()
        dropped = self._conn.execute(
            "DELETE FROM member_absences WHERE member_id = ? AND starts_on = ?",
            (member_id, day),
        ).rowcount
        shortened = self._conn.execute(
            "UPDATE member_absences SET ends_on = ? "
            "WHERE member_id = ? AND starts_on < ? AND ends_on >= ?",
            ((today - timedelta(days=1)).isoformat(), member_id, day, day),
        ).rowcount
        return dropped + shortened

    def skills(self, member_id: int) -> set[str]:
        return {
            row[0]
            for row in self._conn.execute(
                "SELECT skill FROM member_skills WHERE member_id = ?", (member_id,)
            )
        }

    def set_skill(self, member_id: int, skill: str, covered: bool) -> None:
        if covered:
            self._conn.execute(
                "INSERT OR IGNORE INTO member_skills(member_id, skill) VALUES (?, ?)",
                (member_id, skill),
            )
        else:
            self._conn.execute(
                "DELETE FROM member_skills WHERE member_id = ? AND skill = ?", (member_id, skill)
            )
