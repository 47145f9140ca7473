"""An RCP agenda broadcast through the real Telegram transport, against a stand-in that
enforces Telegram's flood limits (429 with retry_after): nobody is served twice, no 429."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from tests.support.botapi_standin import RateLimits
from tests.support.broadcast import FIRST_CHAT, meeting_ready_to_publish, press_publish
from tests.support.telegram import telegram_app

MEMBERS = 45


async def test_a_broadcast_stays_within_telegram_limits(tmp_path: Path) -> None:
    elapsed, too_many = await broadcast(tmp_path, global_rate=30, members=MEMBERS)
    assert too_many == 0
    # 2 messages for each member and 2 for the coordinator, paced at 30/s: not a burst.
    assert elapsed >= (2 * MEMBERS) / 30 * 0.9


async def test_an_unpaced_broadcast_honours_retry_after_and_serves_everyone_once(
    tmp_path: Path,
) -> None:
    """The same broadcast with the outbox's pacing off: Telegram (the stand-in) answers 429,
    the outbox waits retry_after for that chat only, and still nobody gets a message twice."""
    _, too_many = await broadcast(tmp_path, global_rate=0, members=15)
    assert too_many > 0


async def broadcast(tmp_path: Path, global_rate: float, members: int) -> tuple[float, int]:
    async with telegram_app(
        tmp_path,
        standin_limits=RateLimits(),
        telegram_global_rate=global_rate,
        telegram_chat_rate=1,
    ) as (app, standin):
        version = await meeting_ready_to_publish(app, members)
        started = time.monotonic()
        await press_publish(app, version)

        def served() -> bool:
            return all(len(standin.messages(FIRST_CHAT + n)) >= 2 for n in range(members))

        await standin.wait_for(served, timeout=60)
        elapsed = time.monotonic() - started
        await asyncio.sleep(0.5)  # anything extra would show now
        for number in range(members):
            messages = standin.messages(FIRST_CHAT + number)
            assert len(messages) == 2
            assert "Ordre du jour" in messages[0]["text"]
            assert messages[1]["document"]["file_name"] == "rcp-1.ics"
        return elapsed, standin.too_many_requests
