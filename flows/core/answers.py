"""Typed answers several forms read the same way: a day to come, a member of the directory."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flows.core.context import FlowContext
from flows.core.form import Parsed
from flows.text.dates import DateError, parse_coming_date
from flows.text.matching import normalise

Parser = Callable[[FlowContext, str], Parsed]


def coming_day(past: str, unreadable: str) -> Parser:
    """A date from today on, stored as ISO; each form says in its own words what is wrong."""

    def parse(ctx: FlowContext, text: str) -> Parsed:
        day = parse_coming_date(text, ctx.today)
        if isinstance(day, DateError):
            return Parsed(error=past if day is DateError.PAST else unreadable)
        return Parsed(value=day.isoformat())

    return parse


def member_named(unknown: str) -> Parser:
    """Anyone active in the directory, by (part of) their name, if only one matches."""

    def parse(ctx: FlowContext, text: str) -> Parsed:
        said = normalise(text)
        found = [m for m in ctx.repos.members.all() if m.active and said in normalise(m.name)]
        if len(found) != 1:
            return Parsed(error=unknown)
        return Parsed(value=str(found[0].id))

    return parse


def member_name(ctx: FlowContext, value: Any) -> str:
    member = ctx.repos.members.get(int(value))
    return member.name if member else "?"
