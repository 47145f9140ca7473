"""python-telegram-bot's request layer on aiohttp, for direct and proxied connections alike.

Written against PTB's public `BaseRequest` contract only: `do_request` returns the status and
the body, and PTB turns them into results or `TelegramError`s. aiohttp keeps the pool of
kept-alive connections, verifies TLS against the system's certificate store, and goes through
HTTP(S) proxies. PTB's default `HTTPXRequest` was measured instead and left aside: its
connection pool (httpcore) spends several times aiohttp's CPU per request under rexbot's load.
"""

from __future__ import annotations

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

# PTB types these arguments with a private alias: a number, None, or a "not passed" marker
# (BaseRequest.DEFAULT_NONE). A supertype is a valid override; the marker is told at run time.
Timeout = float | None | object


def _given(value: Timeout, default: float | None) -> float | None:
    """The timeout PTB's caller asked for, else this request object's own."""
    if value is None or isinstance(value, int | float):
        return value
    return default


def _total(*parts: float | None) -> float | None:
    return None if None in parts else sum(part or 0.0 for part in parts)


def _reason(error: aiohttp.ClientError) -> str:
    # The class and the OS's reason only: aiohttp's messages can carry a URL, and a Bot API URL
    # carries the token (a proxy URL, its password).
    strerror = getattr(error, "strerror", None)
    name = f"aiohttp.{type(error).__name__}"
    return f"{name}: {strerror}" if isinstance(strerror, str) and strerror else name


class AiohttpRequest(BaseRequest):
    """A `BaseRequest` on one `aiohttp.ClientSession`, opened by `initialize`.

    Timeouts: `connect_timeout` bounds opening a connection, `pool_timeout` (None: no bound)
    the wait for a free one, `read_timeout` each wait for response bytes (PTB adds the long
    poll's duration to it for getUpdates). aiohttp has no per-write timeout, so
    `write_timeout` bounds an upload as a whole instead (connect + write + read).
    """

    def __init__(
        self,
        pool_size: int = 64,
        read_timeout: float | None = 10.0,
        connect_timeout: float | None = 10.0,
        write_timeout: float | None = 20.0,
        pool_timeout: float | None = None,
        proxy: str | None = None,
        keepalive_timeout: float = 15.0,
    ) -> None:
        self._pool_size = pool_size
        self._read_timeout = read_timeout
        self._connect_timeout = connect_timeout
        self._write_timeout = write_timeout
        self._pool_timeout = pool_timeout
        self._proxy = proxy
        self._keepalive_timeout = keepalive_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        # Here rather than in __init__: an aiohttp session belongs to the running event loop.
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(
                limit=self._pool_size, keepalive_timeout=self._keepalive_timeout
            )
            self._session = aiohttp.ClientSession(
                connector=connector,
                headers={"User-Agent": self.USER_AGENT},
                timeout=aiohttp.ClientTimeout(total=None),
            )

    async def shutdown(self) -> None:
        if self._session is not None:
            session, self._session = self._session, None
            await session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Timeout = BaseRequest.DEFAULT_NONE,
        write_timeout: Timeout = BaseRequest.DEFAULT_NONE,
        connect_timeout: Timeout = BaseRequest.DEFAULT_NONE,
        pool_timeout: Timeout = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("AiohttpRequest is not initialized")
        connect = _given(connect_timeout, self._connect_timeout)
        read = _given(read_timeout, self._read_timeout)
        total: float | None = None
        form: aiohttp.FormData | None = None
        body: object = None
        if request_data is not None and request_data.contains_files:
            form = aiohttp.FormData()
            for name, value in request_data.json_parameters.items():
                form.add_field(name, value)
            for name, (filename, content, mime) in request_data.multipart_data.items():
                form.add_field(name, content, filename=filename, content_type=mime)
            # A small JSON body fits in the socket's buffer, so read timeouts cover its whole
            # wait; an upload may stall while being written.
            total = _total(connect, _given(write_timeout, self._write_timeout), read)
        elif request_data is not None:
            body = request_data.parameters
        timeout = aiohttp.ClientTimeout(
            total=total,
            # aiohttp's `connect` is the wait for a pooled connection plus opening it.
            connect=_total(_given(pool_timeout, self._pool_timeout), connect),
            sock_connect=connect,
            sock_read=read,
        )
        try:
            async with self._session.request(
                method, url, data=form, json=body, proxy=self._proxy, timeout=timeout
            ) as response:
                return response.status, await response.read()
        except TimeoutError as error:  # aiohttp's timeout errors derive from it
            raise TimedOut(f"timed out ({type(error).__name__})") from error
        except aiohttp.ClientError as error:
            raise NetworkError(_reason(error)) from error
