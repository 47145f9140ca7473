"""Level 2: the declarant is oriented to a competent colleague or resource, and asked some days
later (15 by default) whether the problem is solved.

The check-in goes to the declarant at a decent hour; the member who has the case gets the
matching task. No answer: one reminder to the declarant, then the member is asked to call (or to
write, for an anonymous declarant). "Oui" closes the case as resolved; "Non" or "En partie" lets
the member close it as unresolved, orient again (a new check-in) or move it to level 3.
"""

from __future__ import annotations

from typing import Any

from flows.cases import satisfaction
from flows.cases.common import (
    WORK,
    casework_form,
    close_case,
    deadline,
    decent_hour,
    form_case,
    fresh,
    local_day,
    refuse,
    tell_declarant,
)
from flows.core.context import FlowContext
from flows.core.form import Field
from flows.core.free_text import free_text
from flows.domain.messages import Choice
from flows.domain.model import Case, IncidentStatus, Member
from flows.text.i18n import t
from flows.text.matching import normalise

FLOW = "orient"
CHECKIN, CHECKIN_REMIND, CHECKIN_CALL = "checkin", "checkin_remind", "checkin_call"
REMINDER_KINDS = frozenset({CHECKIN, CHECKIN_REMIND, CHECKIN_CALL})
ANSWERS = ("yes", "partly", "no")
PREFIX = "chk"


def start(ctx: FlowContext, case: Case) -> None:
    ORIENT_FORM.start(ctx, {"case": case.reference})


def _directory_match(ctx: FlowContext, text: str) -> Member | None:
    """A member of the directory named in the orientation ("voir Dr Lefèvre, pharmacien")."""
    said = normalise(text)
    for member in ctx.repos.members.all():
        if member.active and normalise(member.name) in said:
            return member
    return None


def _oriented(ctx: FlowContext, data: dict[str, Any]) -> None:
    case = form_case(ctx, data)
    if case is None:
        return
    text = str(data["to"])
    colleague = _directory_match(ctx, text)
    orientation = f"{text} [member:{colleague.id}]" if colleague else text
    again = case.level == 2
    if not again:
        assert ctx.member is not None
        ctx.repos.casework.set_level(case, 2, ctx.member.id, ctx.now)
        ctx.audit("case.level", case.reference, {"level": 2})
    ctx.repos.casework.set_field(case.id, "orientation", orientation)
    ctx.repos.casework.note(case, ctx.member.id if ctx.member else None, "oriented", ctx.now)
    ctx.repos.reminders.cancel_subject(case.reference, tuple(REMINDER_KINDS))
    due = decent_hour(ctx, ctx.now + ctx.settings.checkin_delay)
    deadline(ctx, case, CHECKIN, CHECKIN, case.declarant_id, due)
    when = local_day(ctx, due, ctx.language)
    key = "checkin.reoriented" if again else "checkin.oriented"
    ctx.reply(ctx.t(key, reference=case.reference, when=when))
    declarant = ctx.repos.members.get(case.declarant_id)
    lang = declarant.language if declarant else ctx.language
    tell_declarant(
        ctx,
        case,
        "checkin.told_declarant",
        discreet_key="checkin.told_declarant_discreet",
        to=text,
        when=local_day(ctx, due, lang),
    )


def on_reminder(ctx: FlowContext, kind: str, payload: dict[str, Any]) -> None:
    case = ctx.repos.cases.get(int(payload["case"]))
    if case is None or case.closed or case.level != 2:
        return  # closed, or moved to another level, since
    if kind == CHECKIN:
        _ask(ctx, case)
    elif kind == CHECKIN_REMIND:
        _ask(ctx, case, again=True)
    elif kind == CHECKIN_CALL:
        _ask_member_to_call(ctx, case)


def _ask(ctx: FlowContext, case: Case, *, again: bool = False) -> None:
    """The declarant's question (ctx.member is the declarant: the reminder is theirs)."""
    checkin = ctx.repos.casework.latest_checkin(case.id)
    if not again or checkin is None or checkin.answer is not None:
        checkin_id = ctx.repos.casework.add_checkin(case.id, ctx.now)
    else:
        checkin_id = checkin.id
    choices = [
        Choice(f"{PREFIX}:{answer}:{checkin_id}", ctx.t(f"checkin.answer_{answer}"))
        for answer in ANSWERS
    ]
    orientation = (case.orientation or "").split(" [member:")[0]
    key = "checkin.question_again" if again else "checkin.question"
    ctx.send(
        case.declarant_id,
        ctx.t(key, reference=case.reference, to=orientation),
        choices,
        tag=f"case:{case.reference}",
        discreet=None if again else ctx.t("checkin.question_discreet", reference=case.reference),
    )
    ctx.audit("case.checkin_asked", case.reference, {"again": again})
    if again:
        call = ctx.now + ctx.settings.checkin_reminder
        holder = case.assigned_to or case.declarant_id
        deadline(ctx, case, CHECKIN_CALL, CHECKIN_CALL, holder, decent_hour(ctx, call))
        return
    remind = ctx.now + ctx.settings.checkin_reminder
    deadline(ctx, case, CHECKIN_REMIND, CHECKIN_REMIND, case.declarant_id, decent_hour(ctx, remind))
    _tell_holder_task(ctx, case, "checkin.task_sent")


def _tell_holder_task(ctx: FlowContext, case: Case, key: str, **params: Any) -> None:
    holder = ctx.repos.members.get(case.assigned_to or 0)
    if holder is None or not holder.active:
        return
    ctx.send(holder.id, t(holder.language, key, reference=case.reference, **params))


def _ask_member_to_call(ctx: FlowContext, case: Case) -> None:
    """No answer to the check-in nor to its reminder: the member decides (ctx.member)."""
    how = "write" if case.anonymous else "call"
    ctx.reply(
        ctx.t(f"checkin.no_answer_{how}", reference=case.reference),
        holder_choices(ctx.language, case, validate=True),
    )


def handle_choice(ctx: FlowContext, choice_id: str) -> None:
    """The declarant answers "Votre problème est-il résolu ?"."""
    assert ctx.member is not None
    ctx.choice_accepted = True
    parts = choice_id.split(":")
    checkin = None
    if len(parts) == 3 and parts[1] in ANSWERS and parts[2].isdigit():
        checkin = ctx.repos.casework.checkin(int(parts[2]))
    case = ctx.repos.cases.get(checkin.incident_id) if checkin else None
    if checkin is None or case is None or case.declarant_id != ctx.member.id:
        refuse(ctx, "checkin.not_yours")
        return
    latest = ctx.repos.casework.latest_checkin(case.id)
    if case.closed:
        refuse(ctx, "checkin.case_closed", reference=case.reference)
        return
    if latest is None or latest.id != checkin.id or case.level != 2:
        refuse(ctx, "checkin.superseded", reference=case.reference)
        return
    answer = parts[1]
    if not ctx.repos.casework.answer_checkin(checkin.id, answer, ctx.now):
        refuse(ctx, "checkin.already", reference=case.reference)
        return
    ctx.repos.reminders.cancel_subject(case.reference, (CHECKIN_REMIND, CHECKIN_CALL))
    ctx.audit("case.checkin_answered", case.reference, {"answer": answer})
    ctx.repos.casework.note(case, ctx.member.id, f"checkin: {answer}", ctx.now)
    if answer == "yes":
        ctx.reply(ctx.t("checkin.thanks_yes", reference=case.reference))
        close_case(ctx, fresh(ctx, case), IncidentStatus.RESOLVED, "checkin: yes")
        return
    ctx.reply(ctx.t("checkin.thanks_not_yet", reference=case.reference))
    satisfaction.ask(ctx, case, case.declarant_id)
    holder = ctx.repos.members.get(case.assigned_to or 0)
    if holder is not None and holder.active:
        ctx.send(
            holder.id,
            t(holder.language, f"checkin.holder_{answer}", reference=case.reference),
            holder_choices(holder.language, case, validate=False),
        )


def holder_choices(language: str, case: Case, *, validate: bool) -> list[Choice]:
    """What the member may do after the check-in: validate the resolution themself (after a
    call, when the declarant did not answer), close as unresolved, orient again, or level 3."""
    ref = case.reference
    choices = [Choice(f"{WORK}:resolved:{ref}", t(language, "checkin.close_resolved"))]
    return (choices if validate else []) + [
        Choice(f"{WORK}:unresolved:{ref}", t(language, "checkin.close_unresolved")),
        Choice(f"{WORK}:level:{ref}:2", t(language, "checkin.orient_again")),
        Choice(f"{WORK}:level:{ref}:3", t(language, "checkin.to_level3")),
    ]


ORIENT_FORM = casework_form(
    FLOW,
    [
        Field(
            "to",
            "checkin.ask_orientation",
            "checkin.label_orientation",
            parse_text=free_text(3, 500),
        )
    ],
    _oriented,
)
