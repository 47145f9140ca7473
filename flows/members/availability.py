"""`/absent` and `/disponible`: a cell member says when to take no new case."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from typing import Any

from flows.core.context import FlowContext
from flows.core.form import Field, Form, Parsed, option
from flows.core.menu import menu_choices, show_menu
from flows.domain.messages import Choice
from flows.domain.model import Role
from flows.text.dates import DateError, format_date, parse_coming_date, parse_event_date

FLOW = "absence"
ROUTED_ROLES = frozenset({Role.CELL, Role.PILOT})
# A day without a year at most this long ago is taken for the past, not for next year.
RECENT = timedelta(days=60)
_RANGE = re.compile(
    r"^\s*(?:du\s+|a\s+partir\s+du\s+|depuis\s+le\s+)?(?P<start>.+?)"
    r"\s*(?:\s+au\s+|\s+jusqu'?\s*(?:a|au)\s+|\s*[-–]\s*)(?P<end>.+?)\s*$",
    re.IGNORECASE,
)
_ONLY_END = re.compile(r"^\s*jusqu'?\s*(?:a|au|à)\s+", re.IGNORECASE)
_ERRORS = {
    DateError.UNREADABLE: "absence.date_unreadable",
    DateError.PAST: "absence.date_past",
    DateError.TOO_FAR: "absence.date_too_far",
    DateError.FUTURE: "absence.date_unreadable",
    DateError.TOO_OLD: "absence.date_past",
}


def parse_absence(text: str, today: date) -> tuple[date, date] | str:
    """(first day, last day) from "du 24/11 au 28/11", "jusqu'à lundi", "demain"…, or the
    catalogue key of what is wrong."""
    text = _fold(text)
    if _recently_past(text, today):
        return "absence.date_past"
    if _ONLY_END.match(text):
        start: date | DateError = today
        end = parse_coming_date(text, today)
    elif (m := _RANGE.match(text)) is not None:
        start, end = parse_coming_date(m["start"], today), parse_coming_date(m["end"], today)
    else:
        start = end = parse_coming_date(text.removeprefix("le ").removeprefix("du "), today)
    if isinstance(start, DateError):
        return _ERRORS[start]
    if isinstance(end, DateError):
        return _ERRORS[end]
    if end < start:
        # "du 20/11 au 28/11" on the 22nd: the start, without a year, rolled into next year.
        return "absence.date_past" if start.year > today.year else "absence.end_before_start"
    return start, end


def _recently_past(text: str, today: date) -> bool:
    """ "hier", or "20/11" said on the 22nd: a day just gone, not one next year."""
    if text.strip() in ("hier", "avant-hier", "avant hier"):
        return True
    single = parse_event_date(text.strip().removeprefix("le "), today)
    return isinstance(single, date) and timedelta(0) < today - single <= RECENT


def _fold(text: str) -> str:
    """Lowercase without accents, punctuation kept ("Jusqu'à" → "jusqu'a")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _start_options(ctx: FlowContext) -> list[Choice]:
    return [option("today", ctx.t("absence.today")), option("tomorrow", ctx.t("absence.tomorrow"))]


def _start_from_option(ctx: FlowContext, value: str) -> str:
    today = ctx.today
    return (today if value == "today" else date.fromordinal(today.toordinal() + 1)).isoformat()


def _parse_day(ctx: FlowContext, text: str) -> Parsed:
    result = parse_coming_date(text, ctx.today)
    if isinstance(result, DateError):
        return Parsed(error=_ERRORS[result])
    return Parsed(value=result.isoformat())


def _parse_start(ctx: FlowContext, text: str) -> Parsed:
    """One day, or the whole absence at once ("jusqu'à lundi", "du 24/11 au 28/11"): then the
    last day is kept too and the form does not ask for it."""
    if not _ONLY_END.match(_fold(text)):
        single = _parse_day(ctx, text)
        if single.error is None or not _RANGE.match(_fold(text)):
            return single
    whole = parse_absence(text, ctx.today)
    if isinstance(whole, str):
        return Parsed(error=whole)
    ctx.state["data"]["end"] = whole[1].isoformat()
    return Parsed(value=whole[0].isoformat())


def _parse_end(ctx: FlowContext, text: str) -> Parsed:
    parsed = _parse_day(ctx, text)
    start = ctx.state["data"].get("start")
    if parsed.error is None and start is not None and parsed.value < start:
        return Parsed(error="absence.end_before_start")
    return parsed


def _show_day(ctx: FlowContext, value: Any) -> str:
    return format_date(date.fromisoformat(str(value)), ctx.language)


def _record(ctx: FlowContext, starts_on: date, ends_on: date) -> None:
    assert ctx.member is not None
    ctx.repos.availability.add_absence(ctx.member.id, starts_on, ends_on, ctx.now)
    ctx.audit(
        "member.absent",
        f"member:{ctx.member.id}",
        {"from": starts_on.isoformat(), "to": ends_on.isoformat()},
    )
    ctx.set_state({})
    show_menu(
        ctx,
        ctx.t(
            "absence.recorded",
            start=format_date(starts_on, ctx.language),
            end=format_date(ends_on, ctx.language),
        ),
    )


def _complete(ctx: FlowContext, data: dict[str, Any]) -> None:
    _record(ctx, date.fromisoformat(data["start"]), date.fromisoformat(data["end"]))


def _cancelled(ctx: FlowContext) -> None:
    show_menu(ctx, ctx.t("absence.cancelled"))


FORM = Form(
    FLOW,
    [
        Field(
            "start",
            "absence.ask_start",
            "absence.label_start",
            options=_start_options,
            parse_text=_parse_start,
            show=_show_day,
            from_option=_start_from_option,
        ),
        Field("end", "absence.ask_end", "absence.label_end", parse_text=_parse_end, show=_show_day),
    ],
    _complete,
    _cancelled,
)


def _allowed(ctx: FlowContext) -> bool:
    assert ctx.member is not None
    if ctx.member.role in ROUTED_ROLES:
        return True
    show_menu(ctx, ctx.t("absence.cell_only"))
    return False


def absent(ctx: FlowContext, args: str) -> None:
    if not _allowed(ctx):
        return
    if not args.strip():
        FORM.start(ctx)
        return
    parsed = parse_absence(args, ctx.today)
    if isinstance(parsed, str):
        show_menu(ctx, ctx.t(parsed) + "\n" + ctx.t("absence.examples"))
        return
    _record(ctx, *parsed)


CANCEL_PREFIX = "absence_cancel"


def available(ctx: FlowContext) -> None:
    """Back now; absences planned later are listed, each with a button that cancels it."""
    if not _allowed(ctx):
        return
    assert ctx.member is not None
    ended = ctx.repos.availability.end_absences(ctx.member.id, ctx.today)
    if ended:
        ctx.audit("member.available", f"member:{ctx.member.id}")
    planned = ctx.repos.availability.absences(ctx.member.id, ctx.today)
    said = ctx.t("absence.back" if ended else "absence.was_available_now")
    if not planned:
        show_menu(ctx, said if ended else ctx.t("absence.was_available"))
        return
    lines = [said, "", ctx.t("absence.planned")]
    choices = []
    for start, end in planned:
        dates = {"start": format_date(start, ctx.language), "end": format_date(end, ctx.language)}
        lines.append(ctx.t("absence.planned_line", **dates))
        choices.append(
            Choice(
                f"{CANCEL_PREFIX}:{start.isoformat()}:{end.isoformat()}",
                ctx.t("absence.cancel_button", start=f"{start:%d/%m}", end=f"{end:%d/%m}"),
            )
        )
    ctx.reply("\n".join(lines), choices + menu_choices(ctx))


def cancel_planned(ctx: FlowContext, choice_id: str) -> None:
    assert ctx.member is not None
    ctx.choice_accepted = True
    parts = choice_id.split(":")
    try:
        start, end = date.fromisoformat(parts[1]), date.fromisoformat(parts[2])
    except (IndexError, ValueError):
        show_menu(ctx, ctx.t("input.stale"))
        return
    if not ctx.repos.availability.cancel_absence(ctx.member.id, start, end):
        ctx.choice_accepted = False
        show_menu(ctx, ctx.t("absence.already_cancelled"))
        return
    ctx.audit("member.absence_cancelled", f"member:{ctx.member.id}", {"from": parts[1]})
    dates = {"start": format_date(start, ctx.language), "end": format_date(end, ctx.language)}
    show_menu(ctx, ctx.t("absence.planned_cancelled", **dates))
