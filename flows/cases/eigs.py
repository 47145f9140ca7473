"""Level 4: a serious adverse event (EIGS) to declare to the health authorities.

The member and the declarant are told what makes an EIGS and how it is declared: part 1 on the
national portal without delay, part 2 (the analysis) within three months. Until part 1 is
recorded, the member is reminded every working day; part 2 has reminders 30 and 7 days before
its deadline, and the pilot is alerted when it is overdue. A case flagged as possible EIGS at
declaration starts here; the member may downgrade it, with a reason.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta
from typing import Any

from flows.cases.common import (
    casework_form,
    deadline,
    decent_hour,
    form_case,
    fresh,
    refuse,
    tell_declarant,
    work_choice,
)
from flows.core.context import FlowContext
from flows.core.form import Field, Parsed, option
from flows.core.free_text import free_text
from flows.domain.events import EigsDowngraded
from flows.domain.messages import Choice
from flows.domain.model import Case, Role
from flows.text.dates import DateError, format_date, parse_event_date
from flows.text.i18n import t

PART1, PART2_30, PART2_7, PART2_LATE = "eigs_part1", "eigs_part2_30", "eigs_part2_7", "eigs_late"
REMINDER_KINDS = frozenset({PART1, PART2_30, PART2_7, PART2_LATE})
PART2_MONTHS = 3
DATE_FLOW, DOWNGRADE_FLOW = "eigs_date", "eigs_downgrade"


def add_months(day: date, months: int) -> date:
    """Same day `months` later, or the month's last day (30 November + 3 months = 28 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def part2_deadline(case: Case) -> date | None:
    return add_months(case.eigs_part1_on, PART2_MONTHS) if case.eigs_part1_on else None


def enter(ctx: FlowContext, case: Case, holder_id: int) -> None:
    """The case is (possibly) an EIGS: guidance to both parties, and the part-1 reminder now."""
    ctx.repos.casework.set_level(case, 4, None if ctx.by_clock else holder_id, ctx.now)
    ctx.audit("case.level", case.reference, {"level": 4})
    holder = ctx.repos.members.get(holder_id)
    if holder is not None:
        ctx.send(
            holder.id,
            t(holder.language, "eigs.guide_member", reference=case.reference),
            choices_for(holder.language, fresh(ctx, case)),
        )
    tell_declarant(ctx, case, "eigs.guide_declarant")
    # Due now: the first reminder goes out at the next tick, then every working day.
    deadline(ctx, case, PART1, PART1, holder_id, ctx.now)


def _next_working_morning(ctx: FlowContext) -> datetime:
    """The opening of the next working day (Sunday night → Monday morning, not Tuesday)."""
    hours = ctx.settings.hours
    day = ctx.now.astimezone(ctx.settings.timezone).date() + timedelta(days=1)
    while day.weekday() not in hours.days:
        day += timedelta(days=1)
    return decent_hour(ctx, datetime.combine(day, hours.opens, ctx.settings.timezone))


def choices_for(language: str, case: Case) -> list[Choice]:
    ref = case.reference
    choices = []
    if case.eigs_part1_on is None:
        choices.append(Choice(f"work:part1:{ref}", t(language, "eigs.part1_done")))
    elif case.eigs_part2_on is None:
        choices.append(Choice(f"work:part2:{ref}", t(language, "eigs.part2_done")))
    choices.append(Choice(f"work:downgrade:{ref}", t(language, "eigs.not_eigs")))
    return choices


def on_reminder(ctx: FlowContext, kind: str, payload: dict[str, Any]) -> None:
    case = ctx.repos.cases.get(int(payload["case"]))
    if case is None or case.closed or case.level != 4:
        return
    assert ctx.member is not None
    lang = ctx.member.language
    if kind == PART1:
        if case.eigs_part1_on is not None:
            return
        ctx.reply(t(lang, "eigs.part1_reminder", reference=case.reference), choices_for(lang, case))
        deadline(ctx, case, PART1, PART1, ctx.member.id, _next_working_morning(ctx))
        return
    due = part2_deadline(case)
    if due is None or case.eigs_part2_on is not None:
        return
    when = format_date(due, lang)
    if kind == PART2_LATE:
        for pilot in ctx.repos.members.with_role(Role.PILOT):
            ctx.send(
                pilot.id,
                t(pilot.language, "eigs.part2_late_pilot", reference=case.reference, date=when),
                urgent=True,
            )
        ctx.reply(t(lang, "eigs.part2_late", reference=case.reference, date=when))
        return
    days = 30 if kind == PART2_30 else 7
    ctx.reply(
        t(lang, "eigs.part2_reminder", reference=case.reference, date=when, days=days),
        choices_for(lang, case),
    )


def ask_date(ctx: FlowContext, case: Case, part: int) -> None:
    if part == 1 and case.eigs_part1_on is not None:
        refuse(ctx, "eigs.part1_known", reference=case.reference)
        return
    if part == 2 and (case.eigs_part1_on is None or case.eigs_part2_on is not None):
        refuse(ctx, "eigs.part2_not_now", reference=case.reference)
        return
    DATE_FORM.start(ctx, {"case": case.reference, "part": part})


def _parse_day(ctx: FlowContext, text: str) -> Parsed:
    day = parse_event_date(text, ctx.today)
    if isinstance(day, DateError):
        key = "eigs.date_future" if day is DateError.FUTURE else "eigs.date_unreadable"
        return Parsed(error=key)
    case = ctx.repos.cases.by_reference(str(ctx.state["data"]["case"]))
    if case is not None and day < case.event_date:
        return Parsed(error="eigs.date_before_event")
    return Parsed(value=day.isoformat())


def _today(ctx: FlowContext, value: str) -> str:
    return ctx.today.isoformat()


def _date_recorded(ctx: FlowContext, data: dict[str, Any]) -> None:
    case = form_case(ctx, data, level=4)
    if case is None:
        return
    assert ctx.member is not None
    day = date.fromisoformat(str(data["day"]))
    part = int(data["part"])
    ctx.repos.casework.set_field(case.id, f"eigs_part{part}_on", day)
    ctx.repos.casework.note(case, ctx.member.id, f"eigs part {part}: {day}", ctx.now)
    ctx.audit("case.eigs_declared", case.reference, {"part": part, "on": day.isoformat()})
    if part == 2:
        ctx.repos.reminders.cancel_subject(case.reference, (PART2_30, PART2_7, PART2_LATE))
        ctx.reply(
            ctx.t("eigs.part2_recorded", reference=case.reference),
            [
                work_choice(ctx, "resolved", case, "work.close_resolved"),
                work_choice(ctx, "unresolved", case, "work.close_unresolved"),
            ],
        )
        return
    ctx.repos.reminders.cancel_subject(case.reference, (PART1,))
    due = add_months(day, PART2_MONTHS)
    holder = case.assigned_to or ctx.member.id
    zone = ctx.settings.timezone
    for kind, before in ((PART2_30, 30), (PART2_7, 7)):
        at = decent_hour(
            ctx, datetime.combine(due - timedelta(days=before), ctx.settings.hours.opens, zone)
        )
        if at > ctx.now:
            deadline(ctx, case, kind, kind, holder, at)
    late = datetime.combine(due + timedelta(days=1), ctx.settings.hours.opens, zone)
    deadline(ctx, case, PART2_LATE, PART2_LATE, holder, decent_hour(ctx, late))
    ctx.reply(
        ctx.t("eigs.part1_recorded", reference=case.reference, date=format_date(due, ctx.language)),
        choices_for(ctx.language, fresh(ctx, case)),
    )
    tell_declarant(ctx, case, "eigs.part1_told_declarant")


DATE_FORM = casework_form(
    DATE_FLOW,
    [
        Field(
            "day",
            "eigs.ask_date",
            "eigs.label_date",
            options=lambda ctx: [option("today", ctx.t("eigs.today"))],
            parse_text=_parse_day,
            from_option=_today,
        )
    ],
    _date_recorded,
)


def ask_downgrade(ctx: FlowContext, case: Case, level: int | None = None) -> None:
    data: dict[str, Any] = {"case": case.reference}
    if level is not None:
        data["level"] = str(level)
    DOWNGRADE_FORM.start(ctx, data)


def _downgraded(ctx: FlowContext, data: dict[str, Any]) -> None:
    case = form_case(ctx, data)
    if case is None:
        return
    assert ctx.member is not None
    ctx.repos.reminders.cancel_subject(case.reference, tuple(REMINDER_KINDS))
    ctx.repos.casework.note(case, ctx.member.id, f"not an EIGS: {data['reason']}", ctx.now)
    ctx.audit("case.eigs_downgraded", case.reference)
    tell_declarant(ctx, case, "eigs.downgraded_declarant")
    # The level chosen next starts its own step, in casework.py (which starts this module's).
    ctx.record(EigsDowngraded(case.id, int(data["level"])))


def _levels(ctx: FlowContext) -> list[Choice]:
    return [option(str(level), ctx.t(f"work.level_{level}_button")) for level in (1, 2, 3)]


DOWNGRADE_FORM = casework_form(
    DOWNGRADE_FLOW,
    [
        Field("reason", "eigs.ask_reason", "eigs.label_reason", parse_text=free_text(5, 1000)),
        Field("level", "eigs.ask_level", "eigs.label_level", options=_levels),
    ],
    _downgraded,
)
