"""Crash test for the mail gateway: the real rexbot process, serving mail only, is SIGKILLed
while it sends an RCP agenda to 40 members through the relay, then restarted on the same
database. Everyone gets the agenda and the invitation; what was in flight at a kill may be
sent again, with the same Message-ID (mail clients show it once)."""

from __future__ import annotations

import asyncio
import os
import socket
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from storage.database import connect, run_in_transaction
from tests.support.broadcast import prepare_meeting
from tests.support.certs import GATEWAY_SUBJECT, make_certificates
from tests.support.keys import key_file_for, keyring_for
from tests.support.mail_gateway import Gateway, Relay, text_of
from tests.support.process import REPO_ROOT, BotProcess

MEMBERS = 40
BOT = "rex@cpts-demo.mssante.fr"
JULIE = "julie.blanc@cpts.mssante.fr"
KILL_AFTER = (20, 50)  # mails accepted by the relay before each kill


def member(number: int) -> str:
    return f"pro{number}@infirmier.mssante.fr"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_a_mail_broadcast_survives_sigkills(tmp_path: Path) -> None:
    db_path = tmp_path / "rexbot.db"
    conn, _ = connect(str(db_path), keyring_for(db_path))
    try:
        now = datetime.now(UTC)
        run_in_transaction(conn, lambda c: prepare_meeting(c, MEMBERS, now, "mail", member, JULIE))
    finally:
        conn.close()
    certs = make_certificates(tmp_path / "certs")
    relay = Relay(certs)
    await relay.start()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REXBOT_", "TELEGRAM_"))}
    env.update(
        {
            "PYTHONPATH": str(REPO_ROOT),
            "REXBOT_DATABASE_URL": f"sqlite+aiosqlite:///{db_path}",
            "REXBOT_DATA_KEY_FILE": str(key_file_for(db_path)),
            "REXBOT_LOG_LEVEL": "WARNING",
            "REXBOT_QUIET_HOURS": "",
            "REXBOT_QUIET_DAYS": "",
            "REXBOT_MAIL_ADDRESS": BOT,
            "REXBOT_MAIL_LISTEN_PORT": str(port),
            "REXBOT_MAIL_TLS_CERT": str(certs.server.cert),
            "REXBOT_MAIL_TLS_KEY": str(certs.server.key),
            "REXBOT_MAIL_CLIENT_CA": str(certs.ca),
            "REXBOT_MAIL_CLIENT_SUBJECT": GATEWAY_SUBJECT,
            "REXBOT_MAIL_RELAY_HOST": "127.0.0.1",
            "REXBOT_MAIL_RELAY_PORT": str(relay.port),
            "REXBOT_MAIL_RELAY_CERT": str(certs.bot_client.cert),
            "REXBOT_MAIL_RELAY_KEY": str(certs.bot_client.key),
            "REXBOT_MAIL_RELAY_CA": str(certs.ca),
        }
    )
    bot = BotProcess(env, tmp_path / "bot.stderr", ready_line="rexbot ready: mail")
    gateway = Gateway(certs, BOT, port)
    try:
        await bot.start()
        await gateway.send(JULIE, "", subject="/rcp")
        listing = await relay.wait_for(JULIE, 1)
        await gateway.send(JULIE, "Ordre du jour : RCP de test", reply_to=listing)
        draft = await relay.wait_for(JULIE, 2)
        assert "Projet d'ordre du jour" in text_of(draft)
        await gateway.send(JULIE, "Publier l'ordre du jour", reply_to=draft)
        for threshold in KILL_AFTER:
            await relay.wait_until(lambda t=threshold: len(relay.received) >= t)
            bot.sigkill()
            await bot.wait_killed()
            await bot.start()
        await relay.wait_until(lambda: all(len(relay.to(member(n))) >= 2 for n in range(MEMBERS)))
        await asyncio.sleep(1.0)  # anything sent twice would show now
        assert await bot.terminate() == 0
    finally:
        await bot.cleanup()
        await relay.stop()
    for number in range(MEMBERS):
        ids = Counter(str(m["Message-ID"]) for m in relay.to(member(number)))
        # The agenda and the invitation, each with its own Message-ID; a copy re-sent after a
        # kill has the same one. Each conversation has at most one mail in flight at a time,
        # so a kill re-sends at most one mail per member.
        assert len(ids) == 2, f"member {number}: {len(ids)} distinct mails"
        resent = sum(count - 1 for count in ids.values())
        assert resent <= len(KILL_AFTER), f"member {number}: {resent} re-sent"
