"""RCP meetings, their agenda items, votes, presence and decisions."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from typing import Any

from flows.domain.model import AgendaItem, Decision, Meeting, MeetingStatus, NewMeeting
from storage.sealed import DECISIONS, ITEMS, MEETINGS, new_row_id
from storage.timestamps import from_db, to_db

_MEETING = (
    "id, title, starts_at, duration_min, place, audience, proposals_until, votes_until, "
    "max_items, quorum, status, version, sequence"
)
_ITEM = (
    "id, meeting_id, author_id, title, description, kind, minutes_est, case_ref, state, "
    "created_at, position"
)


_DECISION = "id, meeting_id, item_id, text, owner_id, due_on, state"


def _decision(conn: sqlite3.Connection, row: tuple[Any, ...]) -> Decision:
    text = DECISIONS.key(conn, row[1]).open_text("text", row[0], row[3])
    return Decision(row[0], row[1], row[2], text, row[4], date.fromisoformat(row[5]), row[6])


def _meeting(row: tuple[Any, ...]) -> Meeting:
    return Meeting(
        id=row[0],
        title=row[1],
        starts_at=from_db(row[2]),
        duration_min=row[3],
        place=row[4],
        audience=row[5],
        proposals_until=from_db(row[6]),
        votes_until=from_db(row[7]),
        max_items=row[8],
        quorum=row[9],
        status=MeetingStatus(row[10]),
        version=row[11],
        sequence=row[12],
    )


def _item(conn: sqlite3.Connection, row: tuple[Any, ...]) -> AgendaItem:
    key = ITEMS.key(conn, row[1])
    return AgendaItem(
        id=row[0],
        meeting_id=row[1],
        author_id=row[2],
        title=key.open_text("title", row[0], row[3]),
        description=key.open_text("description", row[0], row[4]),
        kind=row[5],
        minutes_est=row[6],
        case_ref=row[7],
        state=row[8],
        created_at=from_db(row[9]),
        position=row[10],
    )


def _details(new: NewMeeting) -> tuple[Any, ...]:
    """A meeting's details, in the order both the INSERT and the UPDATE name them."""
    return (
        new.title,
        to_db(new.starts_at),
        new.duration_min,
        new.place,
        new.audience,
        to_db(new.proposals_until),
        to_db(new.votes_until),
        new.max_items,
        new.quorum,
    )


class SqlRcp:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    # -- meetings ----------------------------------------------------------------------------

    def add_meeting(self, new: NewMeeting, created_by: int, now: datetime) -> Meeting:
        cursor = self._conn.execute(
            "INSERT INTO rcp_meetings(title, starts_at, duration_min, place, audience, "
            "proposals_until, votes_until, max_items, quorum, status, created_by, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                *_details(new),
                MeetingStatus.PROPOSALS.value,
                created_by,
                to_db(now),
            ),
        )
        assert cursor.lastrowid is not None
        meeting = self.meeting(cursor.lastrowid)
        assert meeting is not None
        return meeting

    def meeting(self, meeting_id: int) -> Meeting | None:
        row = self._conn.execute(
            f"SELECT {_MEETING} FROM rcp_meetings WHERE id = ?", (meeting_id,)
        ).fetchone()
        return _meeting(row) if row else None

    def upcoming(self, now: datetime) -> list[Meeting]:
        """Meetings not yet held (nor cancelled), soonest first."""
        return [
            _meeting(row)
            for row in self._conn.execute(
                f"SELECT {_MEETING} FROM rcp_meetings WHERE starts_at > ? AND status != ? "
                "ORDER BY starts_at",
                (to_db(now), MeetingStatus.CANCELLED.value),
            )
        ]

    def held_without_minutes(self, now: datetime) -> list[Meeting]:
        """Meetings held (published, begun) whose minutes are not published yet."""
        return [
            _meeting(row)
            for row in self._conn.execute(
                f"SELECT {_MEETING} FROM rcp_meetings WHERE starts_at <= ? AND status = ? "
                "ORDER BY starts_at",
                (to_db(now), MeetingStatus.PUBLISHED.value),
            )
        ]

    def update_meeting(self, meeting_id: int, new: NewMeeting, expected_version: int) -> bool:
        """Change a meeting's details; False if someone changed it since `expected_version`."""
        cursor = self._conn.execute(
            "UPDATE rcp_meetings SET title = ?, starts_at = ?, duration_min = ?, place = ?, "
            "audience = ?, proposals_until = ?, votes_until = ?, max_items = ?, quorum = ?, "
            "version = version + 1 WHERE id = ? AND version = ?",
            (
                *_details(new),
                meeting_id,
                expected_version,
            ),
        )
        return cursor.rowcount == 1

    def set_status(self, meeting_id: int, status: MeetingStatus, expected_version: int) -> bool:
        """Move the meeting on; False if someone changed it since `expected_version`."""
        cursor = self._conn.execute(
            "UPDATE rcp_meetings SET status = ?, version = version + 1 "
            "WHERE id = ? AND version = ?",
            (status.value, meeting_id, expected_version),
        )
        return cursor.rowcount == 1

    # -- items -------------------------------------------------------------------------------

    def add_item(
        self,
        meeting_id: int,
        author_id: int,
        title: str,
        description: str,
        kind: str,
        minutes_est: int,
        case_ref: str | None,
        now: datetime,
    ) -> AgendaItem:
        item_id = new_row_id(self._conn, ITEMS.table)
        key = ITEMS.key(self._conn, meeting_id)
        self._conn.execute(
            "INSERT INTO rcp_items(id, meeting_id, author_id, title, description, kind, "
            "minutes_est, case_ref, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                item_id,
                meeting_id,
                author_id,
                key.seal("title", item_id, title),
                key.seal("description", item_id, description),
                kind,
                minutes_est,
                case_ref,
                to_db(now),
            ),
        )
        item = self.item(item_id)
        assert item is not None
        return item

    def item(self, item_id: int) -> AgendaItem | None:
        row = self._conn.execute(
            f"SELECT {_ITEM} FROM rcp_items WHERE id = ?", (item_id,)
        ).fetchone()
        return _item(self._conn, row) if row else None

    def items(self, meeting_id: int, states: tuple[str, ...] = ("proposed",)) -> list[AgendaItem]:
        marks = ", ".join("?" * len(states))
        return [
            _item(self._conn, row)
            for row in self._conn.execute(
                f"SELECT {_ITEM} FROM rcp_items WHERE meeting_id = ? AND state IN ({marks}) "
                "ORDER BY id",
                (meeting_id, *states),
            )
        ]

    def items_of(self, author_id: int, meeting_id: int) -> list[AgendaItem]:
        return [
            _item(self._conn, row)
            for row in self._conn.execute(
                f"SELECT {_ITEM} FROM rcp_items WHERE author_id = ? AND meeting_id = ? "
                "AND state = 'proposed' ORDER BY id",
                (author_id, meeting_id),
            )
        ]

    def toggle_vote(self, meeting_id: int, item_id: int, member_id: int, now: datetime) -> bool:
        """Approve the item, or take the approval back; True if it is approved now."""
        self._conn.execute(
            "INSERT OR IGNORE INTO rcp_voters(meeting_id, member_id) VALUES (?, ?)",
            (meeting_id, member_id),
        )
        removed = self._conn.execute(
            "DELETE FROM rcp_votes WHERE item_id = ? AND member_id = ?", (item_id, member_id)
        ).rowcount
        if removed:
            return False
        self._conn.execute(
            "INSERT INTO rcp_votes(item_id, member_id, at) VALUES (?, ?, ?)",
            (item_id, member_id, to_db(now)),
        )
        return True

    def approved_by(self, meeting_id: int, member_id: int) -> set[int]:
        return {
            row[0]
            for row in self._conn.execute(
                "SELECT v.item_id FROM rcp_votes v JOIN rcp_items i ON i.id = v.item_id "
                "WHERE i.meeting_id = ? AND v.member_id = ?",
                (meeting_id, member_id),
            )
        }

    def tally(self, meeting_id: int) -> dict[int, int]:
        """Approvals per proposed item (zero included)."""
        return {
            row[0]: row[1]
            for row in self._conn.execute(
                "SELECT i.id, COUNT(v.member_id) FROM rcp_items i "
                "LEFT JOIN rcp_votes v ON v.item_id = i.id "
                "WHERE i.meeting_id = ? AND i.state IN ('proposed', 'scheduled') GROUP BY i.id",
                (meeting_id,),
            )
        }

    def voters(self, meeting_id: int) -> set[int]:
        return {
            row[0]
            for row in self._conn.execute(
                "SELECT member_id FROM rcp_voters WHERE meeting_id = ?", (meeting_id,)
            )
        }

    def schedule(self, meeting_id: int, ordered: list[int]) -> None:
        """The agenda: these items in this order; every other proposal is off it."""
        self._conn.execute(
            "UPDATE rcp_items SET state = 'proposed', position = NULL "
            "WHERE meeting_id = ? AND state = 'scheduled'",
            (meeting_id,),
        )
        self._conn.executemany(
            "UPDATE rcp_items SET state = 'scheduled', position = ? "
            "WHERE id = ? AND meeting_id = ?",
            [(position, item_id, meeting_id) for position, item_id in enumerate(ordered, 1)],
        )

    def agenda(self, meeting_id: int) -> list[AgendaItem]:
        return [
            _item(self._conn, row)
            for row in self._conn.execute(
                f"SELECT {_ITEM} FROM rcp_items WHERE meeting_id = ? AND state = 'scheduled' "
                "ORDER BY position",
                (meeting_id,),
            )
        ]

    def next_sequence(self, meeting_id: int) -> int:
        """The invitation is sent again: its SEQUENCE grows (calendars replace the event)."""
        self._conn.execute(
            "UPDATE rcp_meetings SET sequence = sequence + 1 WHERE id = ?", (meeting_id,)
        )
        row = self._conn.execute(
            "SELECT sequence FROM rcp_meetings WHERE id = ?", (meeting_id,)
        ).fetchone()
        return int(row[0])

    def mark_published(self, meeting_id: int, now: datetime) -> None:
        self._conn.execute(
            "UPDATE rcp_meetings SET published_at = ? WHERE id = ?", (to_db(now), meeting_id)
        )

    def set_presence(self, meeting_id: int, member_id: int, present: bool, now: datetime) -> None:
        self._conn.execute(
            "INSERT INTO rcp_presence(meeting_id, member_id, present, at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(meeting_id, member_id) DO UPDATE SET present = excluded.present, "
            "at = excluded.at",
            (meeting_id, member_id, int(present), to_db(now)),
        )

    def presence(self, meeting_id: int) -> dict[int, bool]:
        return {
            row[0]: bool(row[1])
            for row in self._conn.execute(
                "SELECT member_id, present FROM rcp_presence WHERE meeting_id = ?", (meeting_id,)
            )
        }

    def set_outcome(self, item_id: int, outcome: str) -> None:
        row = self._conn.execute(
            "SELECT meeting_id FROM rcp_items WHERE id = ?", (item_id,)
        ).fetchone()
        if row is not None:
            sealed = ITEMS.key(self._conn, row[0]).seal("outcome", item_id, outcome)
            self._conn.execute("UPDATE rcp_items SET outcome = ? WHERE id = ?", (sealed, item_id))

    def outcomes(self, meeting_id: int) -> dict[int, str]:
        key = ITEMS.key(self._conn, meeting_id)
        return {
            row[0]: key.open_text("outcome", row[0], row[1])
            for row in self._conn.execute(
                "SELECT id, outcome FROM rcp_items WHERE meeting_id = ? AND outcome IS NOT NULL",
                (meeting_id,),
            ).fetchall()
        }

    def set_other_attendees(self, meeting_id: int, text: str | None) -> None:
        sealed = MEETINGS.key(self._conn, meeting_id).seal("other_attendees", meeting_id, text)
        self._conn.execute(
            "UPDATE rcp_meetings SET other_attendees = ? WHERE id = ?", (sealed, meeting_id)
        )

    def other_attendees(self, meeting_id: int) -> str | None:
        row = self._conn.execute(
            "SELECT other_attendees FROM rcp_meetings WHERE id = ?", (meeting_id,)
        ).fetchone()
        if row is None or row[0] is None:
            return None
        return MEETINGS.key(self._conn, meeting_id).open("other_attendees", meeting_id, row[0])

    def mark_minutes_published(self, meeting_id: int, now: datetime) -> bool:
        cursor = self._conn.execute(
            "UPDATE rcp_meetings SET minutes_published_at = ?, status = ?, version = version + 1 "
            "WHERE id = ? AND minutes_published_at IS NULL",
            (to_db(now), MeetingStatus.MINUTES_PUBLISHED.value, meeting_id),
        )
        return cursor.rowcount == 1

    def add_decision(
        self,
        meeting_id: int,
        item_id: int | None,
        text: str,
        owner_id: int,
        due_on: date,
        now: datetime,
    ) -> Decision:
        decision_id = new_row_id(self._conn, DECISIONS.table)
        sealed = DECISIONS.key(self._conn, meeting_id).seal("text", decision_id, text)
        self._conn.execute(
            "INSERT INTO rcp_decisions(id, meeting_id, item_id, text, owner_id, due_on, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (decision_id, meeting_id, item_id, sealed, owner_id, due_on.isoformat(), to_db(now)),
        )
        return Decision(decision_id, meeting_id, item_id, text, owner_id, due_on, "open")

    def decision(self, decision_id: int) -> Decision | None:
        row = self._conn.execute(
            f"SELECT {_DECISION} FROM rcp_decisions WHERE id = ?", (decision_id,)
        ).fetchone()
        return _decision(self._conn, row) if row else None

    def decisions(self, meeting_id: int) -> list[Decision]:
        return [
            _decision(self._conn, row)
            for row in self._conn.execute(
                f"SELECT {_DECISION} FROM rcp_decisions WHERE meeting_id = ? ORDER BY id",
                (meeting_id,),
            )
        ]

    def open_decisions(self, owner_id: int | None = None) -> list[Decision]:
        """Decisions not done yet (of one owner, or all of them), soonest due first."""
        where, params = ("AND owner_id = ?", (owner_id,)) if owner_id is not None else ("", ())
        return [
            _decision(self._conn, row)
            for row in self._conn.execute(
                f"SELECT {_DECISION} FROM rcp_decisions WHERE state = 'open' {where} "
                "ORDER BY due_on, id",
                params,
            )
        ]

    def drop_decisions(self, meeting_id: int) -> None:
        """Decisions noted in minutes not yet published (the minutes are written again)."""
        self._conn.execute("DELETE FROM rcp_decisions WHERE meeting_id = ?", (meeting_id,))

    def finish_decision(self, decision_id: int, now: datetime) -> bool:
        cursor = self._conn.execute(
            "UPDATE rcp_decisions SET state = 'done', closed_at = ? "
            "WHERE id = ? AND state = 'open'",
            (to_db(now), decision_id),
        )
        return cursor.rowcount == 1

    def merge_item(self, item_id: int, into_id: int) -> bool:
        cursor = self._conn.execute(
            "UPDATE rcp_items SET state = 'merged', merged_into = ? "
            "WHERE id = ? AND state = 'proposed'",
            (into_id, item_id),
        )
        return cursor.rowcount == 1

    def set_item_state(self, item_id: int, state: str, reason: str | None = None) -> bool:
        row = self._conn.execute(
            "SELECT meeting_id FROM rcp_items WHERE id = ?", (item_id,)
        ).fetchone()
        if row is None:
            return False
        sealed = ITEMS.key(self._conn, row[0]).seal("reason", item_id, reason)
        cursor = self._conn.execute(
            "UPDATE rcp_items SET state = ?, reason = ? WHERE id = ? AND state = 'proposed'",
            (state, sealed, item_id),
        )
        return cursor.rowcount == 1
