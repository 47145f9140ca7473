"""A stand-in for the MSSanté gateway, on loopback: its relay (a real SMTP server that requires
the bot's client certificate and keeps what it accepts), and its push of mail into rexbot's
inbound listener (over STARTTLS, with the gateway's own client certificate)."""

from __future__ import annotations

import asyncio
import itertools
import ssl
from collections.abc import Callable
from email import message_from_bytes, policy
from email.message import EmailMessage

import aiosmtplib
from aiosmtpd.smtp import SMTP, Envelope, Session

from tests.support.certs import Certificates, Pair


class Relay:
    """The gateway's relay: STARTTLS with a required, CA-verified client certificate."""

    def __init__(self, certs: Certificates, port: int = 0) -> None:
        self.certs = certs
        self._port = port
        self.received: list[EmailMessage] = []
        # By recipient, filled as mail arrives: looking them up must not parse every header.
        self._by_recipient: dict[str, list[EmailMessage]] = {}
        #: Answers to give instead of accepting the next DATA commands ("451 …", "554 …").
        self.refusals: list[str] = []
        #: The same at the recipient stage ("550 5.1.1 …": no such mailbox).
        self.recipient_refusals: list[str] = []
        self._arrived = asyncio.Condition()
        self._server: asyncio.Server | None = None

    @property
    def port(self) -> int:
        assert self._server is not None
        return int(self._server.sockets[0].getsockname()[1])

    async def start(self) -> None:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.certs.server.cert, self.certs.server.key)
        context.load_verify_locations(cafile=self.certs.ca)
        context.verify_mode = ssl.CERT_REQUIRED
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(
            lambda: SMTP(
                self, hostname="relais.mssante.test", tls_context=context, require_starttls=True
            ),
            host="127.0.0.1",
            port=self._port,
        )

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if self.recipient_refusals:
            return self.recipient_refusals.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if self.refusals:
            return self.refusals.pop(0)
        content = envelope.original_content or envelope.content
        raw = content if isinstance(content, bytes) else str(content).encode()
        message = message_from_bytes(raw, policy=policy.default)
        assert isinstance(message, EmailMessage)
        async with self._arrived:
            self.received.append(message)
            for recipient in envelope.rcpt_tos:
                self._by_recipient.setdefault(recipient.lower(), []).append(message)
            self._arrived.notify_all()
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return list(self._by_recipient.get(address.lower(), ()))

    async def wait_until(self, predicate: Callable[[], bool], timeout: float = 60.0) -> None:  # noqa: ASYNC109
        async with asyncio.timeout(timeout), self._arrived:
            await self._arrived.wait_for(predicate)

    async def wait_for(self, address: str, count: int, timeout: float = 10.0) -> EmailMessage:  # noqa: ASYNC109
        """The `count`-th mail to `address` (waiting for it)."""
        async with asyncio.timeout(timeout), self._arrived:
            await self._arrived.wait_for(lambda: len(self.to(address)) >= count)
        return self.to(address)[count - 1]


def text_of(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    return str(body.get_content())


class Gateway:
    """Pushes mail from professionals' mailboxes into rexbot's inbound listener."""

    _ids = itertools.count(1)

    def __init__(self, certs: Certificates, bot_address: str, port: int) -> None:
        self.certs = certs
        self.bot_address = bot_address
        self.port = port

    def context(self, client: Pair | None = None, *, certificate: bool = True) -> ssl.SSLContext:
        """TLS towards rexbot's listener, with the gateway's client certificate (or `client`,
        or none without `certificate`)."""
        context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=str(self.certs.ca))
        if certificate:
            pair = client or self.certs.gateway_client
            context.load_cert_chain(pair.cert, pair.key)
        return context

    async def push(
        self,
        message: EmailMessage | bytes,
        envelope_sender: str,
        *,
        client: Pair | None = None,
        certificate: bool = True,
    ) -> None:
        """One mail as it is, `envelope_sender` in MAIL FROM ("": a bounce's <>); raises what
        the listener answers."""
        async with aiosmtplib.SMTP(
            hostname="127.0.0.1",
            port=self.port,
            start_tls=True,
            tls_context=self.context(client, certificate=certificate),
            timeout=10,
        ) as smtp:
            if isinstance(message, EmailMessage):
                await smtp.send_message(
                    message, sender=envelope_sender, recipients=[self.bot_address]
                )
            else:
                await smtp.sendmail(envelope_sender, [self.bot_address], message)

    async def send(
        self,
        sender: str,
        body: str = "",
        *,
        subject: str = "",
        reply_to: EmailMessage | None = None,
        html: str | None = None,
        client: Pair | None = None,
        message_id: str | None = None,
        envelope_sender: str | None = None,
    ) -> EmailMessage:
        """A mail from `sender` (also in MAIL FROM, unless `envelope_sender`); a reply to
        `reply_to` quotes it below, as mail clients do."""
        message = EmailMessage()
        message["From"] = sender
        message["To"] = self.bot_address
        message["Message-ID"] = message_id or f"<test.{next(self._ids)}@mssante.test>"
        if reply_to is not None:
            message["Subject"] = f"RE: {reply_to['Subject']}"
            message["In-Reply-To"] = str(reply_to["Message-ID"])
            message["References"] = str(reply_to["Message-ID"])
            quoted = "\n".join(f"> {line}" for line in text_of(reply_to).splitlines())
            body = f"{body}\n\nLe lun. 23 nov. 2026 à 10:02, rexbot a écrit :\n{quoted}"
        else:
            message["Subject"] = subject
        if html is not None:
            message.set_content(html, subtype="html")
        else:
            message.set_content(body)
        await self.push(message, envelope_sender or sender, client=client)
        return message
