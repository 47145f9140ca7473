"""Simulated Telegram users that follow a fixed script against a ``BotApiStandIn``.

Each user acts, waits for the bot's next ``sendMessage`` to its chat (edits do not
count), records the latency from queuing its update to that reply reaching the
stand-in, thinks for ``think_time`` and acts again.  Replies are observed through
the stand-in's synchronous ``on_bot_message`` hook, so nothing polls.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

from tests.support.botapi_standin import BotApiStandIn, JSONDict

__all__ = [
    "Action",
    "Button",
    "ScriptResult",
    "ScriptedUser",
    "Text",
    "run_scripted_users",
]


@dataclass(frozen=True, slots=True)
class Text:
    """The user sends ``text`` as a message (a leading "/" makes it a command)."""

    text: str


@dataclass(frozen=True, slots=True)
class Button:
    """The user presses the inline button labelled ``label`` (exact, else prefix match)."""

    label: str


Action = Text | Button


@dataclass(slots=True)
class ScriptResult:
    updates_sent: int = 0
    #: Seconds from queuing each update to the bot's next sendMessage in that chat.
    latencies: list[float] = field(default_factory=list)
    #: Seconds from the first action to the last reply.
    wall_time: float = 0.0
    #: Only users that failed appear here.
    errors: dict[int, list[str]] = field(default_factory=dict)
    #: Users whose whole script ran and got its final reply.
    completed: set[int] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return not self.errors


class ScriptFailure(Exception):
    """Raised inside a user to stop its script; the message lands in ``errors``."""


def _button_texts(message: JSONDict) -> list[str]:
    rows: list[list[JSONDict]] = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [str(button.get("text")) for row in rows for button in row]


class ScriptedUser:
    """One private-chat user (chat id == user id) playing ``script``."""

    def __init__(
        self,
        standin: BotApiStandIn,
        user_id: int,
        script: list[Action],
        think_time: float = 0.0,
        first_name: str = "Test",
    ) -> None:
        self.standin = standin
        self.user_id = user_id
        self.script = script
        self.think_time = think_time
        self.first_name = first_name
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.updates_sent = 0
        self.first_action_at: float | None = None
        self.last_reply_at: float | None = None
        self.completed = False
        self._reply: asyncio.Future[float] | None = None

    def on_bot_message(self, message: JSONDict) -> None:
        """Stand-in hook: the bot sent a new message to this user's chat."""
        reply = self._reply
        if reply is not None and not reply.done():
            reply.set_result(time.monotonic())

    async def run(self, deadline: float, start_delay: float = 0.0) -> None:
        """Play the script; failures are recorded in :attr:`errors`, never raised."""
        loop = asyncio.get_running_loop()
        if start_delay > 0:
            await asyncio.sleep(start_delay)
        try:
            for index, action in enumerate(self.script):
                if index and self.think_time > 0:
                    await asyncio.sleep(self.think_time)
                # Arm before acting: the reply may arrive before control comes back here.
                self._reply = loop.create_future()
                sent_at = self._perform(action)
                if self.first_action_at is None:
                    self.first_action_at = sent_at
                try:
                    async with asyncio.timeout_at(deadline):
                        replied_at = await self._reply
                except TimeoutError:
                    raise ScriptFailure(
                        f"timed out waiting for the reply to action #{index} {action!r}; "
                        f"last bot message: {self._last_text()!r}"
                    ) from None
                self.latencies.append(replied_at - sent_at)
                self.last_reply_at = replied_at
            self.completed = True
        except ScriptFailure as exc:
            self.errors.append(str(exc))
        finally:
            self._reply = None

    def _perform(self, action: Action) -> float:
        if isinstance(action, Text):
            sent_at = time.monotonic()
            self.standin.user_message(self.user_id, action.text, first_name=self.first_name)
        else:
            message_id, callback_data = self._find_button(action.label)
            sent_at = time.monotonic()
            self.standin.press(self.user_id, message_id, callback_data)
        self.updates_sent += 1
        return sent_at

    def _find_button(self, label: str) -> tuple[int, str]:
        keyboard_message: JSONDict | None = None
        for message in reversed(self.standin.messages(self.user_id)):
            if _button_texts(message):
                keyboard_message = message
                break
        if keyboard_message is None:
            raise ScriptFailure(
                f"no inline keyboard to press {label!r} on; last bot message: {self._last_text()!r}"
            )
        buttons: list[dict[str, Any]] = [
            button for row in keyboard_message["reply_markup"]["inline_keyboard"] for button in row
        ]
        chosen = next((b for b in buttons if b.get("text") == label), None)
        if chosen is None:
            chosen = next((b for b in buttons if str(b.get("text", "")).startswith(label)), None)
        if chosen is None or chosen.get("callback_data") is None:
            raise ScriptFailure(
                f"no callback button {label!r} among {_button_texts(keyboard_message)!r} in "
                f"message {keyboard_message.get('text', '')!r}"
            )
        return int(keyboard_message["message_id"]), str(chosen["callback_data"])

    def _last_text(self) -> str | None:
        last = self.standin.last_message(self.user_id)
        return None if last is None else str(last.get("text", ""))


async def run_scripted_users(
    standin: BotApiStandIn,
    scripts: dict[int, list[Action]],
    think_time: float = 0.0,
    timeout: float = 60.0,  # noqa: ASYNC109 - a per-run budget shared by every user
    stagger: bool = True,
) -> ScriptResult:
    """Run every user's script concurrently against ``standin``.

    The stand-in's ``on_bot_message`` hook is wrapped for the duration of the run
    (a previously installed hook keeps being called) and restored afterwards.

    With a think time, users start at evenly spread moments within the first think time
    (``stagger``), as people do, instead of all pressing their first key in the same
    millisecond and staying in lockstep for the whole run.
    """
    users = {
        user_id: ScriptedUser(standin, user_id, script, think_time)
        for user_id, script in scripts.items()
    }
    previous_hook = standin.on_bot_message

    def dispatch(chat_id: int, message: JSONDict) -> None:
        user = users.get(chat_id)
        if user is not None:
            user.on_bot_message(message)
        if previous_hook is not None:
            previous_hook(chat_id, message)

    standin.on_bot_message = dispatch
    deadline = asyncio.get_running_loop().time() + timeout
    try:
        spread = think_time / max(1, len(users)) if stagger else 0.0
        await asyncio.gather(
            *(user.run(deadline, index * spread) for index, user in enumerate(users.values()))
        )
    finally:
        standin.on_bot_message = previous_hook

    result = ScriptResult()
    starts = [u.first_action_at for u in users.values() if u.first_action_at is not None]
    ends = [u.last_reply_at for u in users.values() if u.last_reply_at is not None]
    if starts and ends:
        result.wall_time = max(ends) - min(starts)
    for user_id, user in users.items():
        result.updates_sent += user.updates_sent
        result.latencies.extend(user.latencies)
        if user.errors:
            result.errors[user_id] = user.errors
        if user.completed:
            result.completed.add(user_id)
    return result
