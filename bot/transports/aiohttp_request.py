"""python-telegram-bot's pluggable request layer, over aiohttp.

Profiling a plain python-telegram-bot bot here puts most of its CPU in the default httpx layer;
aiohttp keeps connections alive with far less overhead per call, and JSON bodies skip the
form-encoding of every parameter.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp
from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData


class AiohttpRequest(BaseRequest):
    def __init__(self, pool_size: int = 64, read_timeout: float = 10.0) -> None:
        self._pool_size = pool_size
        self._read_timeout = read_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size, ttl_dns_cache=300),
                json_serialize=json.dumps,
            )

    async def shutdown(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

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
        if self._session is None:
            await self.initialize()
        assert self._session is not None
        read = self._read_timeout if read_timeout is DEFAULT_NONE else read_timeout
        timeout = aiohttp.ClientTimeout(
            total=None,
            sock_read=read if isinstance(read, int | float) else None,
            connect=connect_timeout if isinstance(connect_timeout, int | float) else 10.0,
        )
        kwargs: dict[str, Any] = {"timeout": timeout}
        if request_data is not None:
            if request_data.contains_files:
                form = aiohttp.FormData()
                for name, value in request_data.json_parameters.items():
                    form.add_field(name, value)
                for name, part in request_data.multipart_data.items():
                    filename, content, mime = part[0], part[1], part[2] if len(part) > 2 else None
                    form.add_field(name, content, filename=filename, content_type=mime)
                kwargs["data"] = form
            else:
                kwargs["data"] = json.dumps(request_data.parameters).encode()
                kwargs["headers"] = {"Content-Type": "application/json"}
        try:
            async with self._session.request(method, url, **kwargs) as response:
                return response.status, await response.read()
        except TimeoutError as error:
            raise TimedOut("request timed out") from error
        except asyncio.CancelledError:
            raise
        except aiohttp.ClientError as error:
            raise NetworkError(f"aiohttp: {type(error).__name__}") from error
