"""Crash test for a broadcast: the real rexbot process is SIGKILLed twice while it sends an RCP
agenda to 60 members through the rate-limited Bot API stand-in, and restarted on the same
database. The broadcast resumes from the outbox: everyone gets the agenda and the invitation,
at most the one message in flight at each kill is sent twice, and Telegram never answers 429.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

from storage.database import connect, run_in_transaction
from tests.support.botapi_standin import BotApiStandIn, RateLimits
from tests.support.broadcast import COORDINATOR_CHAT, FIRST_CHAT, prepare_meeting
from tests.support.keys import keyring_for
from tests.support.process import BotProcess, bot_env
from tests.support.telegram import TelegramUser

MEMBERS = 60
KILL_AFTER = (30, 75)  # messages delivered to members before each kill


def agenda_messages(standin: BotApiStandIn, chat: int) -> tuple[int, int]:
    """(agenda texts, invitation documents) this chat received."""
    messages = standin.messages(chat)
    texts = sum(1 for m in messages if str(m.get("text", "")).startswith("Ordre du jour —"))
    documents = sum(1 for m in messages if "document" in m)
    return texts, documents


def delivered(standin: BotApiStandIn) -> int:
    return sum(sum(agenda_messages(standin, FIRST_CHAT + n)) for n in range(MEMBERS))


async def test_a_broadcast_survives_sigkills(tmp_path: Path) -> None:
    db_path = tmp_path / "rexbot.db"
    conn, _ = connect(str(db_path), keyring_for(db_path))
    try:
        now = datetime.now(UTC)
        run_in_transaction(conn, lambda c: prepare_meeting(c, MEMBERS, now))
    finally:
        conn.close()
    standin = BotApiStandIn(limits=RateLimits())
    await standin.start()
    env = bot_env(standin, db_path)
    env.update({"REXBOT_TELEGRAM_GLOBAL_RATE": "30", "REXBOT_TELEGRAM_CHAT_RATE": "1"})
    env.update({"REXBOT_QUIET_HOURS": "", "REXBOT_QUIET_DAYS": ""})
    bot = BotProcess(env, tmp_path / "bot.stderr")
    julie = TelegramUser(standin, COORDINATOR_CHAT)
    try:
        await bot.start()
        await julie.say("/rcp", expect="RCP de test")
        await julie.tap("Ordre du jour : RCP de test", expect="Projet d'ordre du jour")
        await julie.tap("Publier l'ordre du jour", expect="en cours d'envoi")
        for threshold in KILL_AFTER:
            await standin.wait_for(lambda t=threshold: delivered(standin) >= t, timeout=30)
            bot.sigkill()
            await bot.wait_killed()
            await bot.start()
        await standin.wait_for(
            lambda: all(min(agenda_messages(standin, FIRST_CHAT + n)) >= 1 for n in range(MEMBERS)),
            timeout=60,
        )
        await asyncio.sleep(1.0)  # anything sent twice would show now
        assert await bot.terminate() == 0
    finally:
        await bot.cleanup()
        await standin.stop()
    extra = 0
    for number in range(MEMBERS):
        texts, documents = agenda_messages(standin, FIRST_CHAT + number)
        assert texts >= 1 and documents >= 1, f"member {number} was not served"
        extra += texts - 1 + documents - 1
    assert extra <= len(KILL_AFTER), f"{extra} messages sent twice for {len(KILL_AFTER)} kills"
    assert standin.too_many_requests == 0
