"""A lean HTTP/1.1 keep-alive client as python-telegram-bot's request layer.

Profiles of rexbot on this 2-core machine put most of its CPU in the HTTP client (httpx by
default, aiohttp after it), for requests that are always the same shape: a small JSON POST to
one host. This client does just that, on asyncio protocols, with a pool of kept-alive
connections (TLS for the real Telegram, plain HTTP for a local Bot API server).
"""

from __future__ import annotations

import asyncio
import json
import ssl
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

_MAX_HEADER = 64 * 1024


class _ConnectionLost(Exception):
    def __init__(self, got_bytes: bool) -> None:
        super().__init__("connection lost")
        self.got_bytes = got_bytes


@dataclass(frozen=True, slots=True)
class _Origin:
    scheme: str
    host: str
    port: int


class _Connection(asyncio.Protocol):
    """One kept-alive connection; one request at a time."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self._buffer = bytearray()
        self._waiter: asyncio.Future[tuple[int, bytes, bool]] | None = None
        self.closed = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if self._waiter is not None and not self._waiter.done():
            self._try_parse()  # a body delimited by the end of the connection is complete now
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_exception(_ConnectionLost(bool(self._buffer)))

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        if self._waiter is not None and not self._waiter.done():
            self._try_parse()

    def request(self, payload: bytes) -> asyncio.Future[tuple[int, bytes, bool]]:
        assert self.transport is not None
        self._buffer.clear()
        self._waiter = asyncio.get_running_loop().create_future()
        self.transport.write(payload)
        return self._waiter

    def close(self) -> None:
        self.closed = True
        if self.transport is not None:
            self.transport.close()

    def _try_parse(self) -> None:
        assert self._waiter is not None
        head_end = self._buffer.find(b"\r\n\r\n")
        if head_end < 0:
            if len(self._buffer) > _MAX_HEADER:
                self._waiter.set_exception(NetworkError("response header too large"))
            return
        head = bytes(self._buffer[:head_end]).decode("latin-1").split("\r\n")
        try:
            status = int(head[0].split(" ", 2)[1])
        except (IndexError, ValueError):
            self._waiter.set_exception(NetworkError("malformed HTTP status line"))
            return
        headers = {}
        for line in head[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        connection = headers.get("connection", "").lower()
        # HTTP/1.0 closes unless asked otherwise; HTTP/1.1 keeps alive unless told to close.
        if head[0].startswith("HTTP/1.0"):
            keep_alive = connection == "keep-alive"
        else:
            keep_alive = connection != "close"
        start = head_end + 4
        if "content-length" in headers:
            end = start + int(headers["content-length"])
            if len(self._buffer) >= end:
                self._waiter.set_result((status, bytes(self._buffer[start:end]), keep_alive))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            body = _dechunk(self._buffer, start)
            if body is not None:
                self._waiter.set_result((status, body, keep_alive))
        elif self.closed:
            self._waiter.set_result((status, bytes(self._buffer[start:]), False))


def _dechunk(buffer: bytearray, start: int) -> bytes | None:
    """The body of a complete chunked message, or None while more bytes are needed."""
    body = bytearray()
    position = start
    while True:
        line_end = buffer.find(b"\r\n", position)
        if line_end < 0:
            return None
        size = int(bytes(buffer[position:line_end]).split(b";")[0], 16)
        chunk_start = line_end + 2
        if size == 0:
            return bytes(body) if buffer.find(b"\r\n", chunk_start) >= 0 else None
        if len(buffer) < chunk_start + size + 2:
            return None
        body += buffer[chunk_start : chunk_start + size]
        position = chunk_start + size + 2


def _multipart(request_data: RequestData) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts: list[bytes] = []
    for name, value in request_data.json_parameters.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n".encode()
        )
    for name, part in request_data.multipart_data.items():
        filename, content = part[0], part[1]
        mime = part[2] if len(part) > 2 else "application/octet-stream"
        data = content if isinstance(content, bytes) else content.read()
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {mime}\r\n\r\n'.encode()
            + data
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Http11Request(BaseRequest):
    def __init__(
        self, pool_size: int = 32, read_timeout: float = 10.0, connect_timeout: float = 10.0
    ) -> None:
        self._pool_size = pool_size
        self._read_timeout = read_timeout
        self._connect_timeout = connect_timeout
        self._idle: dict[_Origin, list[_Connection]] = {}
        self._slots: asyncio.Semaphore | None = None
        self._ssl: ssl.SSLContext | None = None

    @property
    def read_timeout(self) -> float:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._slots is None:
            self._slots = asyncio.Semaphore(self._pool_size)

    async def shutdown(self) -> None:
        for connections in self._idle.values():
            for connection in connections:
                connection.close()
        self._idle.clear()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        await self.initialize()
        assert self._slots is not None
        parts = urlsplit(url)
        origin = _Origin(
            parts.scheme,
            parts.hostname or "",
            parts.port or (443 if parts.scheme == "https" else 80),
        )
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        if request_data is None:
            body, content_type = b"", "application/json"
        elif request_data.contains_files:
            body, content_type = _multipart(request_data)
        else:
            body, content_type = json.dumps(request_data.parameters).encode(), "application/json"
        host = origin.host if origin.port in (80, 443) else f"{origin.host}:{origin.port}"
        payload = (
            f"{method} {target} HTTP/1.1\r\nHost: {host}\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(body)}\r\nConnection: keep-alive\r\n\r\n"
        ).encode("latin-1") + body
        timeout = read_timeout if isinstance(read_timeout, int | float) else self._read_timeout
        async with self._slots:
            for attempt in range(2):
                connection, reused = await self._connection(origin)
                try:
                    status, response, keep_alive = await asyncio.wait_for(
                        connection.request(payload), timeout
                    )
                except TimeoutError as error:
                    connection.close()
                    raise TimedOut("request timed out") from error
                except _ConnectionLost as error:
                    connection.close()
                    # A kept-alive connection the server had closed: nothing was processed,
                    # so one retry on a fresh connection is safe.
                    if reused and not error.got_bytes and attempt == 0:
                        continue
                    raise NetworkError("connection lost") from error
                except BaseException:
                    connection.close()
                    raise
                if keep_alive and not connection.closed:
                    self._idle.setdefault(origin, []).append(connection)
                else:
                    connection.close()
                return status, response
        raise NetworkError("connection lost")

    async def _connection(self, origin: _Origin) -> tuple[_Connection, bool]:
        idle = self._idle.get(origin)
        while idle:
            connection = idle.pop()
            if not connection.closed:
                return connection, True
        loop = asyncio.get_running_loop()
        ssl_context = None
        if origin.scheme == "https":
            if self._ssl is None:
                self._ssl = ssl.create_default_context()
            ssl_context = self._ssl
        try:
            _, connection = await asyncio.wait_for(
                loop.create_connection(
                    _Connection,
                    origin.host,
                    origin.port,
                    ssl=ssl_context,
                    server_hostname=origin.host if ssl_context else None,
                ),
                self._connect_timeout,
            )
        except TimeoutError as error:
            raise TimedOut("connection timed out") from error
        except OSError as error:
            raise NetworkError(f"cannot connect: {type(error).__name__}") from error
        return connection, False
