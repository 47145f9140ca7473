"""Settings from the environment or a `.env` file (REXBOT_* and TELEGRAM_*)."""

from __future__ import annotations

import ipaddress
import math
import re
import ssl
import tomllib
from datetime import time, timedelta
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.transports.mail import ClientSubject, ImapConfig, MailConfig
from flows.core.context import FlowSettings
from flows.domain.quiet_hours import parse_quiet_hours
from flows.domain.territory import IncidentType, Territory
from flows.domain.working_hours import WorkingHours
from storage.database import Database
from storage.encrypt_existing import Progress
from storage.encryption import Keyring
from storage.keys import KeyFileError, read_key_file


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="REXBOT_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    telegram_bot_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("TELEGRAM_BOT_TOKEN")
    )
    telegram_api_base_url: str = Field(
        default="https://api.telegram.org/bot",
        validation_alias=AliasChoices("TELEGRAM_API_BASE_URL"),
    )
    telegram_proxy: str | None = Field(
        default=None, validation_alias=AliasChoices("REXBOT_TELEGRAM_PROXY", "HTTPS_PROXY")
    )
    bot_username: str | None = None
    database_url: str = "sqlite+aiosqlite:///rexbot.db"
    sqlite_synchronous: Literal["NORMAL", "FULL"] = "NORMAL"
    # How long a write waits for another process (e.g. a CLI command) to release the database.
    sqlite_busy_timeout: timedelta = timedelta(seconds=10)
    # The master key that wraps the data keys (`rexbot keys init` creates it): mode 600, kept
    # and backed up apart from the database.
    data_key_file: Path | None = None
    # Rows encrypted per transaction when an older database is encrypted in place.
    encrypt_batch: int = Field(default=500, ge=1)
    timezone: str = "Europe/Paris"
    invite_ttl: timedelta = timedelta(days=7)
    draft_reminder: timedelta = timedelta(hours=2)
    quiet_hours: str = "20:00-08:00"
    # ISO weekdays (1 = Monday) without reminders; empty: none.
    quiet_days: str = "6,7"
    scheduler_tick: timedelta = timedelta(seconds=30)
    # Routing to the quality cell.
    ack_timeout: timedelta = timedelta(hours=4)
    # Counted in working days.
    contact_timeout: timedelta = timedelta(days=2)
    escalation_max: int = 3
    max_open_cases: int = 5
    working_hours: str = "08:00-19:00"
    working_days: str = "1-5"
    # Casework: the level-2 check-in, its reminder, and how long a closed case may be reopened.
    checkin_delay: timedelta = timedelta(days=15)
    checkin_reminder: timedelta = timedelta(days=3)
    reopen_days: int = 30
    # RCP reminders: the vote's before its close; the day before the meeting (at this time)
    # and shortly before it. Quiet hours apply to all of them.
    rcp_vote_reminder: timedelta = timedelta(days=1)
    rcp_eve_time: str = "18:00"
    rcp_last_reminder: timedelta = timedelta(hours=1)
    # What crosses Telegram (not a certified health-data host): "reference" keeps the text of
    # cases off it (details go to the secure mail), "full" lets it through. Unset: "reference"
    # when the mail gateway is configured, else "full" (with a warning at start-up).
    telegram_details: Literal["full", "reference"] | None = None
    telegram_global_rate: float = 30.0
    telegram_chat_rate: float = 1.0
    telegram_chat_burst: float = 3.0
    outbox_max_attempts: int = 8
    # The MSSanté-style mail gateway (off unless REXBOT_MAIL_ADDRESS is set).
    mail_address: str | None = None
    mail_listen_host: str = "127.0.0.1"
    mail_listen_port: int = 2525
    # The inbound listener's certificate for STARTTLS, and the CA that signs the gateway's
    # client certificate (required: the gateway must present one).
    mail_tls_cert: Path | None = None
    mail_tls_key: Path | None = None
    mail_client_ca: Path | None = None
    # The gateway certificate's subject, pinned: RFC 4514 ("CN=…,O=…,C=FR"), or a CN alone.
    mail_client_subject: str | None = None
    # Lifts the client certificate requirement for a listener on loopback only: a test on one
    # machine, never a deployment (a warning says so at start-up).
    mail_insecure_test: bool = False
    mail_relay_host: str | None = None
    mail_relay_port: int = 587
    # "starttls" (port 587) or "tls" (implicit TLS, port 465).
    mail_relay_tls: Literal["starttls", "tls"] = "starttls"
    mail_relay_cert: Path | None = None
    mail_relay_key: Path | None = None
    mail_relay_ca: Path | None = None
    # Sender domains accepted inbound, comma-separated (empty: any).
    mail_allowed_domains: str = ""
    mail_max_size: int = 2_000_000
    # "smtp": the gateway pushes mail to our listener; "imap": we poll the bot's mailbox.
    mail_inbound: Literal["smtp", "imap"] = "smtp"
    mail_imap_host: str | None = None
    mail_imap_port: int = 993
    mail_imap_user: str | None = None
    mail_imap_password: SecretStr | None = None
    mail_imap_cert: Path | None = None
    mail_imap_key: Path | None = None
    mail_imap_ca: Path | None = None
    mail_imap_mailbox: str = "INBOX"
    mail_imap_poll: timedelta = timedelta(seconds=30)
    territory_file: Path | None = None
    log_level: str = "INFO"

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {value!r}") from error
        return value

    @field_validator("working_days")
    @classmethod
    def _valid_working_days(cls, value: str) -> str:
        WorkingHours.parse(ZoneInfo("UTC"), "08:00-19:00", value)
        return value

    @field_validator("rcp_eve_time")
    @classmethod
    def _valid_eve_time(cls, value: str) -> str:
        time.fromisoformat(value)
        return value

    @field_validator("quiet_days")
    @classmethod
    def _valid_quiet_days(cls, value: str) -> str:
        _iso_days(value)
        return value

    @field_validator("quiet_hours")
    @classmethod
    def _valid_quiet_hours(cls, value: str) -> str:
        try:
            parse_quiet_hours(value)
        except ValueError as error:
            raise ValueError(
                f"quiet hours must look like 20:00-08:00 (or be empty): {error}"
            ) from error
        return value

    def database(self, progress: Progress | None = None) -> Database:
        """The configured database (not opened yet), with its key; KeyFileError (in French)
        when the key is not configured or its file is refused."""
        return Database(
            self.database_url,
            self.sqlite_synchronous,
            int(self.sqlite_busy_timeout.total_seconds() * 1000),
            keyring=self.keyring(),
            encrypt_batch=self.encrypt_batch,
            progress=progress,
        )

    def keyring(self) -> Keyring:
        if self.data_key_file is None:
            raise KeyFileError(
                "REXBOT_DATA_KEY_FILE n'est pas défini : les données sont chiffrées au repos et "
                "il faut une clé. Créez-la avec « rexbot keys init --file /etc/rexbot/cle/"
                "rexbot.key », indiquez ce chemin dans REXBOT_DATA_KEY_FILE, et sauvegardez le "
                "fichier à part de la base."
            )
        return Keyring(read_key_file(self.data_key_file))

    @property
    def details_mode(self) -> str:
        if self.telegram_details is not None:
            return self.telegram_details
        return "reference" if self.mail_address else "full"

    def flow_settings(self) -> FlowSettings:
        return FlowSettings(
            timezone=ZoneInfo(self.timezone),
            draft_reminder_delay=self.draft_reminder,
            quiet_hours=parse_quiet_hours(self.quiet_hours),
            invite_ttl=self.invite_ttl,
            bot_username=self.bot_username,
            quiet_days=frozenset(_iso_days(self.quiet_days)),
            working_hours=WorkingHours.parse(
                ZoneInfo(self.timezone), self.working_hours, self.working_days
            ),
            ack_timeout=self.ack_timeout,
            # Whole working days: a part of a day counts as a day (PT36H → 2).
            contact_timeout_days=max(1, math.ceil(self.contact_timeout.total_seconds() / 86400)),
            escalation_max=self.escalation_max,
            max_open_cases=self.max_open_cases,
            checkin_delay=self.checkin_delay,
            checkin_reminder=self.checkin_reminder,
            reopen_days=self.reopen_days,
            rcp_vote_reminder=self.rcp_vote_reminder,
            rcp_eve_time=time.fromisoformat(self.rcp_eve_time),
            rcp_last_reminder=self.rcp_last_reminder,
            discreet_transports=(
                frozenset({"telegram"}) if self.details_mode == "reference" else frozenset()
            ),
        )

    def mail(self) -> MailConfig | None:
        """The mail gateway's configuration, certificates loaded; None when it is off.
        Inconsistent settings raise ValueError with the reason in French."""
        if not self.mail_address:
            return None
        if "@" not in self.mail_address:
            raise ValueError(f"REXBOT_MAIL_ADDRESS n'est pas une adresse : {self.mail_address!r}")
        if not self.mail_relay_host:
            raise ValueError("REXBOT_MAIL_RELAY_HOST manque : le relais de la passerelle")
        server_tls = None
        if self.mail_tls_cert or self.mail_tls_key:
            server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            _load_pair(server_tls, "REXBOT_MAIL_TLS", self.mail_tls_cert, self.mail_tls_key)
            if self.mail_client_ca is not None:
                _load_ca(server_tls, "REXBOT_MAIL_CLIENT_CA", self.mail_client_ca)
                server_tls.verify_mode = ssl.CERT_REQUIRED
        elif self.mail_client_ca is not None:
            raise ValueError(
                "REXBOT_MAIL_CLIENT_CA demande REXBOT_MAIL_TLS_CERT et REXBOT_MAIL_TLS_KEY"
            )
        relay_tls = _client_context("REXBOT_MAIL_RELAY_CA", self.mail_relay_ca)
        if self.mail_relay_cert or self.mail_relay_key:
            _load_pair(relay_tls, "REXBOT_MAIL_RELAY", self.mail_relay_cert, self.mail_relay_key)
        imap = self._imap() if self.mail_inbound == "imap" else None
        subject = None
        if imap is not None:
            server_tls = None  # no listener in this mode
        else:
            subject = self._listener_client(tls=server_tls is not None)
        return MailConfig(
            imap=imap,
            client_subject=subject,
            insecure_test=imap is None and self.mail_client_ca is None,
            address=self.mail_address.strip().lower(),
            listen_host=self.mail_listen_host,
            listen_port=self.mail_listen_port,
            server_tls=server_tls,
            require_starttls=server_tls is not None,
            relay_host=self.mail_relay_host,
            relay_port=self.mail_relay_port,
            relay_implicit_tls=self.mail_relay_tls == "tls",
            relay_tls=relay_tls,
            allowed_domains=frozenset(
                d.strip().lower() for d in self.mail_allowed_domains.split(",") if d.strip()
            ),
            max_size=self.mail_max_size,
        )

    def _listener_client(self, *, tls: bool) -> ClientSubject | None:
        """What the SMTP listener requires of the gateway: a client certificate from the CA
        (unless REXBOT_MAIL_INSECURE_TEST, on loopback), and the pinned subject if any."""
        host = self.mail_listen_host
        loopback = host == "localhost" or _is_loopback_address(host)
        if self.mail_client_ca is None and self.mail_insecure_test and not loopback:
            raise ValueError(
                "REXBOT_MAIL_INSECURE_TEST=1 n'est permis que pour une écoute sur cette machine "
                f"(127.0.0.1 ou ::1), pas sur REXBOT_MAIL_LISTEN_HOST={host!r}"
            )
        if not tls and not loopback:
            raise ValueError(
                "le serveur de réception écoute hors de cette machine sans TLS : donnez "
                "REXBOT_MAIL_TLS_CERT et REXBOT_MAIL_TLS_KEY (ou écoutez sur 127.0.0.1)"
            )
        if self.mail_client_ca is None and not self.mail_insecure_test:
            raise ValueError(
                "REXBOT_MAIL_CLIENT_CA manque : le serveur de réception n'accepte que la "
                "passerelle, qui présente un certificat client signé par cette autorité (avec "
                "REXBOT_MAIL_TLS_CERT et REXBOT_MAIL_TLS_KEY). Pour un essai sur cette machine "
                "seulement : REXBOT_MAIL_INSECURE_TEST=1."
            )
        if not (self.mail_client_subject or "").strip():
            return None
        if self.mail_client_ca is None:
            raise ValueError("REXBOT_MAIL_CLIENT_SUBJECT demande REXBOT_MAIL_CLIENT_CA")
        try:
            return ClientSubject.parse(self.mail_client_subject or "")
        except ValueError as error:
            raise ValueError(
                f"REXBOT_MAIL_CLIENT_SUBJECT illisible ({error}) : le sujet du certificat de la "
                "passerelle au format RFC 4514 (CN=passerelle.exemple.fr,O=Opérateur,C=FR), ou "
                "son seul CN"
            ) from error

    def _imap(self) -> ImapConfig:
        if not self.mail_imap_host or not self.mail_imap_user or self.mail_imap_password is None:
            raise ValueError(
                "REXBOT_MAIL_INBOUND=imap demande REXBOT_MAIL_IMAP_HOST, _USER et _PASSWORD"
            )
        tls = _client_context("REXBOT_MAIL_IMAP_CA", self.mail_imap_ca)
        if self.mail_imap_cert or self.mail_imap_key:
            _load_pair(tls, "REXBOT_MAIL_IMAP", self.mail_imap_cert, self.mail_imap_key)
        return ImapConfig(
            host=self.mail_imap_host,
            port=self.mail_imap_port,
            user=self.mail_imap_user,
            password=self.mail_imap_password.get_secret_value(),
            tls=tls,
            mailbox=self.mail_imap_mailbox,
            poll=self.mail_imap_poll.total_seconds(),
        )

    def territory(self) -> Territory:
        if self.territory_file is None:
            return Territory()
        return load_territory(self.territory_file)


def _load_pair(context: ssl.SSLContext, name: str, cert: Path | None, key: Path | None) -> None:
    for variable, path in ((f"{name}_CERT", cert), (f"{name}_KEY", key)):
        if path is None or str(path) in ("", "."):
            raise ValueError(f"{name}_CERT et {name}_KEY vont ensemble : {variable} manque")
        if not path.is_file():
            raise ValueError(f"{variable} : fichier introuvable : {path}")
    assert cert is not None and key is not None
    try:
        context.load_cert_chain(cert, key)
    except ssl.SSLError as error:
        raise ValueError(
            f"{name} : le certificat et la clé ne vont pas ensemble ({error.reason})"
        ) from error


def _is_loopback_address(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a name, or empty (every interface)
        return False


def _client_context(name: str, ca: Path | None) -> ssl.SSLContext:
    """TLS towards the gateway: with a configured CA, that CA alone is trusted (not the
    system's too); without one, the system's."""
    if ca is None:
        return ssl.create_default_context(ssl.Purpose.SERVER_AUTH)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    _load_ca(context, name, ca)
    return context


def _load_ca(context: ssl.SSLContext, name: str, path: Path) -> None:
    if not path.is_file():
        raise ValueError(f"{name} : fichier introuvable : {path}")
    try:
        context.load_verify_locations(cafile=path)
    except ssl.SSLError as error:
        raise ValueError(f"{name} : ce n'est pas un certificat lisible ({error.reason})") from error


_TYPE_ID = re.compile(r"^[a-z0-9_]{1,40}$")


def _type_id(value: str) -> str:
    # The id travels in Telegram button data (64 bytes at most, with the version and a prefix).
    if not _TYPE_ID.match(value):
        raise ValueError(
            f"incident type id {value!r}: use 1 to 40 lowercase letters, digits or underscores"
        )
    return value


def _iso_days(text: str) -> set[int]:
    """ "6,7" → {5, 6} (Python weekdays); empty → none."""
    if not text.strip():
        return set()
    return set(WorkingHours.parse(ZoneInfo("UTC"), "00:00-23:59", text).days)


def load_territory(path: Path) -> Territory:
    """A TOML file: name, coordinator_contact, and [[incident_types]] with id, fr, en."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    types = tuple(
        IncidentType(_type_id(str(t["id"])), str(t["fr"]), str(t.get("en", t["fr"])))
        for t in data.get("incident_types", [])
    )
    base = Territory()
    return Territory(
        name=str(data.get("name", base.name)),
        coordinator_contact=str(data.get("coordinator_contact", "")),
        incident_types=types or base.incident_types,
    )
