"""The lean HTTP/1.1 client against small loopback servers answering in the various legal ways."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import pytest
from telegram.error import TimedOut
from telegram.request import RequestData
from telegram.request._requestparameter import RequestParameter

from bot.transports.http11_request import Http11Request

Responder = Callable[[bytes], bytes]


async def serve(respond: Responder, close_after: bool = False) -> tuple[asyncio.Server, str]:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            body = await reader.readexactly(length)
            writer.write(respond(body))
            await writer.drain()
            if close_after:
                writer.close()
                return

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    return server, f"http://127.0.0.1:{port}/botTOKEN/getMe"


@pytest.fixture
async def client() -> AsyncIterator[Http11Request]:
    request = Http11Request(pool_size=2, read_timeout=2)
    await request.initialize()
    yield request
    await request.shutdown()


def data() -> RequestData:
    return RequestData([RequestParameter.from_input("chat_id", 5)])


async def test_content_length_and_keep_alive(client: Http11Request) -> None:
    seen: list[bytes] = []

    def respond(body: bytes) -> bytes:
        seen.append(body)
        return b'HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n{"ok":true}'

    server, url = await serve(respond)
    async with server:
        for _ in range(3):
            assert await client.do_request(url, "POST", data()) == (200, b'{"ok":true}')
    assert seen == [b'{"chat_id": 5}'] * 3


async def test_chunked_body(client: Http11Request) -> None:
    server, url = await serve(
        lambda _: (
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            b'4\r\n{"ok\r\n7\r\n":true}\r\n0\r\n\r\n'
        )
    )
    async with server:
        assert await client.do_request(url, "POST", data()) == (200, b'{"ok":true}')


async def test_body_ended_by_closing_the_connection(client: Http11Request) -> None:
    server, url = await serve(lambda _: b'HTTP/1.0 200 OK\r\n\r\n{"ok":true}', close_after=True)
    async with server:
        assert await client.do_request(url, "POST", data()) == (200, b'{"ok":true}')
        # The connection was not kept: the next request opens a new one and works.
        assert await client.do_request(url, "POST", data()) == (200, b'{"ok":true}')


async def test_server_closing_an_idle_connection_is_retried_once(client: Http11Request) -> None:
    server, url = await serve(
        lambda _: b'HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n{"ok":true}', close_after=True
    )
    async with server:
        assert (await client.do_request(url, "POST", data()))[0] == 200
        await asyncio.sleep(0.05)  # the server has closed the kept-alive connection
        assert (await client.do_request(url, "POST", data()))[0] == 200


async def test_timeout(client: Http11Request) -> None:
    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await asyncio.sleep(5)

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        with pytest.raises(TimedOut):
            await client.do_request(f"http://127.0.0.1:{port}/x", "POST", data(), read_timeout=0.2)
