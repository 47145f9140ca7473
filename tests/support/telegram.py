"""rexbot's real Telegram transport wired to a local Bot API stand-in, and users chatting on it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from bot.app import App
from bot.config import Settings
from bot.transports.telegram import TelegramTransport
from tests.support.botapi_standin import BotApiStandIn, RateLimits


class TelegramUser:
    def __init__(self, standin: BotApiStandIn, user_id: int) -> None:
        self.standin = standin
        self.user_id = user_id

    async def _expect(self, action: Any, contains: str | None) -> dict[str, Any]:
        waiter = asyncio.ensure_future(
            self.standin.wait_for_message(self.user_id, contains, timeout=10)
        )
        await asyncio.sleep(0)  # the waiter notes where the chat stands before we act
        action()
        return await waiter

    async def say(self, text: str, expect: str | None = None) -> dict[str, Any]:
        return await self._expect(lambda: self.standin.user_message(self.user_id, text), expect)

    def button(self, label: str, message: dict[str, Any] | None = None) -> tuple[int, str]:
        candidates = [message] if message else reversed(self.standin.messages(self.user_id))
        for candidate in candidates:
            markup = candidate.get("reply_markup") or {}
            for row in markup.get("inline_keyboard", []):
                for button in row:
                    if button["text"] == label:
                        return candidate["message_id"], button["callback_data"]
        raise AssertionError(f"no button {label!r} in chat {self.user_id}")

    async def tap(
        self, label: str, expect: str | None = None, message: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        message_id, data = self.button(label, message)
        return await self._expect(
            lambda: self.standin.press(self.user_id, message_id, data), expect
        )


@asynccontextmanager
async def telegram_app(
    tmp_path: Path, standin_limits: RateLimits | None = None, **overrides: Any
) -> AsyncIterator[tuple[App, BotApiStandIn]]:
    standin = BotApiStandIn(limits=standin_limits)
    await standin.start()
    values: dict[str, Any] = {
        "database_url": f"sqlite+aiosqlite:///{tmp_path / 'rexbot.db'}",
        "telegram_global_rate": 0,
        "telegram_chat_rate": 0,
        # These tests run on the real clock: no quiet hours, whatever the time of the run.
        "quiet_hours": "",
        "quiet_days": "",
    }
    values.update(overrides)
    settings = Settings(_env_file=None, **values)  # type: ignore[call-arg]
    app = App(settings)
    telegram = TelegramTransport(standin.token, standin.base_url, poll_timeout=1)
    app.add_transport(telegram)
    try:
        await app.start()
        yield app, standin
    finally:
        await app.stop()
        await standin.stop()
