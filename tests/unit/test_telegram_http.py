"""The aiohttp request layer through python-telegram-bot's `Bot`, against real local servers:
an aiohttp web app standing in for the Bot API, and a small HTTP proxy (forwarding, CONNECT)."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiohttp import BodyPartReader, web
from telegram import Bot, InputFile
from telegram.error import NetworkError, TimedOut

from bot.transports.telegram_http import AiohttpRequest
from tests.support.certs import make_certificates

TOKEN = "123456:SECRET-TOKEN"
# rexbot calls the API with plain dicts (see TelegramTransport.deliver), which PTB frowns on.
pytestmark = pytest.mark.filterwarnings("ignore:Please use 'Bot.:telegram.warnings.PTBUserWarning")


@dataclass
class Seen:
    requests: list[dict[str, Any]] = field(default_factory=list)
    peers: set[object] = field(default_factory=set)


async def _api(seen: Seen, request: web.Request) -> web.Response:
    seen.peers.add(request.transport.get_extra_info("peername") if request.transport else None)
    method = request.match_info["method"]
    record: dict[str, Any] = {
        "method": method,
        "content_type": request.content_type,
        "user_agent": request.headers.get("User-Agent", ""),
    }
    if request.content_type == "multipart/form-data":
        reader = await request.multipart()
        async for part in reader:
            assert isinstance(part, BodyPartReader)
            if part.filename:
                record[part.name or ""] = {
                    "filename": part.filename,
                    "content_type": part.headers.get("Content-Type"),
                    "content": (await part.read()).decode(),
                }
            else:
                record[part.name or ""] = await part.text()
    elif request.can_read_body:
        record["json"] = await request.json()
    seen.requests.append(record)
    if method == "getUpdates":
        await asyncio.sleep(float(record["json"]["timeout"]) * 0.5)
        return web.json_response({"ok": True, "result": []})
    if method == "slow":
        await asyncio.sleep(2)
    result: object = {"id": 1, "is_bot": True, "first_name": "Rex", "username": "rex_bot"}
    if method != "getMe":
        result = {"message_id": len(seen.requests)}
    return web.json_response({"ok": True, "result": result})


@contextlib.asynccontextmanager
async def api_server(ssl_context: ssl.SSLContext | None = None) -> AsyncIterator[tuple[str, Seen]]:
    seen = Seen()
    app = web.Application()

    async def handle(request: web.Request) -> web.Response:
        return await _api(seen, request)

    app.router.add_post("/bot{token}/{method}", handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=ssl_context)
    await site.start()
    port = runner.addresses[0][1]
    scheme = "https" if ssl_context else "http"
    try:
        yield f"{scheme}://127.0.0.1:{port}/bot", seen
    finally:
        await runner.cleanup()


@contextlib.asynccontextmanager
async def http_proxy() -> AsyncIterator[tuple[str, list[str]]]:
    """A forwarding proxy: absolute-form requests are relayed, CONNECT opens a tunnel."""
    request_lines: list[str] = []

    async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(ConnectionError):
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        writer.close()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        line = head.split(b"\r\n", 1)[0].decode()
        request_lines.append(line)
        verb, target, _ = line.split(" ")
        if verb == "CONNECT":
            host, _, port = target.rpartition(":")
            upstream_reader, upstream_writer = await asyncio.open_connection(host, int(port))
            writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        else:
            authority = target.split("/")[2]
            host, _, port = authority.rpartition(":")
            upstream_reader, upstream_writer = await asyncio.open_connection(host, int(port))
            upstream_writer.write(head)
        await asyncio.gather(pipe(reader, upstream_writer), pipe(upstream_reader, writer))

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}", request_lines
    finally:
        server.close()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(server.wait_closed(), 1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


async def with_bot(
    base_url: str, request: AiohttpRequest, use: Callable[[Bot], Awaitable[None]]
) -> None:
    bot = Bot(TOKEN, base_url=base_url, request=request, get_updates_request=request)
    async with bot:  # getMe, as TelegramTransport.connect does
        await use(bot)


async def test_a_json_post_on_one_kept_alive_connection() -> None:
    async with api_server() as (base_url, seen):

        async def use(bot: Bot) -> None:
            for _ in range(3):
                result = await bot.do_api_request(
                    "sendMessage",
                    api_kwargs={
                        "chat_id": 5,
                        "text": "Déclaration reçue",
                        "reply_markup": {
                            "inline_keyboard": [[{"text": "Oui", "callback_data": "1"}]]
                        },
                    },
                )
                assert result["message_id"] >= 2

        await with_bot(base_url, AiohttpRequest(pool_size=4), use)
    sent = seen.requests[1]
    assert sent["content_type"] == "application/json"
    assert sent["user_agent"].startswith("python-telegram-bot")
    assert sent["json"]["chat_id"] == 5
    assert sent["json"]["text"] == "Déclaration reçue"
    assert sent["json"]["reply_markup"]["inline_keyboard"][0][0]["text"] == "Oui"
    assert len(seen.peers) == 1  # getMe and the three sends on the same connection


async def test_a_document_is_uploaded_as_multipart() -> None:
    content = "BEGIN:VCALENDAR\r\nSUMMARY:RCP été\r\nEND:VCALENDAR\r\n"
    async with api_server() as (base_url, seen):

        async def use(bot: Bot) -> None:
            await bot.do_api_request(
                "sendDocument",
                api_kwargs={
                    "chat_id": 77,
                    "caption": "Invitation",
                    "document": InputFile(content.encode(), filename="rcp-1.ics"),
                },
            )

        await with_bot(base_url, AiohttpRequest(), use)
    upload = seen.requests[-1]
    assert upload["content_type"] == "multipart/form-data"
    assert upload["chat_id"] == "77"
    assert upload["caption"] == "Invitation"
    assert upload["document"] == {
        "filename": "rcp-1.ics",
        "content_type": "text/calendar",
        "content": content,
    }


async def test_a_slow_answer_times_out_but_a_long_poll_is_given_its_duration() -> None:
    async with api_server() as (base_url, _):

        async def use(bot: Bot) -> None:
            with pytest.raises(TimedOut):
                await bot.do_api_request("slow", api_kwargs={"chat_id": 1})
            # getUpdates: PTB adds the poll's 1 s to the 0.3 s read timeout; answered at 0.5 s.
            assert await bot.get_updates(timeout=1) == ()

        await with_bot(base_url, AiohttpRequest(read_timeout=0.3), use)


async def test_a_refused_connection_is_a_network_error_without_the_token() -> None:
    request = AiohttpRequest(connect_timeout=2)
    bot = Bot(TOKEN, base_url=f"http://127.0.0.1:{free_port()}/bot", request=request)
    await request.initialize()
    try:
        with pytest.raises(NetworkError) as raised:
            await bot.do_api_request("sendMessage", api_kwargs={"chat_id": 1, "text": "x"})
    finally:
        await request.shutdown()
    assert not isinstance(raised.value, TimedOut)
    assert "SECRET" not in str(raised.value)


async def test_requests_go_through_the_proxy() -> None:
    async with api_server() as (base_url, seen), http_proxy() as (proxy, lines):

        async def use(bot: Bot) -> None:
            await bot.do_api_request("sendMessage", api_kwargs={"chat_id": 5, "text": "x"})

        await with_bot(base_url, AiohttpRequest(proxy=proxy), use)
    assert [r["method"] for r in seen.requests] == ["getMe", "sendMessage"]
    assert lines[0] == f"POST {base_url}{TOKEN}/getMe HTTP/1.1"


async def test_tls_is_verified_directly_and_through_the_proxy(tmp_path: Path) -> None:
    """A certificate from an authority the system does not trust is refused, even when a
    proxy relays the connection (CONNECT: TLS runs end to end)."""
    certificates = make_certificates(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certificates.server.cert, certificates.server.key)
    async with api_server(context) as (base_url, seen), http_proxy() as (proxy, lines):
        for request in (AiohttpRequest(), AiohttpRequest(proxy=proxy)):
            with pytest.raises(NetworkError, match="Certificate"):
                await with_bot(base_url, request, lambda bot: asyncio.sleep(0))
    assert seen.requests == []
    host = base_url.split("/")[2]
    assert lines == [f"CONNECT {host} HTTP/1.1"]


async def test_it_can_be_initialized_again_after_a_shutdown() -> None:
    async with api_server() as (base_url, seen):
        request = AiohttpRequest()
        for _ in range(2):
            await with_bot(base_url, request, lambda bot: asyncio.sleep(0))
    assert [r["method"] for r in seen.requests] == ["getMe", "getMe"]
    with pytest.raises(NetworkError, match="not initialized"):
        await Bot(TOKEN, base_url=base_url, request=request).do_api_request("getMe")
