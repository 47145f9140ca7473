"""Choosing the quality-cell member for a case: a pure function, so its order is easy to test.

Among the members available now (never the declarant, never over their cap, never one already
asked for this case): the best skill match for the case type, then the fewest open cases, then
the one assigned least recently (a fair round robin), then the lowest id (stable).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Candidate:
    member_id: int
    skills: frozenset[str]
    open_cases: int
    last_assigned_at: datetime | None
    available: bool


@dataclass(frozen=True, slots=True)
class Pick:
    member_id: int
    # Why this member: written to the case history and the audit log.
    reasons: dict[str, object] = field(default_factory=dict)


def choose_member(
    candidates: list[Candidate],
    case_type: str,
    declarant_id: int,
    cap: int,
    already_asked: frozenset[int] = frozenset(),
) -> Pick | None:
    """The member to ask next, or None when nobody can take the case now."""
    eligible = [
        c
        for c in candidates
        if c.available
        and c.member_id != declarant_id
        and c.open_cases < cap
        and c.member_id not in already_asked
    ]
    if not eligible:
        return None
    never = datetime.min

    def rank(c: Candidate) -> tuple[int, int, datetime, int]:
        skilled = 0 if case_type in c.skills else 1
        last = c.last_assigned_at.replace(tzinfo=None) if c.last_assigned_at else never
        return (skilled, c.open_cases, last, c.member_id)

    best = min(eligible, key=rank)
    return Pick(
        best.member_id,
        {
            "skill_match": case_type in best.skills,
            "open_cases": best.open_cases,
            "last_assigned_at": best.last_assigned_at.isoformat()
            if best.last_assigned_at
            else None,
            "eligible": len(eligible),
            "excluded": len(candidates) - len(eligible),
        },
    )
