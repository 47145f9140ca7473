"""Drive conversations through the real engine, database and outbox, with a controllable clock."""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from bot.engine import Engine
from bot.invitations import InvitationRequest, create_invitations
from bot.outbox import OutboxLimits, OutboxSender
from bot.scheduler import ReminderScheduler
from bot.transports.contract import HandleResult
from bot.transports.memory import MemoryTransport
from flows.core.commands import text_inbound
from flows.core.context import FlowSettings
from flows.domain.clock import FakeClock
from flows.domain.messages import Delivery, Inbound, InboundKind
from flows.domain.model import Case, Role
from flows.domain.territory import Territory
from storage.database import Database, run_in_transaction
from storage.encryption import Keyring
from storage.unit_of_work import SqlRepositories
from tests.support.keys import keyring_for

T = TypeVar("T")
# A Sunday afternoon in Paris, outside quiet hours.
START = datetime(2026, 11, 22, 14, 0, tzinfo=UTC)


class Harness:
    def __init__(
        self,
        db_path: Path,
        quiet_hours: tuple[int, int] | None = (20 * 60, 8 * 60),
        limits: OutboxLimits | None = None,
        max_text: int | None = None,
        busy_timeout_ms: int = 10_000,
        keyring: Keyring | None = None,
    ):
        self.clock = FakeClock(START)
        self.db = Database(
            f"sqlite+aiosqlite:///{db_path}",
            busy_timeout_ms=busy_timeout_ms,
            keyring=keyring or keyring_for(db_path),
        )
        self.transport = MemoryTransport("memory", max_text=max_text)
        self.settings = FlowSettings(
            timezone=ZoneInfo("Europe/Paris"),
            draft_reminder_delay=timedelta(hours=2),
            quiet_hours=quiet_hours,
            invite_ttl=timedelta(days=7),
        )
        self.outbox = OutboxSender(
            self.db,
            self.clock,
            {"memory": self.transport},
            limits or OutboxLimits(global_rate=0, chat_rate=0),
            sleep=self._no_sleep,
        )
        self.engine = Engine(self.db, self.clock, self.settings, Territory(), self.outbox.enqueue)
        self.scheduler = ReminderScheduler(self.engine, timedelta(seconds=30))
        self._ids = itertools.count(1)
        self.slept: list[float] = []

    async def _no_sleep(self, seconds: float) -> None:
        self.slept.append(seconds)

    async def start(self) -> None:
        await self.db.open()
        await self.outbox.start()

    async def stop(self) -> None:
        await self.outbox.stop()
        await self.db.close()

    async def query(self, work: Callable[[SqlRepositories], T]) -> T:
        return await self.db.call(lambda conn: work(SqlRepositories(conn)))

    async def case(self, case_id: int = 1) -> Case:
        """A case as the flows read it (its texts decrypted)."""
        case = await self.query(lambda repos: repos.cases.get(case_id))
        assert case is not None, case_id
        return case

    async def notes(self, case_id: int = 1) -> list[str | None]:
        """The notes of a case's history, oldest first (decrypted)."""
        history = await self.query(lambda repos: repos.cases.history(case_id))
        return [note for _, _, _, note in history]

    async def sql(self, statement: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        return await self.db.call(lambda conn: conn.execute(statement, params).fetchall())

    async def invite(
        self, name: str, role: Role = Role.PROFESSIONAL, profession: str | None = "infirmier"
    ) -> str:
        now = self.clock.now()

        def work(conn: sqlite3.Connection) -> str:
            request = InvitationRequest(name, role, profession, None, None)
            return create_invitations(conn, [request], now, self.settings.invite_ttl)[0].code

        return await self.db.call(lambda conn: run_in_transaction(conn, work))

    def person(self, address: str) -> Person:
        return Person(self, address)

    async def enrolled(self, name: str, address: str, role: Role = Role.PROFESSIONAL) -> Person:
        person = self.person(address)
        code = await self.invite(name, role)
        await person.send(f"/start {code}")
        return person

    def next_id(self) -> str:
        return f"u{next(self._ids)}"


class Person:
    """One chat: sends text, commands, media or button presses; sees what the bot answered."""

    def __init__(self, harness: Harness, address: str) -> None:
        self.h = harness
        self.address = address
        self.last_result: HandleResult | None = None

    @property
    def inbox(self) -> list[Delivery]:
        return self.h.transport.received[self.address]

    @property
    def last(self) -> Delivery:
        return self.inbox[-1]

    @property
    def last_with_choices(self) -> Delivery:
        return next(d for d in reversed(self.inbox) if d.choices)

    async def deliver(self, inbound: Inbound) -> list[str]:
        """Hand one update to the engine; returns the texts this person received for it."""
        before = len(self.inbox)
        self.last_result = await self.h.engine.handle(inbound)
        await self.h.outbox.wait_idle()
        texts = [d.text for d in self.inbox[before:]]
        return texts + [d.text for d in self.last_result.direct]

    async def send(self, text: str, external_id: str | None = None) -> list[str]:
        ext = external_id or self.h.next_id()
        return await self.deliver(text_inbound("memory", self.address, ext, text))

    async def media(self, kind: str = "photo") -> list[str]:
        return await self.deliver(
            Inbound("memory", self.address, self.h.next_id(), InboundKind.MEDIA, media_kind=kind)
        )

    async def press(self, label: str, message: Delivery | None = None) -> list[str]:
        """Press the button `label` on `message` (default: the latest message with buttons)."""
        target = message or self.last_with_choices
        choice = next((c for c in target.choices if c.label == label), None)
        if choice is None:
            raise AssertionError(f"no button {label!r} in {[c.label for c in target.choices]}")
        return await self.deliver(
            Inbound(
                "memory",
                self.address,
                self.h.next_id(),
                InboundKind.CHOICE,
                choice_id=choice.id,
                version=target.version,
                choice_label=label,
            )
        )

    def buttons(self) -> list[str]:
        return [c.label for c in self.last.choices]
