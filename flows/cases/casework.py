"""Casework by level, from the moment a member takes a case until it is closed.

The member who has the case (or the pilot) sets its level with buttons and may change it; each
change is timestamped, audited and told to the declarant in plain words. Level 1 ends with a
short outcome; level 2 orients and checks in later (checkin.py); level 3 is the cell's analysis
(analysis.py); level 4 the EIGS declaration (eigs.py), all beside this module. Closing asks the
declarant's satisfaction; the declarant may withdraw a case, or reopen it for a while.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from flows.cases import analysis, checkin, eigs, satisfaction
from flows.cases.common import (
    casework_form,
    close_case,
    form_case,
    fresh,
    holds,
    is_pilot,
    local_day,
    may_work,
    parse_work_choice,
    refuse,
    tell_declarant,
    tell_holder,
    with_discreet,
    work_choice,
)
from flows.core.context import FlowContext
from flows.core.form import Field, Form, option
from flows.core.free_text import free_text
from flows.core.menu import show_menu
from flows.domain.events import CaseReopenedWithoutHolder, EigsDowngraded
from flows.domain.messages import Choice
from flows.domain.model import Case, IncidentStatus, Role
from flows.text.dates import format_date
from flows.text.i18n import t

LEVELS = (1, 2, 3, 4)
REMINDER_KINDS = checkin.REMINDER_KINDS | analysis.REMINDER_KINDS | eigs.REMINDER_KINDS
_REMINDER_TYPE_WORDS = {
    "checkin": "checkin",
    "checkin_remind": "checkin",
    "checkin_call": "checkin",
    "meeting_remind": "meeting",
    "action_soon": "action",
    "action_late": "action",
    "eigs_part1": "eigs1",
    "eigs_part2_30": "eigs2",
    "eigs_part2_7": "eigs2",
    "eigs_late": "eigs2",
    "contact_remind": "contact",
    "contact_pilot": "contact",
    "ack_half": "ack",
    "ack_timeout": "ack",
}


# -- the case panel ----------------------------------------------------------------------------


def show_files(ctx: FlowContext) -> None:
    """`/dossiers`: the cases this member handles, each with its level and next deadline."""
    assert ctx.member is not None
    mine = [
        c
        for c in ctx.repos.cases.open_cases_of(ctx.member.id)
        if c.assigned_to == ctx.member.id and c.status is IncidentStatus.IN_PROGRESS
    ]
    actions = ctx.repos.casework.actions_of(ctx.member.id)
    if not mine and not actions:
        show_menu(ctx, ctx.t("journal.no_files_in_hand"))
        return
    ctx.set_state({})
    lines = [ctx.t("journal.files_title", count=len(mine))] if mine else []
    lines += [_file_line(ctx, case) for case in mine]
    discreet = list(lines)
    if actions:
        lines.append(ctx.t("work.my_actions", count=len(actions)))
        discreet.append(lines[-1])
        for action in actions:
            case = ctx.repos.cases.get(action.incident_id)
            full, hidden = with_discreet(
                ctx.language,
                "work.my_action_line",
                {"text": action.text},
                reference=case.reference if case else "?",
                date=format_date(action.due_on, ctx.language),
            )
            lines.append(full)
            discreet.append(hidden)
    # On a channel that must not carry case text, the buttons do not quote the actions either.
    discreet_here = ctx.transport in ctx.settings.discreet_transports
    choices = []
    for case in mine:
        ref = case.reference
        choices.append(Choice(f"work:open:{ref}", ctx.t("work.open_label", reference=ref)))
        choices.append(Choice(f"journal:{ref}", ctx.t("journal.write_about", reference=ref)))
    choices += [
        Choice(
            f"{analysis.ACTION_PREFIX}:done:{a.id}",
            ctx.t(
                "work.action_done_label",
                text=ctx.t("details.hidden") + f" {i}" if discreet_here else a.text[:30],
            ),
        )
        for i, a in enumerate(actions, 1)
    ]
    ctx.reply("\n".join(lines), choices, discreet="\n".join(discreet) if actions else None)


def _noon(ctx: FlowContext, day: date) -> datetime:
    return datetime.combine(day, time(12, 0), ctx.settings.timezone)


def _file_line(ctx: FlowContext, case: Case) -> str:
    level = ctx.t(f"work.level_{case.level}") if case.level else ctx.t("work.level_none")
    assert ctx.member is not None
    upcoming = ctx.repos.reminders.next_due(case.reference, ctx.member.id)
    if case.level == 2:
        upcoming = upcoming or ctx.repos.reminders.next_due(case.reference, case.declarant_id)
    if upcoming is None:
        return ctx.t("work.file_line", reference=case.reference, level=level)
    kind, at = upcoming
    at = _deadline_itself(ctx, case, kind, at)
    local = at.astimezone(ctx.settings.timezone)
    return ctx.t(
        "work.file_line_due",
        reference=case.reference,
        level=level,
        what=ctx.t(f"work.due_{_REMINDER_TYPE_WORDS.get(kind, 'other')}"),
        date=local_day(ctx, at, ctx.language),
        time=f"{local:%H:%M}",
    )


def _deadline_itself(ctx: FlowContext, case: Case, kind: str, reminder_at: datetime) -> datetime:
    """What is due, not when its reminder goes out: the meeting, the action's due date, the
    EIGS part-2 deadline."""
    word = _REMINDER_TYPE_WORDS.get(kind)
    if word == "meeting" and case.meeting_at is not None:
        return case.meeting_at
    if word == "action":
        open_actions = [a for a in ctx.repos.casework.actions(case.id) if a.state.value == "open"]
        if open_actions:
            return _noon(ctx, min(a.due_on for a in open_actions))
    if word == "eigs2" and (due := eigs.part2_deadline(case)) is not None:
        return _noon(ctx, due)
    return reminder_at


def show_case(ctx: FlowContext, case: Case, prefix: str | None = None) -> None:
    """The case panel: where it stands and what can be done next, as buttons."""
    if not (holds(ctx, case) or is_pilot(ctx)):
        refuse(ctx, "work.not_yours", reference=case.reference)
        return
    if case.level == 3 and not case.closed:
        analysis.show_checklist(ctx, case, prefix)
        return
    lines = [prefix, ""] if prefix else []
    incident_type = ctx.territory.incident_type(case.incident_type)
    lines.append(
        ctx.t(
            "work.panel_title",
            reference=case.reference,
            type=incident_type.label(ctx.language) if incident_type else case.incident_type,
            status=ctx.t(f"status.{case.status.value}"),
        )
    )
    lines.append(
        ctx.t("work.panel_level", level=ctx.t(f"work.level_{case.level}"))
        if case.level
        else ctx.t("work.panel_no_level")
    )
    if case.orientation:
        lines.append(ctx.t("work.panel_orientation", to=case.orientation.split(" [member:")[0]))
    if case.level == 4:
        lines.append(_eigs_line(ctx, case))
    ctx.reply("\n".join(lines), _panel_choices(ctx, case))


def _eigs_line(ctx: FlowContext, case: Case) -> str:
    if case.eigs_part1_on is None:
        return ctx.t("work.eigs_part1_missing")
    due = eigs.part2_deadline(case)
    assert due is not None
    if case.eigs_part2_on is None:
        return ctx.t(
            "work.eigs_part2_due",
            part1=format_date(case.eigs_part1_on, ctx.language),
            date=format_date(due, ctx.language),
        )
    return ctx.t("work.eigs_done")


def _panel_choices(ctx: FlowContext, case: Case) -> list[Choice]:
    if case.closed:
        return []
    if case.level is None:
        choices = level_choices(ctx, case)
    elif case.level == 4:
        choices = eigs.choices_for(ctx.language, case)
        choices.append(work_choice(ctx, "close", case, "work.close"))
    else:
        choices = [work_choice(ctx, "levels", case, "work.change_level")]
        if case.level == 2:
            choices.insert(0, work_choice(ctx, "level", case, "checkin.orient_again", "2"))
        choices.append(work_choice(ctx, "close", case, "work.close"))
    if holds(ctx, case):
        choices.append(Choice(f"journal:{case.reference}", ctx.t("work.write")))
    return choices


def level_choices(ctx: FlowContext, case: Case) -> list[Choice]:
    """All four levels, so that "3" typed means level 3; the current one says so."""
    choices = []
    for level in LEVELS:
        choice = work_choice(ctx, "level", case, f"work.level_{level}_button", str(level))
        if level == case.level:
            choice = Choice(choice.id, ctx.t("work.current_level", label=choice.label))
        choices.append(choice)
    return choices


# -- levels ------------------------------------------------------------------------------------


def on_eigs_downgraded(ctx: FlowContext, event: EigsDowngraded) -> None:
    """A case found not to be an EIGS goes on at the level its holder chose."""
    case = ctx.repos.cases.get(event.case_id)
    if case is not None:
        change_level(ctx, case, event.level, downgraded=True)


def change_level(ctx: FlowContext, case: Case, level: int, *, downgraded: bool = False) -> None:
    """Move the case to `level`; each level starts with what it needs."""
    case = fresh(ctx, case)
    if not may_work(ctx, case):
        return
    assert ctx.member is not None
    if case.level == 4 and level != 4 and not downgraded:
        eigs.ask_downgrade(ctx, case, level)  # leaving level 4 needs a reason
        return
    if level == case.level and level != 2:
        refuse(ctx, "work.same_level", reference=case.reference, level=level)
        return
    if case.level == 2 and level in (3, 4):
        # Levels 1 and 2 start with a question: the check-in stays until they complete
        # (closing, or orienting again, replaces it), so leaving that question changes nothing.
        ctx.repos.reminders.cancel_subject(case.reference, tuple(checkin.REMINDER_KINDS))
    if level == 1:
        OUTCOME_FORM.start(ctx, {"case": case.reference})
    elif level == 2:
        checkin.start(ctx, case)
    elif level == 3:
        analysis.enter(ctx, case)
    elif level == 4:
        eigs.enter(ctx, case, case.assigned_to or ctx.member.id)
    if level in (3, 4) or ctx.member.id != case.assigned_to:
        _tell_level(ctx, case, level)


def _tell_level(ctx: FlowContext, case: Case, level: int) -> None:
    """The member who has the case hears of a change made by the pilot (the declarant is
    told by each level's own first step)."""
    tell_holder(ctx, case, "work.level_changed_holder", level=level)


def _outcome_recorded(ctx: FlowContext, data: dict[str, Any]) -> None:
    case = form_case(ctx, data)
    if case is None:
        return
    assert ctx.member is not None
    ctx.repos.casework.set_level(case, 1, ctx.member.id, ctx.now)
    ctx.repos.casework.set_field(case.id, "outcome", str(data["outcome"]))
    ctx.audit("case.level", case.reference, {"level": 1})
    tell_declarant(
        ctx,
        case,
        "work.level1_declarant",
        discreet_key="work.level1_declarant_discreet",
        outcome=str(data["outcome"]),
    )
    if close_case(ctx, fresh(ctx, case), IncidentStatus.RESOLVED, "level 1"):
        show_menu(ctx, ctx.t("work.level1_done", reference=case.reference))


# -- closing, withdrawing, reopening -----------------------------------------------------------


def ask_close(ctx: FlowContext, case: Case, status: str = "") -> None:
    if not may_work(ctx, case):
        return
    if case.level == 3:
        refuse(ctx, "work.level3_closes_itself", reference=case.reference)
        return
    if case.level == 4 and case.eigs_part2_on is None:
        refuse(ctx, "work.eigs_before_close", reference=case.reference)
        return
    data: dict[str, Any] = {"case": case.reference}
    if status:
        data["status"] = status
    CLOSE_FORM.start(ctx, data)


def _close_recorded(ctx: FlowContext, data: dict[str, Any]) -> None:
    ctx.set_state({})
    case = ctx.repos.cases.by_reference(str(data["case"]))
    if case is None or not may_work(ctx, case):
        return
    status = IncidentStatus(str(data["status"]))
    if close_case(ctx, case, status, str(data["reason"])):
        show_menu(ctx, ctx.t(f"work.closed_by_you_{status.value}", reference=case.reference))


def withdraw_command(ctx: FlowContext, args: str) -> None:
    """`/retirer REX-…`: the declarant withdraws their case, with a reason."""
    case = _own_case(ctx, args, "work.withdraw_usage")
    if case is None:
        return
    if case.closed:
        show_menu(ctx, ctx.t("work.closed", reference=case.reference))
        return
    if case.level == 4 and case.eigs_part1_on is not None and case.eigs_part2_on is None:
        # Declared to the authorities: part 2 stays due whatever the declarant decides.
        show_menu(ctx, ctx.t("work.eigs_no_withdraw", reference=case.reference))
        return
    WITHDRAW_FORM.start(ctx, {"case": case.reference})


def _withdrawn(ctx: FlowContext, data: dict[str, Any]) -> None:
    ctx.set_state({})
    case = ctx.repos.cases.by_reference(str(data["case"]))
    assert ctx.member is not None
    if case is None or case.declarant_id != ctx.member.id or case.closed:
        show_menu(ctx, ctx.t("work.closed", reference=data["case"]))
        return
    if close_case(ctx, case, IncidentStatus.WITHDRAWN, str(data["reason"])):
        show_menu(ctx, ctx.t("work.withdrawn", reference=case.reference))


def reopen_command(ctx: FlowContext, args: str) -> None:
    case = _own_case(ctx, args, "work.reopen_usage")
    if case is not None:
        reopen(ctx, case)


def _own_case(ctx: FlowContext, args: str, usage: str) -> Case | None:
    assert ctx.member is not None
    reference = args.strip().split(" ")[0] if args.strip() else ""
    case = ctx.repos.cases.by_reference(reference) if reference else None
    if case is None:
        key = "journal.unknown" if reference else usage
        show_menu(ctx, ctx.t(key, reference=reference.upper()))
        return None
    if case.declarant_id != ctx.member.id:
        show_menu(ctx, ctx.t("work.declarant_only", reference=case.reference))
        return None
    return case


def reopen(ctx: FlowContext, case: Case) -> None:
    assert ctx.member is not None
    if case.declarant_id != ctx.member.id:
        refuse(ctx, "work.declarant_only", reference=case.reference)
        return
    if not case.closed:
        refuse(ctx, "work.still_open", reference=case.reference)
        return
    limit = timedelta(days=ctx.settings.reopen_days)
    if (
        case.status is IncidentStatus.WITHDRAWN
        or case.closed_at is None
        or ctx.now - case.closed_at > limit
    ):
        refuse(
            ctx, "work.too_late_to_reopen", reference=case.reference, days=ctx.settings.reopen_days
        )
        return
    holder = ctx.repos.members.get(case.assigned_to or 0)
    if holder is None or not holder.active or holder.role not in (Role.CELL, Role.PILOT):
        # The member who had it left: the case is offered again like a new one (offering.py
        # handles the event; it hands claimed cases over to this module, hence no import).
        ctx.repos.casework.reopen(case, ctx.member.id, ctx.now)
        ctx.repos.cases.unassign(fresh(ctx, case), ctx.now, "reopened without its member")
        ctx.audit("case.reopened", case.reference)
        ctx.record(CaseReopenedWithoutHolder(case.id))
        show_menu(ctx, ctx.t("work.reopened", reference=case.reference))
        return
    ctx.repos.casework.reopen(case, ctx.member.id, ctx.now)
    ctx.audit("case.reopened", case.reference)
    ctx.send(
        holder.id,
        t(holder.language, "work.reopened_holder", reference=case.reference),
        [
            Choice(
                f"work:open:{case.reference}",
                t(holder.language, "work.open_label", reference=case.reference),
            )
        ],
    )
    show_menu(ctx, ctx.t("work.reopened", reference=case.reference))


# -- buttons, commands, reminders --------------------------------------------------------------


def handle_choice(ctx: FlowContext, choice_id: str) -> None:
    """A casework button: it names its case, so it works whatever the conversation does."""
    ctx.choice_accepted = True
    parsed = parse_work_choice(choice_id)
    case = ctx.repos.cases.by_reference(parsed[1]) if parsed else None
    if parsed is None or case is None:
        refuse(ctx, "card.unknown_case")
        return
    action, _, arg = parsed
    if action == "reopen":
        reopen(ctx, case)
    elif action == "open":
        show_case(ctx, case)
    elif action == "meeting":
        analysis.ask_meeting(ctx, case)
    elif action == "approve":
        analysis.approve(ctx, case) if not case.closed else refuse(
            ctx, "work.closed", reference=case.reference
        )
    elif not may_work(ctx, case):
        return
    elif action == "levels":
        ctx.reply(ctx.t("work.pick_level", reference=case.reference), level_choices(ctx, case))
    elif action == "level" and arg.isdigit() and int(arg) in LEVELS:
        change_level(ctx, case, int(arg))
    elif action in ("close", "resolved", "unresolved"):
        status = {"resolved": "resolved", "unresolved": "unresolved"}.get(action, "")
        ask_close(ctx, case, status)
    elif action in ("part1", "part2") and case.level == 4:
        eigs.ask_date(ctx, case, int(action[-1]))
    elif action == "downgrade" and case.level == 4:
        eigs.ask_downgrade(ctx, case)
    elif case.level != 3:
        refuse(ctx, "analysis.not_level3", reference=case.reference)
    elif action == "step" and arg.isdigit():
        analysis.mark_step(ctx, case, int(arg))
    elif action == "fact":
        analysis.FACT_FORM.start(ctx, {"case": case.reference})
    elif action == "factor":
        analysis.FACTOR_FORM.start(ctx, {"case": case.reference})
    elif action == "action":
        analysis.ACTION_FORM.start(ctx, {"case": case.reference})
    elif action == "survey":
        analysis.send_survey(ctx, case)
    elif action == "report":
        analysis.ask_report(ctx, case)
    else:
        refuse(ctx, "card.unknown_case")


def case_command(ctx: FlowContext, args: str) -> None:
    """`/cas REX-…`: the panel of one case (the member who has it, the pilot)."""
    reference = args.strip().split(" ")[0] if args.strip() else ""
    case = ctx.repos.cases.by_reference(reference) if reference else None
    if case is None:
        key = "journal.unknown" if reference else "work.case_usage"
        show_menu(ctx, ctx.t(key, reference=reference.upper()))
        return
    show_case(ctx, case)


def on_reminder(ctx: FlowContext, kind: str, payload: dict[str, Any]) -> None:
    if kind in checkin.REMINDER_KINDS:
        checkin.on_reminder(ctx, kind, payload)
    elif kind in analysis.REMINDER_KINDS:
        analysis.on_reminder(ctx, kind, payload)
    elif kind in eigs.REMINDER_KINDS:
        eigs.on_reminder(ctx, kind, payload)


def on_claimed(ctx: FlowContext, case: Case) -> None:
    """A case flagged as a possible EIGS starts at level 4 as soon as a member takes it."""
    assert ctx.member is not None
    eigs.enter(ctx, case, ctx.member.id)


def _close_options(ctx: FlowContext) -> list[Choice]:
    return [
        option("resolved", ctx.t("work.close_resolved")),
        option("unresolved", ctx.t("work.close_unresolved")),
    ]


OUTCOME_FORM = casework_form(
    "outcome",
    [Field("outcome", "work.ask_outcome", "work.label_outcome", parse_text=free_text(5, 1000))],
    _outcome_recorded,
)
CLOSE_FORM = casework_form(
    "close",
    [
        Field("status", "work.ask_close_status", "work.label_status", options=_close_options),
        Field(
            "reason", "work.ask_close_reason", "work.label_reason", parse_text=free_text(3, 1000)
        ),
    ],
    _close_recorded,
)
WITHDRAW_FORM = casework_form(
    "withdraw",
    [
        Field(
            "reason", "work.ask_withdraw_reason", "work.label_reason", parse_text=free_text(3, 1000)
        )
    ],
    _withdrawn,
)
FORMS: tuple[Form, ...] = (
    OUTCOME_FORM,
    CLOSE_FORM,
    WITHDRAW_FORM,
    checkin.ORIENT_FORM,
    eigs.DATE_FORM,
    eigs.DOWNGRADE_FORM,
    satisfaction.COMMENT_FORM,
    *analysis.FORMS,
)
