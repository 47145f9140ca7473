"""The composition root: storage, engine, outbox, scheduler and transports, wired once.

Every channel is a `Transport` (bot/transports/contract.py) and goes through the same life:
opened first (a refused token or a port in use stops everything before it starts), started once
storage, outbox and scheduler run, stopped before them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TextIO

from bot.config import Settings
from bot.demo import seed_demo
from bot.engine import Engine
from bot.outbox import OutboxLimits, OutboxSender
from bot.scheduler import ReminderScheduler
from bot.transports.console import ConsoleTransport
from bot.transports.contract import Runtime, Transport
from bot.transports.mail import MailTransport
from bot.transports.telegram import TelegramTransport
from flows.domain.clock import Clock, SystemClock
from flows.text.i18n import t
from storage.bot_facts import SqlBotFacts
from storage.database import run_in_transaction, sqlite_path

log = logging.getLogger(__name__)
# Work to do once storage is open and before the transports start (the demo's seeding).
Prepare = Callable[["App"], Awaitable[None]]


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
        self.stopping = asyncio.Event()
        self._opened: list[Transport] = []

    def add_transport(self, transport: Transport) -> None:
        """A channel to open and start with the app (or, once started, to deliver to only:
        tests feed such a transport's inbound messages to the engine themselves)."""
        self.transports[transport.name] = transport

    @property
    def runtime(self) -> Runtime:
        return Runtime(
            handle=self.engine.handle,
            send_direct=self.outbox.send_direct,
            settle=self.outbox.wait_idle,
            remember=self._remember,
            request_stop=self.stopping.set,
        )

    async def _remember(self, key: str, value: str) -> None:
        await self.db.transaction(lambda conn: SqlBotFacts(conn).set(key, value))

    async def start(self, prepare: Prepare | None = None) -> None:
        for transport in self.transports.values():
            # Stopped by stop() even if a later step fails: a transport may hold connections
            # from the moment it is opened.
            self._opened.append(transport)
            await transport.open()
        applied = await self.db.open()
        if applied:
            log.info("database schema upgraded: %s", ", ".join(applied))
        await self.outbox.start()
        self.scheduler.start()
        if prepare is not None:
            await prepare(self)
        runtime = self.runtime
        for transport in self.transports.values():
            serving = await transport.start(runtime)
            if serving:
                print(f"rexbot ready: {serving}", flush=True)
                log.info("serving %s", serving)

    async def stop(self) -> None:
        """Stop every part, each one even if another failed to stop (the error then shows)."""
        async with contextlib.AsyncExitStack() as parts:
            # Run last pushed first: transports (last opened first), scheduler, drain, database.
            parts.push_async_callback(self.db.close)
            parts.push_async_callback(self.outbox.stop)
            parts.push_async_callback(self._drain)
            parts.push_async_callback(self.scheduler.stop)
            while self._opened:
                parts.push_async_callback(self._opened.pop(0).stop)

    async def _drain(self) -> None:
        with contextlib.suppress(TimeoutError):
            await self.outbox.wait_idle(timeout=5.0)


def configured_transports(settings: Settings, clock: Clock) -> list[Transport]:
    """The channels the settings enable: Telegram with a token, the mail gateway with an
    address (its settings were checked by the caller)."""
    transports: list[Transport] = []
    if settings.telegram_bot_token is not None:
        transports.append(
            TelegramTransport(
                settings.telegram_bot_token.get_secret_value(),
                settings.telegram_api_base_url,
                proxy=settings.telegram_proxy,
            )
        )
    mail_config = settings.mail()
    if mail_config is not None:
        transports.append(MailTransport(mail_config, clock))
    return transports


async def serve(app: App, transports: list[Transport], prepare: Prepare | None = None) -> None:
    """Run until SIGINT or SIGTERM, or until a transport ends the service."""
    for transport in transports:
        app.add_transport(transport)
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, app.stopping.set)
    # A signal during start-up (Telegram slow to answer) stops at once, not after it.
    starting = asyncio.ensure_future(app.start(prepare))
    stopping = asyncio.ensure_future(app.stopping.wait())
    try:
        await asyncio.wait({starting, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if starting.done():
            starting.result()  # a refused token or a port in use is raised here
            await stopping
    finally:
        for task in (starting, stopping):
            if not task.done():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
        await app.stop()


async def serve_channels(settings: Settings) -> None:
    """Serve every configured channel: Telegram (a token), the mail gateway (an address)."""
    if settings.telegram_bot_token is not None:
        # Said to whoever starts the service, in French: the choice is the territory's.
        if settings.details_mode == "full":
            print(t("fr", "details.startup_full"), file=sys.stderr, flush=True)
        elif not settings.mail_address:
            print(t("fr", "details.startup_reference_no_mail"), file=sys.stderr, flush=True)
    app = App(settings)
    await serve(app, configured_transports(settings, app.clock))


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
    console = ConsoleTransport(app.db, app.territory.name, output, read_line, files_dir, identity)

    async def seed(app: App) -> None:
        now = app.clock.now()
        code = await app.db.call(lambda conn: run_in_transaction(conn, lambda c: seed_demo(c, now)))
        console.hint = t("fr", "console.demo_invitation", code=code)

    await serve(app, [console], seed if demo else None)
