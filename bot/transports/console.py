"""A local terminal transport for trying rexbot out: several identities, numbered choices."""

from __future__ import annotations

import asyncio
import itertools
import sys
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TextIO

from bot.engine import HandleResult
from flows.core.commands import text_inbound
from flows.domain.messages import Choice, Delivery, Inbound, InboundKind
from flows.domain.model import Member
from flows.text.i18n import t
from flows.text.matching import match_choice, normalise
from storage.database import Database
from storage.members import SqlMembers
from storage.outbox import SqlOutbox

NAME = "console"
Handler = Callable[[Inbound], Awaitable[HandleResult]]


class ConsoleTransport:
    name = NAME
    max_text: int | None = None
    paced = False

    def __init__(
        self,
        db: Database,
        territory_name: str,
        output: TextIO | None = None,
        read_line: Callable[[], Awaitable[str]] | None = None,
        files_dir: Path | None = None,
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

    async def _stdin_line(self) -> str:
        return await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)

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

    async def run(
        self,
        handler: Handler,
        on_direct: Callable[[list[Delivery]], None],
        settle: Callable[[], Awaitable[None]],
        first_identity: str | None = None,
        hint: str | None = None,
    ) -> None:
        pairs = await self._members()
        if pairs:
            await self.switch(first_identity or pairs[0][0].name)
        else:
            self._new_identity()
        self._print(t("fr", "console.intro", territory=self.territory_name, name=self.current_name))
        if hint:
            self._print(hint)
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
            result = await handler(self._inbound(text))
            if result.direct:
                on_direct(result.direct)
            await settle()
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
