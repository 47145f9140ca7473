"""Domain types shared by flows and storage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class Role(StrEnum):
    PROFESSIONAL = "professional"
    CELL = "cell"
    PILOT = "pilot"
    COORDINATOR = "coordinator"
    ADMIN = "admin"


class IncidentStatus(StrEnum):
    DECLARED = "declared"
    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    UNRESOLVED = "unresolved"
    WITHDRAWN = "withdrawn"


class ContactMode(StrEnum):
    PHONE = "phone"
    MESSAGE = "message"


@dataclass(frozen=True, slots=True)
class Member:
    id: int
    name: str
    role: Role
    profession: str | None
    language: str
    phone: str | None = None
    email: str | None = None
    active: bool = True
    # Whether declarants may learn this (cell) member's name, not only the profession.
    show_name: bool = False
    # Their own working hours and days, e.g. "09:00-17:00" and "1-4" (None: the territory's).
    working_hours: str | None = None
    working_days: str | None = None


@dataclass(frozen=True, slots=True)
class Invitation:
    code: str
    name: str
    role: Role
    profession: str | None
    phone: str | None
    email: str | None
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None
    member_id: int | None


@dataclass(frozen=True, slots=True)
class NewIncident:
    declarant_id: int
    incident_type: str
    event_date: date
    facts: str
    why: str | None
    learned: str | None
    possible_eigs: bool
    anonymous: bool
    contact_mode: ContactMode
    phone: str | None
    contact_slot: str | None
    channel: str


@dataclass(frozen=True, slots=True)
class Case:
    """A declared incident as the cell works on it."""

    id: int
    reference: str
    declarant_id: int
    incident_type: str
    event_date: date
    facts: str
    why: str | None
    learned: str | None
    possible_eigs: bool
    anonymous: bool
    contact_mode: ContactMode
    phone: str | None
    contact_slot: str | None
    status: IncidentStatus
    assigned_to: int | None
    first_contact_at: datetime | None = None
    # Casework (issue 4): the level the member set, and what each level recorded.
    level: int | None = None
    declared_at: datetime | None = None
    closed_at: datetime | None = None
    outcome: str | None = None
    orientation: str | None = None
    meeting_at: datetime | None = None
    report: str | None = None
    report_approved_at: datetime | None = None
    eigs_part1_on: date | None = None
    eigs_part2_on: date | None = None

    @property
    def closed(self) -> bool:
        return self.status in (
            IncidentStatus.RESOLVED,
            IncidentStatus.UNRESOLVED,
            IncidentStatus.WITHDRAWN,
        )


class OfferOutcome(StrEnum):
    CLAIMED = "claimed"
    DECLINED = "declined"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True, slots=True)
class Offer:
    id: int
    incident_id: int
    member_id: int
    offered_at: datetime
    outcome: OfferOutcome | None


@dataclass(frozen=True, slots=True)
class IncidentSummary:
    reference: str
    incident_type: str
    event_date: date
    status: IncidentStatus
    declared_at: datetime


class ActionState(StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


@dataclass(frozen=True, slots=True)
class Action:
    """One line of a level-3 action plan: what, who, by when."""

    id: int
    incident_id: int
    text: str
    owner_id: int
    due_on: date
    state: ActionState
    note: str | None = None


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    happened_at: datetime
    text: str


@dataclass(frozen=True, slots=True)
class Factor:
    family: str
    text: str


@dataclass(frozen=True, slots=True)
class CheckIn:
    id: int
    incident_id: int
    asked_at: datetime
    answer: str | None


@dataclass(frozen=True, slots=True)
class Survey:
    """One person's satisfaction answer on a case (who answered is never shown with it)."""

    id: int
    incident_id: int
    respondent_id: int
    audience: str
    reactivity: int | None
    help: int | None
    comment: str | None
    answered_at: datetime | None


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """One case of the year, without its text nor who declared it."""

    id: int
    reference: str
    incident_type: str
    declared_at: datetime
    level: int | None
    status: str
    possible_eigs: bool
    acknowledged_at: datetime | None
    closed_at: datetime | None


@dataclass(frozen=True, slots=True)
class YearRecords:
    cases: list[CaseFacts]
    declarants: int
    # Cell members and pilots who acted on at least one of these cases (history rows).
    acting_members: int
    checkin_answers: list[str]
    # (reactivity, help) of each satisfaction answer; None where a question was skipped.
    scores: list[tuple[int | None, int | None]]


class MeetingStatus(StrEnum):
    PROPOSALS = "proposals"
    VOTING = "voting"
    AGENDA_DRAFT = "agenda_draft"
    PUBLISHED = "published"
    MINUTES_PUBLISHED = "minutes_published"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class NewMeeting:
    title: str
    starts_at: datetime
    duration_min: int
    place: str
    audience: str
    proposals_until: datetime
    votes_until: datetime
    max_items: int
    quorum: float | None


@dataclass(frozen=True, slots=True)
class Meeting:
    """An RCP: what it is, when, for whom, and where its preparation stands."""

    id: int
    title: str
    starts_at: datetime
    duration_min: int
    place: str
    audience: str
    proposals_until: datetime
    votes_until: datetime
    max_items: int
    quorum: float | None
    status: MeetingStatus
    version: int
    sequence: int


@dataclass(frozen=True, slots=True)
class AgendaItem:
    id: int
    meeting_id: int
    author_id: int
    title: str
    description: str
    kind: str
    minutes_est: int
    case_ref: str | None
    state: str
    created_at: datetime
    position: int | None = None


@dataclass(frozen=True, slots=True)
class Decision:
    id: int
    meeting_id: int
    item_id: int | None
    text: str
    owner_id: int
    due_on: date
    state: str


@dataclass(slots=True)
class Conversation:
    """A member's place in the dialogue; `version` grows at each transition (stale buttons)."""

    member_id: int
    version: int
    state: dict[str, object]
