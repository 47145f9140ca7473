"""A local terminal transport for trying rexbot out: several identities, numbered choices."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import sys
import threading
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TextIO

from bot.transports.contract import Capabilities, Runtime
from flows.core.commands import text_inbound
from flows.domain.messages import Choice, Delivery, Inbound, InboundKind
from flows.domain.model import Member
from flows.text.i18n import t
from flows.text.matching import match_choice, normalise
from storage.database import Database
from storage.members import SqlMembers
from storage.outbox import SqlOutbox

NAME = "console"


class ConsoleTransport:
    name = NAME
    capabilities = Capabilities()

    def __init__(
        self,
        db: Database,
        territory_name: str,
        output: TextIO | None = None,
        read_line: Callable[[], Awaitable[str]] | None = None,
        files_dir: Path | None = None,
        first_identity: str | None = None,
    ) -> None:
        self.db = db
        # Where files sent to the terminal (calendar invitations) are written.
        self.files_dir = files_dir or Path("rexbot-fichiers")
        self.territory_name = territory_name
        self.output = output or sys.stdout
        self._read_line = read_line or self._stdin_line
        self.address = ""
        self.current_name = "?"
        self._names: dict[str, str] = {}
        self._strangers = itertools.count(1)
        self._buttons: dict[str, tuple[tuple[Choice, ...], int | None]] = {}
        self.first_identity = first_identity
        # Said once under the introduction (the demo's pending invitation code).
        self.hint: str | None = None
        self._session: asyncio.Task[None] | None = None

    async def _stdin_line(self) -> str:
        # A daemon thread, not the loop's executor: a read pending on the terminal must not
        # hold the process when the service stops (Ctrl-C, SIGTERM).
        loop = asyncio.get_running_loop()
        line: asyncio.Future[str] = loop.create_future()

        def deliver(text: str) -> None:
            if not line.done():  # the session may have been cancelled meanwhile
                line.set_result(text)

        def read() -> None:
            text = sys.stdin.readline()
            with contextlib.suppress(RuntimeError):  # the loop closed while it waited
                loop.call_soon_threadsafe(deliver, text)

        threading.Thread(target=read, name="rexbot-console-stdin", daemon=True).start()
        return await line

    def _print(self, text: str) -> None:
        self.output.write(text + "\n")
        self.output.flush()

    async def deliver(self, delivery: Delivery) -> str | None:
        lines = []
        if delivery.address != self.address:
            lines.append(
                t("fr", "console.for", name=self._names.get(delivery.address, delivery.address))
            )
        lines.append(f"🤖 {delivery.text}")
        if delivery.attachment is not None:
            # A terminal cannot show a file: it is written beside the database, to open.
            self.files_dir.mkdir(parents=True, exist_ok=True)
            path = self.files_dir / delivery.attachment.filename
            path.write_text(delivery.attachment.content, encoding="utf-8")
            lines.append(t("fr", "console.attachment", path=str(path)))
        if delivery.choices:
            lines.extend(f"   {i}. {c.label}" for i, c in enumerate(delivery.choices, 1))
            # The terminal's buttons: a number typed next picks one of these.
            self._buttons[delivery.address] = (delivery.choices, delivery.version)
        self._print("\n".join(lines))
        return None

    async def _members(self) -> list[tuple[Member, str]]:
        pairs = await self.db.call(lambda conn: SqlMembers(conn).on_transport(NAME))
        self._names = {address: member.name for member, address in pairs}
        return pairs

    async def switch(self, name: str) -> bool:
        pairs = await self._members()
        choices = [Choice(address, member.name) for member, address in pairs]
        picked = match_choice(name, choices) if name else None
        if picked is None and not name:
            self._print(t("fr", "console.members", names=", ".join(m.name for m, _ in pairs)))
            return False
        if picked is None:
            names = ", ".join(member.name for member, _ in pairs)
            self._print(t("fr", "console.unknown_identity", name=name, names=names))
            return False
        member = next(m for m, a in pairs if a == picked.id)
        self.address, self.current_name = picked.id, member.name
        if self.address not in self._buttons:
            # After a restart, the buttons last shown to this person still answer to numbers.
            address = self.address
            last = await self.db.call(lambda conn: SqlOutbox(conn).last_buttons(NAME, address))
            if last is not None:
                self._buttons[address] = (last.choices, last.version)
        self._print(
            t("fr", "console.switched", name=member.name, role=t("fr", f"role.{member.role.value}"))
        )
        return True

    async def open(self) -> None:
        return None

    async def start(self, runtime: Runtime) -> str | None:
        self._session = asyncio.get_running_loop().create_task(self._run(runtime))
        return None

    async def stop(self) -> None:
        if self._session is not None and not self._session.done():
            self._session.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._session
        self._session = None

    async def _run(self, runtime: Runtime) -> None:
        """The terminal session; leaving it (/quitter, end of input) ends the service."""
        try:
            await self._session_loop(runtime)
        finally:
            runtime.request_stop()

    async def _session_loop(self, runtime: Runtime) -> None:
        pairs = await self._members()
        if pairs:
            await self.switch(self.first_identity or pairs[0][0].name)
        else:
            self._new_identity()
        self._print(t("fr", "console.intro", territory=self.territory_name, name=self.current_name))
        if self.hint:
            self._print(self.hint)
        while True:
            self.output.write(f"[{self.current_name}] > ")
            self.output.flush()
            line = await self._read_line()
            if not line:
                self._print("")
                return
            text = line.rstrip("\n")
            command = normalise(text.split(" ", 1)[0]) if text.startswith("/") else ""
            if command in ("quitter", "exit", "quit"):
                return
            if command == "as":
                await self.switch(text.partition(" ")[2].strip())
                continue
            if command == "qui":
                names = ", ".join(
                    f"{m.name} ({t('fr', f'role.{m.role.value}')})"
                    for m, _ in await self._members()
                )
                self._print(t("fr", "console.members", names=names))
                continue
            if command == "nouveau":
                self._new_identity()
                continue
            result = await runtime.handle(self._inbound(text))
            if result.direct:
                runtime.send_direct(result.direct)
            await runtime.settle()
            await self._members()
            # Someone who just enrolled from a "/nouveau" identity now has a name.
            self.current_name = self._names.get(self.address, self.current_name)

    def _new_identity(self) -> None:
        self.address = f"nouveau-{next(self._strangers)}"
        self.current_name = self.address
        self._print(t("fr", "console.new_identity", name=self.address))

    def _inbound(self, text: str) -> Inbound:
        external_id = f"{self.address}:{uuid.uuid4().hex}"
        choices, version = self._buttons.get(self.address, ((), None))
        typed = text.strip()
        if typed.isdigit() and 1 <= int(typed) <= len(choices):
            # A number presses the matching button of the last message with buttons, exactly
            # as a tap would on Telegram (old buttons are then recognised as such).
            choice = choices[int(typed) - 1]
            return Inbound(
                NAME,
                self.address,
                external_id,
                InboundKind.CHOICE,
                choice_id=choice.id,
                version=version,
                choice_label=choice.label,
            )
        return text_inbound(NAME, self.address, external_id, text)
