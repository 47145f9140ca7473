"""What the cell records while working a case: level, closing, check-ins, satisfaction, and the
level-3 analysis (steps, timeline, factors, actions)."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from typing import Any

from flows.domain.model import (
    Action,
    ActionState,
    Case,
    CheckIn,
    Factor,
    IncidentStatus,
    Survey,
    TimelineEntry,
)
from storage.cases import record_history
from storage.sealed import ACTIONS, FACTORS, INCIDENTS, SURVEYS, TIMELINE, new_row_id
from storage.timestamps import from_db, maybe_from_db, to_db

# Columns a flow may set on a case with `set_field` (never anything else).
_FIELDS = frozenset(
    {
        "outcome",
        "orientation",
        "meeting_at",
        "report",
        "report_approved_at",
        "eigs_part1_on",
        "eigs_part2_on",
    }
)
# Of those, the ones that hold free text, sealed under the case's key.
_SEALED_FIELDS = frozenset({"outcome", "orientation", "report"})
_SURVEY = "id, incident_id, respondent_id, audience, reactivity, help, comment, answered_at"
_ACTION = "id, incident_id, text, owner_id, due_on, state, note"
_history = record_history


def _survey(conn: sqlite3.Connection, row: tuple[Any, ...]) -> Survey:
    comment = SURVEYS.key(conn, row[1]).open("comment", row[0], row[6])
    return Survey(row[0], row[1], row[2], row[3], row[4], row[5], comment, maybe_from_db(row[7]))


def _action(conn: sqlite3.Connection, row: tuple[Any, ...]) -> Action:
    key = ACTIONS.key(conn, row[1])
    return Action(
        row[0],
        row[1],
        key.open_text("text", row[0], row[2]),
        row[3],
        date.fromisoformat(row[4]),
        ActionState(row[5]),
        key.open("note", row[0], row[6]),
    )


class SqlCasework:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    # -- level and state ---------------------------------------------------------------------

    def set_level(self, case: Case, level: int, actor_id: int | None, now: datetime) -> None:
        self._conn.execute("UPDATE incidents SET level = ? WHERE id = ?", (level, case.id))
        _history(self._conn, case.id, case.status, actor_id, f"level {level}", now, level)

    def set_field(self, case_id: int, name: str, value: str | date | datetime | None) -> None:
        if name not in _FIELDS:
            raise ValueError(name)
        if isinstance(value, datetime):
            value = to_db(value)
        text = value.isoformat() if isinstance(value, date) else value
        stored = (
            INCIDENTS.key(self._conn, case_id).seal(name, case_id, text)
            if name in _SEALED_FIELDS
            else text
        )
        self._conn.execute(f"UPDATE incidents SET {name} = ? WHERE id = ?", (stored, case_id))

    def close(
        self, case: Case, status: IncidentStatus, reason: str, actor_id: int | None, now: datetime
    ) -> bool:
        """Close an open case; False if it was closed already (a second press)."""
        cursor = self._conn.execute(
            "UPDATE incidents SET status = ?, closed_at = ?, close_reason = ? "
            "WHERE id = ? AND status NOT IN ('resolved', 'unresolved', 'withdrawn')",
            (
                status.value,
                to_db(now),
                INCIDENTS.key(self._conn, case.id).seal("close_reason", case.id, reason),
                case.id,
            ),
        )
        if cursor.rowcount != 1:
            return False
        _history(self._conn, case.id, status, actor_id, f"closed: {reason}", now, case.level)
        return True

    def reopen(self, case: Case, actor_id: int, now: datetime) -> bool:
        status = IncidentStatus.IN_PROGRESS if case.assigned_to else IncidentStatus.DECLARED
        cursor = self._conn.execute(
            "UPDATE incidents SET status = ?, closed_at = NULL, close_reason = NULL "
            "WHERE id = ? AND status IN ('resolved', 'unresolved')",
            (status.value, case.id),
        )
        if cursor.rowcount != 1:
            return False
        _history(self._conn, case.id, status, actor_id, "reopened", now, case.level)
        return True

    def note(self, case: Case, actor_id: int | None, note: str, now: datetime) -> None:
        _history(self._conn, case.id, case.status, actor_id, note, now, case.level)

    # -- level 2: check-ins ------------------------------------------------------------------

    def add_checkin(self, case_id: int, now: datetime) -> int:
        cursor = self._conn.execute(
            "INSERT INTO checkins(incident_id, asked_at) VALUES (?, ?)", (case_id, to_db(now))
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def checkin(self, checkin_id: int) -> CheckIn | None:
        row = self._conn.execute(
            "SELECT id, incident_id, asked_at, answer FROM checkins WHERE id = ?", (checkin_id,)
        ).fetchone()
        return CheckIn(row[0], row[1], from_db(row[2]), row[3]) if row else None

    def latest_checkin(self, case_id: int) -> CheckIn | None:
        row = self._conn.execute(
            "SELECT id, incident_id, asked_at, answer FROM checkins WHERE incident_id = ? "
            "ORDER BY id DESC LIMIT 1",
            (case_id,),
        ).fetchone()
        return CheckIn(row[0], row[1], from_db(row[2]), row[3]) if row else None

    def answer_checkin(self, checkin_id: int, answer: str, now: datetime) -> bool:
        cursor = self._conn.execute(
            "UPDATE checkins SET answer = ?, answered_at = ? WHERE id = ? AND answer IS NULL",
            (answer, to_db(now), checkin_id),
        )
        return cursor.rowcount == 1

    # -- satisfaction ------------------------------------------------------------------------

    def ask_survey(self, case_id: int, respondent_id: int, audience: str, now: datetime) -> bool:
        """Record that this person is asked; False if they were asked about this case before."""
        cursor = self._conn.execute(
            "INSERT INTO satisfaction(incident_id, respondent_id, audience, asked_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (case_id, respondent_id, audience, to_db(now)),
        )
        return cursor.rowcount == 1

    def survey(self, case_id: int, respondent_id: int) -> Survey | None:
        row = self._conn.execute(
            f"SELECT {_SURVEY} FROM satisfaction WHERE incident_id = ? AND respondent_id = ?",
            (case_id, respondent_id),
        ).fetchone()
        return _survey(self._conn, row) if row else None

    def survey_by_id(self, survey_id: int) -> Survey | None:
        row = self._conn.execute(
            f"SELECT {_SURVEY} FROM satisfaction WHERE id = ?", (survey_id,)
        ).fetchone()
        return _survey(self._conn, row) if row else None

    def rate(self, survey_id: int, question: str, score: int, now: datetime) -> bool:
        """Store a 1–5 score once; False if that question was answered already."""
        column = {"reactivity": "reactivity", "help": "help"}[question]
        cursor = self._conn.execute(
            f"UPDATE satisfaction SET {column} = ?, answered_at = ? "
            f"WHERE id = ? AND {column} IS NULL",
            (score, to_db(now), survey_id),
        )
        return cursor.rowcount == 1

    def comment(self, survey_id: int, text: str) -> None:
        row = self._conn.execute(
            "SELECT incident_id FROM satisfaction WHERE id = ?", (survey_id,)
        ).fetchone()
        if row is None:
            return
        sealed = SURVEYS.key(self._conn, row[0]).seal("comment", survey_id, text)
        self._conn.execute("UPDATE satisfaction SET comment = ? WHERE id = ?", (sealed, survey_id))

    # -- level 3: the analysis ---------------------------------------------------------------

    def mark_step(self, case_id: int, step: int, actor_id: int, now: datetime) -> bool:
        cursor = self._conn.execute(
            "INSERT INTO case_steps(incident_id, step, done_at, done_by) VALUES (?, ?, ?, ?) "
            "ON CONFLICT DO NOTHING",
            (case_id, step, to_db(now), actor_id),
        )
        return cursor.rowcount == 1

    def steps(self, case_id: int) -> set[int]:
        return {
            row[0]
            for row in self._conn.execute(
                "SELECT step FROM case_steps WHERE incident_id = ?", (case_id,)
            )
        }

    def add_timeline(
        self, case_id: int, happened_at: datetime, text: str, actor_id: int, now: datetime
    ) -> None:
        row_id = new_row_id(self._conn, TIMELINE.table)
        sealed = TIMELINE.key(self._conn, case_id).seal("text", row_id, text)
        self._conn.execute(
            "INSERT INTO case_timeline(id, incident_id, happened_at, text, added_by, added_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (row_id, case_id, to_db(happened_at), sealed, actor_id, to_db(now)),
        )

    def timeline(self, case_id: int) -> list[TimelineEntry]:
        key = TIMELINE.key(self._conn, case_id)
        return [
            TimelineEntry(from_db(row[1]), key.open_text("text", row[0], row[2]))
            for row in self._conn.execute(
                "SELECT id, happened_at, text FROM case_timeline WHERE incident_id = ? "
                "ORDER BY happened_at, id",
                (case_id,),
            )
        ]

    def add_factor(
        self, case_id: int, family: str, text: str, actor_id: int, now: datetime
    ) -> None:
        row_id = new_row_id(self._conn, FACTORS.table)
        sealed = FACTORS.key(self._conn, case_id).seal("text", row_id, text)
        self._conn.execute(
            "INSERT INTO case_factors(id, incident_id, family, text, added_by, added_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (row_id, case_id, family, sealed, actor_id, to_db(now)),
        )

    def factors(self, case_id: int) -> list[Factor]:
        key = FACTORS.key(self._conn, case_id)
        return [
            Factor(row[1], key.open_text("text", row[0], row[2]))
            for row in self._conn.execute(
                "SELECT id, family, text FROM case_factors WHERE incident_id = ? ORDER BY id",
                (case_id,),
            )
        ]

    def add_action(
        self, case_id: int, text: str, owner_id: int, due_on: date, actor_id: int, now: datetime
    ) -> Action:
        action_id = new_row_id(self._conn, ACTIONS.table)
        sealed = ACTIONS.key(self._conn, case_id).seal("text", action_id, text)
        self._conn.execute(
            "INSERT INTO case_actions(id, incident_id, text, owner_id, due_on, created_by, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (action_id, case_id, sealed, owner_id, due_on.isoformat(), actor_id, to_db(now)),
        )
        return Action(action_id, case_id, text, owner_id, due_on, ActionState.OPEN)

    def action(self, action_id: int) -> Action | None:
        row = self._conn.execute(
            f"SELECT {_ACTION} FROM case_actions WHERE id = ?", (action_id,)
        ).fetchone()
        return _action(self._conn, row) if row else None

    def actions(self, case_id: int) -> list[Action]:
        return [
            _action(self._conn, row)
            for row in self._conn.execute(
                f"SELECT {_ACTION} FROM case_actions WHERE incident_id = ? ORDER BY due_on, id",
                (case_id,),
            )
        ]

    def actions_of(self, owner_id: int) -> list[Action]:
        return [
            _action(self._conn, row)
            for row in self._conn.execute(
                f"SELECT {_ACTION} FROM case_actions WHERE owner_id = ? AND state = 'open' "
                "ORDER BY due_on, id",
                (owner_id,),
            )
        ]

    def finish_action(
        self, action_id: int, state: ActionState, note: str | None, now: datetime
    ) -> bool:
        row = self._conn.execute(
            "SELECT incident_id FROM case_actions WHERE id = ?", (action_id,)
        ).fetchone()
        if row is None:
            return False
        sealed = ACTIONS.key(self._conn, row[0]).seal("note", action_id, note)
        cursor = self._conn.execute(
            "UPDATE case_actions SET state = ?, note = ?, closed_at = ? "
            "WHERE id = ? AND state = 'open'",
            (state.value, sealed, to_db(now), action_id),
        )
        return cursor.rowcount == 1

    def reassign_action(self, action_id: int, owner_id: int) -> None:
        self._conn.execute(
            "UPDATE case_actions SET owner_id = ? WHERE id = ?", (owner_id, action_id)
        )
