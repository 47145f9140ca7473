"""The outbox sender: delivers stored messages, one ordered queue per chat.

A message is marked sent (committed) before the next one of the same chat leaves, so a process
killed at any moment re-sends at most the one message per chat that was in flight. A long text
is cut to the channel's limit here, and each piece sent is recorded before the next, so a retry
never repeats a piece. A 429 pauses only the chat that got it; a global budget keeps the bot
under the channel's overall limit.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import sqlite3
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import partial

from bot.rate_limit import TokenBucket
from bot.text_split import split_text
from bot.transports.contract import Rejected, RetryLater, Transport, Unreachable
from flows.domain.clock import Clock
from flows.domain.messages import OUTBOX_REF, Delivery
from storage.database import Database
from storage.members import SqlMembers
from storage.outbox import PendingDelivery, SqlOutbox

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class OutboxLimits:
    global_rate: float = 30.0
    chat_rate: float = 1.0
    chat_burst: float = 3.0
    max_attempts: int = 8
    max_backoff: float = 300.0


@dataclass(slots=True)
class _Chat:
    queue: deque[PendingDelivery] = field(default_factory=deque)
    worker: asyncio.Task[None] | None = None


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _mark_sent(
    conn: sqlite3.Connection, marks: list[tuple[int, str | None, str]], now: datetime
) -> None:
    SqlOutbox(conn).mark_sent(marks, now)


class OutboxSender:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        transports: dict[str, Transport],
        limits: OutboxLimits | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.db = db
        self.clock = clock
        self.transports = transports
        self.limits = limits or OutboxLimits()
        self._sleep = sleep
        # Evenly spaced rather than in bursts: a broadcast of thousands stays under Telegram's
        # ~30/s in every second, not only on average.
        self._global = TokenBucket(self.limits.global_rate, 1.0)
        self._chats: dict[tuple[str, str], _Chat] = {}
        # Kept beyond a chat's queue: the per-chat pace must hold across updates.
        self._buckets: dict[tuple[str, str], TokenBucket] = {}
        self._queued: set[int] = set()
        self._sent_batch: list[tuple[int, str | None, str, asyncio.Future[None]]] = []
        self._flushing = False
        self._idle = asyncio.Event()
        self._idle.set()
        self._stopped = False
        self.sent_count = 0
        self.failed_count = 0

    async def start(self) -> int:
        """Queue what a previous run left unsent; returns how many."""
        found = await self.sweep()
        if found:
            log.info("outbox: %d message(s) left from a previous run", found)
        return found

    async def sweep(self) -> int:
        """Queue pending rows this process does not hold yet (left by a previous run, or written
        by another process such as the CLI or a console on the same database)."""
        names = sorted(self.transports)
        now = self.clock.now()
        pending = await self.db.call(lambda conn: SqlOutbox(conn).pending(names, now))
        fresh = [item for item in pending if item.delivery.outbox_id not in self._queued]
        for item in fresh:
            self._enqueue(item)
        self._forget_idle_buckets()
        return len(fresh)

    def _forget_idle_buckets(self) -> None:
        for key in [k for k, b in self._buckets.items() if b.is_full() and k not in self._chats]:
            del self._buckets[key]

    def enqueue(self, deliveries: list[Delivery]) -> None:
        for delivery in deliveries:
            self._enqueue(PendingDelivery(delivery, 0, None, 0))

    def send_direct(self, deliveries: list[Delivery]) -> None:
        """Fire-and-forget answers to strangers (never stored, so never retried)."""
        for delivery in deliveries:
            task = asyncio.get_running_loop().create_task(self._direct(delivery))
            task.add_done_callback(lambda t: t.exception() if not t.cancelled() else None)

    async def _direct(self, delivery: Delivery) -> None:
        transport = self.transports.get(delivery.transport)
        if transport is None:
            return
        if transport.capabilities.paced:
            await self._pace(self._global.reserve())
        try:
            await transport.deliver(delivery)
        except Exception as error:  # a stranger's reply is best effort
            log.info("direct reply not delivered: %s", type(error).__name__)

    def _enqueue(self, item: PendingDelivery) -> None:
        delivery = item.delivery
        if delivery.transport not in self.transports:
            return  # another process serves that channel; the row stays pending for it
        assert delivery.outbox_id is not None
        key = (delivery.transport, delivery.address)
        chat = self._chats.setdefault(key, _Chat())
        self._queued.add(delivery.outbox_id)
        chat.queue.append(item)
        if chat.worker is None and not self._stopped:
            self._idle.clear()
            chat.worker = asyncio.get_running_loop().create_task(self._drain(key, chat))

    async def wait_idle(self, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Wait until every queued message is delivered or failed (tests, shutdown)."""
        await asyncio.wait_for(self._idle.wait(), timeout)

    async def stop(self) -> None:
        self._stopped = True
        workers = [c.worker for c in self._chats.values() if c.worker is not None]
        for worker in workers:
            worker.cancel()
        for worker in workers:
            with contextlib.suppress(asyncio.CancelledError):
                await worker

    async def _drain(self, key: tuple[str, str], chat: _Chat) -> None:
        try:
            while chat.queue:
                item = chat.queue[0]
                await self._send_one(key, item)
                chat.queue.popleft()
                assert item.delivery.outbox_id is not None
                self._queued.discard(item.delivery.outbox_id)
        finally:
            chat.worker = None
            if not chat.queue:
                self._chats.pop(key, None)
            if not self._chats:
                self._idle.set()

    async def _pace(self, wait: float) -> None:
        if wait > 0:
            await self._sleep(wait)

    def _bucket(self, key: tuple[str, str]) -> TokenBucket:
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = TokenBucket(self.limits.chat_rate, self.limits.chat_burst)
            self._buckets[key] = bucket
        return bucket

    async def _send_one(self, key: tuple[str, str], item: PendingDelivery) -> None:
        delivery = item.delivery
        outbox_id = delivery.outbox_id
        assert outbox_id is not None
        if item.next_attempt_at is not None:
            await self._pace((item.next_attempt_at - self.clock.now()).total_seconds())
        transport = self.transports[delivery.transport]
        if delivery.edit_ref.startswith(OUTBOX_REF):
            delivery = await self._resolve_edit(delivery)
        pieces = (
            split_text(delivery.text, limit)
            if (limit := transport.capabilities.max_text)
            else [delivery.text]
        )
        if delivery.edit_ref:
            pieces = pieces[:1]  # an edit replaces one message: it cannot grow into several
        attempts, done = item.attempts, item.pieces_sent
        while done < len(pieces):
            last = done == len(pieces) - 1
            piece = replace(
                delivery,
                text=pieces[done],
                choices=delivery.choices if last else (),
                attachment=delivery.attachment if last else None,
            )
            if transport.capabilities.paced:
                await self._pace(max(self._bucket(key).reserve(), self._global.reserve()))
            try:
                ref = await transport.deliver(piece)
            except RetryLater as error:
                log.info("outbox: chat asked to wait %.1f s", error.seconds)
                await self._pace(error.seconds)
                continue
            except Unreachable as error:
                await self._unreachable(delivery, str(error))
                return
            except Rejected as error:
                await self._fail(delivery, f"rejected: {error}")
                return
            except Exception as error:
                # Includes time-outs: the channel may have delivered it anyway, so a retry can
                # show the message twice; not retrying could lose it, which is worse.
                attempts += 1
                if attempts >= self.limits.max_attempts:
                    await self._fail(delivery, f"gave up after {attempts} attempts: {error!r}")
                    return
                delay = min(self.limits.max_backoff, 2.0**attempts)
                log.warning("outbox: %s, retry %d in %.0f s", type(error).__name__, attempts, delay)
                await self._record_retry(outbox_id, delay, type(error).__name__)
                await self._pace(delay)
                continue
            done += 1
            if not last:
                await self._record_piece(outbox_id, done)
                continue
            await self._mark_sent(outbox_id, ref, text_digest(delivery.text))
            self.sent_count += 1

    async def _resolve_edit(self, delivery: Delivery) -> Delivery:
        """The channel's id of the message to edit; if it never left, send anew instead."""
        earlier = int(delivery.edit_ref.removeprefix(OUTBOX_REF))
        ref = await self.db.call(lambda conn: SqlOutbox(conn).external_ref(earlier))
        return replace(delivery, edit_ref=ref or "")

    async def _record_piece(self, outbox_id: int, done: int) -> None:
        await self.db.transaction(lambda conn: SqlOutbox(conn).record_pieces(outbox_id, done))

    async def _record_retry(self, outbox_id: int, delay: float, error: str) -> None:
        when = self.clock.now() + timedelta(seconds=delay)
        await self.db.transaction(lambda conn: SqlOutbox(conn).mark_retry(outbox_id, when, error))

    async def _fail(self, delivery: Delivery, error: str) -> None:
        assert delivery.outbox_id is not None
        outbox_id = delivery.outbox_id
        self.failed_count += 1
        log.error("outbox: message %d failed (%s)", outbox_id, error.split(":")[0])
        await self.db.transaction(lambda conn: SqlOutbox(conn).mark_failed(outbox_id, error))

    async def _unreachable(self, delivery: Delivery, error: str) -> None:
        now = self.clock.now()

        def work(conn: sqlite3.Connection) -> None:
            assert delivery.outbox_id is not None
            SqlMembers(conn).mark_unreachable(delivery.transport, delivery.address, now)
            SqlOutbox(conn).mark_failed(delivery.outbox_id, f"unreachable: {error}")

        self.failed_count += 1
        log.warning("outbox: a %s identity is unreachable (blocked)", delivery.transport)
        await self.db.transaction(work)

    async def _mark_sent(self, outbox_id: int, ref: str | None, digest: str) -> None:
        """Group commit: marks arriving while a write is in flight share the next write."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._sent_batch.append((outbox_id, ref, digest, future))
        if not self._flushing:
            self._flushing = True
            asyncio.get_running_loop().create_task(self._flush())
        await future

    async def _flush(self) -> None:
        try:
            while self._sent_batch:
                batch, self._sent_batch = self._sent_batch, []
                now = self.clock.now()
                marks = [(outbox_id, ref, digest) for outbox_id, ref, digest, _ in batch]
                try:
                    await self.db.transaction(partial(_mark_sent, marks=marks, now=now))
                except Exception as error:
                    for *_, future in batch:
                        future.set_exception(error)
                    continue
                for *_, future in batch:
                    future.set_result(None)
        finally:
            self._flushing = False
