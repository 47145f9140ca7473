"""The yearly indicators of the quality cell, computed from the case history timestamps.

Declarations per level, professionals involved, resolution rate, satisfaction, and the median
times to acknowledgement and to closure. The same figures feed `/indicateurs` in the chat and
`rexbot report` for the general assembly.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flows.core.context import FlowContext
from flows.core.menu import show_menu
from flows.domain.model import Role, YearRecords
from flows.text.i18n import t

READERS = frozenset({Role.PILOT, Role.COORDINATOR})


@dataclass(frozen=True, slots=True)
class Indicators:
    year: int
    declarations: int
    per_level: dict[str, int]
    declarants: int
    acting_members: int
    resolved: int
    unresolved: int
    withdrawn: int
    open: int
    checkins_answered: int
    checkins_yes: int
    satisfaction_answers: int
    mean_reactivity: float | None
    mean_help: float | None
    distribution: dict[int, int] = field(default_factory=dict)
    median_ack: timedelta | None = None
    median_closure: timedelta | None = None

    @property
    def resolution_rate(self) -> float | None:
        closed = self.resolved + self.unresolved
        return self.resolved / closed if closed else None

    @property
    def checkin_rate(self) -> float | None:
        return self.checkins_yes / self.checkins_answered if self.checkins_answered else None


def _median(values: list[timedelta]) -> timedelta | None:
    if not values:
        return None
    return timedelta(seconds=statistics.median(v.total_seconds() for v in values))


def _mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


def compute(year: int, records: YearRecords) -> Indicators:
    cases = records.cases
    levels = Counter(str(c.level) if c.level else "none" for c in cases)
    statuses = Counter(c.status for c in cases)
    reactivity = [r for r, _ in records.scores if r is not None]
    help_scores = [h for _, h in records.scores if h is not None]
    return Indicators(
        year=year,
        declarations=len(cases),
        per_level={key: levels.get(key, 0) for key in ("1", "2", "3", "4", "none")},
        declarants=records.declarants,
        acting_members=records.acting_members,
        resolved=statuses.get("resolved", 0),
        unresolved=statuses.get("unresolved", 0),
        withdrawn=statuses.get("withdrawn", 0),
        open=len(cases) - sum(statuses.get(s, 0) for s in ("resolved", "unresolved", "withdrawn")),
        checkins_answered=len(records.checkin_answers),
        checkins_yes=records.checkin_answers.count("yes"),
        satisfaction_answers=sum(1 for r, h in records.scores if r is not None or h is not None),
        mean_reactivity=_mean(reactivity),
        mean_help=_mean(help_scores),
        distribution={score: (reactivity + help_scores).count(score) for score in range(1, 6)},
        median_ack=_median(
            [c.acknowledged_at - c.declared_at for c in cases if c.acknowledged_at is not None]
        ),
        median_closure=_median(
            [c.closed_at - c.declared_at for c in cases if c.closed_at is not None]
        ),
    )


def year_bounds(year: int, timezone: ZoneInfo) -> tuple[datetime, datetime]:
    """From 1 January 00:00 to the next 1 January, local time."""
    return datetime(year, 1, 1, tzinfo=timezone), datetime(year + 1, 1, 1, tzinfo=timezone)


def percent(value: float | None, language: str) -> str:
    if value is None:
        return "—"
    text = f"{value * 100:.0f} %"
    return text if language == "fr" else text.replace(" ", "")


def decimal(value: float | None, language: str) -> str:
    if value is None:
        return "—"
    text = f"{value:.1f}"
    return text.replace(".", ",") if language == "fr" else text


def duration(value: timedelta | None, language: str) -> str:
    """ "3 h 20", "2,5 j" — short enough for a phone screen."""
    if value is None:
        return "—"
    hours = value.total_seconds() / 3600
    if hours < 48:
        whole, minutes = divmod(round(value.total_seconds() / 60), 60)
        return f"{whole} h {minutes:02d}" if language == "fr" else f"{whole}h{minutes:02d}"
    return decimal(hours / 24, language) + (" j" if language == "fr" else " d")


def render(lang: str, figures: Indicators) -> str:
    """The figures as a short French (or English) text, for the chat and the terminal."""

    def tr(key: str, **params: object) -> str:
        return t(lang, key, **params)

    levels = figures.per_level
    lines = [
        tr("indicators.title", year=figures.year),
        tr("indicators.declarations", count=figures.declarations),
        tr(
            "indicators.levels",
            one=levels["1"],
            two=levels["2"],
            three=levels["3"],
            four=levels["4"],
            none=levels["none"],
        ),
        tr("indicators.people", declarants=figures.declarants, members=figures.acting_members),
        tr(
            "indicators.resolution",
            rate=percent(figures.resolution_rate, lang),
            resolved=figures.resolved,
            closed=figures.resolved + figures.unresolved,
            withdrawn=figures.withdrawn,
            open=figures.open,
        ),
        tr(
            "indicators.checkins",
            rate=percent(figures.checkin_rate, lang),
            yes=figures.checkins_yes,
            answered=figures.checkins_answered,
        ),
        tr(
            "indicators.satisfaction",
            count=figures.satisfaction_answers,
            reactivity=decimal(figures.mean_reactivity, lang),
            help=decimal(figures.mean_help, lang),
            distribution=" · ".join(f"{s}★ {n}" for s, n in figures.distribution.items()),
        ),
        tr(
            "indicators.times",
            ack=duration(figures.median_ack, lang),
            closure=duration(figures.median_closure, lang),
        ),
    ]
    return "\n".join(lines)


def show(ctx: FlowContext, args: str) -> None:
    """`/indicateurs [année]`: for the pilot and the coordinator."""
    assert ctx.member is not None
    if ctx.member.role not in READERS:
        show_menu(ctx, ctx.t("indicators.not_allowed"))
        return
    text = args.strip()
    year = ctx.today.year
    if text:
        if not text.isdigit() or not 2000 <= int(text) <= ctx.today.year:
            show_menu(ctx, ctx.t("indicators.usage", year=ctx.today.year))
            return
        year = int(text)
    start, end = year_bounds(year, ctx.settings.timezone)
    figures = compute(year, ctx.repos.indicators.year_records(start, end))
    show_menu(ctx, render(ctx.language, figures))
