"""The raw records behind the yearly indicators: cases declared in a period, with timestamps."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from flows.domain.model import CaseFacts, YearRecords
from storage.timestamps import from_db, maybe_from_db, to_db

_ACTING_ROLES = ("cell", "pilot")


class SqlIndicators:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def year_records(self, start: datetime, end: datetime) -> YearRecords:
        period = (to_db(start), to_db(end))
        in_period = "SELECT id FROM incidents WHERE declared_at >= ? AND declared_at < ?"
        cases = [
            CaseFacts(
                id=row[0],
                reference=row[1],
                incident_type=row[2],
                declared_at=from_db(row[3]),
                level=row[4],
                status=row[5],
                possible_eigs=bool(row[6]),
                acknowledged_at=maybe_from_db(row[7]),
                closed_at=maybe_from_db(row[8]),
            )
            for row in self._conn.execute(
                "SELECT id, reference, incident_type, declared_at, level, status, possible_eigs, "
                "acknowledged_at, closed_at FROM incidents "
                "WHERE declared_at >= ? AND declared_at < ? ORDER BY id",
                period,
            )
        ]
        declarants = self._conn.execute(
            "SELECT COUNT(DISTINCT declarant_id) FROM incidents "
            "WHERE declared_at >= ? AND declared_at < ?",
            period,
        ).fetchone()[0]
        acting = self._conn.execute(
            "SELECT COUNT(DISTINCT h.actor_id) FROM incident_history h "
            "JOIN members m ON m.id = h.actor_id "
            f"WHERE m.role IN (?, ?) AND h.incident_id IN ({in_period})",
            (*_ACTING_ROLES, *period),
        ).fetchone()[0]
        answers = [
            row[0]
            for row in self._conn.execute(
                "SELECT answer FROM checkins WHERE answer IS NOT NULL "
                f"AND incident_id IN ({in_period})",
                period,
            )
        ]
        scores = [
            (row[0], row[1])
            for row in self._conn.execute(
                "SELECT reactivity, help FROM satisfaction WHERE answered_at IS NOT NULL "
                f"AND incident_id IN ({in_period})",
                period,
            )
        ]
        return YearRecords(cases, int(declarants), int(acting), answers, scores)
