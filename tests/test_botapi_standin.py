"""The Bot API stand-in, exercised through a real python-telegram-bot ``Bot``."""

from __future__ import annotations

import asyncio
import datetime as dtm
import json
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
import pytest_asyncio
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, InvalidToken, RetryAfter

from tests.support.botapi_standin import BotApiStandIn
from tests.support.load import BASELINE, declaration_script, measure
from tests.support.scripted_users import Button, Text, run_scripted_users

pytestmark = pytest.mark.asyncio

REPO_ROOT = Path(__file__).resolve().parents[1]
USER = 424242
# PTB 22 warns, while building RetryAfter, that its int retry_after is deprecated.
ignore_retry_after_deprecation = pytest.mark.filterwarnings(
    "ignore::telegram.warnings.PTBDeprecationWarning"
)
KEYBOARD = InlineKeyboardMarkup(
    [
        [
            InlineKeyboardButton("Oui", callback_data="g:y"),
            InlineKeyboardButton("Non", callback_data="g:n"),
        ]
    ]
)


@pytest_asyncio.fixture
async def standin() -> AsyncIterator[BotApiStandIn]:
    server = BotApiStandIn()
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@pytest_asyncio.fixture
async def bot(standin: BotApiStandIn) -> AsyncIterator[Bot]:
    async with Bot(standin.token, base_url=standin.base_url) as client:
        yield client


async def test_get_me(bot: Bot, standin: BotApiStandIn) -> None:
    me = await bot.get_me()
    assert me.is_bot
    assert me.username == "rexbot_test_bot"
    assert standin.base_url == f"http://127.0.0.1:{standin.port}/bot"


async def test_send_message_with_inline_keyboard(bot: Bot, standin: BotApiStandIn) -> None:
    first = await bot.send_message(USER, "Dommage grave ?", reply_markup=KEYBOARD)
    second = await bot.send_message(USER, "<b>Suite</b> &amp; fin", parse_mode="HTML")

    assert second.message_id > first.message_id
    assert first.chat.id == USER and first.chat.type == "private"
    assert first.from_user is not None and first.from_user.is_bot
    assert first.reply_markup == KEYBOARD
    assert second.text == "Suite & fin"
    stored = standin.messages(USER)
    assert [m["text"] for m in stored] == ["Dommage grave ?", "Suite & fin"]
    assert stored[0]["reply_markup"]["inline_keyboard"][0][1] == {
        "text": "Non",
        "callback_data": "g:n",
    }
    assert standin.last_message(USER) == stored[1]
    # Form-encoded ints and JSON fields are decoded back into their JSON types.
    _, method, params = standin.calls[-2]
    assert method == "sendMessage"
    assert params["chat_id"] == USER
    assert isinstance(params["reply_markup"], dict)


async def test_edit_message_text_and_markup(bot: Bot, standin: BotApiStandIn) -> None:
    sent = await bot.send_message(USER, "Question", reply_markup=KEYBOARD)

    edited = await bot.edit_message_text(
        "Question (répondue)", chat_id=USER, message_id=sent.message_id
    )
    assert not isinstance(edited, bool)
    assert edited.text == "Question (répondue)"
    assert edited.reply_markup is None  # Telegram drops the keyboard when it is not resent
    assert standin.messages(USER)[0]["text"] == "Question (répondue)"

    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("Question (répondue)", chat_id=USER, message_id=sent.message_id)
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("x", chat_id=USER, message_id=9999)

    restored = await bot.edit_message_reply_markup(USER, sent.message_id, reply_markup=KEYBOARD)
    assert not isinstance(restored, bool)
    assert restored.reply_markup == KEYBOARD
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_reply_markup(USER, sent.message_id, reply_markup=KEYBOARD)


async def test_get_updates_after_user_message_and_press(bot: Bot, standin: BotApiStandIn) -> None:
    question = await bot.send_message(USER, "Dommage grave ?", reply_markup=KEYBOARD)
    first_id = standin.user_message(USER, "/start abc", first_name="Camille")
    press_id = standin.press(USER, question.message_id, "g:n")

    updates = await bot.get_updates(timeout=0)
    assert [u.update_id for u in updates] == [first_id, press_id]
    message = updates[0].message
    assert message is not None and message.text == "/start abc"
    assert message.from_user is not None and message.from_user.first_name == "Camille"
    assert message.parse_entities() and next(iter(message.parse_entities().values())) == "/start"
    query = updates[1].callback_query
    assert query is not None and query.data == "g:n"
    assert query.message is not None and query.message.message_id == question.message_id
    assert await query.answer()
    assert standin.callback_answers[query.id]["callback_query_id"] == query.id

    # The offset confirms both; nothing is left.
    assert await bot.get_updates(offset=press_id + 1, timeout=0) == ()
    assert standin.pending_updates == 0


async def test_long_poll_returns_when_an_update_arrives(bot: Bot, standin: BotApiStandIn) -> None:
    loop = asyncio.get_running_loop()
    loop.call_later(0.2, standin.user_photo, USER)
    started = time.monotonic()
    updates = await bot.get_updates(timeout=5)
    assert 0.15 < time.monotonic() - started < 2
    assert len(updates) == 1 and updates[0].message is not None
    assert updates[0].message.photo[-1].width == 800


async def test_media_and_redelivery(bot: Bot, standin: BotApiStandIn) -> None:
    ids = [
        standin.user_sticker(USER),
        standin.user_voice(USER),
        standin.user_document(USER),
    ]
    updates = await bot.get_updates(timeout=0)
    messages = [u.message for u in updates]
    assert all(m is not None for m in messages)
    assert messages[0] is not None and messages[0].sticker is not None
    assert messages[1] is not None and messages[1].voice is not None
    assert messages[2] is not None and messages[2].document is not None

    standin.redeliver(ids[0])
    duplicate = await bot.get_updates(offset=ids[-1] + 1, timeout=0)
    assert [u.update_id for u in duplicate] == [ids[0]]
    assert await bot.get_updates(offset=ids[0] + 1, timeout=0) == ()


@ignore_retry_after_deprecation
async def test_retry_after_is_injected(bot: Bot, standin: BotApiStandIn) -> None:
    standin.fail_next("sendMessage", 429, "Too Many Requests: retry after 7", retry_after=7)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(USER, "flood")
    retry_after = caught.value.retry_after
    seconds = retry_after.total_seconds() if isinstance(retry_after, dtm.timedelta) else retry_after
    assert seconds == 7
    # Only the next call fails.
    assert (await bot.send_message(USER, "ok")).text == "ok"


async def test_forbidden_is_injected_per_chat(bot: Bot, standin: BotApiStandIn) -> None:
    standin.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user", chat_id=USER)
    await bot.send_message(USER + 1, "another chat is unaffected")
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(USER, "blocked")
    assert standin.messages(USER) == []


async def test_wrong_token_and_unknown_method(standin: BotApiStandIn) -> None:
    async with httpx.AsyncClient() as client:
        response = await client.post(f"{standin.base_url}123:WRONG/getMe")
        assert response.status_code == 401
        assert response.json() == {
            "ok": False,
            "error_code": 401,
            "description": "Unauthorized",
        }
        response = await client.post(f"{standin.base_url}{standin.token}/noSuchMethod")
        assert response.status_code == 404
        assert response.json()["ok"] is False
        # JSON bodies are accepted too.
        response = await client.post(
            f"{standin.base_url}{standin.token}/sendMessage", json={"chat_id": USER, "text": "json"}
        )
        assert response.json()["result"]["text"] == "json"
    with pytest.raises(InvalidToken):
        async with Bot("123:WRONG", base_url=standin.base_url):
            pass


async def test_wait_for_message_and_hook(bot: Bot, standin: BotApiStandIn) -> None:
    seen: list[tuple[int, str]] = []
    standin.on_bot_message = lambda chat_id, message: seen.append((chat_id, message["text"]))
    await bot.send_message(USER, "before")
    waiter = asyncio.create_task(standin.wait_for_message(USER, contains="second"))
    await asyncio.sleep(0)
    await bot.send_message(USER, "first")
    sent = await bot.send_message(USER, "second one")
    await bot.edit_message_text("edited", chat_id=USER, message_id=sent.message_id)
    assert (await waiter)["message_id"] == sent.message_id
    # Edits are not new messages for the hook.
    assert seen == [(USER, "before"), (USER, "first"), (USER, "second one")]
    with pytest.raises(TimeoutError):
        await standin.wait_for_message(USER, timeout=0.05)


async def test_scripted_users_against_a_tiny_bot(bot: Bot, standin: BotApiStandIn) -> None:
    """A hand-written echo loop proves the user protocol and latency bookkeeping."""

    async def serve() -> None:
        offset = 0
        while True:
            for update in await bot.get_updates(offset=offset, timeout=5):
                offset = update.update_id + 1
                if update.message is not None:
                    await bot.send_message(update.message.chat.id, "Choix ?", reply_markup=KEYBOARD)
                elif update.callback_query is not None and update.callback_query.message:
                    await update.callback_query.answer()
                    chat = update.callback_query.message.chat.id
                    await bot.send_message(chat, f"Choisi : {update.callback_query.data}")

    server = asyncio.create_task(serve())
    try:
        result = await run_scripted_users(
            standin,
            {1: [Text("/go"), Button("No")], 2: [Text("/go"), Button("Oui")], 3: [Button("x")]},
            think_time=0.01,
            timeout=5,
        )
    finally:
        server.cancel()
    assert result.updates_sent == 4
    assert len(result.latencies) == 4 and all(0 < lat < 5 for lat in result.latencies)
    assert result.completed == {1, 2}
    assert standin.messages(1)[-1]["text"] == "Choisi : g:n"  # prefix match "No" -> "Non"
    assert list(result.errors) == [3] and "no inline keyboard" in result.errors[3][0]


@ignore_retry_after_deprecation
async def test_separate_process_control_api() -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.support.botapi_standin",
        "--port",
        "0",
        "--username",
        "other_bot",
        cwd=REPO_ROOT,
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert proc.stdout is not None
        line = (await asyncio.wait_for(proc.stdout.readline(), 20)).decode()
        assert line.startswith("READY ")
        port = int(line.split()[1])
        control = f"http://127.0.0.1:{port}/_control"
        async with httpx.AsyncClient() as session:

            async def op(name: str, **args: object) -> dict[str, object]:
                response = await session.post(f"{control}/{name}", json=args)
                body: dict[str, object] = response.json()
                return body

            update = await op("message", user_id=USER, text="/start")
            async with Bot("123456:TEST-TOKEN", base_url=f"http://127.0.0.1:{port}/bot") as bot:
                assert bot.username == "other_bot"
                updates = await bot.get_updates(timeout=1)
                assert [u.update_id for u in updates] == [update["update_id"]]
                sent = await bot.send_message(USER, "Oui ?", reply_markup=KEYBOARD)
                await op("press", user_id=USER, message_id=sent.message_id, callback_data="g:y")
                await op("photo", user_id=USER)
                await op(
                    "fail_next",
                    method="sendMessage",
                    error_code=429,
                    description="x",
                    retry_after=1,
                )
                with pytest.raises(RetryAfter):
                    await bot.send_message(USER, "flood")
            state = await op("state")
        messages = state["messages"]
        assert isinstance(messages, dict) and [m["text"] for m in messages[str(USER)]] == ["Oui ?"]
        assert state["pending_updates"] == 3  # the message was never confirmed
        calls = state["calls"]
        assert isinstance(calls, list) and [c[1] for c in calls][-1] == "sendMessage"
        json.dumps(state)
    finally:
        proc.terminate()
        await proc.wait()


async def test_baseline_bot_through_measure() -> None:
    standin = BotApiStandIn()
    await standin.start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            argv = [
                sys.executable,
                str(BASELINE),
                "--base-url",
                standin.base_url,
                "--token",
                standin.token,
                "--persistence",
                str(Path(tmp) / "baseline.pickle"),
            ]
            users = [7001, 7002, 7003]
            report = await measure(
                argv, {}, standin, {u: declaration_script() for u in users}, 0.0, timeout=20
            )
    finally:
        await standin.stop()
    assert report["errors"] == {}
    assert report["users"] == 3 and report["updates"] == 33
    assert report["updates_per_s"] > 0 and report["p99_ms"] >= report["p50_ms"] > 0
    assert report["peak_rss_mb"] and report["peak_rss_mb"] > 10
    for user in users:
        assert standin.messages(user)[-1]["text"].startswith("Déclaration enregistrée : REX-")
