"""The log formatter redacts tokens, phone numbers, addresses and NIRs wherever they ride: the
message, its arguments, an exception's message, a chained traceback, the stack."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from bot.logging_setup import RedactingFormatter, configure_logging, redact

TOKEN = "7412589630:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
TOKEN_M, TEL_M, EMAIL_M, NIR_M = "<token>", "<tel>", "<email>", "<nir>"
# What must vanish, and the marker left in its place.
SECRETS = {
    "token": (TOKEN, TOKEN_M),
    "national, spaced": ("06 12 34 56 78", TEL_M),
    "national, dotted": ("06.12.34.56.78", TEL_M),
    "national, dashed": ("06-12-34-56-78", TEL_M),
    "national, run together": ("0612345678", TEL_M),
    "national, no-break spaces": ("06\xa012\xa034\xa056\xa078", TEL_M),
    "national, narrow no-break spaces": ("06\u202f12\u202f34\u202f56\u202f78", TEL_M),
    "international": ("+33 6 12 34 56 78", TEL_M),
    "international with the trunk 0": ("+33 (0)6 12 34 56 78", TEL_M),
    "international with 0033": ("0033 6 12 34 56 78", TEL_M),
    "E.164": ("+33612345678", TEL_M),
    "overseas, national": ("0692 12 34 56", TEL_M),
    "overseas, international": ("+262 692 12 34 56", TEL_M),
    "Belgium": ("+32 470 12 34 56", TEL_M),
    "Switzerland": ("+41 79 123 45 67", TEL_M),
    "Luxembourg": ("+352 621 123 456", TEL_M),
    "Germany, with 00": ("0049 151 23456789", TEL_M),
    "e-mail address": ("camille.durand@infirmier.mssante.fr", EMAIL_M),
    "e-mail address in a query string": ("camille.durand%40infirmier.mssante.fr", EMAIL_M),
    "NIR, spaced": ("1 85 05 78 006 084 91", NIR_M),
    "NIR, dotted": ("1.85.05.78.006.084.91", NIR_M),
    "NIR, dashed": ("1-85-05-78-006-084-91", NIR_M),
    "NIR, run together": ("185057800608491", NIR_M),
    "NIR, Corsica 2A": ("2 85 05 2A 006 084 82", NIR_M),
    "NIR, Corsica 2B": ("2 85 05 2B 006 084 12", NIR_M),
    "NIR, wrong key in its layout": ("1 85 05 78 006 084 92", NIR_M),
}
CASES = pytest.mark.parametrize(("secret", "marker"), SECRETS.values(), ids=SECRETS.keys())


def written_forms(secret: str) -> list[str]:
    """The secret, and its digits and letters alone (what is left if only separators changed)."""
    compact = "".join(c for c in secret if c.isalnum())
    return [secret, compact] if len(compact) >= 8 else [secret]


def assert_redacted(output: str, secret: str, marker: str) -> None:
    for form in written_forms(secret):
        assert form not in output, output
    assert marker in output, output


class Captured:
    def __init__(self) -> None:
        self.stream = io.StringIO()
        self.logger = logging.getLogger("tests.unit.logging")

    @property
    def text(self) -> str:
        return self.stream.getvalue()


@pytest.fixture
def captured() -> Iterator[Captured]:
    capture = Captured()
    handler = logging.StreamHandler(capture.stream)
    handler.setFormatter(RedactingFormatter("%(levelname)s %(name)s: %(message)s"))
    logger = capture.logger
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    yield capture
    logger.removeHandler(handler)
    logger.propagate = True


@CASES
def test_in_the_message(captured: Captured, secret: str, marker: str) -> None:
    captured.logger.info(f"before {secret} after")
    assert_redacted(captured.text, secret, marker)
    assert captured.text == f"INFO tests.unit.logging: before {marker} after\n"


@CASES
def test_in_the_arguments(captured: Captured, secret: str, marker: str) -> None:
    captured.logger.warning("reminder %d: %s (%r)", 42, secret, secret)
    assert_redacted(captured.text, secret, marker)
    assert captured.text == f"WARNING tests.unit.logging: reminder 42: {marker} ('{marker}')\n"


@CASES
def test_in_an_exception_message(captured: Captured, secret: str, marker: str) -> None:
    try:
        raise ValueError(f"refused: {secret}")
    except ValueError:
        captured.logger.exception("delivery %d failed", 7)
    assert_redacted(captured.text, secret, marker)
    assert "delivery 7 failed\nTraceback (most recent call last):" in captured.text
    assert captured.text.endswith(f"ValueError: refused: {marker}\n")


@CASES
def test_in_a_chained_traceback(captured: Captured, secret: str, marker: str) -> None:
    try:
        try:
            try:
                raise KeyError(secret)
            except KeyError as error:
                raise OSError(f"POST failed for {secret}") from error
        except OSError:
            raise RuntimeError(f"gave up on {secret!r}")  # noqa: B904 (__context__, not __cause__)
    except RuntimeError:
        captured.logger.error("outbox stopped", exc_info=True)
    assert_redacted(captured.text, secret, marker)
    text = captured.text
    assert "direct cause of the following exception" in text
    assert "During handling of the above exception, another exception occurred" in text
    assert all(name in text for name in ("KeyError: ", "OSError: POST failed", "RuntimeError"))


@CASES
def test_in_the_stack(secret: str, marker: str) -> None:
    # A stack shows source lines: a literal in one is as much a leak as a message.
    stack = f'Stack (most recent call last):\n  File "x.py", line 3, in f\n    send("{secret}")'
    record = logging.LogRecord("bot.engine", logging.INFO, __file__, 1, "here", (), None)
    record.stack_info = stack
    output = RedactingFormatter("%(message)s").format(record)
    assert output.startswith('here\nStack (most recent call last):\n  File "x.py", line 3, in f')
    assert_redacted(output, secret, marker)


def test_a_token_inside_a_url(captured: Captured) -> None:
    url = f"https://api.telegram.org/bot{TOKEN}/sendMessage"
    captured.logger.info(f"GET {url}")
    captured.logger.info("POST %s", url)
    try:
        try:
            raise OSError(f"connection reset on {url}")
        except OSError as error:
            raise RuntimeError(url) from error
    except RuntimeError:
        captured.logger.exception("failed")
    assert TOKEN not in captured.text
    assert captured.text.count("https://api.telegram.org/bot<token>/sendMessage") == 4


def test_several_in_one_line_and_across_lines() -> None:
    text = (
        "appelez le 06 12 34 56 78 ou le 07 98 76 54 32, camille@x.mssante.fr\n"
        "  NIR 1 85 05 78 006 084 91 puis +41 79 123 45 67\n"
        f"GET /bot{TOKEN}/getUpdates?offset=5"
    )
    assert redact(text) == (
        "appelez le <tel> ou le <tel>, <email>\n"
        "  NIR <nir> puis <tel>\n"
        "GET /bot<token>/getUpdates?offset=5"
    )


def test_digits_running_on_past_a_number_still_hide_it() -> None:
    assert redact("tel 06 12 34 56 78 90 12") == "tel <tel> 90 12"


ORDINARY = [
    "handled text update from telegram (2 stored, duplicate=False)",
    "telegram: update 512345678 could not be handled",
    "member 5123456789 has no reachable identity",
    "chat 5123456789 asked to wait 1.0 s",
    "external id 7412589630:123456789 seen twice",
    "case REX-2026-0042 assigned, 3 open, 12 this year",
    "due 2026-04-12T10:23:45.123456+00:00, next 12/04/2026 08:00",
    "outbox: chat asked to wait 0.5 s",
    "outbox: TimeoutError, retry 3 in 8 s",
    "mail: listening on 127.0.0.1:8025",
    "serving http://127.0.0.1:38211/bot",
    "database schema upgraded: 0001_initial, 0012_rcp",
    "took 12.345 ms at 1712345678.123",
    "object at 0x7f3a2c1b4d90, python3.11, version 9.0.42",
    "reminder 42 failed; tried again in 5 minutes",
    'File "/opt/rexbot/.venv/lib/python3.11/site-packages/telegram/_bot.py", line 621, in _post',
    "    @property",
    "label 'R\\xa0:' seen at 1712345678",
]


@pytest.mark.parametrize("line", ORDINARY)
def test_ordinary_lines_are_left_intact(captured: Captured, line: str) -> None:
    assert redact(line) == line
    captured.logger.info("%s", line)
    assert captured.text == f"INFO tests.unit.logging: {line}\n"


def test_the_formatter_adds_its_own_fields_untouched() -> None:
    formatter = RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    record = logging.LogRecord("bot.engine", logging.INFO, __file__, 1, "sent %d", (3,), None)
    output = formatter.format(record)
    assert output == f"{formatter.formatTime(record)} INFO bot.engine: sent 3"


@pytest.mark.parametrize("library", ["telegram.ext.Updater", "httpx", "aiohttp.client"])
def test_library_errors_keep_the_message_shape_only(library: str) -> None:
    formatter = RedactingFormatter("%(message)s")
    payload = "Le patient est sorti sans ordonnance"
    error = logging.LogRecord(
        library, logging.ERROR, __file__, 1, "bad update %s", (payload,), None
    )
    assert formatter.format(error) == "bad update %s"
    # Below ERROR, and for our own loggers, arguments are kept (and redacted).
    warning = logging.LogRecord(library, logging.WARNING, __file__, 1, "retry %s", ("x",), None)
    assert formatter.format(warning) == "retry x"
    ours = logging.LogRecord(
        "bot.outbox", logging.ERROR, __file__, 1, "m %s", ("06 12 34 56 78",), None
    )
    assert formatter.format(ours) == "m <tel>"


def test_the_record_is_left_as_it_came_for_other_handlers() -> None:
    try:
        raise ValueError("06 12 34 56 78")
    except ValueError as error:
        exc_info = (type(error), error, error.__traceback__)
    record = logging.LogRecord("telegram", logging.ERROR, __file__, 1, "x %s", ("y",), exc_info)
    RedactingFormatter().format(record)
    assert (record.msg, record.args, record.exc_info) == ("x %s", ("y",), exc_info)
    assert record.exc_text is None


def test_an_exception_text_formatted_earlier_is_redacted_too() -> None:
    record = logging.LogRecord("bot.app", logging.ERROR, __file__, 1, "failed", (), None)
    record.exc_text = "Traceback (most recent call last):\nValueError: 06 12 34 56 78"
    assert RedactingFormatter().format(record) == (
        "failed\nTraceback (most recent call last):\nValueError: <tel>"
    )


def test_arguments_that_do_not_fit_are_not_printed(capsys: pytest.CaptureFixture[str]) -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(RedactingFormatter("%(message)s"))
    record = logging.LogRecord(
        "bot.engine", logging.INFO, __file__, 1, "n=%d", ("06 12 34 56 78",), None
    )
    handler.handle(record)
    # logging's handleError would have printed the arguments, as they are, to stderr.
    assert "06 12 34 56 78" not in capsys.readouterr().err
    assert stream.getvalue() == "n=%d [arguments dropped: they do not fit the message]\n"


def test_configure_logging_formats_with_redaction() -> None:
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    noisy = ("httpx", "httpcore", "aiohttp", "telegram", "apscheduler")
    saved_levels = {name: logging.getLogger(name).level for name in noisy}
    try:
        configure_logging("debug")
        assert root.level == logging.DEBUG
        [handler] = root.handlers
        assert isinstance(handler.formatter, RedactingFormatter)
        assert all(logging.getLogger(name).level == logging.WARNING for name in noisy)
    finally:
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)
        for name, level in saved_levels.items():
            logging.getLogger(name).setLevel(level)
