"""Cases as the quality cell handles them: who is asked, who takes them, what happened."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from typing import Any

from flows.domain.assignment import Candidate
from flows.domain.model import Case, ContactMode, IncidentStatus, Offer, OfferOutcome, Role
from storage.sealed import HISTORY, INCIDENTS, MESSAGES, new_row_id
from storage.timestamps import from_db, maybe_from_db, to_db

_CASE = (
    "id, reference, declarant_id, incident_type, event_date, facts, why, learned, "
    "possible_eigs, anonymous, contact_mode, phone, contact_slot, status, assigned_to, "
    "first_contact_at, level, declared_at, closed_at, outcome, orientation, meeting_at, report, "
    "report_approved_at, eigs_part1_on, eigs_part2_on"
)
OPEN_STATUSES = (IncidentStatus.ASSIGNED.value, IncidentStatus.IN_PROGRESS.value)


def _case(conn: sqlite3.Connection, row: tuple[Any, ...]) -> Case:
    case_id = row[0]
    key = INCIDENTS.key(conn, case_id)
    return Case(
        id=case_id,
        reference=row[1],
        declarant_id=row[2],
        incident_type=row[3],
        event_date=date.fromisoformat(row[4]),
        facts=key.open_text("facts", case_id, row[5]),
        why=key.open("why", case_id, row[6]),
        learned=key.open("learned", case_id, row[7]),
        possible_eigs=bool(row[8]),
        anonymous=bool(row[9]),
        contact_mode=ContactMode(row[10]),
        phone=key.open("phone", case_id, row[11]),
        contact_slot=key.open("contact_slot", case_id, row[12]),
        status=IncidentStatus(row[13]),
        assigned_to=row[14],
        first_contact_at=maybe_from_db(row[15]),
        level=row[16],
        declared_at=maybe_from_db(row[17]),
        closed_at=maybe_from_db(row[18]),
        outcome=key.open("outcome", case_id, row[19]),
        orientation=key.open("orientation", case_id, row[20]),
        meeting_at=maybe_from_db(row[21]),
        report=key.open("report", case_id, row[22]),
        report_approved_at=maybe_from_db(row[23]),
        eigs_part1_on=date.fromisoformat(row[24]) if row[24] else None,
        eigs_part2_on=date.fromisoformat(row[25]) if row[25] else None,
    )


def _offer(row: tuple[Any, ...]) -> Offer:
    return Offer(row[0], row[1], row[2], from_db(row[3]), OfferOutcome(row[4]) if row[4] else None)


class SqlCases:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def get(self, incident_id: int) -> Case | None:
        row = self._conn.execute(
            f"SELECT {_CASE} FROM incidents WHERE id = ?", (incident_id,)
        ).fetchone()
        return _case(self._conn, row) if row else None

    def by_reference(self, reference: str) -> Case | None:
        row = self._conn.execute(
            f"SELECT {_CASE} FROM incidents WHERE reference = ?", (reference.upper(),)
        ).fetchone()
        return _case(self._conn, row) if row else None

    def candidates(self, today: date) -> list[Candidate]:
        """Every active cell member, with skills, load and whether available today."""
        day = today.isoformat()
        rows = self._conn.execute(
            "SELECT m.id, m.last_assigned_at, "
            "(SELECT COUNT(*) FROM incidents i WHERE i.assigned_to = m.id "
            f" AND i.status IN ({', '.join('?' * len(OPEN_STATUSES))})), "
            "EXISTS (SELECT 1 FROM member_absences a WHERE a.member_id = m.id "
            " AND a.starts_on <= ? AND a.ends_on >= ?), "
            "(SELECT group_concat(skill, char(31)) FROM member_skills s WHERE s.member_id = m.id) "
            "FROM members m WHERE m.role = ? AND m.active = 1 ORDER BY m.id",
            (*OPEN_STATUSES, day, day, Role.CELL.value),
        ).fetchall()
        return [
            Candidate(
                member_id=row[0],
                skills=frozenset(row[4].split("\x1f")) if row[4] else frozenset(),
                open_cases=row[2],
                last_assigned_at=maybe_from_db(row[1]),
                available=not row[3],
            )
            for row in rows
        ]

    def offers(self, incident_id: int) -> list[Offer]:
        return [
            _offer(row)
            for row in self._conn.execute(
                "SELECT id, incident_id, member_id, offered_at, outcome FROM case_offers "
                "WHERE incident_id = ? ORDER BY id",
                (incident_id,),
            )
        ]

    def get_offer(self, offer_id: int) -> Offer | None:
        row = self._conn.execute(
            "SELECT id, incident_id, member_id, offered_at, outcome FROM case_offers WHERE id = ?",
            (offer_id,),
        ).fetchone()
        return _offer(row) if row else None

    def offer(
        self,
        case: Case,
        member_id: int,
        now: datetime,
        assigned_by: int | None = None,
        reasons: str = "",
    ) -> Offer:
        """Ask `member_id` to take the case: it is assigned to them until they answer."""
        cursor = self._conn.execute(
            "INSERT INTO case_offers(incident_id, member_id, offered_at, assigned_by) "
            "VALUES (?, ?, ?, ?)",
            (case.id, member_id, to_db(now), assigned_by),
        )
        self._conn.execute(
            "UPDATE incidents SET status = ?, assigned_to = ? WHERE id = ?",
            (IncidentStatus.ASSIGNED.value, member_id, case.id),
        )
        self._conn.execute(
            "UPDATE members SET last_assigned_at = ? WHERE id = ?", (to_db(now), member_id)
        )
        note = f"offered to {member_id}" + (f" ({reasons})" if reasons else "")
        self.record(case.id, IncidentStatus.ASSIGNED, assigned_by, note, now)
        assert cursor.lastrowid is not None
        return Offer(cursor.lastrowid, case.id, member_id, now, None)

    def close_offer(
        self, offer_id: int, outcome: OfferOutcome, now: datetime, reason: str | None = None
    ) -> bool:
        """True if this call closed the offer (it was still open)."""
        cursor = self._conn.execute(
            "UPDATE case_offers SET outcome = ?, outcome_at = ?, reason = ? "
            "WHERE id = ? AND outcome IS NULL",
            (outcome.value, to_db(now), reason, offer_id),
        )
        return cursor.rowcount == 1

    def set_offer_reason(self, offer_id: int, reason: str) -> None:
        self._conn.execute("UPDATE case_offers SET reason = ? WHERE id = ?", (reason, offer_id))

    def claim(self, case: Case, member_id: int, now: datetime) -> bool:
        """The member takes the case; False if it was no longer theirs to take."""
        cursor = self._conn.execute(
            "UPDATE incidents SET status = ?, acknowledged_at = ? "
            "WHERE id = ? AND assigned_to = ? AND status = ?",
            (
                IncidentStatus.IN_PROGRESS.value,
                to_db(now),
                case.id,
                member_id,
                IncidentStatus.ASSIGNED.value,
            ),
        )
        if cursor.rowcount != 1:
            return False
        self.record(case.id, IncidentStatus.IN_PROGRESS, member_id, "claimed", now)
        return True

    def first_contact(self, case: Case, member_id: int, how: str, now: datetime) -> bool:
        """Record the first contact with the declarant; False if one was already recorded."""
        cursor = self._conn.execute(
            "UPDATE incidents SET first_contact_at = ? WHERE id = ? AND first_contact_at IS NULL",
            (to_db(now), case.id),
        )
        self.record(case.id, IncidentStatus.IN_PROGRESS, member_id, f"contact: {how}", now)
        return cursor.rowcount == 1

    def add_message(
        self, case: Case, author_id: int, author_role: str, text: str, now: datetime
    ) -> None:
        message_id = new_row_id(self._conn, MESSAGES.table)
        self._conn.execute(
            "INSERT INTO case_messages(id, incident_id, at, author_id, author_role, text) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (
                message_id,
                case.id,
                to_db(now),
                author_id,
                author_role,
                MESSAGES.key(self._conn, case.id).seal("text", message_id, text),
            ),
        )

    def messages(self, case: Case) -> list[tuple[datetime, str, str]]:
        """The journal: (when, author role, text), oldest first."""
        key = MESSAGES.key(self._conn, case.id)
        return [
            (from_db(row[1]), row[2], key.open_text("text", row[0], row[3]))
            for row in self._conn.execute(
                "SELECT id, at, author_role, text FROM case_messages WHERE incident_id = ? "
                "ORDER BY id",
                (case.id,),
            )
        ]

    def open_cases_of(self, member_id: int) -> list[Case]:
        """Cases this member declared or handles, not closed yet."""
        return [
            _case(self._conn, row)
            for row in self._conn.execute(
                f"SELECT {_CASE} FROM incidents WHERE (declarant_id = ? OR assigned_to = ?) "
                f"AND status IN (?, ?, ?) ORDER BY id",
                (member_id, member_id, IncidentStatus.DECLARED.value, *OPEN_STATUSES),
            )
        ]

    def unassign(self, case: Case, now: datetime, note: str) -> None:
        """Nobody has the case now (everyone declined or is unavailable): back to declared."""
        if case.status is IncidentStatus.DECLARED and case.assigned_to is None:
            return  # already so: the history only records changes
        self._conn.execute(
            "UPDATE incidents SET status = ?, assigned_to = NULL WHERE id = ?",
            (IncidentStatus.DECLARED.value, case.id),
        )
        self.record(case.id, IncidentStatus.DECLARED, None, note, now)

    def record(
        self,
        incident_id: int,
        status: IncidentStatus,
        actor_id: int | None,
        note: str | None,
        now: datetime,
        level: int | None = None,
    ) -> None:
        record_history(self._conn, incident_id, status, actor_id, note, now, level)

    def history(self, incident_id: int) -> list[tuple[datetime, str, int | None, str | None]]:
        """What happened to a case: (when, status, who, note), oldest first."""
        key = HISTORY.key(self._conn, incident_id)
        return [
            (from_db(row[1]), row[2], row[3], key.open("note", row[0], row[4]))
            for row in self._conn.execute(
                "SELECT id, at, status, actor_id, note FROM incident_history "
                "WHERE incident_id = ? ORDER BY id",
                (incident_id,),
            )
        ]


def record_history(
    conn: sqlite3.Connection,
    incident_id: int,
    status: IncidentStatus,
    actor_id: int | None,
    note: str | None,
    now: datetime,
    level: int | None,
) -> None:
    """A row of a case's history; its note (free text at times: a reason) is sealed."""
    row_id = new_row_id(conn, HISTORY.table)
    conn.execute(
        "INSERT INTO incident_history(id, incident_id, at, status, actor_id, note, level) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            row_id,
            incident_id,
            to_db(now),
            status.value,
            actor_id,
            HISTORY.key(conn, incident_id).seal("note", row_id, note),
            level,
        ),
    )
