"""The outbox: retries with backoff, dead letters, 429 per chat, restart without loss."""

from __future__ import annotations

import hashlib
from pathlib import Path

from bot.outbox import OutboxLimits
from bot.transports.contract import Rejected, RetryLater
from flows.domain.messages import Delivery
from storage.outbox import SqlOutbox
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


async def test_long_text_is_cut_and_no_piece_is_sent_twice(tmp_path: Path) -> None:
    h = Harness(tmp_path / "o.db", max_text=120)
    await h.start()
    camille = await h.enrolled("Camille Durand", "100")
    # The second piece fails once: the first must not be sent again.
    h.transport.failures = [None, ConnectionError("down")]
    await camille.send("/aide")
    pieces = [d.text for d in h.transport.received["100"][1:]]
    assert len(pieces) >= 5 and all(len(p) <= 120 for p in pieces)
    assert len(set(pieces)) == len(pieces)
    assert h.transport.received["100"][-1].choices  # buttons come with the last piece only
    assert not any(d.choices for d in h.transport.received["100"][1:-1])
    await h.stop()


async def test_sent_text_is_not_kept_only_its_digest(harness: Harness) -> None:
    camille = await harness.enrolled("Camille Durand", "100")
    texts = await camille.send("/aide")
    [(outbox_id, ref, digest, erased)] = await harness.sql(
        "SELECT id, external_ref, text_sha256, text_erased FROM outbox ORDER BY id DESC LIMIT 1"
    )
    assert erased == 1
    sent = await harness.query(lambda repos: repos.outbox.replied("memory", "100", ref))
    assert sent is not None and sent.text == ""
    # The digest is keyed: the text's plain SHA-256 (which anyone could compute from a guess)
    # is not what is kept, but the text can still be checked against it.
    assert digest != hashlib.sha256(texts[0].encode()).hexdigest()
    assert await harness.query(lambda repos: repos.outbox.sent_text_matches(outbox_id, texts[0]))
    assert not await harness.query(lambda repos: repos.outbox.sent_text_matches(outbox_id, "Oui"))


async def test_rows_for_a_channel_served_elsewhere_stay_pending(harness: Harness) -> None:
    now = harness.clock.now()
    await harness.db.transaction(
        lambda conn: SqlOutbox(conn).add(Delivery("telegram", "42", "Bonjour"), now)
    )
    assert await harness.outbox.sweep() == 0
    await harness.outbox.wait_idle()
    assert await harness.sql("SELECT status FROM outbox") == [("pending",)]


async def test_sweep_sends_rows_written_by_another_process(harness: Harness) -> None:
    camille = await harness.enrolled("Camille Durand", "100")
    now = harness.clock.now()
    await harness.db.transaction(
        lambda conn: SqlOutbox(conn).add(Delivery("memory", "100", "Rappel", member_id=1), now)
    )
    assert await harness.outbox.sweep() == 1
    await harness.outbox.wait_idle()
    assert camille.last.text == "Rappel"
    assert await harness.outbox.sweep() == 0


async def test_one_message_per_second_per_chat_holds_across_updates(tmp_path: Path) -> None:
    h = Harness(tmp_path / "o.db", limits=OutboxLimits(global_rate=0, chat_rate=1, chat_burst=1))
    await h.start()
    camille = await h.enrolled("Camille Durand", "100")
    h.slept.clear()
    await camille.send("/aide")
    await camille.send("/aide")
    # The sleep is simulated: the pace shows in what the sender asked to wait.
    assert sum(s for s in h.slept if s > 0) >= 1.5
    await h.stop()
