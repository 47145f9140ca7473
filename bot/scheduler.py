"""The clock of reminders. APScheduler only wakes us; the reminders table is the truth.

Each due reminder is handed to the engine as an inbound of its own, in its own transaction,
which marks it done: a restart re-arms from the table and nothing fires twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from functools import partial

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.engine import Engine
from flows.domain.messages import Inbound, InboundKind
from storage.outbox import SqlOutbox
from storage.reminders import SqlReminders
from storage.updates import SqlProcessedUpdates

log = logging.getLogger(__name__)
DEDUPE_RETENTION = timedelta(days=7)
DEAD_LETTER_RETENTION = timedelta(days=30)
RETRY_FAILED_REMINDER = timedelta(minutes=5)
BATCH = 500


def _due_ids(conn: sqlite3.Connection, now: datetime) -> list[int]:
    return SqlReminders(conn).due_ids(now, BATCH)


def _postpone(conn: sqlite3.Connection, reminder_id: int, until: datetime) -> None:
    SqlReminders(conn).postpone(reminder_id, until)


class ReminderScheduler:
    def __init__(
        self,
        engine: Engine,
        tick: timedelta,
        each_tick: list[Callable[[], Awaitable[object]]] | None = None,
    ) -> None:
        self.engine = engine
        self.tick = tick
        # Other periodic chores that share the tick (e.g. the outbox sweep).
        self.each_tick = each_tick or []
        self._scheduler: AsyncIOScheduler | None = None
        self._running: asyncio.Task[object] | None = None

    def start(self) -> None:
        self._scheduler = AsyncIOScheduler(timezone="UTC")
        seconds = max(1.0, self.tick.total_seconds())
        self._scheduler.add_job(
            self._tick,
            "interval",
            seconds=seconds,
            id="tick",
            max_instances=1,
            coalesce=True,
            next_run_time=self.engine.clock.now(),
        )
        self._scheduler.add_job(
            self.prune, "interval", hours=6, id="prune", max_instances=1, coalesce=True
        )
        # Once a day the WAL is copied into the database and emptied: what it held of erased
        # texts and replaced values does not linger in the -wal file.
        self._scheduler.add_job(
            self.engine.db.checkpoint,
            "interval",
            hours=24,
            id="checkpoint",
            max_instances=1,
            coalesce=True,
        )
        self._scheduler.start()

    async def stop(self) -> None:
        """Stop waking up, and let a tick in progress finish (it may be mid-transaction)."""
        if self._scheduler is not None and self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        self._scheduler = None
        if self._running is not None:
            with contextlib.suppress(Exception):
                await self._running

    async def _tick(self) -> None:
        self._running = asyncio.current_task()
        try:
            await self.run_due()
            for chore in self.each_tick:
                try:
                    await chore()
                except Exception:
                    log.exception("periodic chore failed")
        finally:
            self._running = None

    async def run_due(self) -> int:
        """Fire every reminder due now, batch after batch; returns how many were taken."""
        fired = 0
        while True:
            now = self.engine.clock.now()
            due = await self.engine.db.call(partial(_due_ids, now=now))
            fired += await self._fire(due, now)
            if len(due) < BATCH:
                return fired

    async def _fire(self, due: list[int], now: datetime) -> int:
        # Each reminder is its own transaction; running a batch together lets the database
        # thread work while the loop prepares the next ones (the thread serialises them).
        results = await asyncio.gather(*(self._fire_one(rid, now) for rid in due))
        return sum(results)

    async def _fire_one(self, reminder_id: int, now: datetime) -> bool:
        try:
            result = await self.engine.handle(
                Inbound(
                    transport="clock",
                    address=f"reminder:{reminder_id}",
                    external_id=f"reminder:{reminder_id}",
                    kind=InboundKind.REMINDER,
                    reminder_id=reminder_id,
                )
            )
        except Exception:
            log.exception("reminder %d failed; tried again in 5 minutes", reminder_id)
            await self.engine.db.transaction(
                partial(_postpone, reminder_id=reminder_id, until=now + RETRY_FAILED_REMINDER)
            )
            return False
        return not result.duplicate

    async def prune(self) -> int:
        """Forget old update ids and blank the text of old dead letters."""
        now = self.engine.clock.now()

        def work(conn: sqlite3.Connection) -> int:
            pruned = SqlProcessedUpdates(conn).prune(now - DEDUPE_RETENTION)
            return pruned + SqlOutbox(conn).redact_failed(now - DEAD_LETTER_RETENTION)

        return await self.engine.db.transaction(work)
