"""The mail gateway's second inbound mode: the bot's mailbox polled over IMAP (a real dovecot
on loopback, TLS with a client certificate), each mail handled once, checked like the mail the
gateway pushes over SMTP (the envelope sender read from Return-Path)."""

from __future__ import annotations

import imaplib
import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from bot.app import App
from bot.config import Settings
from bot.transports.mail import MailTransport
from tests.support.certs import make_certificates
from tests.support.dovecot import ImapServer, dovecot
from tests.support.invitations import invite
from tests.support.mail_gateway import Relay, text_of

BOT = "rex@cpts-demo.mssante.fr"
CAMILLE = "camille.durand@infirmier.mssante.fr"
SOPHIE = "sophie.martin@pharmacien.mssante.fr"


def mail(
    sender: str, body: str, message_id: str, subject: str = "", return_path: str | None = None
) -> bytes:
    """A mail as the mailbox's server stores it: Return-Path first, the envelope sender."""
    message = EmailMessage()
    message["Return-Path"] = f"<{sender if return_path is None else return_path}>"
    message["From"] = sender
    message["To"] = BOT
    message["Subject"] = subject
    message["Message-ID"] = message_id
    message.set_content(body)
    return bytes(message)


@dataclass
class Mailbox:
    app: App
    transport: MailTransport
    relay: Relay
    server: ImapServer
    context: ssl.SSLContext

    def append(self, *mails: bytes) -> None:
        with imaplib.IMAP4_SSL("127.0.0.1", self.server.port, ssl_context=self.context) as box:
            box.login(self.server.user, self.server.password)
            for raw in mails:
                box.append("INBOX", None, None, raw)

    def seen(self) -> int:
        with imaplib.IMAP4_SSL("127.0.0.1", self.server.port, ssl_context=self.context) as box:
            box.login(self.server.user, self.server.password)
            box.select("INBOX")
            _, seen = box.uid("SEARCH", "SEEN")
            return len(seen[0].split())


@asynccontextmanager
async def polled_mailbox(tmp_path: Path, **overrides: Any) -> AsyncIterator[Mailbox]:
    certs = make_certificates(tmp_path / "certs")
    relay = Relay(certs)
    await relay.start()
    with dovecot(tmp_path / "imap", certs) as server:
        values: dict[str, Any] = {
            "database_url": f"sqlite+aiosqlite:///{tmp_path / 'rexbot.db'}",
            "quiet_hours": "",
            "quiet_days": "",
            "mail_address": BOT,
            "mail_inbound": "imap",
            "mail_imap_host": "127.0.0.1",
            "mail_imap_port": server.port,
            "mail_imap_user": server.user,
            "mail_imap_password": server.password,
            "mail_imap_cert": certs.bot_client.cert,
            "mail_imap_key": certs.bot_client.key,
            "mail_imap_ca": certs.ca,
            "mail_imap_poll": 0.2,
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
        assert config is not None and config.imap is not None
        app = App(settings)
        transport = MailTransport(config, app.clock, auto_poll=False)  # polled by hand below
        app.add_transport(transport)
        await app.start()
        context = ssl.create_default_context(cafile=str(certs.ca))
        context.load_cert_chain(certs.gateway_client.cert, certs.gateway_client.key)
        try:
            yield Mailbox(app, transport, relay, server, context)
        finally:
            await app.stop()
            await relay.stop()


async def test_the_mailbox_polled_over_imap(tmp_path: Path) -> None:
    async with polled_mailbox(tmp_path) as box:
        app, transport, relay = box.app, box.transport, box.relay
        code = await invite(app, "Camille Durand")
        box.append(
            mail(CAMILLE, "", "<a@t>", f"/start {code}"),
            mail(CAMILLE, "/declarer", "<b@t>"),
            mail(CAMILLE, "/declarer", "<b@t>"),  # again
            mail("x@gmail.com", "/declarer", "<c@t>"),
        )
        assert await transport.poll_once() == 4
        await relay.wait_for(CAMILLE, 2)
        await app.outbox.wait_idle()
        texts = [text_of(m) for m in relay.to(CAMILLE)]
        assert "Bienvenue Camille Durand" in texts[0]
        assert "De quel type" in texts[1]
        assert len(texts) == 2  # the same Message-ID twice is handled once
        assert transport.refused == 1  # the domain not allowed
        assert await transport.poll_once() == 0  # all marked handled
        assert box.seen() == 4
        # The running poller picks up what arrives next, by itself.
        box.append(mail(CAMILLE, "/aide", "<d@t>"))
        transport.start_polling()
        helped = await relay.wait_for(CAMILLE, 3)
        assert "Vous êtes en train de déclarer un REX" in text_of(helped)


def spoofed(headers: str, message_id: str) -> bytes:
    return (
        f"{headers}\r\nTo: {BOT}\r\nSubject: test\r\nMessage-ID: {message_id}\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n/aide\r\n"
    ).encode()


async def test_polled_mail_is_checked_like_pushed_mail(tmp_path: Path) -> None:
    async with polled_mailbox(tmp_path) as box:
        app, transport, relay = box.app, box.transport, box.relay
        box.append(mail(CAMILLE, "", "<start@t>", f"/start {await invite(app, 'Camille')}"))
        assert await transport.poll_once() == 1
        await relay.wait_for(CAMILLE, 1)
        box.append(
            # Written by Sophie's mailbox, saying it is Camille's.
            mail(CAMILLE, "/aide", "<1@t>", return_path=SOPHIE),
            spoofed(f"Return-Path: <{CAMILLE}>\r\nFrom: {CAMILLE}\r\nFrom: {SOPHIE}", "<2@t>"),
            spoofed(f"Return-Path: <{CAMILLE}>\r\nFrom: {CAMILLE}, {SOPHIE}", "<3@t>"),
            # No envelope sender, or the sender's own Return-Path beside the server's.
            spoofed(f"From: {CAMILLE}", "<4@t>"),
            spoofed(
                f"Return-Path: <{CAMILLE}>\r\nReturn-Path: <{CAMILLE}>\r\nFrom: {CAMILLE}", "<5@t>"
            ),
            # An unknown charset: answered all the same.
            mail(CAMILLE, "/aide", "<6@t>").replace(b"charset=", b"charset=x-unknown; x="),
        )
        # All marked handled: none is fetched again.
        assert await transport.poll_once() == 6
        assert await transport.poll_once() == 0
        assert box.seen() == 7
        assert "/declarer" in text_of(await relay.wait_for(CAMILLE, 2))
        await app.outbox.wait_idle()
        assert len(relay.to(CAMILLE)) == 2
        assert relay.to(SOPHIE) == []
        assert transport.refusals == {
            "from-mismatch": 1,
            "from-count": 1,
            "from-address": 1,
            "return-path": 2,
        }


async def test_polled_mail_over_the_size_limit_is_skipped(tmp_path: Path) -> None:
    async with polled_mailbox(tmp_path, mail_max_size=5_000) as box:
        app, transport, relay = box.app, box.transport, box.relay
        box.append(mail(CAMILLE, "", "<start@t>", f"/start {await invite(app, 'Camille')}"))
        assert await transport.poll_once() == 1
        await relay.wait_for(CAMILLE, 1)
        box.append(
            mail(CAMILLE, "/declarer\n" + "x" * 20_000, "<big@t>"),
            mail(CAMILLE, "/aide", "<small@t>"),
        )
        assert await transport.poll_once() == 2
        assert await transport.poll_once() == 0
        assert box.seen() == 3
        assert "/declarer" in text_of(await relay.wait_for(CAMILLE, 2))
        await app.outbox.wait_idle()
        # The big one never reached the engine: no declaration was started.
        assert len(relay.to(CAMILLE)) == 2
        assert not any("De quel type" in text_of(m) for m in relay.to(CAMILLE))
        assert transport.refusals == {"size": 1}
