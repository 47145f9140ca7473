"""The clock of reminders. APScheduler only wakes us; the reminders table is the truth.

Each due reminder is handed to the engine as an inbound of its own, in its own transaction,
which marks it done: a restart re-arms from the table and nothing fires twice.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.engine import Engine
from flows.messages import Inbound, InboundKind
from storage.reminders import SqlReminders
from storage.updates import SqlProcessedUpdates

log = logging.getLogger(__name__)
DEDUPE_RETENTION = timedelta(days=7)


class ReminderScheduler:
    def __init__(self, engine: Engine, tick: timedelta) -> None:
        self.engine = engine
        self.tick = tick
        self._scheduler: AsyncIOScheduler | None = None

    def start(self) -> None:
        self._scheduler = AsyncIOScheduler(timezone="UTC")
        seconds = max(1.0, self.tick.total_seconds())
        self._scheduler.add_job(
            self.run_due,
            "interval",
            seconds=seconds,
            id="reminders",
            max_instances=1,
            coalesce=True,
            next_run_time=self.engine.clock.now(),
        )
        self._scheduler.add_job(
            self.prune, "interval", hours=6, id="prune", max_instances=1, coalesce=True
        )
        self._scheduler.start()

    def stop(self) -> None:
        if self._scheduler is not None and self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        self._scheduler = None

    async def run_due(self) -> int:
        """Fire every reminder due now; returns how many fired."""
        now = self.engine.clock.now()
        due = await self.engine.db.call(lambda conn: SqlReminders(conn).due_ids(now))
        fired = 0
        for reminder_id in due:
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
                log.exception("reminder %d failed", reminder_id)
                continue
            fired += not result.duplicate
        return fired

    async def prune(self) -> int:
        before = self.engine.clock.now() - DEDUPE_RETENTION
        return await self.engine.db.transaction(
            lambda conn: SqlProcessedUpdates(conn).prune(before)
        )
