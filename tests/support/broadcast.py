"""A published-ready RCP with many members, for the broadcast test and benchmark."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta

from bot.app import App
from flows.domain.messages import Inbound, InboundKind
from flows.domain.model import MeetingStatus, NewMeeting, Role
from storage.database import run_in_transaction
from storage.unit_of_work import SqlRepositories

FIRST_CHAT = 10_000
COORDINATOR_CHAT = FIRST_CHAT - 1


async def meeting_ready_to_publish(app: App, members: int) -> int:
    """A coordinator, `members` professionals on Telegram (chats FIRST_CHAT…), and a meeting
    whose draft agenda has one item; returns the meeting's version for the publish button."""
    now = app.clock.now()
    return await app.db.call(
        lambda conn: run_in_transaction(conn, lambda c: prepare_meeting(c, members, now))
    )


def prepare_meeting(
    conn: sqlite3.Connection,
    members: int,
    now: datetime,
    transport: str = "telegram",
    address: Callable[[int], str] = lambda n: str(FIRST_CHAT + n),
    coordinator: str = str(COORDINATOR_CHAT),
) -> int:
    """The same, on an open connection (inside a transaction)."""
    repos = SqlRepositories(conn)
    julie = repos.members.add("Julie Blanc", Role.COORDINATOR, None, "fr", None, None, now)
    repos.members.link_identity(julie.id, transport, coordinator, now)
    for number in range(members):
        member = repos.members.add(
            f"Membre {number}", Role.PROFESSIONAL, "infirmier", "fr", None, None, now
        )
        repos.members.link_identity(member.id, transport, address(number), now)
    meeting = repos.rcp.add_meeting(
        NewMeeting(
            "RCP de test",
            now + timedelta(days=7),
            60,
            "Salle 2",
            "all",
            now + timedelta(days=1),
            now + timedelta(days=2),
            5,
            None,
        ),
        julie.id,
        now,
    )
    item = repos.rcp.add_item(
        meeting.id, julie.id, "Protocole AVK", "Relecture", "protocol", 15, None, now
    )
    repos.rcp.set_status(meeting.id, MeetingStatus.AGENDA_DRAFT, meeting.version)
    repos.rcp.schedule(meeting.id, [item.id])
    fresh = repos.rcp.meeting(meeting.id)
    assert fresh is not None
    return fresh.version


async def press_publish(app: App, version: int) -> None:
    """The coordinator's « Publier » (the button's data, as Telegram would hand it over)."""
    await app.engine.handle(
        Inbound(
            "telegram",
            str(COORDINATOR_CHAT),
            f"publish-{version}",
            InboundKind.CHOICE,
            choice_id=f"rcpp:1:{version}",
        )
    )
