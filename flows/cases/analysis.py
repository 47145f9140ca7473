"""Level 3: the cell meets and analyses the case in six steps.

N1 data collected; N2 the facts in chronological order (timeline entries); N3 gaps and
contributing factors by ORION family; N4 the action plan (each action has an owner and a due
date, is reminded before it and flagged when late, and ends done with a note or dropped);
N5 a satisfaction survey of the professionals involved; N6 the final report, approved by the
pilot. The case closes by itself once the six steps are done and no action is left open.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any

from flows.cases import satisfaction
from flows.cases.common import (
    casework_form,
    close_case,
    deadline,
    decent_hour,
    fresh,
    holds,
    is_pilot,
    may_work,
    refuse,
    tell_declarant,
    with_discreet,
    work_choice,
)
from flows.core.answers import coming_day, member_name, member_named
from flows.core.context import FlowContext
from flows.core.form import Field, Parsed, option
from flows.core.free_text import free_text
from flows.core.menu import show_menu
from flows.domain.messages import Choice
from flows.domain.model import Action, ActionState, Case, IncidentStatus, Member, Role
from flows.text.dates import (
    DateError,
    format_date,
    parse_clock,
    parse_coming_date,
    parse_event_date,
)
from flows.text.i18n import t

STEPS = (1, 2, 3, 4, 5, 6)
FAMILIES = ("patient", "tasks", "individual", "team", "environment", "organisation")
MEETING_REMIND, ACTION_SOON, ACTION_LATE = "meeting_remind", "action_soon", "action_late"
REMINDER_KINDS = frozenset({MEETING_REMIND, ACTION_SOON, ACTION_LATE})
ACTION_PREFIX = "act"
# An action is reminded this many days before its due date.
ACTION_NOTICE = timedelta(days=2)
_TIME = re.compile(
    r"^(?P<day>.*?)(?:\s+(?:a\s+|à\s+|vers\s+)?(?P<h>\d{1,2})\s*[h:]\s*(?P<m>\d{2})?)?\s*$"
)


def enter(ctx: FlowContext, case: Case) -> None:
    assert ctx.member is not None
    ctx.repos.casework.set_level(case, 3, ctx.member.id, ctx.now)
    ctx.audit("case.level", case.reference, {"level": 3})
    tell_declarant(ctx, case, "analysis.told_declarant")
    for pilot in ctx.repos.members.with_role(Role.PILOT):
        if pilot.id == ctx.member.id:
            continue
        ctx.send(
            pilot.id,
            t(pilot.language, "analysis.pilot_meeting", reference=case.reference),
            [Choice(f"work:meeting:{case.reference}", t(pilot.language, "analysis.set_meeting"))],
        )
    show_checklist(ctx, fresh(ctx, case))


# -- the checklist -----------------------------------------------------------------------------


def show_checklist(
    ctx: FlowContext, case: Case, prefix: str | None = None, *, discreet_prefix: str | None = None
) -> None:
    """The level-3 checklist under `prefix`; `discreet_prefix` replaces a prefix that quotes
    what people wrote, on channels that must not carry it."""
    work = ctx.repos.casework
    steps = work.steps(case.id)
    timeline, factors, actions = (
        work.timeline(case.id),
        work.factors(case.id),
        work.actions(case.id),
    )
    lines = [prefix, ""] if prefix else []
    shown_prefix = discreet_prefix if discreet_prefix is not None else prefix
    head = [shown_prefix, ""] if shown_prefix else []
    lines.append(ctx.t("analysis.title", reference=case.reference))
    if case.meeting_at is not None:
        local = case.meeting_at.astimezone(ctx.settings.timezone)
        lines.append(
            ctx.t(
                "analysis.meeting_on",
                date=format_date(local.date(), ctx.language),
                time=f"{local:%H:%M}",
            )
        )
    counts = {2: len(timeline), 3: len(factors), 4: len(actions)}
    for step in STEPS:
        mark = "✅" if step in steps else "▫️"
        lines.append(f"{mark} " + ctx.t(f"analysis.step_{step}", count=counts.get(step, 0)))
    discreet = head + lines[2 if prefix else 0 :]  # the same lines after the prefix
    for action in actions:
        full_line, discreet_line = _action_line(ctx, action)
        lines.append(full_line)
        discreet.append(discreet_line)
    if case.report and 6 not in steps:
        lines.append(ctx.t("analysis.report_waiting"))
        discreet.append(lines[-1])
    ctx.reply(
        "\n".join(lines),
        _checklist_choices(ctx, case, steps, actions),
        tag=f"case:{case.reference}",
        discreet="\n".join(discreet) if actions or discreet_prefix is not None else None,
    )


def _action_line(ctx: FlowContext, action: Action) -> tuple[str, str]:
    """An action in the checklist, and its discreet form (its text as 🔒)."""
    owner = ctx.repos.members.get(action.owner_id)
    name = owner.name if owner else "?"
    if owner is not None and not owner.active:
        name = ctx.t("analysis.owner_left", name=name)
    return with_discreet(
        ctx.language,
        f"analysis.action_{action.state.value}",
        {"text": action.text},
        owner=name,
        date=format_date(action.due_on, ctx.language),
    )


def _checklist_choices(
    ctx: FlowContext, case: Case, steps: set[int], actions: list[Action]
) -> list[Choice]:
    choices = []
    if 1 not in steps:
        choices.append(work_choice(ctx, "step", case, "analysis.mark_1", "1"))
    if 2 not in steps:
        choices.append(work_choice(ctx, "fact", case, "analysis.add_fact"))
        choices.append(work_choice(ctx, "step", case, "analysis.mark_2", "2"))
    if 3 not in steps:
        choices.append(work_choice(ctx, "factor", case, "analysis.add_factor"))
        choices.append(work_choice(ctx, "step", case, "analysis.mark_3", "3"))
    choices.append(work_choice(ctx, "action", case, "analysis.add_action"))
    if 4 not in steps:
        choices.append(work_choice(ctx, "step", case, "analysis.mark_4", "4"))
    for action in actions:
        if action.state is not ActionState.OPEN:
            continue
        owner = ctx.repos.members.get(action.owner_id)
        if owner is None or not owner.active:
            choices.append(
                Choice(f"{ACTION_PREFIX}:reassign:{action.id}", ctx.t("analysis.reassign"))
            )
        choices.append(
            Choice(
                f"{ACTION_PREFIX}:drop:{action.id}",
                ctx.t(
                    "analysis.drop",
                    text=ctx.t("details.hidden")
                    if ctx.transport in ctx.settings.discreet_transports
                    else _short(action.text),
                ),
            )
        )
    if 5 not in steps:
        choices.append(work_choice(ctx, "survey", case, "analysis.send_survey"))
    if 6 not in steps:
        choices.append(work_choice(ctx, "report", case, "analysis.write_report"))
        if case.report and is_pilot(ctx):
            choices.append(work_choice(ctx, "approve", case, "analysis.approve"))
    if case.meeting_at is None and is_pilot(ctx):
        choices.append(work_choice(ctx, "meeting", case, "analysis.set_meeting"))
    return choices


def _short(text: str, limit: int = 40) -> str:
    """A button label stays on one line of a phone screen."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def mark_step(ctx: FlowContext, case: Case, step: int) -> None:
    assert ctx.member is not None
    work = ctx.repos.casework
    needs = {2: work.timeline, 3: work.factors, 4: work.actions}
    if step in needs and not needs[step](case.id):
        refuse(ctx, f"analysis.step_{step}_empty", reference=case.reference)
        return
    if step not in (1, 2, 3, 4) or not work.mark_step(case.id, step, ctx.member.id, ctx.now):
        show_checklist(ctx, case, ctx.t("analysis.step_already"))
        return
    ctx.audit("case.step", case.reference, {"step": step})
    if not _maybe_close(ctx, case):
        show_checklist(ctx, case)


def _maybe_close(ctx: FlowContext, case: Case) -> bool:
    """Close the case when the six steps are done and no action is open."""
    work = ctx.repos.casework
    if work.steps(case.id) != set(STEPS):
        return False
    if any(a.state is ActionState.OPEN for a in work.actions(case.id)):
        return False
    case = fresh(ctx, case)
    if case.closed:
        return False
    close_case(ctx, case, IncidentStatus.RESOLVED, "analysis complete")
    if ctx.member is not None and not ctx.by_clock:
        ctx.reply(ctx.t("analysis.closed", reference=case.reference))
    return True


# -- meeting -----------------------------------------------------------------------------------


def ask_meeting(ctx: FlowContext, case: Case) -> None:
    if not is_pilot(ctx):
        refuse(ctx, "analysis.pilot_only")
        return
    if case.closed or case.level != 3:
        refuse(ctx, "analysis.not_level3", reference=case.reference)
        return
    MEETING_FORM.start(ctx, {"case": case.reference})


def _parse_meeting_day(ctx: FlowContext, text: str) -> Parsed:
    """A day ("jeudi"), or a day and a time at once ("jeudi 14h"): then the time is kept too."""
    m = _TIME.match(text.strip())
    if m is not None and m["h"] and m["day"]:
        parsed = _parse_meeting_day(ctx, m["day"])
        clock = parse_clock(f"{m['h']}h{m['m'] or ''}")
        if parsed.error is None and clock is not None:
            ctx.state["data"]["day"] = parsed.value
            at = _parse_meeting_time(ctx, f"{clock:%H:%M}")
            if at.error is not None:
                del ctx.state["data"]["day"]
                return at
            ctx.state["data"]["time"] = at.value
        return parsed
    day = parse_coming_date(text, ctx.today)
    if isinstance(day, DateError):
        key = "analysis.date_past" if day is DateError.PAST else "analysis.date_unreadable"
        return Parsed(error=key)
    return Parsed(value=day.isoformat())


def _parse_meeting_time(ctx: FlowContext, text: str) -> Parsed:
    clock = parse_clock(text)
    if clock is None:
        return Parsed(error="analysis.time_unreadable")
    day = date.fromisoformat(str(ctx.state["data"]["day"]))
    if datetime.combine(day, clock, ctx.settings.timezone) <= ctx.now:
        return Parsed(error="analysis.date_past")
    return Parsed(value=f"{clock:%H:%M}")


def _meeting_set(ctx: FlowContext, data: dict[str, Any]) -> None:
    ctx.set_state({})
    case = ctx.repos.cases.by_reference(str(data["case"]))
    if case is None or case.closed or case.level != 3:
        show_menu(ctx, ctx.t("analysis.not_level3", reference=data["case"]))
        return
    zone = ctx.settings.timezone
    day = date.fromisoformat(str(data["day"]))
    at = datetime.combine(day, time.fromisoformat(str(data["time"])), zone)
    ctx.repos.casework.set_field(case.id, "meeting_at", at)
    ctx.audit("case.meeting", case.reference, {"at": at.isoformat()})
    invited = [*ctx.repos.members.with_role(Role.CELL), *ctx.repos.members.with_role(Role.PILOT)]
    eve = decent_hour(ctx, datetime.combine(day - timedelta(days=1), time(9, 0), zone))
    for member in invited:
        when = {"date": format_date(day, member.language), "time": f"{at:%H:%M}"}
        if member.id != (ctx.member.id if ctx.member else None):
            ctx.send(
                member.id,
                t(member.language, "analysis.invitation", reference=case.reference, **when),
            )
        if eve > ctx.now:
            deadline(ctx, case, f"{MEETING_REMIND}:{member.id}", MEETING_REMIND, member.id, eve)
    ctx.reply(
        ctx.t(
            "analysis.meeting_set",
            reference=case.reference,
            date=format_date(day, ctx.language),
            time=f"{at:%H:%M}",
            count=len(invited),
        )
    )


# -- timeline, factors, actions ----------------------------------------------------------------


def _parse_moment(ctx: FlowContext, text: str) -> Parsed:
    """ "12/11 14h30", "hier 9h", "12/11": when something happened (not in the future)."""
    m = _TIME.match(text.strip())
    day = parse_event_date(m["day"] if m and m["day"] else text, ctx.today)
    if isinstance(day, DateError):
        key = "analysis.moment_future" if day is DateError.FUTURE else "analysis.moment_unreadable"
        return Parsed(error=key)
    clock = time(int(m["h"]), int(m["m"] or 0)) if m and m["h"] and int(m["h"]) < 24 else None
    moment = datetime.combine(day, clock or time(0, 0), ctx.settings.timezone)
    if moment > ctx.now:
        return Parsed(error="analysis.moment_future")
    return Parsed(value={"at": moment.isoformat(), "clock": clock is not None})


def _show_moment(ctx: FlowContext, value: Any) -> str:
    at = datetime.fromisoformat(str(value["at"]))
    text = format_date(at.date(), ctx.language)
    return f"{text} {at:%H:%M}" if value.get("clock") else text


def _fact_added(ctx: FlowContext, data: dict[str, Any]) -> None:
    case = _still_level3(ctx, data)
    if case is None:
        return
    assert ctx.member is not None
    at = datetime.fromisoformat(str(data["when"]["at"]))
    ctx.repos.casework.add_timeline(case.id, at, str(data["text"]), ctx.member.id, ctx.now)
    ctx.audit("case.timeline", case.reference)
    entries = ctx.repos.casework.timeline(case.id)
    zone = ctx.settings.timezone
    lines = [ctx.t("analysis.timeline_title", reference=case.reference)]
    lines += [f"• {e.happened_at.astimezone(zone):%d/%m/%Y %H:%M} — {e.text}" for e in entries]
    show_checklist(
        ctx,
        case,
        "\n".join(lines),
        discreet_prefix=ctx.t("analysis.timeline_title", reference=case.reference)
        + f" ({len(entries)})",
    )


def _factor_added(ctx: FlowContext, data: dict[str, Any]) -> None:
    case = _still_level3(ctx, data)
    if case is None:
        return
    assert ctx.member is not None
    work = ctx.repos.casework
    work.add_factor(case.id, str(data["family"]), str(data["text"]), ctx.member.id, ctx.now)
    ctx.audit("case.factor", case.reference, {"family": data["family"]})
    show_checklist(ctx, case, ctx.t("analysis.factor_added"))


def _still_level3(ctx: FlowContext, data: dict[str, Any]) -> Case | None:
    ctx.set_state({})
    case = ctx.repos.cases.by_reference(str(data["case"]))
    if case is None or case.closed or case.level != 3:
        show_menu(ctx, ctx.t("analysis.not_level3", reference=data["case"]))
        return None
    return case


def _owner_options(ctx: FlowContext) -> list[Choice]:
    people = [*ctx.repos.members.with_role(Role.CELL), *ctx.repos.members.with_role(Role.PILOT)]
    return [option(str(m.id), m.name) for m in people]


_parse_due = coming_day("analysis.due_past", "analysis.date_unreadable")


def _action_added(ctx: FlowContext, data: dict[str, Any]) -> None:
    case = _still_level3(ctx, data)
    if case is None:
        return
    assert ctx.member is not None
    owner = ctx.repos.members.get(int(data["owner"]))
    if owner is None or not owner.active:
        show_menu(ctx, ctx.t("analysis.owner_unknown"))
        return
    due = date.fromisoformat(str(data["due"]))
    action = ctx.repos.casework.add_action(
        case.id, str(data["text"]), owner.id, due, ctx.member.id, ctx.now
    )
    ctx.audit("case.action", case.reference, {"action": action.id, "owner": owner.id})
    _give_action(ctx, case, action, owner)
    show_checklist(ctx, case, ctx.t("analysis.action_added", owner=owner.name))


def _give_action(ctx: FlowContext, case: Case, action: Action, owner: Member) -> None:
    """Tell the owner and set the reminders before and after the due date."""
    zone = ctx.settings.timezone
    soon = decent_hour(ctx, datetime.combine(action.due_on - ACTION_NOTICE, time(9, 0), zone))
    late = decent_hour(ctx, datetime.combine(action.due_on + timedelta(days=1), time(9, 0), zone))
    key = f"{ACTION_SOON}:{action.id}"
    payload = {"action": action.id}
    if soon > ctx.now:
        deadline(ctx, case, key, ACTION_SOON, owner.id, soon, payload)
    deadline(ctx, case, f"{ACTION_LATE}:{action.id}", ACTION_LATE, owner.id, late, payload)
    text, discreet = with_discreet(
        owner.language,
        "analysis.action_given",
        {"text": action.text},
        reference=case.reference,
        date=format_date(action.due_on, owner.language),
    )
    ctx.send(owner.id, text, _owner_choices(owner.language, action), discreet=discreet)


def _owner_choices(language: str, action: Action) -> list[Choice]:
    return [Choice(f"{ACTION_PREFIX}:done:{action.id}", t(language, "analysis.action_done_button"))]


def handle_action_choice(ctx: FlowContext, choice_id: str) -> None:
    """An action button: done (owner), dropped or reassigned (member who has the case, pilot)."""
    assert ctx.member is not None
    ctx.choice_accepted = True
    parts = choice_id.split(":")
    action = (
        ctx.repos.casework.action(int(parts[2])) if len(parts) >= 3 and parts[2].isdigit() else None
    )
    case = ctx.repos.cases.get(action.incident_id) if action else None
    if action is None or case is None:
        refuse(ctx, "analysis.action_unknown")
        return
    if action.state is not ActionState.OPEN or case.closed:
        refuse(ctx, "analysis.action_closed", text=action.text)
        return
    verb = parts[1]
    if verb == "done":
        if action.owner_id != ctx.member.id and not may_work(ctx, case):
            return
        ACTION_DONE_FORM.start(ctx, {"action": action.id})
    elif verb == "drop" and may_work(ctx, case):
        ACTION_DROP_FORM.start(ctx, {"action": action.id})
    elif verb == "reassign" and may_work(ctx, case):
        choices = [
            Choice(f"{ACTION_PREFIX}:owner:{action.id}:{c.id.removeprefix('opt:')}", c.label)
            for c in _owner_options(ctx)
            if c.id != f"opt:{action.owner_id}"
        ]
        ctx.reply(ctx.t("analysis.pick_owner", text=action.text), choices)
    elif verb == "owner" and len(parts) == 4 and parts[3].isdigit() and may_work(ctx, case):
        _reassign(ctx, case, action, int(parts[3]))
    elif verb not in ("drop", "reassign", "owner"):
        refuse(ctx, "analysis.action_unknown")


def _reassign(ctx: FlowContext, case: Case, action: Action, owner_id: int) -> None:
    owner = ctx.repos.members.get(owner_id)
    if owner is None or not owner.active:
        refuse(ctx, "analysis.owner_unknown")
        return
    ctx.repos.casework.reassign_action(action.id, owner.id)
    ctx.audit("case.action_owner", case.reference, {"action": action.id, "owner": owner.id})
    _give_action(ctx, case, ctx.repos.casework.action(action.id) or action, owner)
    show_checklist(ctx, case, ctx.t("analysis.reassigned", owner=owner.name))


def _action_finished(ctx: FlowContext, data: dict[str, Any], state: ActionState) -> None:
    ctx.set_state({})
    action = ctx.repos.casework.action(int(data["action"]))
    case = ctx.repos.cases.get(action.incident_id) if action else None
    if action is None or case is None or case.closed:
        show_menu(ctx, ctx.t("analysis.action_unknown"))
        return
    note = str(data.get("note") or data.get("reason") or "")
    if not ctx.repos.casework.finish_action(action.id, state, note, ctx.now):
        show_menu(ctx, ctx.t("analysis.action_closed", text=action.text))
        return
    for kind in (ACTION_SOON, ACTION_LATE):
        ctx.repos.reminders.cancel(f"{kind}:{action.id}:{case.id}")
    ctx.audit(f"case.action_{state.value}", case.reference, {"action": action.id})
    key = f"analysis.action_{state.value}_recorded"
    if holds(ctx, case) or is_pilot(ctx):
        if not _maybe_close(ctx, case):
            full, hidden = with_discreet(ctx.language, key, {"text": action.text})
            show_checklist(ctx, case, full, discreet_prefix=hidden)
        return
    show_menu(ctx, ctx.t(key, text=action.text))
    holder = ctx.repos.members.get(case.assigned_to or 0)
    if holder is not None and holder.active:
        text, discreet = with_discreet(
            holder.language,
            "analysis.action_done_holder",
            {"text": action.text, "note": note},
            reference=case.reference,
        )
        ctx.send(holder.id, text, discreet=discreet)
    _maybe_close(ctx, case)


def on_reminder(ctx: FlowContext, kind: str, payload: dict[str, Any]) -> None:
    case = ctx.repos.cases.get(int(payload["case"]))
    if case is None or case.closed or case.level != 3:
        return
    assert ctx.member is not None
    lang = ctx.member.language
    if kind == MEETING_REMIND:
        if case.meeting_at is None:
            return
        local = case.meeting_at.astimezone(ctx.settings.timezone)
        ctx.reply(
            t(
                lang,
                "analysis.meeting_reminder",
                reference=case.reference,
                date=format_date(local.date(), lang),
                time=f"{local:%H:%M}",
            )
        )
        return
    action = ctx.repos.casework.action(int(payload["action"]))
    if action is None or action.state is not ActionState.OPEN:
        return
    owner = ctx.repos.members.get(action.owner_id)
    if owner is None or not owner.active:
        _owner_gone(ctx, case, action)
        return
    when = format_date(action.due_on, lang)
    key = "analysis.action_soon" if kind == ACTION_SOON else "analysis.action_late"
    text, discreet = with_discreet(
        lang, key, {"text": action.text}, reference=case.reference, date=when
    )
    ctx.reply(text, _owner_choices(lang, action), discreet=discreet)
    if kind == ACTION_LATE:
        holder = ctx.repos.members.get(case.assigned_to or 0)
        if holder is not None and holder.id != owner.id:
            text, discreet = with_discreet(
                holder.language,
                "analysis.action_late_holder",
                {"text": action.text},
                reference=case.reference,
                owner=owner.name,
                date=format_date(action.due_on, holder.language),
            )
            ctx.send(holder.id, text, discreet=discreet)


def _owner_gone(ctx: FlowContext, case: Case, action: Action) -> None:
    """The owner left the CPTS: whoever has the case (or the pilot) reassigns the action."""
    readers = [
        ctx.repos.members.get(case.assigned_to or 0),
        *ctx.repos.members.with_role(Role.PILOT),
    ]
    for reader in readers:
        if reader is None or not reader.active:
            continue
        text, discreet = with_discreet(
            reader.language, "analysis.owner_gone", {"text": action.text}, reference=case.reference
        )
        ctx.send(
            reader.id,
            text,
            discreet=discreet,
            choices=[
                Choice(
                    f"{ACTION_PREFIX}:reassign:{action.id}", t(reader.language, "analysis.reassign")
                )
            ],
        )
        return


# -- survey and report -------------------------------------------------------------------------


def send_survey(ctx: FlowContext, case: Case) -> None:
    """N5: the declarant and the owners of the actions are asked their satisfaction."""
    assert ctx.member is not None
    people = {case.declarant_id, *(a.owner_id for a in ctx.repos.casework.actions(case.id))}
    people.discard(ctx.member.id)
    asked = sum(
        satisfaction.ask(
            ctx,
            case,
            person,
            satisfaction.DECLARANT if person == case.declarant_id else satisfaction.INVOLVED,
        )
        for person in sorted(people)
    )
    ctx.repos.casework.mark_step(case.id, 5, ctx.member.id, ctx.now)
    ctx.audit("case.survey", case.reference, {"asked": asked})
    said = ctx.t("analysis.survey_sent", count=asked) if asked else ctx.t("analysis.survey_none")
    if not _maybe_close(ctx, case):
        show_checklist(ctx, case, said)


def ask_report(ctx: FlowContext, case: Case) -> None:
    REPORT_FORM.start(ctx, {"case": case.reference})


def _report_written(ctx: FlowContext, data: dict[str, Any]) -> None:
    case = _still_level3(ctx, data)
    if case is None:
        return
    ctx.repos.casework.set_field(case.id, "report", str(data["text"]))
    ctx.audit("case.report", case.reference)
    if is_pilot(ctx):
        approve(ctx, fresh(ctx, case))
        return
    for pilot in ctx.repos.members.with_role(Role.PILOT):
        text, discreet = with_discreet(
            pilot.language,
            "analysis.report_to_approve",
            {"text": str(data["text"])},
            reference=case.reference,
        )
        approve_button = Choice(
            f"work:approve:{case.reference}", t(pilot.language, "analysis.approve")
        )
        ctx.send(pilot.id, text, [approve_button], discreet=discreet)
    show_checklist(ctx, fresh(ctx, case), ctx.t("analysis.report_sent"))


def approve(ctx: FlowContext, case: Case) -> None:
    assert ctx.member is not None
    if not is_pilot(ctx):
        refuse(ctx, "analysis.pilot_only")
        return
    if not case.report:
        refuse(ctx, "analysis.no_report", reference=case.reference)
        return
    ctx.repos.casework.set_field(case.id, "report_approved_at", ctx.now)
    ctx.repos.casework.mark_step(case.id, 6, ctx.member.id, ctx.now)
    ctx.audit("case.report_approved", case.reference)
    if not _maybe_close(ctx, case):
        show_checklist(ctx, fresh(ctx, case), ctx.t("analysis.report_approved"))


def _families(ctx: FlowContext) -> list[Choice]:
    return [option(family, ctx.t(f"analysis.family_{family}")) for family in FAMILIES]


MEETING_FORM = casework_form(
    "meeting",
    [
        Field(
            "day", "analysis.ask_meeting_day", "analysis.label_day", parse_text=_parse_meeting_day
        ),
        Field(
            "time",
            "analysis.ask_meeting_time",
            "analysis.label_time",
            parse_text=_parse_meeting_time,
        ),
    ],
    _meeting_set,
)
FACT_FORM = casework_form(
    "fact",
    [
        Field(
            "when",
            "analysis.ask_moment",
            "analysis.label_moment",
            parse_text=_parse_moment,
            show=_show_moment,
        ),
        Field("text", "analysis.ask_fact", "analysis.label_fact", parse_text=free_text(3, 1000)),
    ],
    _fact_added,
)
FACTOR_FORM = casework_form(
    "factor",
    [
        Field("family", "analysis.ask_family", "analysis.label_family", options=_families),
        Field(
            "text", "analysis.ask_factor", "analysis.label_factor", parse_text=free_text(3, 1000)
        ),
    ],
    _factor_added,
)
ACTION_FORM = casework_form(
    "action",
    [
        Field("text", "analysis.ask_action", "analysis.label_action", parse_text=free_text(3, 500)),
        Field(
            "owner",
            "analysis.ask_owner",
            "analysis.label_owner",
            options=_owner_options,
            parse_text=member_named("analysis.owner_unknown"),
            show=member_name,
        ),
        Field(
            "due",
            "analysis.ask_due",
            "analysis.label_due",
            parse_text=coming_day("analysis.due_past", "analysis.date_unreadable"),
        ),
    ],
    _action_added,
)
ACTION_DONE_FORM = casework_form(
    "action_done",
    [Field("note", "analysis.ask_done_note", "analysis.label_note", parse_text=free_text(2, 1000))],
    lambda ctx, data: _action_finished(ctx, data, ActionState.DONE),
)
ACTION_DROP_FORM = casework_form(
    "action_drop",
    [
        Field(
            "reason",
            "analysis.ask_drop_reason",
            "analysis.label_reason",
            parse_text=free_text(3, 1000),
        )
    ],
    lambda ctx, data: _action_finished(ctx, data, ActionState.DROPPED),
)
REPORT_FORM = casework_form(
    "report",
    [Field("text", "analysis.ask_report", "analysis.label_report", parse_text=free_text(20, 3500))],
    _report_written,
)
FORMS = (
    MEETING_FORM,
    FACT_FORM,
    FACTOR_FORM,
    ACTION_FORM,
    ACTION_DONE_FORM,
    ACTION_DROP_FORM,
    REPORT_FORM,
)
