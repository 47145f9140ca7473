"""After an RCP: the minutes and the decisions, followed up until done.

The coordinator records who else attended (those who answered "present" are listed already),
an outcome for each agenda item and its decisions (text, owner, due date), then publishes the
minutes to the audience. Each owner receives their decision with « Fait / Pas encore »; it is
reminded before its due date, and the coordinator is alerted when it is overdue. Minutes not
published 3 and 7 days after the meeting remind the coordinator.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from flows.core.answers import coming_day, member_name, member_named
from flows.core.context import FlowContext
from flows.core.form import Field, Form
from flows.core.free_text import free_text
from flows.core.menu import back_to_menu, show_menu
from flows.domain.messages import Choice
from flows.domain.model import AgendaItem, Decision, Meeting, MeetingStatus
from flows.rcp.meetings import ORGANISERS, audience_of, local_when, short
from flows.text.dates import format_date
from flows.text.i18n import t

MINUTES_PREFIX = "rcpm"
DECISION_PREFIX = "rcpd"
MINUTES_LATE, DECISION_SOON, DECISION_LATE = (
    "rcp_minutes_late",
    "rcp_decision_soon",
    "rcp_decision_late",
)
REMINDER_KINDS = frozenset({MINUTES_LATE, DECISION_SOON, DECISION_LATE})
MINUTES_AFTER = (timedelta(days=3), timedelta(days=7))
DECISION_NOTICE = timedelta(days=2)


def schedule_minutes_reminders(ctx: FlowContext, meeting: Meeting) -> None:
    """Set when the agenda is published: 3 and 7 days after the meeting."""
    assert ctx.member is not None
    for number, after in enumerate(MINUTES_AFTER, 1):
        ctx.repos.reminders.upsert(
            f"{MINUTES_LATE}:{number}:{meeting.id}",
            MINUTES_LATE,
            ctx.member.id,
            meeting.starts_at + after,
            {"meeting": meeting.id, "days": after.days},
            ctx.now,
            subject=f"rcp:{meeting.id}",
        )


def _organiser(ctx: FlowContext) -> bool:
    assert ctx.member is not None
    if ctx.member.role in ORGANISERS:
        return True
    ctx.choice_accepted = False
    show_menu(ctx, ctx.t("rcp.coordinator_only"))
    return False


def _held(ctx: FlowContext, meeting_id: int) -> Meeting | None:
    meeting = ctx.repos.rcp.meeting(meeting_id)
    if meeting is None:
        show_menu(ctx, ctx.t("rcp.unknown"))
        return None
    if meeting.status is MeetingStatus.MINUTES_PUBLISHED:
        show_menu(ctx, ctx.t("rcp.minutes_already", title=meeting.title))
        return None
    if meeting.status is not MeetingStatus.PUBLISHED or meeting.starts_at > ctx.now:
        show_menu(ctx, ctx.t("rcp.minutes_not_yet", title=meeting.title))
        return None
    return meeting


def handle_choice(ctx: FlowContext, choice_id: str) -> None:
    """rcpm:start|decide|next|publish:<meeting>[:<item>]."""
    ctx.choice_accepted = True
    parts = choice_id.split(":")
    if len(parts) < 3 or not all(p.isdigit() for p in parts[2:]):
        ctx.choice_accepted = False
        show_menu(ctx, ctx.t("rcp.unknown"))
        return
    if not _organiser(ctx):
        return
    meeting = _held(ctx, int(parts[2]))
    if meeting is None:
        ctx.choice_accepted = False
        return
    action = parts[1]
    items = ctx.repos.rcp.agenda(meeting.id)
    if action == "start":
        _start(ctx, meeting)
    elif action == "again":
        # Written again from the start: what was noted is replaced (nothing was sent yet).
        ctx.repos.rcp.drop_decisions(meeting.id)
        _start(ctx, meeting)
    elif action == "decide" and len(parts) == 4:
        DECISION_FORM.start(ctx, {"meeting": meeting.id, "item": int(parts[3])})
    elif action == "next" and len(parts) == 4:
        _ask_outcome(ctx, meeting, items, int(parts[3]) + 1)
    elif action == "publish":
        publish(ctx, meeting)
    else:
        show_menu(ctx, ctx.t("rcp.unknown"))


def _start(ctx: FlowContext, meeting: Meeting) -> None:
    present = [
        member.name
        for member in audience_of(ctx, meeting)
        if ctx.repos.rcp.presence(meeting.id).get(member.id)
    ]
    names = ", ".join(present) if present else ctx.t("rcp.nobody_said_present")
    ctx.reply(ctx.t("rcp.minutes_intro", title=meeting.title, names=names))
    ATTENDEES_FORM.start(ctx, {"meeting": meeting.id})


def _attendees_done(ctx: FlowContext, data: dict[str, Any]) -> None:
    ctx.set_state({})
    meeting = _held(ctx, int(data["meeting"]))
    if meeting is None:
        return
    ctx.repos.rcp.set_other_attendees(meeting.id, data.get("others"))
    _ask_outcome(ctx, meeting, ctx.repos.rcp.agenda(meeting.id), 0)


def _ask_outcome(ctx: FlowContext, meeting: Meeting, items: list[AgendaItem], index: int) -> None:
    if index >= len(items):
        _review(ctx, meeting)
        return
    item = items[index]
    ctx.reply(ctx.t("rcp.outcome_item", position=item.position, title=item.title))
    OUTCOME_FORM.start(ctx, {"meeting": meeting.id, "item": item.id, "index": index})


def _outcome_done(ctx: FlowContext, data: dict[str, Any]) -> None:
    ctx.set_state({})
    meeting = _held(ctx, int(data["meeting"]))
    if meeting is None:
        return
    ctx.repos.rcp.set_outcome(int(data["item"]), str(data["outcome"]))
    _offer_decision(ctx, meeting, int(data["item"]), int(data["index"]))


def _offer_decision(ctx: FlowContext, meeting: Meeting, item_id: int, index: int) -> None:
    ctx.reply(
        ctx.t("rcp.decision_ask"),
        [
            Choice(f"{MINUTES_PREFIX}:decide:{meeting.id}:{item_id}", ctx.t("rcp.add_decision")),
            Choice(f"{MINUTES_PREFIX}:next:{meeting.id}:{index}", ctx.t("rcp.next_item")),
        ],
    )


_parse_due = coming_day("rcp.date_past", "rcp.date_unreadable")


def _decision_done(ctx: FlowContext, data: dict[str, Any]) -> None:
    ctx.set_state({})
    meeting = _held(ctx, int(data["meeting"]))
    if meeting is None:
        return
    item_id = int(data["item"])
    decision = ctx.repos.rcp.add_decision(
        meeting.id,
        item_id,
        str(data["text"]),
        int(data["owner"]),
        date.fromisoformat(str(data["due"])),
        ctx.now,
    )
    ctx.audit("rcp.decision", f"rcp:{meeting.id}", {"decision": decision.id})
    items = ctx.repos.rcp.agenda(meeting.id)
    index = next((i for i, item in enumerate(items) if item.id == item_id), len(items))
    ctx.reply(ctx.t("rcp.decision_recorded", text=decision.text))
    _offer_decision(ctx, meeting, item_id, index)


def minutes_text(ctx: FlowContext, meeting: Meeting, language: str) -> str:
    outcomes = ctx.repos.rcp.outcomes(meeting.id)
    decisions = ctx.repos.rcp.decisions(meeting.id)
    names = {m.id: m.name for m in ctx.repos.members.all()}
    present = [
        names[m] for m, yes in ctx.repos.rcp.presence(meeting.id).items() if yes and m in names
    ]
    others = ctx.repos.rcp.other_attendees(meeting.id)
    attendees = ", ".join([*present, *([others] if others else [])]) or "—"
    lines = [
        t(
            language,
            "rcp.minutes_title",
            title=meeting.title,
            when=local_when(ctx, meeting.starts_at, language),
        ),
        t(language, "rcp.minutes_attendees", names=attendees),
    ]
    for item in ctx.repos.rcp.agenda(meeting.id):
        lines.append(
            t(
                language,
                "rcp.minutes_item",
                position=item.position,
                title=item.title,
                outcome=outcomes.get(item.id, "—"),
            )
        )
        for decision in decisions:
            if decision.item_id == item.id:
                lines.append(
                    t(
                        language,
                        "rcp.minutes_decision",
                        text=decision.text,
                        owner=names.get(decision.owner_id, "?"),
                        date=format_date(decision.due_on, language),
                    )
                )
    return "\n".join(lines)


def _review(ctx: FlowContext, meeting: Meeting) -> None:
    ctx.reply(
        minutes_text(ctx, meeting, ctx.language),
        [
            Choice(f"{MINUTES_PREFIX}:publish:{meeting.id}", ctx.t("rcp.publish_minutes")),
            Choice(f"{MINUTES_PREFIX}:again:{meeting.id}", ctx.t("rcp.minutes_again")),
        ],
    )


def publish(ctx: FlowContext, meeting: Meeting) -> None:
    if not ctx.repos.rcp.mark_minutes_published(meeting.id, ctx.now):
        show_menu(ctx, ctx.t("rcp.minutes_already", title=meeting.title))
        return
    ctx.audit("rcp.minutes_published", f"rcp:{meeting.id}")
    ctx.repos.reminders.cancel_subject(f"rcp:{meeting.id}", (MINUTES_LATE,))
    audience = audience_of(ctx, meeting)
    for member in audience:
        ctx.send(
            member.id, minutes_text(ctx, meeting, member.language), tag=f"rcp-minutes:{meeting.id}"
        )
    for decision in ctx.repos.rcp.decisions(meeting.id):
        _give(ctx, meeting, decision)
    show_menu(ctx, ctx.t("rcp.minutes_published", title=meeting.title, count=len(audience)))


def _give(ctx: FlowContext, meeting: Meeting, decision: Decision) -> None:
    assert ctx.member is not None
    owner = ctx.repos.members.get(decision.owner_id)
    if owner is None or not owner.active:
        return
    zone = ctx.settings.timezone
    soon = datetime.combine(decision.due_on - DECISION_NOTICE, time(9, 0), zone)
    late = datetime.combine(decision.due_on + timedelta(days=1), time(9, 0), zone)
    payload: dict[str, Any] = {"decision": decision.id, "coordinator": ctx.member.id}
    subject = f"rcp:{meeting.id}"
    if soon > ctx.now:
        ctx.repos.reminders.upsert(
            f"{DECISION_SOON}:{decision.id}",
            DECISION_SOON,
            owner.id,
            soon,
            payload,
            ctx.now,
            subject=subject,
        )
    ctx.repos.reminders.upsert(
        f"{DECISION_LATE}:{decision.id}",
        DECISION_LATE,
        owner.id,
        late,
        payload,
        ctx.now,
        subject=subject,
    )
    ctx.send(
        owner.id,
        t(
            owner.language,
            "rcp.decision_given",
            title=meeting.title,
            text=decision.text,
            date=format_date(decision.due_on, owner.language),
        ),
        decision_choices(owner.language, decision),
    )


def decision_choices(language: str, decision: Decision) -> list[Choice]:
    return [
        Choice(f"{DECISION_PREFIX}:done:{decision.id}", t(language, "rcp.decision_done")),
        Choice(f"{DECISION_PREFIX}:later:{decision.id}", t(language, "rcp.decision_later")),
    ]


def answer_decision(ctx: FlowContext, choice_id: str) -> None:
    """« Fait » or « Pas encore » from the decision's owner."""
    assert ctx.member is not None
    ctx.choice_accepted = True
    parts = choice_id.split(":")
    decision = (
        ctx.repos.rcp.decision(int(parts[2])) if len(parts) == 3 and parts[2].isdigit() else None
    )
    if decision is None or decision.owner_id != ctx.member.id:
        ctx.choice_accepted = False
        show_menu(ctx, ctx.t("rcp.decision_not_yours"))
        return
    if decision.state != "open":
        show_menu(ctx, ctx.t("rcp.decision_already_done", text=short(decision.text)))
        return
    if parts[1] == "later":
        show_menu(
            ctx, ctx.t("rcp.decision_noted_later", date=format_date(decision.due_on, ctx.language))
        )
        return
    ctx.repos.rcp.finish_decision(decision.id, ctx.now)
    for kind in (DECISION_SOON, DECISION_LATE):
        ctx.repos.reminders.cancel(f"{kind}:{decision.id}")
    ctx.audit("rcp.decision_done", f"rcp:{decision.meeting_id}", {"decision": decision.id})
    show_menu(ctx, ctx.t("rcp.decision_marked_done", text=short(decision.text)))


def on_reminder(ctx: FlowContext, kind: str, payload: dict[str, Any]) -> None:
    assert ctx.member is not None
    if kind == MINUTES_LATE:
        meeting = ctx.repos.rcp.meeting(int(payload["meeting"]))
        if meeting is not None and meeting.status is MeetingStatus.PUBLISHED:
            ctx.reply(
                ctx.t("rcp.minutes_reminder", title=meeting.title, days=payload["days"]),
                [Choice(f"{MINUTES_PREFIX}:start:{meeting.id}", ctx.t("rcp.write_minutes"))],
            )
        return
    decision = ctx.repos.rcp.decision(int(payload["decision"]))
    if decision is None or decision.state != "open":
        return
    lang = ctx.member.language
    when = format_date(decision.due_on, lang)
    if kind == DECISION_SOON:
        ctx.reply(
            t(lang, "rcp.decision_soon", text=decision.text, date=when),
            decision_choices(lang, decision),
        )
        return
    ctx.reply(
        t(lang, "rcp.decision_late", text=decision.text, date=when),
        decision_choices(lang, decision),
    )
    coordinator = ctx.repos.members.get(int(payload["coordinator"]))
    if coordinator is not None and coordinator.active:
        ctx.send(
            coordinator.id,
            t(
                coordinator.language,
                "rcp.decision_late_coordinator",
                text=decision.text,
                owner=ctx.member.name,
                date=format_date(decision.due_on, coordinator.language),
            ),
        )


def _form(name: str, fields: list[Field], done: Any) -> Form:
    return Form(name, fields, done, back_to_menu("rcp.minutes_paused"), catalogue="rcp")


ATTENDEES_FORM = _form(
    "rcp_attendees",
    [
        Field(
            "others",
            "rcp.ask_other_attendees",
            "rcp.label_other_attendees",
            parse_text=free_text(2, 500),
            optional=True,
        )
    ],
    _attendees_done,
)
OUTCOME_FORM = _form(
    "rcp_outcome",
    [Field("outcome", "rcp.ask_outcome", "rcp.label_outcome", parse_text=free_text(2, 1500))],
    _outcome_done,
)
DECISION_FORM = _form(
    "rcp_decision",
    [
        Field("text", "rcp.ask_decision", "rcp.label_decision", parse_text=free_text(3, 500)),
        Field(
            "owner",
            "rcp.ask_decision_owner",
            "rcp.label_owner",
            parse_text=member_named("rcp.owner_unknown"),
            show=member_name,
        ),
        Field(
            "due",
            "rcp.ask_decision_due",
            "rcp.label_due",
            parse_text=coming_day("rcp.date_past", "rcp.date_unreadable"),
        ),
    ],
    _decision_done,
)
FORMS = (ATTENDEES_FORM, OUTCOME_FORM, DECISION_FORM)
