"""Logging that never writes message text, tokens, phone numbers, addresses or NIRs.

Our code logs ids, counts and exception types only. The formatter is the last line of defence
for what slips through anyway (a library's URL, an exception's message, a traceback): it
redacts the message, the formatted exception with its whole ``__cause__``/``__context__``
chain and the stack, whatever the handler.
"""

from __future__ import annotations

import copy
import logging
import re

import phonenumbers

from flows.text.identifiers import find_nir

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Loggers of the libraries that may put a raw update (message text) in an error's arguments.
_LIBRARIES = ("telegram", "httpx", "aiohttp")

_DIGIT = re.compile(r"\d")
_TOKEN = re.compile(r"\d{6,}:[A-Za-z0-9_-]{20,}")
# "%40" is an "@" in a URL's query string.
_EMAIL = re.compile(r"[\w.+-]+(?:@|%40)[\w-]+(?:\.[\w-]+)+")
# Spaces libphonenumber does not skip, made plain in a line with a number: the narrow and thin
# ones of French typography, and no-break ones as a repr escapes them ("'06\\xa012…'").
_ODD_SPACE = re.compile(r"[\u202f\u2009]|\\x[aA]0|\\u(?:202[fF]|2009)")
# French shapes libphonenumber gives up on (digits running on: "06 12 34 56 78 90").
_FRENCH_PHONE = re.compile(r"(?:\+33|0033|\b0)[1-9](?:[\s.-]?\d{2}){4}\b")
# Cheap tests before the costly searches: the fewest digits of a phone number we redact
# ("+352 26 12 34"), and of a NIR (13 and a key, which may be left out; Corsica's "2A" has one).
_PHONE_DIGITS = 8
_NIR_DIGITS = 12


def _digits(text: str) -> int:
    return len(_DIGIT.findall(text))


def _written_as_phone(line: str, match: phonenumbers.PhoneNumberMatch) -> bool:
    """People write a number with its "+", "00" or trunk "0"; a bare "123456789" is an id."""
    if match.raw_string.lstrip("(").startswith(("+", "0")):
        return True
    return line[: match.start].upper().endswith("%2B")  # a "+" in a URL's query string


def _redact_phones(line: str) -> str:
    if _digits(line) < _PHONE_DIGITS:
        return line
    plain = _ODD_SPACE.sub(" ", line)
    matches = phonenumbers.PhoneNumberMatcher(plain, "FR", leniency=phonenumbers.Leniency.POSSIBLE)
    pieces, end = [], 0
    for match in matches:
        if _written_as_phone(plain, match):
            pieces += [plain[end : match.start], "<tel>"]
            end = match.end
    pieces.append(plain[end:])
    redacted = _FRENCH_PHONE.sub("<tel>", "".join(pieces))
    return line if redacted == plain else redacted


def redact(text: str) -> str:
    """``text`` with every bot token, e-mail address, NIR and phone number replaced."""
    digits = _digits(text)
    if digits >= 6:
        text = _TOKEN.sub("<token>", text)
    if "@" in text or "%40" in text:
        text = _EMAIL.sub("<email>", text)
    if digits >= _NIR_DIGITS:
        while (nir := find_nir(text)) is not None:
            text = text.replace(nir, "<nir>", 1)
    if digits >= _PHONE_DIGITS:
        text = "\n".join(_redact_phones(line) for line in text.split("\n"))
    return text


class RedactingFormatter(logging.Formatter):
    """Redacts what a record carries (message, exception, stack), not the fields it adds."""

    def format(self, record: logging.LogRecord) -> str:
        # A copy: the record is left as it came for any other handler.
        shown = copy.copy(record)
        if record.name.startswith(_LIBRARIES) and record.levelno >= logging.ERROR:
            # Library errors may embed the raw update (message text): keep the message shape only.
            shown.args = ()
        try:
            message = shown.getMessage()
        except Exception:
            # Else logging's handleError would print the arguments to stderr as they are.
            message = f"{record.msg} [arguments dropped: they do not fit the message]"
        shown.msg, shown.args = redact(message), ()
        exc_text = record.exc_text
        if record.exc_info and not exc_text:
            exc_text = self.formatException(record.exc_info)
        shown.exc_info, shown.exc_text = None, redact(exc_text) if exc_text else None
        if record.stack_info:
            shown.stack_info = redact(record.stack_info)
        return super().format(shown)


def configure_logging(level: str) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(RedactingFormatter(FORMAT))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # These log full request URLs (with the bot token) and payloads at INFO/DEBUG.
    for noisy in ("httpx", "httpcore", "aiohttp", "telegram", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
