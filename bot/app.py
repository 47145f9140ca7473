"""The composition root: storage, engine, outbox, scheduler and transports, wired once."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TextIO

from bot.config import Settings
from bot.demo import seed_demo
from bot.engine import Engine
from bot.outbox import OutboxLimits, OutboxSender, Transport
from bot.scheduler import ReminderScheduler
from bot.transports.console import ConsoleTransport
from bot.transports.mail import MailTransport
from bot.transports.telegram import TelegramTransport
from flows.domain.clock import Clock, SystemClock
from flows.text.i18n import t
from storage.bot_facts import SqlBotFacts
from storage.database import run_in_transaction, sqlite_path

log = logging.getLogger(__name__)


class App:
    def __init__(self, settings: Settings, clock: Clock | None = None) -> None:
        self.settings = settings
        self.clock = clock or SystemClock()
        self.db = settings.database()
        self.transports: dict[str, Transport] = {}
        self.outbox = OutboxSender(
            self.db,
            self.clock,
            self.transports,
            OutboxLimits(
                global_rate=settings.telegram_global_rate,
                chat_rate=settings.telegram_chat_rate,
                chat_burst=settings.telegram_chat_burst,
                max_attempts=settings.outbox_max_attempts,
            ),
        )
        self.territory = settings.territory()
        self.engine = Engine(
            self.db,
            self.clock,
            settings.flow_settings(),
            self.territory,
            on_stored=self.outbox.enqueue,
        )
        self.scheduler = ReminderScheduler(
            self.engine, settings.scheduler_tick, each_tick=[self.outbox.sweep]
        )

    def add_transport(self, transport: Transport) -> None:
        self.transports[transport.name] = transport

    async def start(self) -> None:
        applied = await self.db.open()
        if applied:
            log.info("database schema upgraded: %s", ", ".join(applied))
        await self.outbox.start()
        self.scheduler.start()

    async def stop(self) -> None:
        await self.scheduler.stop()
        with contextlib.suppress(TimeoutError):
            await self.outbox.wait_idle(timeout=5.0)
        await self.outbox.stop()
        await self.db.close()


async def serve(settings: Settings) -> None:
    """Serve every configured channel: Telegram (a token), the mail gateway (an address)."""
    app = App(settings)
    telegram = None
    if settings.telegram_bot_token is not None:
        telegram = TelegramTransport(
            settings.telegram_bot_token.get_secret_value(),
            settings.telegram_api_base_url,
            proxy=settings.telegram_proxy,
        )
        app.add_transport(telegram)
        # The token is checked before anything else starts: a refused token stops here.
        await telegram.connect()
    mail_config = settings.mail()
    mail = MailTransport(mail_config, app.clock) if mail_config is not None else None
    if mail is not None:
        app.add_transport(mail)
        await mail.bind()  # a port in use stops here, before anything else has started
    await app.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        if telegram is not None:
            await telegram.start(app.engine.handle, app.outbox.send_direct)
            username = telegram.username or ""
            await app.db.transaction(
                lambda conn: SqlBotFacts(conn).set("telegram_username", username)
            )
            print(f"rexbot ready: telegram @{username}", flush=True)
            log.info("serving Telegram as @%s", username)
        if mail is not None:
            await mail.start(app.engine.handle)
            print(f"rexbot ready: mail {mail.config.address} on port {mail.port}", flush=True)
        await stop.wait()
    finally:
        if telegram is not None:
            await telegram.stop()
        if mail is not None:
            await mail.stop()
        await app.stop()


serve_telegram = serve


async def serve_console(
    settings: Settings,
    demo: bool,
    identity: str | None = None,
    output: TextIO | None = None,
    read_line: Callable[[], Awaitable[str]] | None = None,
) -> None:
    if "log_level" not in settings.model_fields_set:
        # Routine log lines would land in the middle of the conversation on the terminal.
        logging.getLogger().setLevel(logging.WARNING)
    app = App(settings)
    # Files sent to the terminal go beside the database, not wherever it was started from.
    path = sqlite_path(settings.database_url)
    files_dir = Path(path).parent / "rexbot-fichiers" if path != ":memory:" else None
    console = ConsoleTransport(app.db, app.territory.name, output, read_line, files_dir)
    app.add_transport(console)
    await app.start()
    hint = None
    if demo:
        now = app.clock.now()
        code = await app.db.call(lambda conn: run_in_transaction(conn, lambda c: seed_demo(c, now)))
        hint = t("fr", "console.demo_invitation", code=code)
    try:
        await console.run(
            app.engine.handle, app.outbox.send_direct, app.outbox.wait_idle, identity, hint
        )
    finally:
        await app.stop()
