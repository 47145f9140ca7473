"""rexbot's real mail transport wired to a local MSSanté gateway stand-in (tests, benchmark)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from bot.app import App
from bot.config import Settings
from bot.transports.mail import MailTransport
from tests.support.certs import GATEWAY_SUBJECT, make_certificates
from tests.support.mail_gateway import Gateway, Relay

BOT = "rex@cpts-demo.mssante.fr"
# What the members declaring by mail say happened.
FACTS = "Sortie d'hospitalisation un vendredi soir sans transmission du traitement au cabinet."


@asynccontextmanager
async def mail_app(tmp_path: Path, **overrides: Any) -> AsyncIterator[tuple[App, Gateway, Relay]]:
    certs = make_certificates(tmp_path / "certs")
    relay = Relay(certs)
    await relay.start()
    values: dict[str, Any] = {
        "database_url": f"sqlite+aiosqlite:///{tmp_path / 'rexbot.db'}",
        "quiet_hours": "",
        "quiet_days": "",
        "mail_address": BOT,
        "mail_listen_port": 0,
        "mail_tls_cert": certs.server.cert,
        "mail_tls_key": certs.server.key,
        "mail_client_ca": certs.ca,
        "mail_client_subject": GATEWAY_SUBJECT,
        "mail_relay_host": "127.0.0.1",
        "mail_relay_port": relay.port,
        "mail_relay_cert": certs.bot_client.cert,
        "mail_relay_key": certs.bot_client.key,
        "mail_relay_ca": certs.ca,
        "mail_allowed_domains": "mssante.fr",
    }
    values.update(overrides)
    settings = Settings(_env_file=None, **values)  # type: ignore[call-arg]
    config = settings.mail()
    assert config is not None
    app = App(settings)
    mail = MailTransport(config, app.clock)
    mail.retry_after_4xx = 0.2  # a greylisting relay is retried at once in tests
    app.add_transport(mail)
    try:
        await app.start()
        yield app, Gateway(certs, BOT, mail.port), relay
    finally:
        await app.stop()
        await relay.stop()
