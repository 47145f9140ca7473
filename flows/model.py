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


@dataclass(slots=True)
class Conversation:
    """A member's place in the dialogue; `version` grows at each transition (stale buttons)."""

    member_id: int
    version: int
    state: dict[str, object]
