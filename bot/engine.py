"""The engine: one inbound update → one transaction → stored outgoing messages.

Updates from one chat are handled in arrival order (a lock per chat); different chats run
concurrently, and their transactions are serialised by the database thread.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
from collections.abc import Callable
from datetime import datetime

from bot.transports.contract import HandleResult, TemporaryFailure
from flows import dispatch
from flows.core.context import FlowContext, FlowSettings
from flows.domain.clock import Clock
from flows.domain.messages import OUTBOX_REF, Delivery, Inbound, InboundKind, Outbound
from flows.domain.model import Conversation
from flows.domain.quiet_hours import next_allowed
from flows.domain.territory import Territory
from flows.text.i18n import DEFAULT_LANGUAGE, t
from storage.conversations import ConcurrentUpdate
from storage.database import Database, run_in_transaction
from storage.unit_of_work import SqlRepositories

log = logging.getLogger(__name__)


class _Discard(Exception):
    """Roll the transaction back but still answer: nothing about a stranger is stored."""

    def __init__(self, result: HandleResult) -> None:
        super().__init__("discard")
        self.result = result


class _ChatLocks:
    """One lock per chat, dropped when nobody holds or waits for it (no unbounded growth)."""

    def __init__(self) -> None:
        self._locks: dict[tuple[str, str], tuple[asyncio.Lock, int]] = {}

    async def acquire(self, key: tuple[str, str]) -> asyncio.Lock:
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        await lock.acquire()
        return lock

    def release(self, key: tuple[str, str]) -> None:
        lock, users = self._locks[key]
        lock.release()
        if users == 1:
            del self._locks[key]
        else:
            self._locks[key] = (lock, users - 1)


class Engine:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        settings: FlowSettings,
        territory: Territory,
        on_stored: Callable[[list[Delivery]], None] | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.settings = settings
        self.territory = territory
        self.on_stored = on_stored
        self._locks = _ChatLocks()

    async def handle(self, inbound: Inbound) -> HandleResult:
        # Shielded: the database thread commits even if the caller is cancelled, so the
        # hand-over of the stored messages to the outbox must not be cancelled either.
        return await asyncio.shield(self._handle(inbound))

    async def _handle(self, inbound: Inbound) -> HandleResult:
        key = (inbound.transport, inbound.address)
        await self._locks.acquire(key)
        try:
            result = await self.db.call(lambda conn: self._handle_sync(conn, inbound))
        except sqlite3.OperationalError as error:
            raise TemporaryFailure(type(error).__name__) from error
        finally:
            self._locks.release(key)
        log.debug(
            "handled %s update from %s (%d stored, duplicate=%s)",
            inbound.kind.value,
            inbound.transport,
            len(result.stored),
            result.duplicate,
        )
        if result.stored and self.on_stored is not None:
            self.on_stored(result.stored)
        return result

    def _handle_sync(self, conn: sqlite3.Connection, inbound: Inbound) -> HandleResult:
        now = self.clock.now()
        for attempt in range(3):
            try:
                return run_in_transaction(conn, lambda c: self._step(c, inbound, now))
            except _Discard as discarded:
                return discarded.result
            except ConcurrentUpdate:
                # Another process moved this conversation on: run the step again on fresh state.
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _step(self, conn: sqlite3.Connection, inbound: Inbound, now: datetime) -> HandleResult:
        repos = SqlRepositories(conn)
        reminder: dict[str, object] | None = None
        if inbound.kind is InboundKind.REMINDER:
            assert inbound.reminder_id is not None
            due = repos.reminders.take(inbound.reminder_id, now)
            member = repos.members.get(due.member_id) if due and due.member_id else None
            if due is None or member is None:
                return HandleResult(duplicate=due is None)
            reminder = {
                "kind": due.kind,
                "key": due.key,
                "payload": due.payload,
                "subject": due.subject,
            }
        else:
            member = repos.members.by_identity(inbound.transport, inbound.address)
            if member is not None:
                repos.members.reachable_again(inbound.transport, inbound.address)
            # Claimed for strangers too (a valid /start redelivered must not enrol twice), but
            # a stranger who does not enrol leaves no row at all: see _Discard below.
            if not repos.updates.claim(
                inbound.transport,
                inbound.external_id,
                member.id if member else None,
                inbound.kind.value,
                now,
            ):
                return HandleResult(duplicate=True)
        conversation = repos.conversations.load(member.id) if member else Conversation(0, 0, {})
        loaded_version = conversation.version
        state_before = json.dumps(conversation.state, sort_keys=True)
        ctx = FlowContext(
            repos=repos,
            now=now,
            settings=self.settings,
            territory=self.territory,
            transport=inbound.transport,
            address=inbound.address,
            member=member,
            conversation=conversation,
        )
        if inbound.reply_ref and member is not None:
            ctx.reply_tag = repos.outbox.tag_of_reply(
                inbound.transport, inbound.address, inbound.reply_ref
            )
            replied = repos.outbox.replied(inbound.transport, inbound.address, inbound.reply_ref)
            ctx.reply_choices = replied.choices if replied else ()
            ctx.reply_version = replied.version if replied else None
        if inbound.case_ref and ctx.reply_tag is None and member is not None:
            ctx.reply_tag = f"case:{inbound.case_ref}"
        ctx.by_clock = inbound.kind is InboundKind.REMINDER
        dispatch.handle(ctx, inbound, reminder)

        result = HandleResult(
            direct=[Delivery(inbound.transport, inbound.address, text) for text in ctx.direct],
        )
        if ctx.member is None:
            raise _Discard(result)
        # A new version only when the state moved or new buttons belong to it: a case card or
        # an alert (unversioned buttons) must not make this member's form buttons stale.
        versioned = any(o.version is not None for o in ctx.outbound if o.member_id == ctx.member.id)
        if versioned or json.dumps(conversation.state, sort_keys=True) != state_before:
            conversation.version = loaded_version + 1
            repos.conversations.save(conversation, loaded_version, now)
        result.accepted_choice, result.notice = ctx.choice_accepted, ctx.notice
        if inbound.kind is InboundKind.CHOICE and inbound.message_ref:
            result.stored.append(
                repos.outbox.add(self._choice_echo(inbound, result.accepted_choice), now)
            )
        addresses: dict[int, tuple[str, str] | None] = {}
        if inbound.kind is not InboundKind.REMINDER:
            addresses[ctx.member.id] = (inbound.transport, inbound.address)
        for outbound in ctx.outbound:
            if outbound.member_id not in addresses:
                reachable = repos.members.identities(outbound.member_id)
                addresses[outbound.member_id] = reachable[0] if reachable else None
            address = addresses[outbound.member_id]
            if address is None:
                log.warning("member %d has no reachable identity", outbound.member_id)
                continue
            for delivery in self._deliveries(repos, outbound, address, ctx.member.id, now):
                stored = repos.outbox.add(delivery, now)
                if delivery.not_before is None:
                    result.stored.append(stored)  # held ones are left to the outbox sweep
        return result

    def _deliveries(
        self,
        repos: SqlRepositories,
        outbound: Outbound,
        address: tuple[str, str],
        author_id: int,
        now: datetime,
    ) -> list[Delivery]:
        """The deliveries of one outbound message: to its address (every earlier message with
        its edit tag, when it edits), and, when that channel must not carry case text, the
        discreet form there and the full text on the member's secure channel."""
        edit_refs = [outbound.edit_ref]
        if outbound.edit_tag:
            # Every earlier message with that tag is brought up to date (a pilot may hold
            # two alerts about one case); each is resolved when sent, since it may not have
            # left yet. None yet: the update goes out as a new message.
            earlier = repos.outbox.all_tagged(outbound.edit_tag, outbound.member_id, address[0])
            edit_refs = [f"{OUTBOX_REF}{row}" for row in earlier] or [""]
        not_before = None
        if outbound.member_id != author_id and not outbound.urgent:
            # Others may be asleep: what they receive waits for the end of quiet hours.
            wake = next_allowed(
                now, self.settings.timezone, self.settings.quiet_hours, self.settings.quiet_days
            )
            not_before = wake if wake > now else None
        text, secure = outbound.text, None
        if outbound.discreet is not None and address[0] in self.settings.discreet_transports:
            secure = next(
                (
                    i
                    for i in repos.members.identities(outbound.member_id)
                    if i[0] == self.settings.secure_transport
                ),
                None,
            )
            member = repos.members.get(outbound.member_id)
            language = member.language if member else DEFAULT_LANGUAGE
            notice = "details.sent_to_secure_mail" if secure else "details.link_secure_mail"
            text = f"{outbound.discreet}\n\n{t(language, notice)}"
        deliveries = [
            Delivery(
                transport=address[0],
                address=address[1],
                text=text,
                choices=outbound.choices,
                version=outbound.version,
                edit_ref=edit_ref,
                member_id=outbound.member_id,
                tag=outbound.tag or outbound.edit_tag,
                not_before=not_before,
                attachment=outbound.attachment,
                protect=outbound.about_case,
            )
            for edit_ref in edit_refs
        ]
        if secure is not None and not outbound.edit_tag and not outbound.edit_ref:
            # An edit only brings a card up to date (who took it): the details went before.
            deliveries.append(
                Delivery(
                    transport=secure[0],
                    address=secure[1],
                    text=outbound.text,
                    choices=outbound.choices,
                    version=outbound.version,
                    member_id=outbound.member_id,
                    tag=outbound.tag,
                    not_before=not_before,
                    attachment=outbound.attachment,
                    protect=True,
                )
            )
        return deliveries

    @staticmethod
    def _choice_echo(inbound: Inbound, accepted: bool) -> Delivery:
        """The pressed message loses its buttons and, if the choice counted, shows the answer."""
        text = inbound.message_text or "…"
        if accepted and inbound.choice_label:
            text = f"{text}\n\n✓ {inbound.choice_label}"
        return Delivery(
            transport=inbound.transport,
            address=inbound.address,
            text=text,
            edit_ref=inbound.message_ref,
        )
