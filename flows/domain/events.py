"""Domain events: what one area of the product records for another to act on.

A flow that needs work owned by another area (routing a reopened case again, changing the level
of a downgraded EIGS) records an event instead of importing that area, which would import it
back. The handlers are subscribed once, where every flow is wired (`flows/dispatch.py`), and run
in the same transaction as the step that recorded the event.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Event:
    """Base of every domain event."""


@dataclass(frozen=True, slots=True)
class CaseReopenedWithoutHolder(Event):
    """A closed case was reopened, and the member who held it may no longer take it."""

    case_id: int


@dataclass(frozen=True, slots=True)
class EigsDowngraded(Event):
    """A case judged not to be an EIGS after all goes on at another level."""

    case_id: int
    level: int
