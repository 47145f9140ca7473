"""Logging that never writes message text, tokens or phone numbers."""

from __future__ import annotations

import logging
import re

_TOKEN = re.compile(r"\d{6,}:[A-Za-z0-9_-]{20,}")
_PHONE = re.compile(r"(?:\+33|0033|\b0)[1-9](?:[\s.-]?\d{2}){4}\b")


class RedactingFilter(logging.Filter):
    """Last line of defence: our code logs ids only, but libraries may log URLs or payloads."""

    def filter(self, record: logging.LogRecord) -> bool:
        if (
            record.name.startswith(("telegram", "httpx", "aiohttp"))
            and record.levelno >= logging.ERROR
        ):
            # Library errors may embed the raw update (message text): keep the message shape only.
            record.args = ()
        message = record.getMessage()
        cleaned = _PHONE.sub("<tel>", _TOKEN.sub("<token>", message))
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


def configure_logging(level: str) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # These log full request URLs (with the bot token) and payloads at INFO/DEBUG.
    for noisy in ("httpx", "httpcore", "aiohttp", "telegram", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
