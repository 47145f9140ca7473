"""The MSSanté-style secure mail gateway: the same flows by e-mail.

Inbound, the gateway pushes the bot mailbox's mail to an SMTP server inside rexbot (aiosmtpd,
in this process's event loop), over STARTTLS; it may be required to present a client
certificate signed by a configured CA. Only the bot's address is accepted as recipient, and
only senders of the allowed domains; anything else is refused at the SMTP level. Each mail is
one inbound message, deduplicated by its Message-ID like any update.

Outbound, messages are submitted to the gateway's relay (aiosmtplib) with the bot's client
certificate, the relay verified against a configured CA. Each has a stable Message-ID (its
outbox row), and In-Reply-To/References that keep a person's conversation, or a case, in one
thread of their mail client. Choices become a numbered list to answer with a number.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import imaplib
import logging
import re
import ssl
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from typing import Any

import aiosmtplib
from aiosmtpd.smtp import SMTP, Envelope, Session

from bot.transports.contract import (
    Capabilities,
    Handler,
    Rejected,
    RetryLater,
    Runtime,
    TemporaryFailure,
    Unreachable,
)
from bot.transports.mail_text import CASE_TAG, answer_text, has_attachments, is_automatic
from flows.core.commands import text_inbound
from flows.domain.clock import Clock
from flows.domain.messages import Delivery, Inbound, InboundKind
from flows.text.i18n import t

log = logging.getLogger(__name__)
NAME = "mail"
# A refusal from the relay that may pass later (greylisting, a full queue): tried again.
RETRY_AFTER_4XX = 60.0
# Connections to the relay kept open between messages (one per message being sent at once).
MAX_IDLE_CONNECTIONS = 8
_CASE_IN_TAG = ("case:", "card:", "journal:")
# "rcp-agenda:3", "rcpvote:3", "rcp-minutes:3": messages about meeting 3.
_MEETING_TAG = re.compile(r"^rcp[a-z-]*:(\d+)$")


@dataclass(frozen=True, slots=True)
class ImapConfig:
    """The second inbound mode: the bot's mailbox polled over IMAP with TLS."""

    host: str
    port: int
    user: str
    password: str
    tls: ssl.SSLContext
    mailbox: str
    poll: float


@dataclass(frozen=True, slots=True)
class MailConfig:
    """What the gateway transport needs, checked and loaded (bot/config.py builds it)."""

    address: str
    listen_host: str
    listen_port: int
    # STARTTLS for the inbound listener (None: plain SMTP, for a gateway on the same host).
    server_tls: ssl.SSLContext | None
    require_starttls: bool
    relay_host: str
    relay_port: int
    relay_implicit_tls: bool
    relay_tls: ssl.SSLContext
    allowed_domains: frozenset[str]
    max_size: int
    # Set: the mailbox is polled over IMAP instead of listening for SMTP.
    imap: ImapConfig | None = None

    @property
    def domain(self) -> str:
        return self.address.rpartition("@")[2]


def _message_id(config: MailConfig, delivery: Delivery) -> str:
    return f"<rexbot.{delivery.outbox_id}@{config.domain}>"


def _thread(config: MailConfig, delivery: Delivery) -> tuple[str, str | None]:
    """(thread id, reference for the subject): a case's messages form one thread, a
    meeting's another, the rest of a person's conversation a third."""
    for prefix in _CASE_IN_TAG:
        if delivery.tag.startswith(prefix):
            reference = delivery.tag.removeprefix(prefix)
            return f"<case.{reference}@{config.domain}>", reference
    meeting = _MEETING_TAG.match(delivery.tag)
    if meeting is not None:
        return f"<rcp.{meeting.group(1)}@{config.domain}>", f"RCP-{meeting.group(1)}"
    person = hashlib.sha256(delivery.address.encode()).hexdigest()[:16]
    return f"<conversation.{person}@{config.domain}>", None


def compose(
    config: MailConfig, delivery: Delivery, now: Any, answering: str | None = None
) -> EmailMessage:
    """The mail for one outbound message; `answering` is the Message-ID of the person's last
    mail, so that their own mails sit in the thread too."""
    message = EmailMessage(policy=policy.SMTP)
    thread, reference = _thread(config, delivery)
    subject = t("fr", "mail.subject")
    if reference:
        subject = f"[{reference}] {subject}"
    message["From"] = config.address
    message["To"] = delivery.address
    message["Subject"] = subject
    message["Date"] = format_datetime(now)
    message["Message-ID"] = _message_id(config, delivery)
    message["In-Reply-To"] = answering or thread
    message["References"] = f"{thread} {answering}" if answering else thread
    message["Auto-Submitted"] = "auto-replied"
    body = delivery.text
    if delivery.choices:
        numbered = "\n".join(f"  {n}. {c.label}" for n, c in enumerate(delivery.choices, 1))
        body = f"{body}\n\n{numbered}\n\n{t('fr', 'mail.answer_with_number')}"
    message.set_content(body, charset="utf-8")
    if delivery.attachment is not None:
        maintype, _, subtype = delivery.attachment.mime.partition("/")
        message.add_attachment(
            delivery.attachment.content.encode("utf-8"),
            maintype=maintype,
            subtype=subtype or "octet-stream",
            filename=delivery.attachment.filename,
        )
    return message


def _clean_id(header: str) -> str:
    """A Message-ID as we may write it back in a header (no line breaks), or ""."""
    value = " ".join(header.split())
    return value if value.startswith("<") and value.endswith(">") and " " not in value else ""


def _address(header: str) -> str:
    return parseaddr(header)[1].strip().lower()


HANDLED = "$rexbot"  # an IMAP keyword on the mail already handed to the engine


def _imap(config: ImapConfig) -> imaplib.IMAP4_SSL:
    client = imaplib.IMAP4_SSL(config.host, config.port, ssl_context=config.tls, timeout=30)
    client.login(config.user, config.password)
    client.select(config.mailbox)
    return client


def _fetch_new(config: ImapConfig, batch: int = 50) -> list[tuple[str, bytes]]:
    """(uid, raw mail) of the mail without the handled keyword (blocking: run in a thread)."""
    client = _imap(config)
    try:
        _, found = client.uid("SEARCH", "UNKEYWORD", HANDLED)
        fetched = []
        for uid in (found[0] or b"").decode().split()[:batch]:
            _, parts = client.uid("FETCH", uid, "(BODY.PEEK[])")
            for part in parts:
                if isinstance(part, tuple):
                    fetched.append((uid, part[1]))
        return fetched
    finally:
        with contextlib.suppress(OSError, imaplib.IMAP4.error):
            client.logout()


def _mark_handled(config: ImapConfig, uids: list[str]) -> None:
    client = _imap(config)
    try:
        client.uid("STORE", ",".join(uids), "+FLAGS", f"(\\Seen {HANDLED})")
    finally:
        with contextlib.suppress(OSError, imaplib.IMAP4.error):
            client.logout()


class MailListenError(Exception):
    """The inbound listener could not open its port (in use, not allowed)."""


class _Inbox:
    """aiosmtpd's handler: the SMTP-level checks, then each mail to the engine."""

    def __init__(self, transport: MailTransport) -> None:
        self.transport = transport

    async def handle_MAIL(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if not self.transport.allowed(address):
            self.transport.refused += 1
            return "550 5.7.1 Sender not allowed"
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if address.lower() != self.transport.config.address.lower():
            self.transport.refused += 1
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or envelope.content
        raw = content if isinstance(content, bytes) else str(content).encode()
        try:
            await self.transport.receive(raw, envelope.mail_from or "")
        except TemporaryFailure:
            return "451 4.3.0 Try again later"
        return "250 OK"


class MailTransport:
    name = NAME
    capabilities = Capabilities()

    def __init__(self, config: MailConfig, clock: Clock, *, auto_poll: bool = True) -> None:
        self.config = config
        self.auto_poll = auto_poll
        self.clock = clock
        self._server: asyncio.Server | None = None
        self._handler: Handler | None = None
        self._idle_connections: list[aiosmtplib.SMTP] = []
        self._poller: asyncio.Task[None] | None = None
        self._polling = asyncio.Lock()
        # Each person's latest Message-ID: our answers refer to it (kept in memory: after a
        # restart, answers refer to the thread only).
        self._last_inbound: dict[str, str] = {}
        #: How long a message the relay refused for now (4xx) waits before it is tried again.
        self.retry_after_4xx = RETRY_AFTER_4XX
        #: Mail refused at the SMTP level, and mail from unknown senders (never answered).
        self.refused = 0
        self.automatic = 0
        self.strangers = 0

    def allowed(self, address: str) -> bool:
        """Whether mail from this address may come in: "mssante.fr" admits
        "infirmier.mssante.fr" (the trust space's subdomains)."""
        domains = self.config.allowed_domains
        domain = address.rpartition("@")[2].lower()
        return not domains or any(domain == d or domain.endswith(f".{d}") for d in domains)

    async def poll_once(self) -> int:
        """Fetch the mail not yet handled, hand each to the engine, then mark it handled.
        A crash between the two hands it over again at the next poll: its Message-ID makes
        the engine take it once. Returns how many were handled."""
        assert self.config.imap is not None
        imap = self.config.imap
        async with self._polling:  # one poll at a time, or a mail could be handed over twice
            return await self._poll_locked(imap)

    async def _poll_locked(self, imap: ImapConfig) -> int:
        fetched = await asyncio.to_thread(_fetch_new, imap)
        done = []
        for uid, raw in fetched:
            try:
                await self.receive(raw, "")
            except TemporaryFailure:
                break  # the database is busy: this one and the next wait for the next poll
            except Exception as error:
                # A mail that cannot be handled must not block all the mail after it.
                log.warning("mail: a polled mail could not be handled (%s)", type(error).__name__)
            done.append(uid)
        if done:
            await asyncio.to_thread(_mark_handled, imap, done)
        return len(done)

    async def _poll(self, imap: ImapConfig) -> None:
        while True:
            try:
                await self.poll_once()
            except Exception as error:  # the poller must outlive any one failure
                log.warning("mail: IMAP poll failed (%s); next try later", type(error).__name__)
            await asyncio.sleep(imap.poll)

    @property
    def port(self) -> int:
        assert self._server is not None
        return int(self._server.sockets[0].getsockname()[1])

    def start_polling(self) -> None:
        assert self.config.imap is not None
        if self._poller is None:
            self._poller = asyncio.get_running_loop().create_task(self._poll(self.config.imap))
            log.info("mail: polling the mailbox over IMAP")

    async def open(self) -> None:
        """Take the listening port without serving yet: a port in use is said before anything
        else starts."""
        await self.bind()

    async def start(self, runtime: Runtime) -> str | None:
        """Listen for the gateway's SMTP, or poll the mailbox over IMAP (unless `auto_poll`
        is off: then the caller drives `poll_once`, as tests do)."""
        self._handler = runtime.handle
        if self.config.imap is not None:
            if self.auto_poll:
                self.start_polling()
            return f"mail {self.config.address} (IMAP)"
        # aiosmtpd warns at every connection that required client certificates "might cause
        # client connection problems" (that requirement is the point here), and logs a whole
        # traceback for each refused handshake: anyone probing the port would fill the log.
        logging.getLogger("mail.log").setLevel(logging.CRITICAL)
        if self._server is None:
            await self.bind()
        assert self._server is not None
        await self._server.start_serving()
        log.info("mail: listening on %s:%d", self.config.listen_host, self.port)
        return f"mail {self.config.address} on port {self.port}"

    async def bind(self) -> None:
        if self.config.imap is not None or self._server is not None:
            return
        inbox = _Inbox(self)
        loop = asyncio.get_running_loop()
        try:
            self._server = await self._listen(loop, inbox)
        except OSError as error:
            raise MailListenError(
                f"{self.config.listen_host}:{self.config.listen_port} ({error.strerror or error})"
            ) from error

    async def _listen(self, loop: asyncio.AbstractEventLoop, inbox: _Inbox) -> asyncio.Server:
        return await loop.create_server(
            lambda: SMTP(
                inbox,
                hostname=self.config.domain,
                tls_context=self.config.server_tls,
                require_starttls=self.config.require_starttls,
                data_size_limit=self.config.max_size,
                enable_SMTPUTF8=True,
            ),
            host=self.config.listen_host,
            port=self.config.listen_port,
            start_serving=False,
        )

    async def stop(self) -> None:
        if self._poller is not None:
            self._poller.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._poller
            self._poller = None
        while self._idle_connections:
            client = self._idle_connections.pop()
            with contextlib.suppress(aiosmtplib.SMTPException, OSError):
                await client.quit()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None

    async def receive(self, raw: bytes, envelope_sender: str) -> None:
        """One mail from the gateway, to the engine (its answers go through the outbox)."""
        assert self._handler is not None
        message = message_from_bytes(raw, policy=policy.default)
        assert isinstance(message, EmailMessage)
        if is_automatic(message):
            # An out-of-office reply would be relayed word for word, signature included
            # (a declarant's name to the member, for one): never taken as an answer.
            self.automatic += 1
            return
        sender = _address(str(message.get("From", ""))) or _address(envelope_sender)
        if not self.allowed(sender):
            # Polled mail had no SMTP dialogue to refuse it in: it is dropped here, counted.
            self.refused += 1
            return
        message_id = _clean_id(str(message.get("Message-ID", "")))
        external_id = message_id or hashlib.sha256(raw).hexdigest()
        if message_id:
            self._last_inbound[sender] = message_id
        inbound = self._inbound(message, sender, external_id)
        result = await self._handler(inbound)
        if result.direct:
            # Never an answer to an unknown address: no backscatter from a health mailbox.
            self.strangers += 1
            log.info("mail: message from an unknown sender ignored")

    def _inbound(self, message: EmailMessage, sender: str, external_id: str) -> Inbound:
        reply_ref = _clean_id(str(message.get("In-Reply-To", "")))
        if has_attachments(message):
            return Inbound(NAME, sender, external_id, InboundKind.MEDIA, media_kind="document")
        text = answer_text(message)
        inbound = text_inbound(NAME, sender, external_id, text)
        if reply_ref and inbound.kind is InboundKind.TEXT:
            return Inbound(
                NAME, sender, external_id, InboundKind.TEXT, text=text, reply_ref=reply_ref
            )
        subject_case = CASE_TAG.search(str(message.get("Subject", "")))
        if subject_case and inbound.kind is InboundKind.TEXT:
            # No In-Reply-To (a new mail): the case named in the subject says what it is about.
            return Inbound(
                NAME,
                sender,
                external_id,
                InboundKind.TEXT,
                text=text,
                case_ref=subject_case.group(1).upper(),
            )
        return inbound

    async def _connection(self) -> aiosmtplib.SMTP:
        """A connection to the relay, reused across messages: a TLS handshake with client
        certificates costs more than the message itself."""
        while self._idle_connections:
            client = self._idle_connections.pop()
            if client.is_connected:
                return client
        client = aiosmtplib.SMTP(
            hostname=self.config.relay_host,
            port=self.config.relay_port,
            use_tls=self.config.relay_implicit_tls,
            start_tls=None if self.config.relay_implicit_tls else True,
            tls_context=self.config.relay_tls,
            local_hostname=self.config.domain,
            timeout=30,
        )
        await client.connect()
        return client

    async def _submit(self, message: EmailMessage, recipient: str) -> None:
        client = await self._connection()
        try:
            await client.send_message(message, sender=self.config.address, recipients=[recipient])
        except aiosmtplib.SMTPResponseException:
            # A refusal of this message: the connection itself is fine for the next one.
            self._idle_connections.append(client)
            raise
        except BaseException:
            client.close()
            raise
        if len(self._idle_connections) < MAX_IDLE_CONNECTIONS:
            self._idle_connections.append(client)
        else:
            with contextlib.suppress(aiosmtplib.SMTPException):
                await client.quit()

    async def deliver(self, delivery: Delivery) -> str | None:
        message = compose(
            self.config, delivery, self.clock.now(), self._last_inbound.get(delivery.address)
        )
        try:
            await self._submit(message, delivery.address)
        except aiosmtplib.SMTPRecipientsRefused as error:
            code = error.recipients[0].code if error.recipients else 550
            if 400 <= code < 500:
                raise RetryLater(self.retry_after_4xx) from error
            # The mailbox itself is refused: this address does not take mail from us.
            raise Unreachable(f"{code}") from error
        except aiosmtplib.SMTPResponseException as error:
            if 400 <= error.code < 500:
                raise RetryLater(self.retry_after_4xx) from error
            # Refused at MAIL or DATA (a filter, a size): this message fails, the address
            # stays reachable for the next ones.
            raise Rejected(f"{error.code}") from error
        return str(message["Message-ID"])
