"""The mail gateway's second inbound mode: the bot's mailbox polled over IMAP (a real dovecot
on loopback, TLS with a client certificate), each mail handled once."""

from __future__ import annotations

import imaplib
import ssl
from email.message import EmailMessage
from pathlib import Path

from bot.app import App
from bot.config import Settings
from bot.transports.mail import MailTransport
from tests.support.certs import make_certificates
from tests.support.dovecot import dovecot
from tests.support.invitations import invite
from tests.support.mail_gateway import Relay, text_of

BOT = "rex@cpts-demo.mssante.fr"
CAMILLE = "camille.durand@infirmier.mssante.fr"


def mail(sender: str, body: str, message_id: str, subject: str = "") -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = BOT
    message["Subject"] = subject
    message["Message-ID"] = message_id
    message.set_content(body)
    return bytes(message)


async def test_the_mailbox_polled_over_imap(tmp_path: Path) -> None:
    certs = make_certificates(tmp_path / "certs")
    relay = Relay(certs)
    await relay.start()
    with dovecot(tmp_path / "imap", certs) as server:
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            database_url=f"sqlite+aiosqlite:///{tmp_path / 'rexbot.db'}",
            quiet_hours="",
            quiet_days="",
            mail_address=BOT,
            mail_inbound="imap",
            mail_imap_host="127.0.0.1",
            mail_imap_port=server.port,
            mail_imap_user=server.user,
            mail_imap_password=server.password,
            mail_imap_cert=certs.bot_client.cert,
            mail_imap_key=certs.bot_client.key,
            mail_imap_ca=certs.ca,
            mail_imap_poll=0.2,
            mail_relay_host="127.0.0.1",
            mail_relay_port=relay.port,
            mail_relay_cert=certs.bot_client.cert,
            mail_relay_key=certs.bot_client.key,
            mail_relay_ca=certs.ca,
            mail_allowed_domains="mssante.fr",
        )
        config = settings.mail()
        assert config is not None and config.imap is not None
        app = App(settings)
        transport = MailTransport(config, app.clock, auto_poll=False)  # polled by hand below
        app.add_transport(transport)
        await app.start()
        context = ssl.create_default_context(cafile=str(certs.ca))
        context.load_cert_chain(certs.gateway_client.cert, certs.gateway_client.key)
        try:
            code = await invite(app, "Camille Durand")
            with imaplib.IMAP4_SSL("127.0.0.1", server.port, ssl_context=context) as box:
                box.login(server.user, server.password)
                box.append("INBOX", None, None, mail(CAMILLE, "", "<a@t>", f"/start {code}"))
                box.append("INBOX", None, None, mail(CAMILLE, "/declarer", "<b@t>"))
                box.append("INBOX", None, None, mail(CAMILLE, "/declarer", "<b@t>"))  # again
                box.append("INBOX", None, None, mail("x@gmail.com", "/declarer", "<c@t>"))
            assert await transport.poll_once() == 4
            await relay.wait_for(CAMILLE, 2)
            await app.outbox.wait_idle()
            texts = [text_of(m) for m in relay.to(CAMILLE)]
            assert "Bienvenue Camille Durand" in texts[0]
            assert "De quel type" in texts[1]
            assert len(texts) == 2  # the same Message-ID twice is handled once
            assert transport.refused == 1  # the domain not allowed
            assert await transport.poll_once() == 0  # all marked handled
            with imaplib.IMAP4_SSL("127.0.0.1", server.port, ssl_context=context) as box:
                box.login(server.user, server.password)
                box.select("INBOX")
                _, seen = box.uid("SEARCH", "SEEN")
                assert len(seen[0].split()) == 4
                # The running poller picks up what arrives next, by itself.
                box.append("INBOX", None, None, mail(CAMILLE, "/aide", "<d@t>"))
            transport.start_polling()
            helped = await relay.wait_for(CAMILLE, 3)
            assert "Vous êtes en train de déclarer un REX" in text_of(helped)
        finally:
            await app.stop()
            await relay.stop()
