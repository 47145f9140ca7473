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
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import replace

from telegram import Bot, BotCommand, CallbackQuery, InputFile, Message, Update
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError
from telegram.warnings import PTBUserWarning

from bot.transports.contract import (
    Capabilities,
    Handler,
    Rejected,
    RetryLater,
    Runtime,
    TemporaryFailure,
    Unreachable,
)
from bot.transports.telegram_http import AiohttpRequest
from flows.core.commands import PUBLIC_COMMANDS, text_inbound
from flows.domain.messages import Attachment, Choice, Delivery, Inbound, InboundKind
from flows.text.i18n import LANGUAGES, t

log = logging.getLogger(__name__)
NAME = "telegram"
MAX_TEXT = 4096
MAX_CAPTION = 1024
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

DirectSender = Callable[[list[Delivery]], None]


class _RetryBatch(Exception):
    """Stop handling this batch and fetch it again (the database was busy)."""


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


def to_inbound(update: Update, bot_id: int) -> Inbound | None:
    """The neutral form of a Telegram update, or None for what we do not handle."""
    # The bot's id is part of the key: a new token on the same database starts afresh.
    external_id = f"{bot_id}:{update.update_id}"
    query = update.callback_query
    if query is not None:
        return _callback_inbound(query, external_id)
    message = update.message
    if message is None or message.from_user is None or message.chat.type != "private":
        return None
    address = str(message.from_user.id)
    if message.text is not None:
        inbound = text_inbound(NAME, address, external_id, message.text)
        answered = message.reply_to_message
        return replace(inbound, reply_ref=str(answered.message_id)) if answered else inbound
    media = next((a for a in _MEDIA_ATTRIBUTES if getattr(message, a, None)), "other")
    return Inbound(NAME, address, external_id, InboundKind.MEDIA, media_kind=media)


def _callback_inbound(query: CallbackQuery, external_id: str) -> Inbound:
    version, choice_id = parse_callback_data(query.data or "")
    message = query.message
    label, message_text, message_ref = "", "", ""
    if isinstance(message, Message):
        message_ref = str(message.message_id)
        message_text = message.text or message.caption or ""
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
    capabilities = Capabilities(max_text=MAX_TEXT, paced=True)

    def __init__(
        self,
        token: str,
        base_url: str,
        poll_timeout: int = 25,
        pool_size: int = 64,
        proxy: str | None = None,
    ) -> None:
        # We call the API with plain dicts on purpose (see `deliver`); PTB nudges towards its
        # typed methods with a warning on every call.
        warnings.filterwarnings("ignore", message="Please use 'Bot.", category=PTBUserWarning)
        # One HTTP stack, direct or through an HTTP(S) proxy (common in hospitals). The polling
        # request gets one connection; PTB adds the long-poll timeout to its read timeout.
        request = AiohttpRequest(pool_size=pool_size, proxy=proxy or None)
        polling = AiohttpRequest(pool_size=1, read_timeout=10.0, proxy=proxy or None)
        self.bot = Bot(token, base_url=base_url, request=request, get_updates_request=polling)
        self.poll_timeout = poll_timeout
        self._offset: int | None = None
        self._task: asyncio.Task[None] | None = None
        self._long_poll: asyncio.Task[tuple[Update, ...]] | None = None
        self._stop_requested = asyncio.Event()
        self._jobs: set[asyncio.Task[None]] = set()
        self.username: str | None = None

    async def open(self) -> None:
        """Check the token with Telegram (getMe) and publish the command menu: a refused
        token stops the service before anything else starts."""
        if self.username is None:
            await self.bot.initialize()
            self.username = self.bot.username
            await self._set_commands()

    async def start(self, runtime: Runtime) -> str | None:
        await self.open()
        username = self.username or ""
        # Read by the CLI to print invitation links (t.me/<bot>?start=<code>).
        await runtime.remember("telegram_username", username)
        self._task = asyncio.get_running_loop().create_task(
            self._poll(runtime.handle, runtime.send_direct)
        )
        return f"telegram @{username}"

    async def _set_commands(self) -> None:
        for language in LANGUAGES:
            commands = [BotCommand(name, t(language, key)[:256]) for name, key in PUBLIC_COMMANDS]
            # French for everyone by default; English for clients set to English.
            code = None if language == "fr" else language
            try:
                await self.bot.set_my_commands(commands, language_code=code)
            except TelegramError as error:
                log.warning("telegram: command menu not set (%s)", type(error).__name__)

    async def stop(self) -> None:
        """Stop polling: a batch being handled is finished first, a long poll is cut short."""
        self._stop_requested.set()
        if self._long_poll is not None:
            self._long_poll.cancel()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError, TimeoutError):
                await asyncio.wait_for(asyncio.shield(self._task), timeout=10)
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        # Confirm what was handled so a restart does not get it again (dedupe would catch it).
        if self._offset is not None:
            with contextlib.suppress(TelegramError):
                await self.bot.get_updates(offset=self._offset, timeout=0, limit=1)
        for job in list(self._jobs):
            with contextlib.suppress(Exception):
                await job
        await self.bot.shutdown()

    async def _poll(self, handler: Handler, on_direct: DirectSender) -> None:
        failures = 0
        while not self._stop_requested.is_set():
            try:
                updates = await self._next_batch()
                if updates:
                    await self._handle_batch(updates, handler, on_direct)
                    self._offset = updates[-1].update_id + 1
                failures = 0
            except asyncio.CancelledError:
                if self._stop_requested.is_set():
                    return
                raise
            except Exception as error:
                # Whatever happens, keep polling: a dead poller in a live process is the worst.
                failures += 1
                delay = min(30.0, 0.5 * 2**failures)
                log.warning("telegram: polling paused %.1f s (%s)", delay, type(error).__name__)
                # A stop ends the pause at once: after an outage it must not wait up to 30 s.
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stop_requested.wait(), delay)

    async def _next_batch(self) -> tuple[Update, ...]:
        self._long_poll = asyncio.ensure_future(
            self.bot.get_updates(
                offset=self._offset,
                timeout=self.poll_timeout,
                limit=100,
                allowed_updates=["message", "callback_query"],
            )
        )
        try:
            return await self._long_poll
        finally:
            self._long_poll = None

    async def _handle_batch(
        self, updates: Sequence[Update], handler: Handler, on_direct: DirectSender
    ) -> None:
        by_chat: dict[str, list[tuple[Update, Inbound]]] = defaultdict(list)
        for update in updates:
            inbound = to_inbound(update, self.bot.id)
            if inbound is not None:
                by_chat[inbound.address].append((update, inbound))
        outcomes = await asyncio.gather(
            *(self._handle_chat(items, handler, on_direct) for items in by_chat.values()),
            return_exceptions=True,
        )
        for outcome in outcomes:
            if isinstance(outcome, BaseException):
                # Not confirmed: the same batch comes back; what was committed is deduplicated.
                raise outcome

    async def _handle_chat(
        self, items: list[tuple[Update, Inbound]], handler: Handler, on_direct: DirectSender
    ) -> None:
        for update, inbound in items:
            try:
                result = await handler(inbound)
            except TemporaryFailure as error:
                raise _RetryBatch from error
            except Exception:
                log.exception("telegram: update %d could not be handled", update.update_id)
                on_direct([Delivery(NAME, inbound.address, t("fr", "error.internal"))])
                continue
            if result.direct:
                on_direct(result.direct)
            if update.callback_query is not None:
                # Stops the button's spinner; a toast says so when the button was stale.
                self._background(self._answer(update.callback_query.id, result.notice))

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
        # message cost more CPU than the HTTP exchange itself (profiled). The outbox has
        # already cut the text to MAX_TEXT.
        params: dict[str, object] = {"chat_id": int(delivery.address), "text": delivery.text}
        if delivery.choices:
            params["reply_markup"] = keyboard(delivery.choices, delivery.version)
        try:
            if delivery.edit_ref:
                params["message_id"] = int(delivery.edit_ref)
                return await self._edit(params, delivery.edit_ref)
            if delivery.protect:
                # About a case: Telegram then forbids forwarding and saving it.
                params["protect_content"] = True
            if delivery.attachment is not None:
                return await self._send_document(params, delivery.attachment)
            result = await self.bot.do_api_request("sendMessage", api_kwargs=params)
            return str(result["message_id"])
        except RetryAfter as error:
            raise RetryLater(_seconds(error)) from error
        except Forbidden as error:
            raise Unreachable(str(error)) from error
        except BadRequest as error:
            raise Rejected(str(error)) from error

    async def _send_document(self, params: dict[str, object], file: Attachment) -> str:
        """The text becomes the document's caption (flows keep such texts short)."""
        caption = str(params.pop("text"))[:MAX_CAPTION]
        params["caption"] = caption
        params["document"] = InputFile(file.content.encode("utf-8"), filename=file.filename)
        result = await self.bot.do_api_request("sendDocument", api_kwargs=params)
        return str(result["message_id"])

    async def _edit(self, params: dict[str, object], ref: str) -> str:
        try:
            await self.bot.do_api_request("editMessageText", api_kwargs=params)
        except BadRequest as error:
            reason = str(error).lower()
            if "no text in the message" in reason:
                # A document (a calendar invitation): its words are a caption.
                params["caption"] = str(params.pop("text"))[:MAX_CAPTION]
                await self._edit_caption(params)
            elif "not modified" not in reason:
                raise
        return ref

    async def _edit_caption(self, params: dict[str, object]) -> None:
        try:
            await self.bot.do_api_request("editMessageCaption", api_kwargs=params)
        except BadRequest as error:
            if "not modified" not in str(error).lower():
                raise
