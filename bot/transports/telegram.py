"""Telegram, through python-telegram-bot's `Bot` (long polling, inline keyboards).

We use `Bot` directly rather than `Application`: the engine already orders updates per chat,
persists every transition and owns retries, so only the HTTP client and the types are needed.
An update is confirmed to Telegram (the next getUpdates offset) only after its transaction has
committed, so a crash never loses one; a redelivered update is recognised by its id.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import warnings
from collections import defaultdict
from collections.abc import Awaitable, Callable, Coroutine, Sequence

from telegram import (
    Bot,
    BotCommand,
    CallbackQuery,
    Message,
    Update,
)
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.warnings import PTBUserWarning

from bot.delivery_errors import Rejected, RetryLater, Unreachable
from bot.engine import HandleResult
from bot.transports.http11_request import Http11Request
from bot.transports.text_split import split_text
from flows.i18n import t
from flows.matching import normalise
from flows.messages import Choice, Delivery, Inbound, InboundKind

log = logging.getLogger(__name__)
NAME = "telegram"
MAX_TEXT = 4096
_MEDIA_ATTRIBUTES = (
    "photo",
    "sticker",
    "voice",
    "video",
    "video_note",
    "audio",
    "document",
    "animation",
    "location",
    "contact",
    "poll",
    "venue",
    "dice",
)
COMMANDS = (
    ("declarer", "menu.declare"),
    ("mes_declarations", "menu.my_cases"),
    ("aide", "menu.help"),
    ("annuler", "form.cancel"),
    ("langue", "language.ask"),
)

Handler = Callable[[Inbound], Awaitable[HandleResult]]


def callback_data(version: int | None, choice_id: str) -> str:
    return f"{version if version is not None else ''}|{choice_id}"


def parse_callback_data(data: str) -> tuple[int | None, str]:
    version_text, separator, choice_id = data.partition("|")
    if not separator:
        return None, data
    return (int(version_text) if version_text.isdigit() else None), choice_id


def keyboard(choices: tuple[Choice, ...], version: int | None) -> dict[str, object]:
    """An inline keyboard: short labels two per row (thumb-friendly), long ones alone."""
    buttons = [{"text": c.label, "callback_data": callback_data(version, c.id)} for c in choices]
    if all(len(c.label) <= 16 for c in choices) and len(choices) <= 6:
        rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    else:
        rows = [[b] for b in buttons]
    return {"inline_keyboard": rows}


def to_inbound(update: Update) -> Inbound | None:
    """The neutral form of a Telegram update, or None for what we do not handle."""
    external_id = str(update.update_id)
    query = update.callback_query
    if query is not None:
        return _callback_inbound(query, external_id)
    message = update.message
    if message is None or message.from_user is None or message.chat.type != "private":
        return None
    address = str(message.from_user.id)
    text = message.text
    if text is not None:
        if text.startswith("/"):
            head, _, args = text[1:].partition(" ")
            command = normalise(head.split("@", 1)[0]).replace(" ", "_")
            return Inbound(
                NAME,
                address,
                external_id,
                InboundKind.COMMAND,
                text=text,
                command=command,
                args=args.strip(),
            )
        return Inbound(NAME, address, external_id, InboundKind.TEXT, text=text)
    media = next((a for a in _MEDIA_ATTRIBUTES if getattr(message, a, None)), "other")
    return Inbound(NAME, address, external_id, InboundKind.MEDIA, media_kind=media)


def _callback_inbound(query: CallbackQuery, external_id: str) -> Inbound:
    version, choice_id = parse_callback_data(query.data or "")
    message = query.message
    label, message_text, message_ref = "", "", ""
    if isinstance(message, Message):
        message_ref = str(message.message_id)
        message_text = message.text or ""
        markup = message.reply_markup
        for row in markup.inline_keyboard if markup else ():
            for button in row:
                if button.callback_data == query.data:
                    label = button.text
    return Inbound(
        NAME,
        str(query.from_user.id),
        external_id,
        InboundKind.CHOICE,
        choice_id=choice_id,
        version=version,
        message_ref=message_ref,
        message_text=message_text,
        choice_label=label,
    )


def _seconds(error: RetryAfter) -> float:
    # PTB 22 warns that retry_after will become a timedelta; accept both without the warning.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        retry = error.retry_after
    return float(retry) if isinstance(retry, int | float) else retry.total_seconds()


class TelegramTransport:
    name = NAME

    def __init__(
        self, token: str, base_url: str, poll_timeout: int = 25, pool_size: int = 64
    ) -> None:
        # We call the API with plain dicts on purpose (see `deliver`); PTB nudges towards its
        # typed methods with a warning on every call.
        warnings.filterwarnings("ignore", message="Please use 'Bot.", category=PTBUserWarning)
        self.bot = Bot(
            token,
            base_url=base_url,
            request=Http11Request(pool_size=pool_size),
            get_updates_request=Http11Request(pool_size=1, read_timeout=poll_timeout + 10.0),
        )
        self.poll_timeout = poll_timeout
        self._offset: int | None = None
        self._task: asyncio.Task[None] | None = None
        self._long_poll: asyncio.Task[tuple[Update, ...]] | None = None
        self._stopping = False
        self.username: str | None = None
        self._jobs: set[asyncio.Task[None]] = set()

    async def start(self, handler: Handler, on_direct: Callable[[list[Delivery]], None]) -> None:
        await self.bot.initialize()
        self.username = self.bot.username
        await self._set_commands()
        self._task = asyncio.get_running_loop().create_task(self._poll(handler, on_direct))

    async def _set_commands(self) -> None:
        with contextlib.suppress(TelegramError):
            await self.bot.set_my_commands(
                [BotCommand(command, t("fr", key)[:256]) for command, key in COMMANDS]
            )

    async def stop(self) -> None:
        """Stop polling: a batch being handled is finished first, a long poll is cut short."""
        self._stopping = True
        if self._long_poll is not None:
            self._long_poll.cancel()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(asyncio.shield(self._task), timeout=10)
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        # Confirm what was handled so a restart does not get it again (dedupe would catch it).
        if self._offset is not None:
            with contextlib.suppress(TelegramError):
                await self.bot.get_updates(offset=self._offset, timeout=0, limit=1)
        await self.bot.shutdown()

    async def _poll(self, handler: Handler, on_direct: Callable[[list[Delivery]], None]) -> None:
        failures = 0
        while not self._stopping:
            self._long_poll = asyncio.ensure_future(
                self.bot.get_updates(
                    offset=self._offset,
                    timeout=self.poll_timeout,
                    limit=100,
                    allowed_updates=["message", "callback_query"],
                )
            )
            try:
                updates = await self._long_poll
                failures = 0
            except asyncio.CancelledError:
                if self._stopping:
                    return
                raise
            except (NetworkError, TelegramError) as error:
                failures += 1
                delay = min(30.0, 0.5 * 2**failures)
                log.warning(
                    "telegram: getUpdates failed (%s), retry in %.1f s", type(error).__name__, delay
                )
                await asyncio.sleep(delay)
                continue
            finally:
                self._long_poll = None
            if not updates:
                continue
            await self._handle_batch(updates, handler, on_direct)
            self._offset = updates[-1].update_id + 1

    async def _handle_batch(
        self,
        updates: Sequence[Update],
        handler: Handler,
        on_direct: Callable[[list[Delivery]], None],
    ) -> None:
        by_chat: dict[str, list[tuple[Update, Inbound]]] = defaultdict(list)
        for update in updates:
            inbound = to_inbound(update)
            if inbound is not None:
                by_chat[inbound.address].append((update, inbound))
        await asyncio.gather(
            *(self._handle_chat(items, handler, on_direct) for items in by_chat.values())
        )

    async def _handle_chat(
        self,
        items: list[tuple[Update, Inbound]],
        handler: Handler,
        on_direct: Callable[[list[Delivery]], None],
    ) -> None:
        for update, inbound in items:
            try:
                result = await handler(inbound)
            except Exception:
                log.exception("telegram: update %d could not be handled", update.update_id)
                on_direct([Delivery(NAME, inbound.address, t("fr", "error.internal"))])
                continue
            if result.direct:
                on_direct(result.direct)
            query = update.callback_query
            if query is not None:
                # Stops the button's spinner; a toast says so when the button was stale.
                stale = not (result.accepted_choice or result.duplicate)
                self._background(self._answer(query.id, t("fr", "input.stale") if stale else None))

    def _background(self, job: Coroutine[object, object, None]) -> None:
        task = asyncio.get_running_loop().create_task(job)
        self._jobs.add(task)
        task.add_done_callback(self._jobs.discard)

    async def _answer(self, query_id: str, text: str | None) -> None:
        params: dict[str, object] = {"callback_query_id": query_id}
        if text:
            params["text"] = text[:200]
        try:
            await self.bot.do_api_request("answerCallbackQuery", api_kwargs=params)
        except TelegramError as error:
            log.info("telegram: callback answer failed (%s)", type(error).__name__)

    async def deliver(self, delivery: Delivery) -> str | None:
        # Raw API calls with plain dicts: building and parsing PTB objects for every outgoing
        # message cost more CPU than the HTTP exchange itself (profiled).
        try:
            if delivery.edit_ref:
                return await self._edit(delivery)
            chunks = split_text(delivery.text, MAX_TEXT)
            ref: str | None = None
            for index, chunk in enumerate(chunks):
                params: dict[str, object] = {"chat_id": int(delivery.address), "text": chunk}
                if index == len(chunks) - 1 and delivery.choices:
                    params["reply_markup"] = keyboard(delivery.choices, delivery.version)
                result = await self.bot.do_api_request("sendMessage", api_kwargs=params)
                ref = str(result["message_id"])
            return ref
        except RetryAfter as error:
            raise RetryLater(_seconds(error)) from error
        except Forbidden as error:
            raise Unreachable(str(error)) from error
        except BadRequest as error:
            raise Rejected(str(error)) from error

    async def _edit(self, delivery: Delivery) -> str | None:
        params: dict[str, object] = {
            "chat_id": int(delivery.address),
            "message_id": int(delivery.edit_ref),
            "text": split_text(delivery.text, MAX_TEXT)[0],
        }
        if delivery.choices:
            params["reply_markup"] = keyboard(delivery.choices, delivery.version)
        try:
            await self.bot.do_api_request("editMessageText", api_kwargs=params)
        except BadRequest as error:
            if "not modified" not in str(error).lower():
                raise
        return delivery.edit_ref
