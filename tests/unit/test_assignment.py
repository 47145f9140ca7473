"""Who gets the case: skills, then load, then round robin; never the declarant or the busy."""

from __future__ import annotations

from datetime import UTC, datetime

from flows.domain.assignment import Candidate, choose_member

T1 = datetime(2026, 11, 20, 9, tzinfo=UTC)
T2 = datetime(2026, 11, 21, 9, tzinfo=UTC)


def member(
    member_id: int,
    skills: tuple[str, ...] = (),
    open_cases: int = 0,
    last: datetime | None = None,
    available: bool = True,
) -> Candidate:
    return Candidate(member_id, frozenset(skills), open_cases, last, available)


def test_skill_match_first() -> None:
    pick = choose_member(
        [member(1, open_cases=0), member(2, ("situation_complexe",), open_cases=3)],
        "situation_complexe",
        declarant_id=99,
        cap=5,
    )
    assert pick is not None and pick.member_id == 2
    assert pick.reasons["skill_match"] is True


def test_then_fewest_open_cases_then_least_recently_assigned() -> None:
    candidates = [
        member(1, open_cases=2),
        member(2, open_cases=1, last=T2),
        member(3, open_cases=1, last=T1),
    ]
    pick = choose_member(candidates, "x", declarant_id=99, cap=5)
    assert pick is not None and pick.member_id == 3
    # Someone never assigned comes before anyone with the same load.
    pick = choose_member([*candidates, member(4, open_cases=1)], "x", declarant_id=99, cap=5)
    assert pick is not None and pick.member_id == 4


def test_never_the_declarant_the_absent_the_busy_or_already_asked() -> None:
    candidates = [member(1), member(2, available=False), member(3, open_cases=5), member(4)]
    pick = choose_member(candidates, "x", declarant_id=1, cap=5, already_asked=frozenset({4}))
    assert pick is None
    pick = choose_member(candidates, "x", declarant_id=1, cap=5)
    assert pick is not None and pick.member_id == 4
    assert pick.reasons["excluded"] == 3
