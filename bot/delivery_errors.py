"""How a transport tells the outbox what went wrong, whatever the channel."""

from __future__ import annotations


class RetryLater(Exception):
    """The channel asked us to slow down (Telegram 429): retry this chat after `seconds`."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds} s")
        self.seconds = seconds


class Unreachable(Exception):
    """The person cannot be reached on this channel any more (bot blocked, address gone)."""


class Rejected(Exception):
    """The channel refused this message for good (bad request): retrying would not help."""
