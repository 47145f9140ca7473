"""The one contract between the runtime and every channel (Telegram, mail, console, memory).

A transport says what it can render, is opened (what must work is checked before anything else
starts), started with the `Runtime` it hands inbound messages to, asked to deliver stored
messages, and stopped. The composition root (`bot/app.py`) treats them all alike.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Protocol

from flows.domain.messages import Delivery, Inbound


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What a channel can take, which the outbox adapts to."""

    # The longest text one message may carry (None: no limit); longer texts are cut.
    max_text: int | None = None
    # Whether the channel's rate limits apply (Telegram's; not a local terminal).
    paced: bool = False


@dataclass(slots=True)
class HandleResult:
    stored: list[Delivery] = field(default_factory=list)
    # Answers to people who are not enrolled: sent once, never written anywhere.
    direct: list[Delivery] = field(default_factory=list)
    duplicate: bool = False
    accepted_choice: bool = False
    notice: str | None = None


class TemporaryFailure(Exception):
    """The database could not take the update now (busy, locked): it may be retried as is."""


class RetryLater(Exception):
    """The channel asked us to slow down (Telegram 429): retry this chat after `seconds`."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds} s")
        self.seconds = seconds


class Unreachable(Exception):
    """The person cannot be reached on this channel any more (bot blocked, address gone)."""


class Rejected(Exception):
    """The channel refused this message for good (bad request): retrying would not help."""


Handler = Callable[[Inbound], Awaitable[HandleResult]]


@dataclass(frozen=True, slots=True)
class Runtime:
    """What a started transport may use of the runtime."""

    # One inbound message → one transaction; raises TemporaryFailure when it may be retried.
    handle: Handler
    # Answers to strangers (HandleResult.direct): sent at once, never stored.
    send_direct: Callable[[list[Delivery]], None]
    # Waits until every stored message has left (the console shows answers before prompting).
    settle: Callable[[], Awaitable[None]]
    # Remembers a fact about the bot (its Telegram username, for invitation links).
    remember: Callable[[str, str], Awaitable[None]]
    # Ends the whole service (the console's /quitter).
    request_stop: Callable[[], None]


class Transport(Protocol):
    name: str
    capabilities: Capabilities

    async def open(self) -> None:
        """Check what must work before anything starts (a token, a port); raise if not."""
        ...

    async def start(self, runtime: Runtime) -> str | None:
        """Start receiving; return what it now serves, for the log (None: nothing to say)."""
        ...

    async def stop(self) -> None: ...

    async def deliver(self, delivery: Delivery) -> str | None:
        """Send (or edit) one message; return the channel's id for it. Raise a delivery error."""
        ...
