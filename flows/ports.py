"""What flows need from storage, as protocols: flows never see SQL.

These calls are synchronous on purpose: the engine runs a whole update (reads, flow step,
writes) inside one database transaction on the database's own thread, so an update costs one
thread hop instead of one per statement.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Protocol

from flows.messages import Delivery
from flows.model import IncidentSummary, Invitation, Member, NewIncident, Role


class MemberRepository(Protocol):
    def by_identity(self, transport: str, address: str) -> Member | None: ...
    def get(self, member_id: int) -> Member | None: ...
    def add(
        self,
        name: str,
        role: Role,
        profession: str | None,
        language: str,
        phone: str | None,
        email: str | None,
        now: datetime,
    ) -> Member: ...
    def link_identity(
        self, member_id: int, transport: str, address: str, now: datetime
    ) -> None: ...
    def identities(self, member_id: int) -> list[tuple[str, str]]: ...
    def set_profession(self, member_id: int, profession: str) -> None: ...
    def set_language(self, member_id: int, language: str) -> None: ...
    def mark_unreachable(self, transport: str, address: str, now: datetime) -> None: ...
    def all(self) -> list[Member]: ...


class InvitationRepository(Protocol):
    def get(self, code: str) -> Invitation | None: ...
    def add(self, invitation: Invitation) -> None: ...
    def mark_used(self, code: str, member_id: int, now: datetime) -> bool: ...


class IncidentRepository(Protocol):
    def add(self, incident: NewIncident, now: datetime, year: int) -> str: ...
    def by_declarant(self, member_id: int) -> list[IncidentSummary]: ...


class ReminderRepository(Protocol):
    def upsert(
        self,
        key: str,
        kind: str,
        member_id: int | None,
        due_at: datetime,
        payload: dict[str, Any],
        now: datetime,
    ) -> None: ...
    def cancel(self, key: str) -> None: ...


class AvailabilityRepository(Protocol):
    def add_absence(
        self, member_id: int, starts_on: date, ends_on: date, now: datetime
    ) -> None: ...
    def absences(self, member_id: int, today: date) -> list[tuple[date, date]]: ...
    def end_absences(self, member_id: int, today: date) -> int: ...


class AuditLog(Protocol):
    def append(
        self,
        at: datetime,
        actor_id: int | None,
        action: str,
        subject: str,
        channel: str,
        details: dict[str, Any] | None = None,
    ) -> None: ...


class Outbox(Protocol):
    def add(self, delivery: Delivery, now: datetime) -> Delivery: ...


class Repositories(Protocol):
    # Read-only properties: a concrete repository bundle may use its own (richer) classes.
    @property
    def members(self) -> MemberRepository: ...
    @property
    def invitations(self) -> InvitationRepository: ...
    @property
    def incidents(self) -> IncidentRepository: ...
    @property
    def reminders(self) -> ReminderRepository: ...
    @property
    def audit(self) -> AuditLog: ...
    @property
    def outbox(self) -> Outbox: ...
    @property
    def availability(self) -> AvailabilityRepository: ...
