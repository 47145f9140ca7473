"""The MSSanté-style secure mail gateway: the same flows by e-mail.

Inbound, the gateway pushes the bot mailbox's mail to an SMTP server inside rexbot (aiosmtpd,
in this process's event loop), over STARTTLS, and must present a client certificate signed by
the configured CA (its subject pinned, when configured). Only the bot's address is accepted as
recipient, and only senders of the allowed domains; a mail must carry one From: with one
address, the envelope sender's: anything else is refused at the SMTP level, counted, never
handed to the engine. Each mail is one inbound message, deduplicated on (sender, Message-ID).
The IMAP mode applies the same checks, the envelope sender read from Return-Path.

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
from collections import Counter
from dataclasses import dataclass
from email import errors, headerregistry, message_from_bytes, policy
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses, parseaddr
from string import hexdigits
from typing import Any

import aiosmtplib
from aiosmtpd.smtp import SMTP, Envelope, Session, TLSSetupException

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
# The answer to a mail that fails a check: the same whatever the reason, so that it tells a
# prober nothing.
REFUSED_MAIL = "550 5.7.1 Message not accepted"
# A From: these defects mark is read differently by different parsers (the classic way to
# show one address to the reader and another to a filter): never trusted.
_AMBIGUOUS_HEADER = (
    errors.InvalidHeaderDefect,
    errors.NonPrintableDefect,
    errors.HeaderMissingRequiredValue,
)
_IMAP_SIZE = re.compile(rb"RFC822\.SIZE (\d+)")
# RFC 4514 attribute types (short names, as OpenSSL prints them, and OIDs) → the names Python
# gives them in a peer certificate's subject (lower-cased: types compare without case).
_KNOWN_TYPES = (
    ("cn", "2.5.4.3", "commonName"),
    ("c", "2.5.4.6", "countryName"),
    ("l", "2.5.4.7", "localityName"),
    ("st", "2.5.4.8", "stateOrProvinceName"),
    ("street", "2.5.4.9", "streetAddress"),
    ("o", "2.5.4.10", "organizationName"),
    ("ou", "2.5.4.11", "organizationalUnitName"),
    ("title", "2.5.4.12", "title"),
    ("serialnumber", "2.5.4.5", "serialNumber"),
    ("sn", "2.5.4.4", "surname"),
    ("gn", "2.5.4.42", "givenName"),
    ("postalcode", "2.5.4.17", "postalCode"),
    ("businesscategory", "2.5.4.15", "businessCategory"),
    ("organizationidentifier", "2.5.4.97", "organizationIdentifier"),
    ("dc", "0.9.2342.19200300.100.1.25", "domainComponent"),
    ("uid", "0.9.2342.19200300.100.1.1", "userId"),
    ("e", "1.2.840.113549.1.9.1", "emailAddress"),
)
_SUBJECT_TYPES = {
    alias: name.lower() for short, oid, name in _KNOWN_TYPES for alias in (short, oid, name.lower())
}
_OID = re.compile(r"^\d+(?:\.\d+)+$")
# A peer certificate's subject as Python gives it: RDNs of (type, value) pairs.
CertificateSubject = tuple[tuple[tuple[str, str], ...], ...]


def _fold(value: str) -> str:
    """Directory names compare without regard to case or runs of spaces (RFC 4518)."""
    return " ".join(value.split()).casefold()


def _split_unescaped(text: str, separator: str) -> list[str]:
    parts, current, escaped = [], [], False
    for char in text:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            current.append(char)
            escaped = True
        elif char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _unescape(value: str) -> str:
    """An RFC 4514 value: `\\,` is a comma, `\\C3\\A9` the UTF-8 bytes of "é"."""
    out = bytearray()
    index = 0
    while index < len(value):
        char = value[index]
        if char != "\\":
            out += char.encode()
            index += 1
        elif len(value) > index + 2 and all(c in hexdigits for c in value[index + 1 : index + 3]):
            out.append(int(value[index + 1 : index + 3], 16))
            index += 3
        elif index + 1 < len(value):
            out += value[index + 1].encode()
            index += 2
        else:
            raise ValueError("barre oblique inverse en fin de valeur")
    try:
        return out.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValueError("octets échappés qui ne sont pas de l'UTF-8") from error


@dataclass(frozen=True, slots=True)
class ClientSubject:
    """The gateway certificate's pinned subject: a full RFC 4514 subject ("CN=passerelle.
    example.fr,O=Opérateur,C=FR": every attribute must match, and no other may be there), or a
    bare name, which must be the certificate's one CN. Compared without regard to case."""

    attributes: tuple[tuple[str, str], ...]
    common_name_only: bool

    @classmethod
    def parse(cls, text: str) -> ClientSubject:
        """Raises ValueError (in French) for a subject that cannot be read."""
        text = text.strip()
        if not text:
            raise ValueError("sujet vide")
        if "=" not in text:
            return cls((("commonname", _fold(text)),), common_name_only=True)
        attributes = []
        for rdn in _split_unescaped(text, ","):
            for pair in _split_unescaped(rdn, "+"):
                kind, equals, raw = pair.partition("=")
                kind = kind.strip()
                name = _SUBJECT_TYPES.get(kind.lower(), kind if _OID.match(kind) else "")
                if not equals or not name:
                    raise ValueError(f"type d'attribut inconnu : {kind!r}")
                if raw.strip().startswith("#"):
                    raise ValueError(f"valeur en hexadécimal (#…) non prise en charge : {kind}")
                value = _unescape(raw.strip())
                if not value:
                    raise ValueError(f"valeur vide pour {kind}")
                attributes.append((name, _fold(value)))
        return cls(tuple(sorted(attributes)), common_name_only=False)

    def matches(self, subject: CertificateSubject) -> bool:
        presented = sorted((kind.lower(), _fold(value)) for rdn in subject for kind, value in rdn)
        if self.common_name_only:
            return [p for p in presented if p[0] == "commonname"] == list(self.attributes)
        return tuple(presented) == self.attributes


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
    # The gateway's client certificate must also carry this subject.
    client_subject: ClientSubject | None = None
    # REXBOT_MAIL_INSECURE_TEST: a listener on loopback taking mail without a client
    # certificate (a test on one machine, never a deployment).
    insecure_test: bool = False

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


class MailRefused(Exception):
    """A mail that fails a check; `reason` is what the log and the counts say (never an
    address)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _same_address(written: str, envelope: str) -> bool:
    """The local parts as they are, the domains without regard to case."""
    local, _, domain = written.rpartition("@")
    envelope_local, _, envelope_domain = envelope.rpartition("@")
    return bool(local and domain) and (local, domain.lower()) == (
        envelope_local,
        envelope_domain.lower(),
    )


def header_sender(message: EmailMessage) -> str:
    """The one address of the mail's one From:, as written; raises MailRefused."""
    headers = message.get_all("From") or []
    if len(headers) != 1:
        raise MailRefused("from-count")
    header = headers[0]
    # policy.default makes each header both kinds: the address parser's and the defects'.
    if (
        not isinstance(header, headerregistry.AddressHeader)
        or not isinstance(header, headerregistry.BaseHeader)
        or any(isinstance(defect, _AMBIGUOUS_HEADER) for defect in header.defects)
    ):
        raise MailRefused("from-address")
    addresses = header.addresses
    # The older parser must read the same one address too: where two parsers differ, a
    # reader and the bot could see two senders.
    legacy = [address for _, address in getaddresses([str(header)]) if address]
    if (
        len(addresses) != 1
        or not addresses[0].username
        or not addresses[0].domain
        or [a.lower() for a in legacy] != [addresses[0].addr_spec.lower()]
    ):
        raise MailRefused("from-address")
    return str(addresses[0].addr_spec)


def return_path(message: EmailMessage) -> str:
    """A polled mail's envelope sender, which the server that delivered it wrote in its one
    Return-Path: (a second one would be the sender's own); raises MailRefused."""
    paths = message.get_all("Return-Path") or []
    address = parseaddr(str(paths[0]))[1] if len(paths) == 1 else ""
    if "@" not in address:
        raise MailRefused("return-path")
    return address


def authenticated_sender(message: EmailMessage, envelope_sender: str) -> str:
    """The mail's sender, lower-cased, when its From: is the envelope sender; raises
    MailRefused. The gateway vouches for the envelope sender (it authenticated the mailbox),
    not for what the mail says in From:."""
    written = header_sender(message)
    if not _same_address(written, envelope_sender):
        raise MailRefused("from-mismatch")
    return written.strip().lower()


def external_id(sender: str, message_id: str, raw: bytes) -> str:
    """What the engine dedupes a mail on: its sender and its Message-ID (a sender's client
    chooses it: another sender may reuse it), the content's hash without one. Hashed: the
    table of handled updates keeps no address."""
    key = message_id or hashlib.sha256(raw).hexdigest()
    return hashlib.sha256(f"{sender}\n{key}".encode()).hexdigest()


HANDLED = "$rexbot"  # an IMAP keyword on the mail already handed to the engine


def _imap(config: ImapConfig) -> imaplib.IMAP4_SSL:
    client = imaplib.IMAP4_SSL(config.host, config.port, ssl_context=config.tls, timeout=30)
    client.login(config.user, config.password)
    client.select(config.mailbox)
    return client


def _size(parts: list[Any]) -> int | None:
    for part in parts:
        found = _IMAP_SIZE.search(part if isinstance(part, bytes) else b"")
        if found:
            return int(found.group(1))
    return None


def _fetch_new(
    config: ImapConfig, max_size: int, batch: int = 50
) -> list[tuple[str, bytes | None]]:
    """(uid, raw mail) of the mail without the handled keyword, None for a mail over
    `max_size`, which is not downloaded (blocking: run in a thread)."""
    client = _imap(config)
    try:
        _, found = client.uid("SEARCH", "UNKEYWORD", HANDLED)
        fetched: list[tuple[str, bytes | None]] = []
        for uid in (found[0] or b"").decode().split()[:batch]:
            _, sized = client.uid("FETCH", uid, "(RFC822.SIZE)")
            size = _size(sized)
            if size is not None and size > max_size:
                fetched.append((uid, None))
                continue
            _, parts = client.uid("FETCH", uid, "(BODY.PEEK[])")
            for part in parts:
                if isinstance(part, tuple):
                    raw = part[1]
                    fetched.append((uid, raw if len(raw) <= max_size else None))
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

    def handle_STARTTLS(self, server: SMTP, session: Session, envelope: Envelope) -> bool:
        """After the handshake (the CA already checked): the pinned subject. False makes
        aiosmtpd answer every command but QUIT with 554."""
        pinned = self.transport.config.client_subject
        if pinned is None:
            return True
        subject = ((session.ssl or {}).get("peercert") or {}).get("subject", ())
        if not pinned.matches(subject):
            self.transport.refuse("certificate")
            return False
        return True

    async def handle_exception(self, error: Exception) -> str:
        if isinstance(error, TLSSetupException):
            # No client certificate, or one from another CA: the handshake failed.
            self.transport.refuse("tls")
            return "421 4.7.0 TLS failed"
        # Said without the error's text: it could quote the mail.
        log.warning("mail: an inbound SMTP command failed (%s)", type(error).__name__)
        return "451 4.3.0 Try again later"

    async def handle_MAIL(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if not self.transport.allowed(address):
            self.transport.refuse("domain")
            return "550 5.7.1 Sender not allowed"
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if address.lower() != self.transport.config.address.lower():
            self.transport.refuse("recipient")
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or envelope.content
        raw = content if isinstance(content, bytes) else str(content).encode()
        try:
            message, sender = self.transport.read(raw, envelope.mail_from or "")
        except MailRefused as refusal:
            self.transport.refuse(refusal.reason)
            return REFUSED_MAIL
        try:
            await self.transport.receive(message, sender, raw)
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
        #: Mail refused at the SMTP level or ignored when polled, by reason ("from-mismatch",
        #: "tls", "size"…); never handed to the engine.
        self.refusals: Counter[str] = Counter()
        self.automatic = 0
        #: Mail from unknown senders (accepted, never answered).
        self.strangers = 0

    @property
    def refused(self) -> int:
        return sum(self.refusals.values())

    def refuse(self, reason: str) -> None:
        """Count a refused mail; the log says why and how many, never from whom."""
        self.refusals[reason] += 1
        log.warning(
            "mail: a mail refused (%s); %d for this reason since start-up",
            reason,
            self.refusals[reason],
        )

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
        fetched = await asyncio.to_thread(_fetch_new, imap, self.config.max_size)
        done = []
        for uid, raw in fetched:
            # What fails a check is marked handled too: otherwise it is fetched forever.
            if raw is None:
                self.refuse("size")
                done.append(uid)
                continue
            try:
                message, sender = self.read(raw, None)
            except MailRefused as refusal:
                self.refuse(refusal.reason)
                done.append(uid)
                continue
            try:
                await self.receive(message, sender, raw)
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

    def read(self, raw: bytes, envelope_sender: str | None) -> tuple[EmailMessage, str]:
        """The mail and its sender, once it passes every check; raises MailRefused. A polled
        mail (`envelope_sender` None) had its envelope sender written in Return-Path."""
        try:
            message = message_from_bytes(raw, policy=policy.default)
            assert isinstance(message, EmailMessage)
            sender = authenticated_sender(
                message, return_path(message) if envelope_sender is None else envelope_sender
            )
        except MailRefused:
            raise
        except Exception as error:
            # The standard parser has known crashes on hostile headers: such a mail is refused
            # like any other that cannot be read, not left to fail the dialogue.
            raise MailRefused("unreadable") from error
        if not self.allowed(sender):
            raise MailRefused("domain")
        return message, sender

    async def receive(self, message: EmailMessage, sender: str, raw: bytes) -> None:
        """One checked mail (see `read`), to the engine (its answers go through the outbox)."""
        assert self._handler is not None
        if is_automatic(message):
            # An out-of-office reply would be relayed word for word, signature included
            # (a declarant's name to the member, for one): never taken as an answer.
            self.automatic += 1
            return
        message_id = _clean_id(str(message.get("Message-ID", "")))
        if message_id:
            self._last_inbound[sender] = message_id
        inbound = self._inbound(message, sender, external_id(sender, message_id, raw))
        result = await self._handler(inbound)
        if result.direct:
            # Never an answer to an unknown address: no backscatter from a health mailbox.
            self.strangers += 1
            log.info("mail: message from an unknown sender ignored")

    def _inbound(self, message: EmailMessage, sender: str, update_id: str) -> Inbound:
        reply_ref = _clean_id(str(message.get("In-Reply-To", "")))
        if has_attachments(message):
            return Inbound(NAME, sender, update_id, InboundKind.MEDIA, media_kind="document")
        text = answer_text(message)
        inbound = text_inbound(NAME, sender, update_id, text)
        if reply_ref and inbound.kind is InboundKind.TEXT:
            return Inbound(
                NAME, sender, update_id, InboundKind.TEXT, text=text, reply_ref=reply_ref
            )
        subject_case = CASE_TAG.search(str(message.get("Subject", "")))
        if subject_case and inbound.kind is InboundKind.TEXT:
            # No In-Reply-To (a new mail): the case named in the subject says what it is about.
            return Inbound(
                NAME,
                sender,
                update_id,
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
