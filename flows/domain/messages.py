"""Neutral messages between transports and flows.

Plain frozen dataclasses rather than pydantic models: they are built on the hot path of every
update and are never parsed from untrusted input (transports validate what they receive).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

# An edit of a message sent earlier, named by its outbox row (its channel id comes later).
OUTBOX_REF = "outbox:"
# Tags of messages about a case ("card:REX-2026-0042"): such messages are protected on
# channels that can forbid forwarding and saving (Telegram's protect_content).
CASE_TAG_PREFIXES = ("case:", "card:", "journal:")


class InboundKind(StrEnum):
    TEXT = "text"
    COMMAND = "command"
    CHOICE = "choice"
    MEDIA = "media"
    REMINDER = "reminder"


@dataclass(frozen=True, slots=True)
class Inbound:
    """One thing a person (or the clock) did, as any transport would report it."""

    transport: str
    address: str
    external_id: str
    kind: InboundKind
    text: str = ""
    command: str = ""
    args: str = ""
    choice_id: str = ""
    version: int | None = None
    media_kind: str = ""
    # The transport's id and text of the message whose button was pressed, so the engine can
    # mark the answer on it (an edit) once the choice is accepted.
    message_ref: str = ""
    message_text: str = ""
    choice_label: str = ""
    reminder_id: int | None = None
    # The channel's id of the message this one answers (a Telegram "reply"), if any.
    reply_ref: str = ""
    # A case the message names itself (a mail's subject "[REX-2026-0042]").
    case_ref: str = ""


@dataclass(frozen=True, slots=True)
class Choice:
    id: str
    label: str
    # Other words that mean this choice when typed ("oui" for "Révéler mon identité").
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Attachment:
    """A small file sent with a message (a calendar invitation): its name, type and text."""

    filename: str
    mime: str
    content: str


@dataclass(frozen=True, slots=True)
class Outbound:
    """A message for one member. `choices` belong to conversation `version` when set."""

    member_id: int
    text: str
    choices: tuple[Choice, ...] = ()
    version: int | None = None
    # When set, the transport edits this earlier message instead of sending a new one.
    edit_ref: str = ""
    # A name for this message (e.g. "card:REX-2026-0001"), so a later step can edit it…
    tag: str = ""
    # …which is what this one does: it replaces the recipient's message with that tag.
    edit_tag: str = ""
    # Sent even during quiet hours (a possible serious adverse event for the pilot).
    urgent: bool = False
    attachment: Attachment | None = None
    # The same message without anything a person wrote about a case (facts, messages,
    # outcomes…): what a channel that must not carry case text shows instead (Telegram in
    # `reference` mode), the full text going to the member's secure mail. None: no case text.
    discreet: str | None = None

    @property
    def about_case(self) -> bool:
        tags = (self.tag, self.edit_tag)
        return self.discreet is not None or any(t.startswith(CASE_TAG_PREFIXES) for t in tags)


@dataclass(frozen=True, slots=True)
class Delivery:
    """An outbound message resolved to a transport address (what the outbox stores)."""

    transport: str
    address: str
    text: str
    choices: tuple[Choice, ...] = ()
    version: int | None = None
    edit_ref: str = ""
    outbox_id: int | None = None
    member_id: int | None = None
    tag: str = ""
    # Held until then (quiet hours): the outbox sends it once due.
    not_before: datetime | None = None
    attachment: Attachment | None = None
    # About a case: the channel forbids forwarding and saving it where it can.
    protect: bool = False
