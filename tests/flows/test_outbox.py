"""The outbox: retries with backoff, dead letters, 429 per chat, restart without loss."""

from __future__ import annotations

from pathlib import Path

from bot.delivery_errors import Rejected, RetryLater
from tests.support.harness import Harness


async def test_transient_failures_are_retried_with_backoff(harness: Harness) -> None:
    camille = await harness.enrolled("Camille Durand", "100")
    harness.transport.failures = [ConnectionError("down"), ConnectionError("down")]
    texts = await camille.send("/aide")
    assert "/declarer" in texts[0]
    assert harness.slept[-2:] == [2.0, 4.0]
    rows = await harness.sql("SELECT status, attempts FROM outbox ORDER BY id DESC LIMIT 1")
    assert rows == [("sent", 3)]


async def test_giving_up_leaves_a_visible_dead_letter(harness: Harness) -> None:
    camille = await harness.enrolled("Camille Durand", "100")
    harness.transport.failures = [ConnectionError("down")] * 8
    assert await camille.send("/aide") == []
    rows = await harness.sql(
        "SELECT status, attempts, last_error FROM outbox ORDER BY id DESC LIMIT 1"
    )
    assert rows[0][0] == "failed" and rows[0][1] == 8 and "gave up" in rows[0][2]
    # The next message still goes out: one failure does not block the chat for ever.
    assert "/declarer" in (await camille.send("/aide"))[0]


async def test_rejected_message_is_not_retried(harness: Harness) -> None:
    camille = await harness.enrolled("Camille Durand", "100")
    harness.transport.failures = [Rejected("Bad Request: chat not found")]
    await camille.send("/aide")
    assert await harness.sql("SELECT status FROM outbox ORDER BY id DESC LIMIT 1") == [("failed",)]


async def test_retry_after_pauses_only_that_chat(harness: Harness) -> None:
    camille = await harness.enrolled("Camille Durand", "100")
    harness.transport.failures = [RetryLater(7)]
    texts = await camille.send("/aide")
    assert "/declarer" in texts[0]
    assert 7 in harness.slept
    assert await harness.sql("SELECT status FROM outbox ORDER BY id DESC LIMIT 1") == [("sent",)]


async def test_pending_messages_are_sent_after_a_restart(tmp_path: Path) -> None:
    first = Harness(tmp_path / "o.db")
    await first.start()
    camille = await first.enrolled("Camille Durand", "100")
    # The process "dies" before sending: the transport never gets the message.
    await first.outbox.stop()
    await camille.send("/aide")
    assert await first.sql("SELECT status FROM outbox ORDER BY id DESC LIMIT 1") == [("pending",)]
    await first.db.close()

    second = Harness(tmp_path / "o.db")
    await second.start()
    await second.outbox.wait_idle()
    assert "/declarer" in second.transport.received["100"][-1].text
    assert await second.sql("SELECT COUNT(*) FROM outbox WHERE status != 'sent'") == [(0,)]
    await second.stop()
