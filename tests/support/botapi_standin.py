"""A local, in-memory stand-in for the Telegram Bot API.

It speaks just enough HTTP/1.1 (keep-alive, Content-Length or chunked bodies) for
python-telegram-bot's default ``HTTPXRequest`` and any other plain HTTP client,
and it is written directly on ``asyncio.Protocol`` because it is the ceiling of
the throughput benchmarks: every request is answered synchronously except a
``getUpdates`` long poll, which parks on a future until an update is queued.

Run in-process (``BotApiStandIn``) or as a separate process::

    python -m tests.support.botapi_standin --port 8081 [--token T] [--username U]

which prints ``READY <port>`` and exposes ``POST /_control/<op>`` (JSON bodies).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import copy
import functools
import html
import json
import logging
import math
import re
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import parse_qsl

__all__ = ["BotApiStandIn", "JSONDict"]

JSONDict = dict[str, Any]
_Response = tuple[int, bytes]
_Handler = Callable[[JSONDict], Any]

_LOGGER: Final = logging.getLogger(__name__)

_REASONS: Final = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    413: "Payload Too Large",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
}

# Form-encoded requests carry every value as a string; these are coerced back to
# the types Telegram (and our inspection helpers) work with.
_INT_FIELDS: Final = frozenset(
    {
        "chat_id",
        "message_id",
        "offset",
        "limit",
        "timeout",
        "user_id",
        "cache_time",
        "reply_to_message_id",
        "message_thread_id",
        "from_chat_id",
        "max_connections",
    }
)
_BOOL_FIELDS: Final = frozenset(
    {
        "show_alert",
        "drop_pending_updates",
        "disable_notification",
        "protect_content",
        "disable_web_page_preview",
        "allow_sending_without_reply",
        "allow_paid_broadcast",
    }
)
# Free-text fields stay strings even if a user happens to type JSON into them.
_TEXT_FIELDS: Final = frozenset(
    {
        "text",
        "caption",
        "title",
        "description",
        "short_description",
        "name",
        "query",
        "url",
        "callback_query_id",
        "question",
        "explanation",
        "address",
        "payload",
    }
)
_INT_RE: Final = re.compile(r"-?\d+")
_HTML_TAG_RE: Final = re.compile(r"<[^>]*>")
_MD_ESCAPE_RE: Final = re.compile(r"\\(.)", re.DOTALL)
_MD_MARKUP_RE: Final = re.compile(r"(?<!\\)[*_~`|]")
_DISPOSITION_PARAM_RE: Final = re.compile(r';\s*(\w+)="([^"]*)"')

_NOT_MODIFIED: Final = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
_MAX_TEXT_LEN: Final = 4096
_MAX_CALLBACK_DATA: Final = 64
_MAX_BODY: Final = 64 * 1024 * 1024


class _ApiError(Exception):
    """A Telegram-shaped failure of one Bot API call."""

    def __init__(self, error_code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.retry_after = retry_after


@dataclass(slots=True)
class _FailRule:
    error_code: int
    description: str
    retry_after: int | None
    chat_id: int | None
    remaining: int


@dataclass(slots=True)
class _Queued:
    update: JSONDict
    delivered: bool = False


@dataclass(frozen=True, slots=True)
class RateLimits:
    """Telegram's flood limits as the stand-in enforces them: about 30 messages per second
    overall and 1 per second in a chat, each with the short burst Telegram tolerates."""

    global_rate: float = 30.0
    global_burst: float = 5.0
    chat_rate: float = 1.0
    chat_burst: float = 4.0


class _Bucket:
    def __init__(self, rate: float, burst: float, now: float) -> None:
        self.rate, self.burst = rate, burst
        self.tokens, self.stamp = burst, now

    def wait(self, now: float) -> float:
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate

    def take(self) -> None:
        self.tokens -= 1


_LIMITED_METHODS = frozenset(
    {
        "sendmessage",
        "senddocument",
        "editmessagetext",
        "editmessagereplymarkup",
        "editmessagecaption",
    }
)


def _dumps(obj: Any) -> bytes:
    # Compact separators and raw UTF-8 keep both encoding and client parsing cheap.
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()


def _ok(result: Any) -> _Response:
    return 200, b'{"ok":true,"result":' + _dumps(result) + b"}"


def _error(code: int, description: str, retry_after: int | None = None) -> _Response:
    body: JSONDict = {"ok": False, "error_code": code, "description": description}
    if retry_after is not None:
        body["parameters"] = {"retry_after": retry_after}
    return code, _dumps(body)


def _coerce(name: str, value: str) -> Any:
    """Turn a form field string back into the value a JSON client would have sent."""
    if name in _TEXT_FIELDS:
        return value
    if value[:1] in ("{", "[") and value[-1:] in ("}", "]"):
        with contextlib.suppress(ValueError):
            return json.loads(value)
    if name in _INT_FIELDS and _INT_RE.fullmatch(value):
        return int(value)
    if name in _BOOL_FIELDS and value in ("true", "false", "True", "False"):
        return value in ("true", "True")
    return value


def _parse_multipart(body: bytes, content_type: str) -> JSONDict:
    boundary = ""
    for item in content_type.split(";")[1:]:
        key, _, val = item.strip().partition("=")
        if key.lower() == "boundary":
            boundary = val.strip('"')
    if not boundary:
        raise _ApiError(400, "Bad Request: multipart boundary is missing")
    params: JSONDict = {}
    for part in body.split(b"--" + boundary.encode())[1:]:
        if part.startswith(b"--"):
            break
        head, _, content = part.partition(b"\r\n\r\n")
        content = content.removesuffix(b"\r\n")
        disposition = ""
        part_type = "text/plain"
        for line in head.decode("utf-8", "replace").split("\r\n"):
            hname, _, hval = line.partition(":")
            if hname.strip().lower() == "content-disposition":
                disposition = hval
            elif hname.strip().lower() == "content-type":
                part_type = hval.strip()
        attrs = dict(_DISPOSITION_PARAM_RE.findall(disposition))
        name = attrs.get("name")
        if not name:
            continue
        if "filename" in attrs:
            # Uploaded files are summarised, so `calls` stays small; small text files (a
            # calendar invitation) are kept for tests to read back.
            params[name] = {
                "filename": attrs["filename"],
                "content_type": part_type,
                "size": len(content),
            }
            if len(content) <= 65536:
                params[name]["content"] = content.decode("utf-8", "replace")
        else:
            params[name] = _coerce(name, content.decode("utf-8", "replace"))
    return params


def _parse_params(query: str, content_type: str, body: bytes) -> JSONDict:
    params: JSONDict = {}
    if query:
        for key, val in parse_qsl(query, keep_blank_values=True):
            params[key] = _coerce(key, val)
    if not body:
        return params
    ctype = content_type.partition(";")[0].strip().lower()
    try:
        if ctype == "application/json":
            decoded = json.loads(body)
            if not isinstance(decoded, dict):
                raise _ApiError(400, "Bad Request: request body must be a JSON object")
            params.update(decoded)
        elif ctype == "multipart/form-data":
            params.update(_parse_multipart(body, content_type))
        else:
            # Telegram treats anything else as urlencoded form data, and so do we.
            for key, val in parse_qsl(body.decode(), keep_blank_values=True):
                params[key] = _coerce(key, val)
    except (ValueError, UnicodeDecodeError) as exc:
        raise _ApiError(400, f"Bad Request: can't parse request body: {exc}") from exc
    return params


def _rendered_text(text: str, parse_mode: str | None) -> str:
    """The text Telegram shows (and returns) once formatting markup is consumed."""
    mode = (parse_mode or "").lower()
    if mode == "html":
        return html.unescape(_HTML_TAG_RE.sub("", text))
    if mode in ("markdown", "markdownv2"):
        return _MD_ESCAPE_RE.sub(r"\1", _MD_MARKUP_RE.sub("", text))
    return text


def _command_entities(text: str) -> list[JSONDict]:
    if not text.startswith("/"):
        return []
    command = text.split(maxsplit=1)[0]
    # Telegram measures entities in UTF-16 code units.
    return [{"type": "bot_command", "offset": 0, "length": len(command.encode("utf-16-le")) // 2}]


def _check_inline_markup(markup: Any) -> JSONDict | None:
    """Validate a reply_markup and return it if it is an inline keyboard (the only kind
    Telegram echoes back in the Message)."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise _ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
    rows = markup.get("inline_keyboard")
    if rows is None:
        return None
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise _ApiError(400, 'Bad Request: field "inline_keyboard" must be an Array of Array')
    for row in rows:
        for button in row:
            if not isinstance(button, dict) or not button.get("text"):
                raise _ApiError(
                    400, "Bad Request: text buttons are unallowed in the inline keyboard"
                )
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= _MAX_CALLBACK_DATA:
                raise _ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
    return markup


class _HttpProtocol(asyncio.Protocol):
    """One keep-alive HTTP/1.1 connection; requests are answered strictly in order."""

    __slots__ = ("_buf", "_busy", "_server", "_transport")

    def __init__(self, server: BotApiStandIn) -> None:
        self._server = server
        self._buf = bytearray()
        self._transport: asyncio.Transport | None = None
        # Set while a long poll is parked, so pipelined requests wait their turn.
        self._busy = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport
        self._server._connections.add(self)

    def connection_lost(self, exc: Exception | None) -> None:
        self._server._connections.discard(self)
        self._transport = None

    def close(self) -> None:
        if self._transport is not None:
            self._transport.close()

    def data_received(self, data: bytes) -> None:
        self._buf += data
        if not self._busy:
            self._process()

    def _process(self) -> None:
        buf = self._buf
        while self._transport is not None and not self._busy:
            head_end = buf.find(b"\r\n\r\n")
            if head_end < 0:
                if len(buf) > 65536:
                    self._reply_and_close(_error(400, "Bad Request: header too large"))
                return
            lines = buf[:head_end].decode("latin-1").split("\r\n")
            try:
                verb, target, version = lines[0].split(" ", 2)
            except ValueError:
                self._reply_and_close(_error(400, "Bad Request: malformed request line"))
                return
            content_length = 0
            content_type = ""
            chunked = False
            keep_alive = version == "HTTP/1.1"
            for line in lines[1:]:
                name, _, value = line.partition(":")
                name = name.strip().lower()
                if name == "content-length":
                    try:
                        content_length = int(value)
                    except ValueError:
                        self._reply_and_close(_error(400, "Bad Request: invalid Content-Length"))
                        return
                elif name == "content-type":
                    content_type = value.strip()
                elif name == "transfer-encoding":
                    chunked = "chunked" in value.lower()
                elif name == "connection":
                    token = value.strip().lower()
                    keep_alive = token == "keep-alive" or (keep_alive and token != "close")
            body_start = head_end + 4
            if chunked:
                try:
                    decoded = _decode_chunked(buf, body_start)
                except ValueError:
                    self._reply_and_close(_error(400, "Bad Request: invalid chunked body"))
                    return
                if decoded is None:
                    return
                body, end = decoded
            else:
                if content_length > _MAX_BODY:
                    self._reply_and_close(_error(413, "Request Entity Too Large"))
                    return
                end = body_start + content_length
                if len(buf) < end:
                    return
                body = bytes(buf[body_start:end])
            del buf[:end]
            result = self._server._handle_http(verb, target, content_type, body)
            if isinstance(result, tuple):
                self._write(result, keep_alive)
            else:
                self._busy = True
                result.add_done_callback(functools.partial(self._resume, keep_alive=keep_alive))

    def _resume(self, fut: asyncio.Future[_Response], *, keep_alive: bool) -> None:
        self._busy = False
        if fut.cancelled():
            self.close()
            return
        self._write(fut.result(), keep_alive)
        if self._buf:
            self._process()

    def _write(self, response: _Response, keep_alive: bool) -> None:
        transport = self._transport
        if transport is None:
            return
        status, body = response
        head = (
            f"HTTP/1.1 {status} {_REASONS.get(status, 'Unknown')}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
            f"Connection: {'keep-alive' if keep_alive else 'close'}\r\n\r\n"
        )
        transport.write(head.encode() + body)
        if not keep_alive:
            transport.close()

    def _reply_and_close(self, response: _Response) -> None:
        self._write(response, keep_alive=False)


def _decode_chunked(buf: bytearray, pos: int) -> tuple[bytes, int] | None:
    """Decode a complete chunked body starting at ``pos``; None if more bytes are needed."""
    out = bytearray()
    while True:
        line_end = buf.find(b"\r\n", pos)
        if line_end < 0:
            return None
        size = int(bytes(buf[pos:line_end]).split(b";", 1)[0], 16)
        pos = line_end + 2
        if size == 0:
            trailer_end = buf.find(b"\r\n", pos)
            # Skip optional trailer headers up to the terminating blank line.
            while trailer_end > pos:
                pos = trailer_end + 2
                trailer_end = buf.find(b"\r\n", pos)
            if trailer_end < 0:
                return None
            return bytes(out), trailer_end + 2
        if len(buf) < pos + size + 2:
            return None
        out += buf[pos : pos + size]
        pos += size + 2


class BotApiStandIn:
    """In-memory Telegram Bot API for private chats (chat id == user id).

    The bot under test talks to it over HTTP via :attr:`base_url`; tests drive the
    simulated users with :meth:`user_message`, :meth:`press`, ... and inspect what the
    bot did with :meth:`messages`, :attr:`calls` and :meth:`wait_for_message`.
    """

    def __init__(
        self,
        token: str = "123456:TEST-TOKEN",
        bot_username: str = "rexbot_test_bot",
        host: str = "127.0.0.1",
        port: int = 0,
        limits: RateLimits | None = None,
    ) -> None:
        self.token = token
        #: Telegram's flood limits, enforced with 429 + retry_after when set.
        self.limits = limits
        #: How many requests were refused with 429 (flood control).
        self.too_many_requests = 0
        self._global_bucket: _Bucket | None = None
        self._chat_buckets: dict[int, _Bucket] = {}
        self.bot_username = bot_username
        self.host = host
        self._requested_port = port
        self._port: int | None = None
        self._server: asyncio.Server | None = None
        self._connections: set[_HttpProtocol] = set()

        bot_id_part = token.partition(":")[0]
        self.bot_user: JSONDict = {
            "id": int(bot_id_part) if bot_id_part.isdigit() else 123456,
            "is_bot": True,
            "first_name": "RexBot Test",
            "username": bot_username,
        }

        #: Every Bot API request as (time.monotonic(), method, params), failures included.
        self.calls: list[tuple[float, str, JSONDict]] = []
        #: Called synchronously with (chat_id, message) whenever the bot *sends* a message.
        self.on_bot_message: Callable[[int, JSONDict], None] | None = None
        #: answerCallbackQuery params keyed by callback query id.
        self.callback_answers: dict[str, JSONDict] = {}

        self._queue: list[_Queued] = []
        self._all_updates: dict[int, JSONDict] = {}
        self._next_update_id = 1
        self._next_callback_id = 1
        self._next_message_id: dict[int, int] = {}
        self._bot_messages: dict[int, dict[int, JSONDict]] = {}
        self._sent_log: dict[int, list[JSONDict]] = {}
        self._user_message_ids: dict[int, set[int]] = {}
        self._first_names: dict[int, str] = {}
        self._pending_callbacks: set[str] = set()
        self._commands: dict[tuple[str, str], list[JSONDict]] = {}
        self._fail_rules: dict[str, list[_FailRule]] = {}

        self._poll_waiters: list[
            tuple[asyncio.Future[_Response], JSONDict, asyncio.TimerHandle]
        ] = []
        self._flush_scheduled = False
        self._state_waiters: list[asyncio.Future[None]] = []

        self._handlers: dict[str, _Handler] = {
            "getme": self._get_me,
            "getupdates": self._get_updates,
            "deletewebhook": self._delete_webhook,
            "getwebhookinfo": self._get_webhook_info,
            "setmycommands": self._set_my_commands,
            "getmycommands": self._get_my_commands,
            "deletemycommands": self._delete_my_commands,
            "sendmessage": self._send_message,
            "senddocument": self._send_document,
            "editmessagetext": self._edit_message_text,
            "editmessagereplymarkup": self._edit_message_reply_markup,
            "editmessagecaption": self._edit_message_caption,
            "deletemessage": self._delete_message,
            "answercallbackquery": self._answer_callback_query,
            "sendchataction": self._true,
            "close": self._true,
            "logout": self._true,
        }

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        if self._server is not None:
            return
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(
            lambda: _HttpProtocol(self), self.host, self._requested_port, reuse_address=True
        )
        self._port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        server.close()
        for fut, _, timer in self._poll_waiters:
            timer.cancel()
            if not fut.done():
                fut.cancel()
        self._poll_waiters.clear()
        # Keep-alive connections would otherwise keep wait_closed() pending forever.
        for conn in list(self._connections):
            conn.close()
        await server.wait_closed()

    @property
    def is_running(self) -> bool:
        return self._server is not None

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("BotApiStandIn is not started")
        return self._port

    @property
    def base_url(self) -> str:
        # PTB's Bot appends the token to base_url, giving /bot<TOKEN>/<method>.
        host = "127.0.0.1" if self.host in ("", "0.0.0.0") else self.host
        return f"http://{host}:{self.port}/bot"

    # ------------------------------------------------------------------ simulated users

    def user_message(
        self, user_id: int, text: str, first_name: str = "Test", reply_to: int | None = None
    ) -> int:
        """Queue a text message from ``user_id`` (answering the bot's message ``reply_to``, as
        Telegram's "reply" does, when given); returns its update_id."""
        message = self._user_message_base(user_id, first_name)
        message["text"] = text
        if reply_to is not None:
            answered = self._bot_messages.get(user_id, {}).get(reply_to)
            if answered is None:
                raise KeyError(f"chat {user_id} has no bot message {reply_to} to reply to")
            message["reply_to_message"] = copy.deepcopy(answered)
        entities = _command_entities(text)
        if entities:
            message["entities"] = entities
        return self._enqueue({"message": message})

    def press(self, user_id: int, message_id: int, callback_data: str) -> int:
        """Queue a callback_query for a button of the bot's message ``message_id``."""
        stored = self._bot_messages.get(user_id, {}).get(message_id)
        if stored is None:
            raise KeyError(f"chat {user_id} has no bot message {message_id} to press a button on")
        callback_id = str(4_000_000_000_000_000 + self._next_callback_id)
        self._next_callback_id += 1
        self._pending_callbacks.add(callback_id)
        query = {
            "id": callback_id,
            "from": self._user(user_id),
            # A snapshot: later edits must not rewrite an update already in flight.
            "message": copy.deepcopy(stored),
            "chat_instance": str(-1_000_000_000_000 - user_id),
            "data": callback_data,
        }
        return self._enqueue({"callback_query": query})

    def user_photo(self, user_id: int, caption: str | None = None, first_name: str = "Test") -> int:
        message = self._user_message_base(user_id, first_name)
        uid = message["message_id"]
        message["photo"] = [
            {
                "file_id": f"AgACAgQAAxkBAAI{user_id}_{uid}_{size}",
                "file_unique_id": f"AQAD{user_id}{uid}{size}",
                "width": width,
                "height": height,
                "file_size": file_size,
            }
            for size, (width, height, file_size) in enumerate(
                ((90, 67, 1_317), (320, 240, 14_215), (800, 600, 61_254))
            )
        ]
        if caption is not None:
            message["caption"] = caption
        return self._enqueue({"message": message})

    def user_sticker(self, user_id: int, first_name: str = "Test") -> int:
        message = self._user_message_base(user_id, first_name)
        message["sticker"] = {
            "file_id": f"CAACAgIAAxkBAAI{user_id}_{message['message_id']}",
            "file_unique_id": f"AgAD{user_id}{message['message_id']}",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": "\N{THUMBS UP SIGN}",
            "set_name": "TestStickers",
            "file_size": 23_104,
        }
        return self._enqueue({"message": message})

    def user_voice(self, user_id: int, duration: int = 3, first_name: str = "Test") -> int:
        message = self._user_message_base(user_id, first_name)
        message["voice"] = {
            "file_id": f"AwACAgQAAxkBAAI{user_id}_{message['message_id']}",
            "file_unique_id": f"AgAD{user_id}v{message['message_id']}",
            "duration": duration,
            "mime_type": "audio/ogg",
            "file_size": 9_800,
        }
        return self._enqueue({"message": message})

    def user_document(
        self,
        user_id: int,
        file_name: str = "rapport.pdf",
        mime_type: str = "application/pdf",
        caption: str | None = None,
        first_name: str = "Test",
    ) -> int:
        message = self._user_message_base(user_id, first_name)
        message["document"] = {
            "file_name": file_name,
            "mime_type": mime_type,
            "file_id": f"BQACAgQAAxkBAAI{user_id}_{message['message_id']}",
            "file_unique_id": f"AgAD{user_id}d{message['message_id']}",
            "file_size": 48_213,
        }
        if caption is not None:
            message["caption"] = caption
        return self._enqueue({"message": message})

    def redeliver(self, update_id: int) -> None:
        """Queue an already delivered update again, as Telegram does after a lost confirm."""
        update = self._all_updates.get(update_id)
        if update is None:
            raise KeyError(f"unknown update_id {update_id}")
        self._queue.append(_Queued(update))
        self._updates_available()

    # ------------------------------------------------------------------ inspection

    def messages(self, chat_id: int) -> list[JSONDict]:
        """The bot's current messages in ``chat_id``, oldest first (edits applied)."""
        return list(self._bot_messages.get(chat_id, {}).values())

    def last_message(self, chat_id: int) -> JSONDict | None:
        chat = self._bot_messages.get(chat_id)
        if not chat:
            return None
        return chat[next(reversed(chat))]

    @property
    def pending_updates(self) -> int:
        return len(self._queue)

    # A timeout argument (rather than asyncio.timeout) keeps call sites in tests short.
    async def wait_for(
        self,
        predicate: Callable[[], bool],
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> None:
        """Wait until ``predicate()`` holds; re-checked after every request/update."""
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(timeout):
                while not predicate():
                    fut: asyncio.Future[None] = loop.create_future()
                    self._state_waiters.append(fut)
                    await fut
        except TimeoutError:
            raise TimeoutError(f"condition not met within {timeout}s") from None

    async def wait_for_message(
        self,
        chat_id: int,
        contains: str | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> JSONDict:
        """The first bot message sent to ``chat_id`` after this call (containing ``contains``)."""
        sent = self._sent_log.setdefault(chat_id, [])
        start = len(sent)
        found: list[JSONDict] = []

        def match() -> bool:
            for message in sent[start:]:
                shown = message.get("text") or message.get("caption") or ""
                if contains is None or contains in shown:
                    found.append(message)
                    return True
            return False

        try:
            await self.wait_for(match, timeout)
        except TimeoutError:
            texts = [m.get("text") or m.get("caption") or "" for m in sent[start:]]
            raise TimeoutError(
                f"no bot message{f' containing {contains!r}' if contains else ''} in chat "
                f"{chat_id} within {timeout}s; sent meanwhile: {texts!r}"
            ) from None
        return found[0]

    # ------------------------------------------------------------------ error injection

    def fail_next(
        self,
        method: str,
        error_code: int,
        description: str,
        retry_after: int | None = None,
        chat_id: int | None = None,
        times: int = 1,
    ) -> None:
        """Make the next ``times`` calls of ``method`` (optionally only for ``chat_id``) fail."""
        rule = _FailRule(error_code, description, retry_after, chat_id, times)
        self._fail_rules.setdefault(method.lower(), []).append(rule)

    def _injected_failure(self, key: str, params: JSONDict) -> _Response | None:
        rules = self._fail_rules.get(key)
        if not rules:
            return None
        for rule in rules:
            if rule.chat_id is None or params.get("chat_id") == rule.chat_id:
                rule.remaining -= 1
                if rule.remaining <= 0:
                    rules.remove(rule)
                return _error(rule.error_code, rule.description, rule.retry_after)
        return None

    def _flood_wait(self, chat_id: Any) -> float:
        """0 if this message may go now (and counts it), else how long it should have waited."""
        limits = self.limits
        assert limits is not None
        now = time.monotonic()
        if self._global_bucket is None:
            self._global_bucket = _Bucket(limits.global_rate, limits.global_burst, now)
        chat = self._chat_buckets.get(chat_id) if isinstance(chat_id, int) else None
        if chat is None and isinstance(chat_id, int):
            chat = self._chat_buckets[chat_id] = _Bucket(limits.chat_rate, limits.chat_burst, now)
        wait = max(self._global_bucket.wait(now), chat.wait(now) if chat else 0.0)
        if wait > 0:
            return wait
        self._global_bucket.take()
        if chat is not None:
            chat.take()
        return 0.0

    # ------------------------------------------------------------------ HTTP entry point

    def _handle_http(
        self, verb: str, target: str, content_type: str, body: bytes
    ) -> _Response | asyncio.Future[_Response]:
        path, _, query = target.partition("?")
        try:
            if path.startswith("/bot"):
                return self._handle_api(path, query, content_type, body)
            if path.startswith("/_control/") and verb == "POST":
                return self._handle_control(path[len("/_control/") :], body)
            return _error(404, "Not Found")
        except _ApiError as exc:
            return _error(exc.error_code, exc.description, exc.retry_after)
        except Exception as exc:  # a bug here must not kill the connection silently
            _LOGGER.exception("stand-in failed on %s", target)
            return _error(500, f"Internal Server Error: {exc!r}")
        finally:
            self._notify_state()

    def _handle_api(
        self, path: str, query: str, content_type: str, body: bytes
    ) -> _Response | asyncio.Future[_Response]:
        token, _, method = path[4:].partition("/")
        params = _parse_params(query, content_type, body)
        self.calls.append((time.monotonic(), method, params))
        if token != self.token:
            return _error(401, "Unauthorized")
        key = method.lower()
        handler = self._handlers.get(key)
        if handler is None:
            return _error(404, "Not Found")
        failure = self._injected_failure(key, params)
        if failure is not None:
            return failure
        if self.limits is not None and key in _LIMITED_METHODS:
            wait = self._flood_wait(params.get("chat_id"))
            if wait > 0:
                self.too_many_requests += 1
                seconds = max(1, math.ceil(wait))
                return _error(429, f"Too Many Requests: retry after {seconds}", seconds)
        result = handler(params)
        if isinstance(result, asyncio.Future):
            return result
        return _ok(result)

    # ------------------------------------------------------------------ Bot API methods

    def _true(self, params: JSONDict) -> bool:
        return True

    def _get_me(self, params: JSONDict) -> JSONDict:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _get_updates(self, params: JSONDict) -> list[JSONDict] | asyncio.Future[_Response]:
        offset = params.get("offset")
        if isinstance(offset, int) and offset != 0:
            self._confirm(offset)
        batch = self._take_updates(params)
        timeout = params.get("timeout", 0)
        timeout = float(timeout) if isinstance(timeout, (int, float, str)) and timeout else 0.0
        if batch or timeout <= 0:
            return batch
        loop = asyncio.get_running_loop()
        fut: asyncio.Future[_Response] = loop.create_future()
        timer = loop.call_later(timeout, self._expire_poll, fut)
        self._poll_waiters.append((fut, params, timer))
        return fut

    def _confirm(self, offset: int) -> None:
        if offset < 0:
            # Telegram: a negative offset keeps only the last -offset updates.
            del self._queue[: max(0, len(self._queue) + offset)]
            return
        # Only updates the bot has seen are confirmed, so a redelivered duplicate
        # (whose id is necessarily below the offset) still reaches the bot once.
        self._queue = [
            q for q in self._queue if not (q.delivered and q.update["update_id"] < offset)
        ]

    def _take_updates(self, params: JSONDict) -> list[JSONDict]:
        limit = params.get("limit", 100)
        limit = max(1, min(100, limit)) if isinstance(limit, int) else 100
        batch = self._queue[:limit]
        for queued in batch:
            queued.delivered = True
        return [q.update for q in batch]

    def _expire_poll(self, fut: asyncio.Future[_Response]) -> None:
        self._poll_waiters = [w for w in self._poll_waiters if w[0] is not fut]
        if not fut.done():
            fut.set_result(_ok([]))

    def _updates_available(self) -> None:
        # Answer parked long polls on the next loop turn, so updates queued together
        # (e.g. 200 users starting at once) go out in one batch as with real Telegram.
        if self._poll_waiters and not self._flush_scheduled:
            self._flush_scheduled = True
            asyncio.get_running_loop().call_soon(self._flush_polls)
        self._notify_state()

    def _flush_polls(self) -> None:
        self._flush_scheduled = False
        waiters, self._poll_waiters = self._poll_waiters, []
        for fut, params, timer in waiters:
            timer.cancel()
            if fut.done():
                continue
            batch = self._take_updates(params)
            if batch:
                fut.set_result(_ok(batch))
            else:
                self._poll_waiters.append((fut, params, timer))

    def _delete_webhook(self, params: JSONDict) -> bool:
        if params.get("drop_pending_updates"):
            self._queue.clear()
        return True

    def _get_webhook_info(self, params: JSONDict) -> JSONDict:
        return {
            "url": "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._queue),
        }

    @staticmethod
    def _commands_key(params: JSONDict) -> tuple[str, str]:
        scope = params.get("scope")
        scope_key = json.dumps(scope, sort_keys=True) if scope else '{"type": "default"}'
        return scope_key, str(params.get("language_code") or "")

    def _set_my_commands(self, params: JSONDict) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise _ApiError(400, 'Bad Request: parameter "commands" is required')
        self._commands[self._commands_key(params)] = commands
        return True

    def _get_my_commands(self, params: JSONDict) -> list[JSONDict]:
        return self._commands.get(self._commands_key(params), [])

    def _delete_my_commands(self, params: JSONDict) -> bool:
        self._commands.pop(self._commands_key(params), None)
        return True

    def _chat_id(self, params: JSONDict) -> int:
        chat_id = params.get("chat_id")
        if chat_id is None or chat_id == "":
            raise _ApiError(400, "Bad Request: chat_id is empty")
        if not isinstance(chat_id, int):
            raise _ApiError(400, "Bad Request: chat not found")
        return chat_id

    def _send_message(self, params: JSONDict) -> JSONDict:
        chat_id = self._chat_id(params)
        raw_text = params.get("text")
        if not isinstance(raw_text, str) or not raw_text.strip():
            raise _ApiError(400, "Bad Request: message text is empty")
        text = _rendered_text(raw_text, params.get("parse_mode"))
        if len(text) > _MAX_TEXT_LEN:
            raise _ApiError(400, "Bad Request: message is too long")
        markup = _check_inline_markup(params.get("reply_markup"))
        message: JSONDict = {
            "message_id": self._new_message_id(chat_id),
            "from": self.bot_user,
            "chat": self._chat(chat_id),
            "date": int(time.time()),
            "text": text,
        }
        if isinstance(params.get("entities"), list):
            message["entities"] = params["entities"]
        if markup is not None:
            message["reply_markup"] = markup
        self._bot_messages.setdefault(chat_id, {})[message["message_id"]] = message
        self._sent_log.setdefault(chat_id, []).append(message)
        hook = self.on_bot_message
        if hook is not None:
            try:
                hook(chat_id, message)
            except Exception:  # a faulty test hook must not turn into an API error
                _LOGGER.exception("on_bot_message hook failed")
        return message

    def _send_document(self, params: JSONDict) -> JSONDict:
        """A document uploaded by the bot: kept whole, so tests can read the file back."""
        chat_id = self._chat_id(params)
        document = params.get("document")
        if not isinstance(document, dict) or "content" not in document:
            raise _ApiError(400, "Bad Request: there is no document in the request")
        caption = params.get("caption")
        if isinstance(caption, str) and len(caption) > 1024:
            raise _ApiError(400, "Bad Request: message caption is too long")
        markup = _check_inline_markup(params.get("reply_markup"))
        message: JSONDict = {
            "message_id": self._new_message_id(chat_id),
            "from": self.bot_user,
            "chat": self._chat(chat_id),
            "date": int(time.time()),
            "document": {
                "file_id": f"DOC{chat_id}_{len(self._sent_log.get(chat_id, ()))}",
                "file_unique_id": f"U{chat_id}_{len(self._sent_log.get(chat_id, ()))}",
                "file_name": document.get("filename", "file"),
                "file_size": document.get("size", 0),
                "mime_type": document.get("content_type", "application/octet-stream"),
            },
            "content": document["content"],
        }
        if isinstance(caption, str):
            message["caption"] = caption
        if markup is not None:
            message["reply_markup"] = markup
        self._bot_messages.setdefault(chat_id, {})[message["message_id"]] = message
        self._sent_log.setdefault(chat_id, []).append(message)
        return message

    def _message_to_edit(self, params: JSONDict) -> JSONDict:
        if "inline_message_id" in params:
            raise _ApiError(400, "Bad Request: inline messages are not supported by the stand-in")
        chat_id = self._chat_id(params)
        message_id = params.get("message_id")
        message = (
            self._bot_messages.get(chat_id, {}).get(message_id)
            if isinstance(message_id, int)
            else None
        )
        if message is None:
            if message_id in self._user_message_ids.get(chat_id, ()):
                raise _ApiError(400, "Bad Request: message can't be edited")
            raise _ApiError(400, "Bad Request: message to edit not found")
        return message

    def _apply_edit(self, message: JSONDict, text: str, markup: JSONDict | None) -> JSONDict:
        # Telegram drops the inline keyboard when an edit does not resend it.
        if text == message.get("text") and markup == message.get("reply_markup"):
            raise _ApiError(400, _NOT_MODIFIED)
        message["text"] = text
        if markup is None:
            message.pop("reply_markup", None)
        else:
            message["reply_markup"] = markup
        message["edit_date"] = int(time.time())
        return message

    def _edit_message_text(self, params: JSONDict) -> JSONDict:
        message = self._message_to_edit(params)
        if "document" in message:
            # As Telegram: a document's words are a caption, edited with editMessageCaption.
            raise _ApiError(400, "Bad Request: there is no text in the message to edit")
        raw_text = params.get("text")
        if not isinstance(raw_text, str) or not raw_text.strip():
            raise _ApiError(400, "Bad Request: message text is empty")
        text = _rendered_text(raw_text, params.get("parse_mode"))
        if len(text) > _MAX_TEXT_LEN:
            raise _ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        return self._apply_edit(message, text, _check_inline_markup(params.get("reply_markup")))

    def _edit_message_caption(self, params: JSONDict) -> JSONDict:
        message = self._message_to_edit(params)
        if "document" not in message:
            raise _ApiError(400, "Bad Request: there is no caption in the message to edit")
        caption = params.get("caption")
        if isinstance(caption, str):
            if len(caption) > 1024:
                raise _ApiError(400, "Bad Request: message caption is too long")
            message["caption"] = caption
        message["reply_markup"] = _check_inline_markup(params.get("reply_markup"))
        if message["reply_markup"] is None:
            message.pop("reply_markup")
        message["edit_date"] = int(time.time())
        return message

    def _edit_message_reply_markup(self, params: JSONDict) -> JSONDict:
        message = self._message_to_edit(params)
        markup = _check_inline_markup(params.get("reply_markup"))
        return self._apply_edit(message, message.get("text", ""), markup)

    def _delete_message(self, params: JSONDict) -> bool:
        chat_id = self._chat_id(params)
        message_id = params.get("message_id")
        chat = self._bot_messages.get(chat_id, {})
        if not isinstance(message_id, int) or chat.pop(message_id, None) is None:
            raise _ApiError(400, "Bad Request: message to delete not found")
        return True

    def _answer_callback_query(self, params: JSONDict) -> bool:
        query_id = str(params.get("callback_query_id", ""))
        if query_id not in self._pending_callbacks:
            raise _ApiError(
                400,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            )
        self.callback_answers[query_id] = params
        return True

    # ------------------------------------------------------------------ helpers

    def _new_message_id(self, chat_id: int) -> int:
        # One counter per chat shared by user and bot messages, like a private chat.
        message_id = self._next_message_id.get(chat_id, 0) + 1
        self._next_message_id[chat_id] = message_id
        return message_id

    def _chat(self, chat_id: int) -> JSONDict:
        return {
            "id": chat_id,
            "type": "private",
            "first_name": self._first_names.get(chat_id, "Test"),
        }

    def _user(self, user_id: int) -> JSONDict:
        return {
            "id": user_id,
            "is_bot": False,
            "first_name": self._first_names.get(user_id, "Test"),
            "language_code": "fr",
        }

    def _user_message_base(self, user_id: int, first_name: str) -> JSONDict:
        self._first_names[user_id] = first_name
        message_id = self._new_message_id(user_id)
        self._user_message_ids.setdefault(user_id, set()).add(message_id)
        return {
            "message_id": message_id,
            "from": self._user(user_id),
            "chat": self._chat(user_id),
            "date": int(time.time()),
        }

    def _enqueue(self, payload: JSONDict) -> int:
        update_id = self._next_update_id
        self._next_update_id += 1
        update = {"update_id": update_id, **payload}
        self._all_updates[update_id] = update
        self._queue.append(_Queued(update))
        self._updates_available()
        return update_id

    def _notify_state(self) -> None:
        if self._state_waiters:
            waiters, self._state_waiters = self._state_waiters, []
            for fut in waiters:
                if not fut.done():
                    fut.set_result(None)

    # ------------------------------------------------------------------ control API

    def state(self) -> JSONDict:
        """Snapshot served by ``POST /_control/state`` (chat ids become JSON string keys)."""
        return {
            "messages": {
                str(chat): list(msgs.values()) for chat, msgs in self._bot_messages.items()
            },
            "calls": [[t, method, params] for t, method, params in self.calls],
            "pending_updates": len(self._queue),
        }

    def _handle_control(self, op: str, body: bytes) -> _Response:
        try:
            args = json.loads(body) if body.strip() else {}
        except ValueError as exc:
            return 400, _dumps({"ok": False, "description": f"invalid JSON: {exc}"})
        if not isinstance(args, dict):
            return 400, _dumps({"ok": False, "description": "body must be a JSON object"})
        try:
            result = self._control(op, args)
        except (KeyError, TypeError, ValueError) as exc:
            return 400, _dumps({"ok": False, "description": f"{type(exc).__name__}: {exc}"})
        return 200, _dumps({"ok": True, **result})

    def _control(self, op: str, args: JSONDict) -> JSONDict:
        first_name = str(args.get("first_name", "Test"))
        if op == "message":
            return {
                "update_id": self.user_message(int(args["user_id"]), str(args["text"]), first_name)
            }
        if op == "press":
            return {
                "update_id": self.press(
                    int(args["user_id"]), int(args["message_id"]), str(args["callback_data"])
                )
            }
        if op == "photo":
            return {
                "update_id": self.user_photo(int(args["user_id"]), args.get("caption"), first_name)
            }
        if op == "sticker":
            return {"update_id": self.user_sticker(int(args["user_id"]), first_name)}
        if op == "voice":
            return {"update_id": self.user_voice(int(args["user_id"]), first_name=first_name)}
        if op == "document":
            return {"update_id": self.user_document(int(args["user_id"]), first_name=first_name)}
        if op == "redeliver":
            self.redeliver(int(args["update_id"]))
            return {}
        if op == "fail_next":
            self.fail_next(
                str(args["method"]),
                int(args["error_code"]),
                str(args["description"]),
                retry_after=None if args.get("retry_after") is None else int(args["retry_after"]),
                chat_id=None if args.get("chat_id") is None else int(args["chat_id"]),
                times=int(args.get("times", 1)),
            )
            return {}
        if op == "state":
            return self.state()
        raise KeyError(f"unknown control op {op!r}")


async def _serve(port: int, token: str, username: str, host: str) -> None:
    standin = BotApiStandIn(token=token, bot_username=username, host=host, port=port)
    await standin.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    # The parent process waits for this exact line before driving the stand-in.
    print(f"READY {standin.port}", flush=True)
    try:
        await stop.wait()
    finally:
        await standin.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Local Telegram Bot API stand-in")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--token", default="123456:TEST-TOKEN")
    parser.add_argument("--username", default="rexbot_test_bot")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(_serve(args.port, args.token, args.username, args.host))


if __name__ == "__main__":
    main()
