"""What every casework step shares: who may act on a case, its deadlines, telling the declarant,
closing it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from flows.cases import satisfaction
from flows.core.context import FlowContext
from flows.core.form import Field, Form
from flows.core.menu import back_to_menu, show_menu
from flows.domain.messages import Choice
from flows.domain.model import Case, IncidentStatus, Role
from flows.domain.quiet_hours import next_allowed
from flows.text.dates import format_date
from flows.text.i18n import t

WORK = "work"


def work_choice(ctx: FlowContext, action: str, case: Case, label_key: str, arg: str = "") -> Choice:
    """A button acting on a case. It names the case, so it keeps its meaning on an old message;
    the step it triggers checks that the case still allows it."""
    suffix = f":{arg}" if arg else ""
    return Choice(f"{WORK}:{action}:{case.reference}{suffix}", ctx.t(label_key))


def parse_work_choice(choice_id: str) -> tuple[str, str, str] | None:
    """(action, reference, argument) of a casework button."""
    parts = choice_id.split(":")
    if len(parts) not in (3, 4) or parts[0] != WORK:
        return None
    return parts[1], parts[2], parts[3] if len(parts) == 4 else ""


def refuse(ctx: FlowContext, key: str, **params: Any) -> None:
    """A button or command that cannot act: said in the chat and, on Telegram, as a toast."""
    ctx.choice_accepted = False
    ctx.notice = ctx.t(key, **params)
    ctx.reply(ctx.t(key, **params))


def is_pilot(ctx: FlowContext) -> bool:
    return ctx.member is not None and ctx.member.role is Role.PILOT


def holds(ctx: FlowContext, case: Case) -> bool:
    """The member who took the case (and still has it)."""
    return (
        ctx.member is not None
        and case.assigned_to == ctx.member.id
        and case.status is IncidentStatus.IN_PROGRESS
    )


def may_work(ctx: FlowContext, case: Case) -> bool:
    """Who may act on a case: the member who has it, or the pilot; said when refused."""
    if case.closed:
        refuse(ctx, "work.closed", reference=case.reference)
        return False
    if holds(ctx, case) or (is_pilot(ctx) and case.status is IncidentStatus.IN_PROGRESS):
        return True
    refuse(ctx, "work.not_yours", reference=case.reference)
    return False


def deadline(
    ctx: FlowContext,
    case: Case,
    name: str,
    kind: str,
    member_id: int,
    due: datetime,
    payload: dict[str, Any] | None = None,
) -> None:
    """A reminder about a case, named after it so that it can be listed and dropped with it."""
    body: dict[str, Any] = {"case": case.id, **(payload or {})}
    ctx.repos.reminders.upsert(
        f"{name}:{case.id}", kind, member_id, due, body, ctx.now, subject=case.reference
    )


def with_discreet(
    language: str, key: str, written: dict[str, str], **params: Any
) -> tuple[str, str]:
    """`key` in full, and its discreet form where what people wrote (`written`: an action,
    a note, a report) shows as 🔒, for channels that must not carry it."""
    full = t(language, key, **params, **written)
    hidden = {name: t(language, "details.hidden") for name in written}
    return full, t(language, key, **params, **hidden)


def tell_declarant(
    ctx: FlowContext,
    case: Case,
    key: str,
    choices: list[Choice] | None = None,
    *,
    discreet_key: str | None = None,
    **params: Any,
) -> None:
    """`key` to the declarant; `discreet_key` names its form without the case text that some
    of `params` carry (an outcome, an orientation), for channels that must not carry it."""
    declarant = ctx.repos.members.get(case.declarant_id)
    if declarant is None or not declarant.active:
        return
    lang = declarant.language
    text = t(lang, key, reference=case.reference, **params)
    discreet = t(lang, discreet_key, reference=case.reference, **params) if discreet_key else None
    ctx.send(declarant.id, text, choices or [], tag=f"case:{case.reference}", discreet=discreet)


def tell_holder(ctx: FlowContext, case: Case, key: str, **params: Any) -> None:
    """The member who has the case, unless they are the one acting."""
    if case.assigned_to is None or (ctx.member is not None and ctx.member.id == case.assigned_to):
        return
    holder = ctx.repos.members.get(case.assigned_to)
    if holder is not None and holder.active:
        ctx.send(holder.id, t(holder.language, key, reference=case.reference, **params))


def fresh(ctx: FlowContext, case: Case) -> Case:
    """The case as stored now (after this step's writes)."""
    return ctx.repos.cases.get(case.id) or case


def form_case(ctx: FlowContext, data: dict[str, Any], level: int | None = None) -> Case | None:
    """The case a completed casework form was about, if it may still be worked on: it may
    have been closed, moved level or changed hands while the question waited. Says why not."""
    ctx.set_state({})
    case = ctx.repos.cases.by_reference(str(data["case"]))
    if case is None or case.closed or (level is not None and case.level != level):
        show_menu(ctx, ctx.t("work.closed", reference=data["case"]))
        return None
    return case if may_work(ctx, case) else None


def casework_form(name: str, fields: list[Field], done: Callable[..., None]) -> Form:
    """A short form about a case: its help and "leave it?" texts are the casework ones; left,
    it says so and shows the menu."""
    return Form(name, fields, done, back_to_menu("work.input_cancelled"), catalogue="casework")


def close_case(ctx: FlowContext, case: Case, status: IncidentStatus, reason: str) -> bool:
    """Close the case, drop its deadlines, tell both parties and ask the declarant's opinion."""
    actor = None if ctx.by_clock or ctx.member is None else ctx.member.id
    if not ctx.repos.casework.close(case, status, reason, actor, ctx.now):
        refuse(ctx, "work.closed", reference=case.reference)
        return False
    ctx.repos.reminders.cancel_subject(case.reference)
    ctx.audit("case.closed", case.reference, {"status": status.value})
    if status is IncidentStatus.WITHDRAWN:
        tell_holder(ctx, case, "work.withdrawn_holder", reason=reason)
        return True
    days = ctx.settings.reopen_days
    reopen = Choice(f"{WORK}:reopen:{case.reference}", _declarant_label(ctx, case, "work.reopen"))
    tell_declarant(ctx, case, f"work.closed_declarant_{status.value}", [reopen], days=days)
    tell_holder(ctx, case, f"work.closed_holder_{status.value}")
    satisfaction.ask(ctx, case, case.declarant_id)
    return True


def _declarant_label(ctx: FlowContext, case: Case, key: str) -> str:
    declarant = ctx.repos.members.get(case.declarant_id)
    return t(declarant.language if declarant else ctx.language, key)


def decent_hour(ctx: FlowContext, at: datetime) -> datetime:
    """`at`, or the next working morning when it falls outside working hours: a person, not a
    pager, receives it."""
    at = ctx.settings.hours.add_days(at, 0)
    return next_allowed(
        at, ctx.settings.timezone, ctx.settings.quiet_hours, ctx.settings.quiet_days
    )


def local_day(ctx: FlowContext, at: datetime, language: str) -> str:
    return format_date(at.astimezone(ctx.settings.timezone).date(), language)
