"""Declared cases (REX) and their references REX-YYYY-NNNN."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

from flows.domain.model import IncidentStatus, IncidentSummary, NewIncident
from storage.sealed import INCIDENTS, new_row_id
from storage.timestamps import from_db, to_db


class SqlIncidents:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def next_reference(self, year: int) -> str:
        # Runs inside the declaring transaction: SQLite's single writer makes the sequence
        # free of duplicates, and a rollback takes the number back, so there are no gaps.
        row = self._conn.execute(
            "INSERT INTO reference_counters(year, last) VALUES (?, 1) "
            "ON CONFLICT(year) DO UPDATE SET last = last + 1 RETURNING last",
            (year,),
        ).fetchone()
        return f"REX-{year}-{int(row[0]):04d}"

    def add(self, incident: NewIncident, now: datetime, year: int) -> str:
        reference = self.next_reference(year)
        case_id = new_row_id(self._conn, "incidents")
        key = INCIDENTS.key(self._conn, case_id)
        self._conn.execute(
            "INSERT INTO incidents(id, reference, declarant_id, incident_type, event_date, facts, "
            "why, learned, possible_eigs, anonymous, contact_mode, phone, contact_slot, status, "
            "channel, declared_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                case_id,
                reference,
                incident.declarant_id,
                incident.incident_type,
                incident.event_date.isoformat(),
                key.seal("facts", case_id, incident.facts),
                key.seal("why", case_id, incident.why),
                key.seal("learned", case_id, incident.learned),
                int(incident.possible_eigs),
                int(incident.anonymous),
                incident.contact_mode.value,
                key.seal("phone", case_id, incident.phone),
                key.seal("contact_slot", case_id, incident.contact_slot),
                IncidentStatus.DECLARED.value,
                incident.channel,
                to_db(now),
            ),
        )
        self._conn.execute(
            "INSERT INTO incident_history(incident_id, at, status, actor_id) VALUES (?, ?, ?, ?)",
            (case_id, to_db(now), IncidentStatus.DECLARED.value, incident.declarant_id),
        )
        return reference

    def by_declarant(self, member_id: int) -> list[IncidentSummary]:
        return [
            IncidentSummary(
                reference=row[0],
                incident_type=row[1],
                event_date=date.fromisoformat(row[2]),
                status=IncidentStatus(row[3]),
                declared_at=from_db(row[4]),
            )
            for row in self._conn.execute(
                "SELECT reference, incident_type, event_date, status, declared_at FROM incidents "
                "WHERE declarant_id = ? ORDER BY id DESC",
                (member_id,),
            )
        ]
