"""The coordinator edits or cancels a meeting; everyone concerned hears of it.

An edit goes through the creation form again (its recap shows the current answers; Modifier
changes one). Both guard against two coordinators at once with the meeting's version: the
second one is told it changed meanwhile, and nothing of theirs is applied. Once the agenda is
published, the change carries an updated calendar invitation (same UID, higher SEQUENCE), and a
cancellation a cancelling one, so calendars follow.
"""

from __future__ import annotations

from typing import Any

from flows.core.context import FlowContext
from flows.core.form import Form
from flows.core.menu import back_to_menu, refuse_to_menu, show_menu
from flows.domain.messages import Choice
from flows.domain.model import Meeting, MeetingStatus
from flows.rcp.meetings import (
    MEETING_FIELDS,
    ORGANISERS,
    VOTE_CLOSE,
    VOTE_OPEN,
    audience_of,
    deadlines_error,
    form_data,
    local_when,
    meeting_from,
)
from flows.rcp.publication import (
    PRESENCE_PREFIX,
    REMIND_EVE,
    REMIND_HOUR,
    invitation_file,
    schedule_reminders,
)
from flows.text.i18n import t

PREFIX = "rcpc"
EDITABLE = frozenset(
    {
        MeetingStatus.PROPOSALS,
        MeetingStatus.VOTING,
        MeetingStatus.AGENDA_DRAFT,
        MeetingStatus.PUBLISHED,
    }
)


def _changeable(ctx: FlowContext, meeting_id: int) -> Meeting | None:
    assert ctx.member is not None
    meeting = ctx.repos.rcp.meeting(meeting_id)
    if meeting is None:
        refuse_to_menu(ctx, "rcp.unknown")
        return None
    if ctx.member.role not in ORGANISERS:
        refuse_to_menu(ctx, "rcp.coordinator_only")
        return None
    if meeting.status not in EDITABLE or meeting.starts_at <= ctx.now:
        refuse_to_menu(ctx, "rcp.not_changeable", title=meeting.title)
        return None
    return meeting


def handle_choice(ctx: FlowContext, choice_id: str) -> None:
    """rcpc:edit|cancel:<meeting>, rcpc:confirm:<meeting>:<version>."""
    ctx.choice_accepted = True
    parts = choice_id.split(":")
    if len(parts) not in (3, 4) or not all(p.isdigit() for p in parts[2:]):
        refuse_to_menu(ctx, "rcp.unknown")
        return
    meeting = _changeable(ctx, int(parts[2]))
    if meeting is None:
        return
    action = parts[1]
    if action == "edit":
        EDIT_FORM.start(ctx, form_data(ctx, meeting))
    elif action == "cancel":
        ctx.reply(
            ctx.t("rcp.cancel_confirm", title=meeting.title),
            [
                Choice(f"{PREFIX}:confirm:{meeting.id}:{meeting.version}", ctx.t("rcp.cancel_yes")),
                Choice("cmd:rcp", ctx.t("rcp.cancel_no")),
            ],
        )
    elif action == "confirm" and len(parts) == 4:
        _cancel(ctx, meeting, int(parts[3]))
    else:
        refuse_to_menu(ctx, "rcp.unknown")


def _cancel(ctx: FlowContext, meeting: Meeting, version: int) -> None:
    if not ctx.repos.rcp.set_status(meeting.id, MeetingStatus.CANCELLED, version):
        refuse_to_menu(ctx, "rcp.changed_meanwhile", title=meeting.title)
        return
    ctx.repos.reminders.cancel_subject(f"rcp:{meeting.id}")
    ctx.audit("rcp.cancelled", f"rcp:{meeting.id}")
    published = meeting.status is MeetingStatus.PUBLISHED
    items = ctx.repos.rcp.agenda(meeting.id)
    sequence = ctx.repos.rcp.next_sequence(meeting.id) if published else 0
    for member in audience_of(ctx, meeting):
        if member.id == (ctx.member.id if ctx.member else None):
            continue
        ctx.send(
            member.id,
            t(
                member.language,
                "rcp.cancelled_notice",
                title=meeting.title,
                when=local_when(ctx, meeting.starts_at, member.language),
            ),
            attachment=invitation_file(ctx, meeting, items, sequence, cancelled=True)
            if published
            else None,
        )
    show_menu(ctx, ctx.t("rcp.cancelled_done", title=meeting.title))


def _edited(ctx: FlowContext, data: dict[str, Any]) -> None:
    assert ctx.member is not None
    meeting = _changeable(ctx, int(data["meeting_id"]))
    if meeting is None:
        ctx.set_state({})
        return
    new = meeting_from(ctx, data)
    problem = deadlines_error(ctx, new)
    if problem is not None:
        EDIT_FORM.prompt(ctx, ctx.t(problem))  # back to the recap, answers kept
        return
    ctx.set_state({})
    if new == meeting_from(ctx, form_data(ctx, meeting)):
        show_menu(ctx, ctx.t("rcp.nothing_changed", title=meeting.title))
        return
    if not ctx.repos.rcp.update_meeting(meeting.id, new, int(data["version"])):
        show_menu(ctx, ctx.t("rcp.changed_meanwhile", title=meeting.title))
        return
    fresh = ctx.repos.rcp.meeting(meeting.id)
    assert fresh is not None
    ctx.audit("rcp.edited", f"rcp:{meeting.id}")
    _reschedule(ctx, fresh)
    published = fresh.status is MeetingStatus.PUBLISHED
    items = ctx.repos.rcp.agenda(fresh.id)
    sequence = ctx.repos.rcp.next_sequence(fresh.id) if published else 0
    for member in audience_of(ctx, fresh):
        if member.id == ctx.member.id:
            continue
        lang = member.language
        text = t(
            lang,
            "rcp.changed_notice",
            title=fresh.title,
            when=local_when(ctx, fresh.starts_at, lang),
            place=fresh.place,
        )
        if published:
            ctx.send(
                member.id,
                text,
                [
                    Choice(f"{PRESENCE_PREFIX}:yes:{fresh.id}", t(lang, "rcp.present")),
                    Choice(f"{PRESENCE_PREFIX}:no:{fresh.id}", t(lang, "rcp.absent")),
                ],
                attachment=invitation_file(ctx, fresh, items, sequence),
            )
        else:
            ctx.send(member.id, text)
    show_menu(ctx, ctx.t("rcp.edited_done", title=fresh.title))


def _reschedule(ctx: FlowContext, meeting: Meeting) -> None:
    """Deadlines follow the new dates; those already passed stay passed."""
    assert ctx.member is not None
    subject = f"rcp:{meeting.id}"
    payload: dict[str, Any] = {"meeting": meeting.id}
    if meeting.status is MeetingStatus.PROPOSALS:
        ctx.repos.reminders.upsert(
            f"{VOTE_OPEN}:{meeting.id}",
            VOTE_OPEN,
            ctx.member.id,
            meeting.proposals_until,
            payload,
            ctx.now,
            subject=subject,
        )
    if meeting.status in (MeetingStatus.PROPOSALS, MeetingStatus.VOTING):
        ctx.repos.reminders.upsert(
            f"{VOTE_CLOSE}:{meeting.id}",
            VOTE_CLOSE,
            ctx.member.id,
            meeting.votes_until,
            payload,
            ctx.now,
            subject=subject,
        )
    if meeting.status is MeetingStatus.PUBLISHED:
        for kind in (REMIND_EVE, REMIND_HOUR):
            ctx.repos.reminders.cancel(f"{kind}:{meeting.id}")
        schedule_reminders(ctx, meeting)


EDIT_FORM = Form(
    "rcp_edit",
    MEETING_FIELDS,
    _edited,
    back_to_menu("rcp.input_cancelled"),
    recap_title="rcp.edit_recap_title",
    catalogue="rcp",
)
FORMS = (EDIT_FORM,)
