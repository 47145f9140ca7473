"""Where every inbound goes: commands, forms in progress, stale buttons, reminders."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from flows import indicators
from flows.cases import (
    casework,
    checkin,
    declaration,
    journal,
    offering,
    satisfaction,
)
from flows.cases.analysis import ACTION_PREFIX, handle_action_choice
from flows.cases.my_cases import show_my_cases
from flows.core.commands import COMMANDS
from flows.core.context import FlowContext
from flows.core.events import MessageBus
from flows.core.form import Form
from flows.core.menu import menu_choices, show_menu
from flows.domain.events import CaseReopenedWithoutHolder, EigsDowngraded
from flows.domain.messages import Choice, Inbound, InboundKind
from flows.domain.model import Role
from flows.domain.quiet_hours import next_allowed
from flows.members import availability, channels, enrollment, roster
from flows.rcp import changes, meetings, minutes, publication, review, vote
from flows.text.i18n import LANGUAGES
from flows.text.matching import match_choice

FORMS: dict[str, Form] = {
    declaration.FLOW: declaration.FORM,
    enrollment.FLOW: enrollment.PROFESSION_FORM,
    availability.FLOW: availability.FORM,
    **{form.name: form for form in casework.FORMS},
    **{form.name: form for form in meetings.FORMS},
    **{form.name: form for form in minutes.FORMS},
    **{form.name: form for form in review.FORMS},
    **{form.name: form for form in changes.FORMS},
}
# Buttons that name what they act on (a case, a check-in, a survey, an action) instead of
# carrying a conversation version: they answer whatever the form state.
STATELESS_BUTTONS = {
    "case:": offering.handle_choice,
    "work:": casework.handle_choice,
    f"{checkin.PREFIX}:": checkin.handle_choice,
    f"{satisfaction.PREFIX}:": satisfaction.handle_choice,
    f"{ACTION_PREFIX}:": handle_action_choice,
    f"{availability.CANCEL_PREFIX}:": availability.cancel_planned,
    f"{meetings.PREFIX}:": meetings.handle_choice,
    f"{channels.PREFIX}:": channels.handle_choice,
    f"{vote.VOTE_PREFIX}:": vote.toggle,
    f"{vote.AGENDA_PREFIX}:": vote.edit_agenda,
    f"{publication.PUBLISH_PREFIX}:": publication.publish,
    f"{publication.PRESENCE_PREFIX}:": publication.answer_presence,
    f"{minutes.MINUTES_PREFIX}:": minutes.handle_choice,
    f"{minutes.DECISION_PREFIX}:": minutes.answer_decision,
    f"{review.PREFIX}:": review.handle_choice,
    f"{changes.PREFIX}:": changes.handle_choice,
}
# Domain events, each handled by the area that owns the work (flows/domain/events.py).
BUS = MessageBus()
BUS.subscribe(CaseReopenedWithoutHolder, offering.on_reopened_without_holder)
BUS.subscribe(EigsDowngraded, casework.on_eigs_downgraded)
DRAFT_REMINDER = "draft"
LEAVE_YES, LEAVE_NO = "leave:yes", "leave:no"
DRAFT_RESUME, DRAFT_DROP = "draft:resume", "draft:drop"


def handle(ctx: FlowContext, inbound: Inbound, reminder: dict[str, Any] | None = None) -> None:
    """Run one step for an enrolled member (or a stranger, who can only enroll)."""
    if ctx.member is None:
        enrollment.handle_stranger(ctx, inbound)
        return
    had_form = _active_form(ctx) is not None
    if inbound.kind is InboundKind.REMINDER:
        assert reminder is not None
        _handle_reminder(ctx, reminder)
        BUS.publish(ctx)
        return
    _route(ctx, inbound)
    BUS.publish(ctx)  # before the draft reminder: a handler may start a form
    _schedule_draft_reminder(ctx, had_form)


def _active_form(ctx: FlowContext) -> Form | None:
    return FORMS.get(str(ctx.state.get("flow", "")))


def _route(ctx: FlowContext, inbound: Inbound) -> None:
    form = _active_form(ctx)
    if inbound.kind is InboundKind.TEXT and ctx.reply_choices:
        ballot = [c for c in ctx.reply_choices if c.id.startswith(f"{vote.VOTE_PREFIX}:")]
        if ballot and vote.typed_ballot(ctx, inbound.text, ballot):
            return  # "2, 3" answering a ballot: those items
        inbound = _as_reply_to_choices(ctx, inbound) or inbound
    if inbound.kind is InboundKind.COMMAND:
        _command(ctx, form, inbound.command, inbound.args)
        return
    if inbound.kind is InboundKind.CHOICE:
        prefix = inbound.choice_id.split(":", 1)[0] + ":"
        if prefix in STATELESS_BUTTONS:
            _stateless_button(ctx, form, inbound.choice_id)
            return
        if form is None and inbound.choice_id.startswith("cmd:"):
            # Menu buttons stay useful on old messages: they start something new.
            ctx.choice_accepted = True
            _command(ctx, None, inbound.choice_id.removeprefix("cmd:"), "")
            return
        if inbound.version != ctx.conversation.version:
            ctx.notice = ctx.t("input.stale_notice")
            _show_current(ctx, form, ctx.t("input.stale"))
            return
        # Current buttons count unless the step below finds the choice foreign to it.
        ctx.choice_accepted = True
    if form is not None and "leave" in ctx.state:
        _handle_leave(ctx, form, inbound)
    elif form is not None and (answer := _reminder_answer(ctx, inbound)) is not None:
        if answer == DRAFT_RESUME:
            form.prompt(ctx)
        else:
            form.cancel(ctx)
    elif form is not None:
        form.handle(ctx, inbound)
    elif (
        inbound.kind is InboundKind.TEXT
        and ctx.state.get("flow") == offering.RETRY_FLOW
        and offering.typed_retry(ctx, inbound.text)
    ) or (inbound.kind is not InboundKind.CHOICE and journal.in_conversation(ctx, inbound)):
        pass
    elif inbound.kind is InboundKind.CHOICE and inbound.choice_id.startswith("jpick:"):
        journal.picked(ctx, inbound.choice_id)
    elif inbound.kind is InboundKind.CHOICE and inbound.choice_id.startswith("journal:"):
        journal.open_case(ctx, inbound.choice_id.removeprefix("journal:"))
    elif inbound.kind is InboundKind.CHOICE and inbound.choice_id in ("name:show", "name:hide"):
        roster.set_name_setting(ctx, inbound.choice_id)
    elif inbound.kind is InboundKind.CHOICE and inbound.choice_id.startswith("skills:"):
        roster.edit_skills(ctx, int(inbound.choice_id.removeprefix("skills:")))
    elif inbound.kind is InboundKind.CHOICE and ctx.state.get("flow") == roster.FLOW:
        roster.toggle(ctx, inbound.choice_id)
    elif inbound.kind is InboundKind.CHOICE and inbound.choice_id.startswith("lang:"):
        _set_language(ctx, inbound.choice_id.removeprefix("lang:"))
    elif inbound.kind is InboundKind.TEXT and ctx.state.get("flow") == "language":
        picked = match_choice(inbound.text, _language_choices(ctx))
        if picked is None:
            _show_current(ctx, None, ctx.t("input.pick_a_choice"))
        else:
            _set_language(ctx, picked.id.removeprefix("lang:"))
    elif inbound.kind is InboundKind.TEXT and _typed_button(ctx, inbound.text):
        pass
    elif inbound.kind is InboundKind.TEXT:
        picked = match_choice(inbound.text, menu_choices(ctx))
        if picked is not None:
            _command(ctx, None, picked.id.removeprefix("cmd:"), "")
        elif not journal.ask_which_case(ctx, inbound.text):
            show_menu(ctx, ctx.t("idle.not_understood"))
    elif inbound.kind is InboundKind.MEDIA and journal.has_cases(ctx):
        # Someone with a case under way is likely sending it a document: say why not.
        show_menu(ctx, ctx.t("journal.no_files"))
    elif inbound.kind is InboundKind.MEDIA:
        show_menu(ctx, ctx.t("idle.media"))
    else:
        show_menu(ctx, ctx.t("input.stale"))


def _stateless_button(ctx: FlowContext, form: Form | None, choice_id: str) -> None:
    """Run a button that names its subject. If it would start a form while another is being
    filled, nothing is replaced yet: the person is asked whether to leave the form first."""
    before_state = copy.deepcopy(ctx.state)
    sent, recorded = len(ctx.outbound), len(ctx.events)
    STATELESS_BUTTONS[choice_id.split(":", 1)[0] + ":"](ctx, choice_id)
    now_form = _active_form(ctx)
    if form is None or (now_form is form and ctx.state.get("data") == before_state.get("data")):
        if form is not None and "leave" not in ctx.state:
            form.prompt(ctx)
        return
    # The button started another form: undo that (it wrote nothing yet) and ask first.
    del ctx.outbound[sent:]
    del ctx.events[recorded:]
    ctx.set_state(before_state)
    ctx.state["leave"] = {"choice": choice_id}
    _ask_leave(ctx)


def _as_reply_to_choices(ctx: FlowContext, inbound: Inbound) -> Inbound | None:
    """A reply (by mail) whose words answer the choices of the mail it replies to: that
    choice, with that mail's version, exactly as if its button had been pressed. An old mail
    answered this way gets "ce choix n'est plus valable", like an old button."""
    if inbound.kind is not InboundKind.TEXT or not ctx.reply_choices:
        return None
    picked = match_choice(inbound.text, list(ctx.reply_choices))
    if picked is None:
        return None
    return replace(
        inbound,
        kind=InboundKind.CHOICE,
        choice_id=picked.id,
        version=ctx.reply_version,
        choice_label=picked.label,
    )


def _typed_button(ctx: FlowContext, text: str) -> bool:
    """Typed text answering the latest buttons that name their subject (a check-in, a score,
    a case panel): every choice must be reachable by typing, on every transport."""
    last = ctx.repos.outbox.last_buttons(ctx.transport, ctx.address)
    if last is None:
        return False
    choices = [c for c in last.choices if c.id.split(":", 1)[0] + ":" in STATELESS_BUTTONS]
    if not choices:
        return False
    if vote.is_ballot(choices) and vote.typed_ballot(ctx, text, choices):
        return True  # "1 3" answering a ballot: those items, by mail as on any transport
    picked = match_choice(text, list(last.choices))
    if picked is None or picked not in choices:
        comment = next((c for c in choices if c.id.startswith("sat:comment:")), None)
        if comment is None or journal.has_cases(ctx):
            # With a case under way, free text may be for it: the comment needs its button.
            return False
        # "Un commentaire ?" answered by writing it straight away.
        return satisfaction.typed_comment(ctx, comment.id, text)
    _stateless_button(ctx, None, picked.id)
    return True


def _draft_choices(ctx: FlowContext) -> list[Choice]:
    return [Choice(DRAFT_RESUME, ctx.t("draft.resume")), Choice(DRAFT_DROP, ctx.t("draft.drop"))]


def _reminder_answer(ctx: FlowContext, inbound: Inbound) -> str | None:
    """The answer to the draft reminder, if this is one (a button, or typed right after it)."""
    asked = ctx.state.pop("reminder_asked", False)
    if inbound.choice_id in (DRAFT_RESUME, DRAFT_DROP):
        return inbound.choice_id
    if asked and inbound.kind is InboundKind.TEXT:
        picked = match_choice(inbound.text, _draft_choices(ctx))
        return picked.id if picked else None
    return None


def _show_current(ctx: FlowContext, form: Form | None, prefix: str) -> None:
    if form is not None and "leave" in ctx.state:
        _ask_leave(ctx, prefix)
    elif form is not None:
        form.prompt(ctx, prefix)
    elif ctx.state.get("flow") == "language":
        ctx.reply(f"{prefix}\n\n{ctx.t('language.ask')}", _language_choices(ctx))
    else:
        show_menu(ctx, prefix)


def _command(ctx: FlowContext, form: Form | None, command: str, args: str) -> None:
    if form is not None:
        if command == "annuler":
            form.cancel(ctx)
        elif command == "aide":
            form.prompt(ctx, ctx.t(f"help.{form.catalogue}"))
        elif command in COMMANDS:
            ctx.state["leave"] = {"command": command, "args": args}
            _ask_leave(ctx)
        else:
            form.prompt(ctx, ctx.t("command.unknown", command=command))
        return
    ctx.set_state({})
    handler = COMMAND_HANDLERS.get(command)
    if handler is None:
        show_menu(ctx, ctx.t("command.unknown", command=command))
        return
    handler(ctx, args)


def _help(ctx: FlowContext, args: str) -> None:
    assert ctx.member is not None
    extra = {Role.CELL: "help.cell", Role.PILOT: "help.pilot"}.get(ctx.member.role)
    show_menu(ctx, ctx.t("help.general") + (f"\n\n{ctx.t(extra)}" if extra else ""))


def _ask_language(ctx: FlowContext, args: str) -> None:
    ctx.set_state({"flow": "language"})
    ctx.reply(ctx.t("language.ask"), _language_choices(ctx))


def _hello(ctx: FlowContext, args: str, *, start: bool) -> None:
    assert ctx.member is not None
    key = "enroll.already_enrolled" if start and args else "menu.hello"
    show_menu(ctx, ctx.t(key, name=ctx.member.name))


# What each command does outside a form (args: what follows the command).
COMMAND_HANDLERS: dict[str, Callable[[FlowContext, str], None]] = {
    "declarer": lambda ctx, _: declaration.start(ctx),
    "mes_declarations": lambda ctx, _: show_my_cases(ctx),
    "dossiers": lambda ctx, _: casework.show_files(ctx),
    "cas": casework.case_command,
    "retirer": casework.withdraw_command,
    "rouvrir": casework.reopen_command,
    "indicateurs": indicators.show,
    "rcp": lambda ctx, _: meetings.show(ctx),
    "canal": lambda ctx, _: channels.show(ctx),
    "journal": journal.show_journal,
    "horaires": roster.working_hours,
    "nom": lambda ctx, _: roster.name_setting(ctx),
    "cellule": lambda ctx, _: roster.show_roster(ctx),
    "assigner": offering.assign_command,
    "absent": availability.absent,
    "disponible": lambda ctx, _: availability.available(ctx),
    "aide": _help,
    "annuler": lambda ctx, _: show_menu(ctx, ctx.t("command.nothing_to_cancel")),
    "langue": _ask_language,
    "start": lambda ctx, args: _hello(ctx, args, start=True),
    "menu": lambda ctx, args: _hello(ctx, args, start=False),
}


def _leave_choices(ctx: FlowContext) -> list[Choice]:
    return [Choice(LEAVE_YES, ctx.t("leave.yes")), Choice(LEAVE_NO, ctx.t("leave.no"))]


def _ask_leave(ctx: FlowContext, prefix: str | None = None) -> None:
    form = _active_form(ctx)
    text = ctx.t(f"leave.ask_{form.catalogue if form else ctx.state['flow']}")
    ctx.reply(f"{prefix}\n\n{text}" if prefix else text, _leave_choices(ctx))


def _handle_leave(ctx: FlowContext, form: Form, inbound: Inbound) -> None:
    choices = _leave_choices(ctx)
    if inbound.kind is InboundKind.CHOICE:
        picked = next((c for c in choices if c.id == inbound.choice_id), None)
    elif inbound.kind is InboundKind.TEXT:
        picked = match_choice(inbound.text, choices)
    else:
        picked = None
    if picked is None:
        _ask_leave(ctx, ctx.t("input.pick_a_choice"))
        return
    pending = ctx.state.pop("leave")
    if picked.id == LEAVE_NO:
        form.prompt(ctx)
        return
    ctx.set_state({})
    if "choice" in pending:
        _stateless_button(ctx, None, pending["choice"])
        return
    _command(ctx, None, pending["command"], pending["args"])


def _language_choices(ctx: FlowContext) -> list[Choice]:
    return [Choice(f"lang:{code}", ctx.t(f"language.name_{code}")) for code in LANGUAGES]


def _set_language(ctx: FlowContext, language: str) -> None:
    assert ctx.member is not None
    if language not in LANGUAGES:
        _show_current(ctx, None, ctx.t("input.pick_a_choice"))
        return
    ctx.repos.members.set_language(ctx.member.id, language)
    ctx.member = replace(ctx.member, language=language)
    ctx.set_state({})
    show_menu(ctx, ctx.t("language.set"))


# Which flow a reminder belongs to (the draft reminder is the dispatch's own, below).
REMINDER_HANDLERS: tuple[
    tuple[frozenset[str], Callable[[FlowContext, str, dict[str, Any]], None]], ...
] = (
    (offering.REMINDER_KINDS, offering.on_reminder),
    (casework.REMINDER_KINDS, casework.on_reminder),
    (vote.REMINDER_KINDS, vote.on_reminder),
    (publication.REMINDER_KINDS, publication.on_reminder),
    (minutes.REMINDER_KINDS, minutes.on_reminder),
)


def _handle_reminder(ctx: FlowContext, reminder: dict[str, Any]) -> None:
    assert ctx.member is not None
    wake = next_allowed(
        ctx.now, ctx.settings.timezone, ctx.settings.quiet_hours, ctx.settings.quiet_days
    )
    if wake > ctx.now:
        # Fell due while the bot was down, and it is now the middle of the night: later.
        ctx.repos.reminders.upsert(
            reminder["key"],
            reminder["kind"],
            ctx.member.id,
            wake,
            reminder["payload"],
            ctx.now,
            subject=reminder.get("subject"),
        )
        return
    payload = reminder["payload"]
    for kinds, on_reminder in REMINDER_HANDLERS:
        if reminder["kind"] in kinds:
            on_reminder(ctx, reminder["kind"], payload)
            return
    form = _active_form(ctx)
    if reminder["kind"] == DRAFT_REMINDER and form is not None:
        if payload.get("version") != ctx.conversation.version:
            return  # the person moved on since; a newer reminder exists
        ctx.state["reminder_asked"] = True
        ctx.reply(ctx.t(f"draft.reminder_{form.catalogue}"), _draft_choices(ctx))


def _schedule_draft_reminder(ctx: FlowContext, had_form: bool) -> None:
    assert ctx.member is not None
    key = f"{DRAFT_REMINDER}:{ctx.member.id}"
    if _active_form(ctx) is not None:
        due = next_allowed(
            ctx.now + ctx.settings.draft_reminder_delay,
            ctx.settings.timezone,
            ctx.settings.quiet_hours,
            ctx.settings.quiet_days,
        )
        ctx.repos.reminders.upsert(
            key, DRAFT_REMINDER, ctx.member.id, due, {"version": ctx.next_version}, ctx.now
        )
    elif had_form:
        ctx.repos.reminders.cancel(key)
