"""A form left half-way gets one reminder, outside quiet hours, and survives restarts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.support.harness import Harness


async def test_unfinished_declaration_gets_one_reminder(harness: Harness) -> None:
    camille = await harness.enrolled("Camille Durand", "100")
    await camille.send("/declarer")
    await camille.press("Presqu'accident")
    harness.clock.advance(timedelta(hours=1, minutes=59))
    assert await harness.scheduler.run_due() == 0
    harness.clock.advance(timedelta(minutes=2))
    assert await harness.scheduler.run_due() == 1
    await harness.outbox.wait_idle()
    assert "sans la terminer" in camille.last.text
    await camille.press("Reprendre")
    assert "Quand" in camille.last.text
    # Nothing fires twice.
    harness.clock.advance(timedelta(minutes=1))
    assert await harness.scheduler.run_due() == 0


async def test_reminder_can_abandon_the_draft(harness: Harness) -> None:
    camille = await harness.enrolled("Camille Durand", "100")
    await camille.send("/declarer")
    harness.clock.advance(timedelta(hours=3))
    await harness.scheduler.run_due()
    await harness.outbox.wait_idle()
    texts = await camille.press("Abandonner")
    assert "rien n'a été enregistré" in texts[0]


async def test_activity_pushes_the_reminder_back_and_finishing_cancels_it(harness: Harness) -> None:
    camille = await harness.enrolled("Camille Durand", "100")
    await camille.send("/declarer")
    harness.clock.advance(timedelta(hours=1, minutes=30))
    await camille.press("Presqu'accident")
    harness.clock.advance(timedelta(hours=1))
    assert await harness.scheduler.run_due() == 0
    await camille.send("/annuler")
    harness.clock.advance(timedelta(hours=5))
    assert await harness.scheduler.run_due() == 0
    assert await harness.sql("SELECT status FROM reminders") == [("cancelled",)]


async def test_reminder_waits_for_the_end_of_quiet_hours(harness: Harness) -> None:
    camille = await harness.enrolled("Camille Durand", "100")
    harness.clock.set(datetime(2026, 11, 23, 18, 30, tzinfo=UTC))  # 19:30 in Paris
    await camille.send("/declarer")
    due = await harness.sql("SELECT due_at FROM reminders")
    # 21:30 would be in quiet hours (20:00–08:00): pushed to 08:00 Paris = 07:00 UTC.
    assert due == [("2026-11-24T07:00:00.000000+00:00",)]


async def test_reminders_survive_a_restart(tmp_path: Path) -> None:
    first = Harness(tmp_path / "r.db")
    await first.start()
    camille = await first.enrolled("Camille Durand", "100")
    await camille.send("/declarer")
    await first.stop()

    second = Harness(tmp_path / "r.db")
    second.clock.set(first.clock.now() + timedelta(hours=2, minutes=1))
    await second.start()
    assert await second.scheduler.run_due() == 1
    await second.outbox.wait_idle()
    assert "sans la terminer" in second.transport.received["100"][-1].text
    await second.stop()


async def test_overdue_reminder_found_at_night_waits_for_the_morning(harness: Harness) -> None:
    camille = await harness.enrolled("Camille Durand", "100")
    await camille.send("/declarer")  # reminder due at 16:00 UTC (17:00 in Paris)
    sent = len(camille.inbox)
    # The bot was down all evening; it comes back at 23:30 in Paris.
    harness.clock.set(datetime(2026, 11, 22, 22, 30, tzinfo=UTC))
    await harness.scheduler.run_due()
    await harness.outbox.wait_idle()
    assert len(camille.inbox) == sent
    assert await harness.sql("SELECT due_at, status FROM reminders") == [
        ("2026-11-23T07:00:00.000000+00:00", "pending")
    ]
    harness.clock.set(datetime(2026, 11, 23, 7, 0, tzinfo=UTC))
    assert await harness.scheduler.run_due() == 1
    await harness.outbox.wait_idle()
    assert "sans la terminer" in camille.last.text


async def test_reminder_answer_can_be_typed(harness: Harness) -> None:
    camille = await harness.enrolled("Camille Durand", "100")
    await camille.send("/declarer")
    harness.clock.advance(timedelta(hours=3))
    await harness.scheduler.run_due()
    await harness.outbox.wait_idle()
    texts = await camille.send("2")  # "Abandonner", typed as in the console
    assert "rien n'a été enregistré" in texts[0]


def test_weekends_are_quiet_days() -> None:
    from zoneinfo import ZoneInfo

    from flows.domain.quiet_hours import next_allowed

    paris = ZoneInfo("Europe/Paris")
    saturday_noon = datetime(2026, 11, 28, 11, 0, tzinfo=UTC)
    monday_8 = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)
    assert next_allowed(saturday_noon, paris, (20 * 60, 8 * 60), frozenset({5, 6})) == monday_8
    friday_noon = datetime(2026, 11, 27, 11, 0, tzinfo=UTC)
    assert next_allowed(friday_noon, paris, (20 * 60, 8 * 60), frozenset({5, 6})) == friday_noon
