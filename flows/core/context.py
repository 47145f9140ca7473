"""The context a flow step runs in: who, when, where, and the ports it may use."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flows.core.ports import Repositories
from flows.domain.events import Event
from flows.domain.messages import Attachment, Choice, Outbound
from flows.domain.model import Conversation, Member
from flows.domain.territory import Territory
from flows.domain.working_hours import WorkingHours
from flows.text.i18n import DEFAULT_LANGUAGE, t


@dataclass(frozen=True, slots=True)
class FlowSettings:
    timezone: ZoneInfo
    draft_reminder_delay: timedelta
    # (start, end) as minutes after midnight local time; None means no quiet hours.
    quiet_hours: tuple[int, int] | None
    invite_ttl: timedelta
    bot_username: str | None = None
    # Whole days without reminders (0 = Monday … 6 = Sunday), on top of the quiet hours.
    quiet_days: frozenset[int] = frozenset()
    # Routing to the quality cell.
    working_hours: WorkingHours | None = None
    ack_timeout: timedelta = timedelta(hours=4)
    contact_timeout_days: int = 2
    escalation_max: int = 3
    max_open_cases: int = 5
    # Casework.
    checkin_delay: timedelta = timedelta(days=15)
    checkin_reminder: timedelta = timedelta(days=3)
    reopen_days: int = 30
    # RCP: the vote reminder before the close, the reminders the day before (at this local
    # time) and shortly before the meeting.
    rcp_vote_reminder: timedelta = timedelta(days=1)
    rcp_eve_time: time = time(18, 0)
    rcp_last_reminder: timedelta = timedelta(hours=1)
    # Channels that must not carry what a person wrote about a case (Telegram, not a certified
    # health-data host, in REXBOT_TELEGRAM_DETAILS=reference): they get the message's discreet
    # form, and the full text goes to the member's identity on `secure_transport`.
    discreet_transports: frozenset[str] = frozenset()
    secure_transport: str = "mail"

    @property
    def hours(self) -> WorkingHours:
        return self.working_hours or WorkingHours(self.timezone)

    def hours_of(self, member: Member | None) -> WorkingHours:
        """A member's working hours, or the territory's when they set none."""
        base = self.hours
        if member is None or not (member.working_hours or member.working_days):
            return base
        own = WorkingHours.parse(
            self.timezone,
            member.working_hours or f"{base.opens:%H:%M}-{base.closes:%H:%M}",
            member.working_days or ",".join(str(d + 1) for d in sorted(base.days)),
        )
        return own


@dataclass(slots=True)
class FlowContext:
    repos: Repositories
    now: datetime
    settings: FlowSettings
    territory: Territory
    transport: str
    address: str
    member: Member | None
    conversation: Conversation
    outbound: list[Outbound] = field(default_factory=list)
    # Replies to someone who is not enrolled: sent once, never stored.
    direct: list[str] = field(default_factory=list)
    # For a pressed button: whether it counted, and a short notice (a toast on Telegram).
    choice_accepted: bool = False
    notice: str | None = None
    # The tag of the message this inbound replies to (it names a case), if any.
    reply_tag: str | None = None
    # The choices of the message this inbound replies to (a mail answering a question).
    reply_choices: tuple[Choice, ...] = ()
    reply_version: int | None = None
    # True for a reminder firing: what happens then is the clock's doing, not the member's.
    by_clock: bool = False
    # Domain events recorded by this step, for the handlers of other areas (flows/core/events).
    events: list[Event] = field(default_factory=list)

    @property
    def language(self) -> str:
        return self.member.language if self.member else DEFAULT_LANGUAGE

    @property
    def today(self) -> date:
        """The date in the territory's time zone (not UTC's)."""
        return self.now.astimezone(self.settings.timezone).date()

    @property
    def state(self) -> dict[str, Any]:
        return self.conversation.state

    @property
    def next_version(self) -> int:
        """The version the conversation will have once this step is saved."""
        return self.conversation.version + 1

    def t(self, key: str, **params: Any) -> str:
        return t(self.language, key, **params)

    def reply(
        self,
        text: str,
        choices: tuple[Choice, ...] | list[Choice] = (),
        *,
        tag: str = "",
        discreet: str | None = None,
    ) -> None:
        """An answer to the person who wrote; `tag` names what it is about (a case), which
        a mail's subject and thread follow; `discreet` is the text without case content
        (see Outbound)."""
        if self.member is None:
            self.direct.append(text)
            return
        self.outbound.append(
            Outbound(
                member_id=self.member.id,
                text=text,
                choices=tuple(choices),
                version=self.next_version if choices else None,
                tag=tag,
                discreet=discreet,
            )
        )

    def send(
        self,
        member_id: int,
        text: str,
        choices: tuple[Choice, ...] | list[Choice] = (),
        *,
        tag: str = "",
        edit_tag: str = "",
        urgent: bool = False,
        attachment: Attachment | None = None,
        discreet: str | None = None,
    ) -> None:
        """A message to any member (an alert, a case card). Its buttons carry their own
        context instead of a conversation version: they stay meaningful however that
        member's conversation moves on. `discreet`: the text without case content."""
        self.outbound.append(
            Outbound(
                member_id,
                text,
                tuple(choices),
                None,
                tag=tag,
                edit_tag=edit_tag,
                urgent=urgent,
                attachment=attachment,
                discreet=discreet,
            )
        )

    def record(self, event: Event) -> None:
        self.events.append(event)

    def set_state(self, state: dict[str, Any]) -> None:
        self.conversation.state = state

    def audit(self, action: str, subject: str, details: dict[str, Any] | None = None) -> None:
        self.repos.audit.append(
            self.now,
            self.member.id if self.member and not self.by_clock else None,
            action,
            subject,
            self.transport,
            details,
        )
