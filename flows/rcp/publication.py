"""Publishing an RCP agenda: the broadcast with its calendar invitation, presence answers,
reminders before the meeting, and the delivery report to the coordinator.

Every message goes through the outbox, which paces them within Telegram's limits; each carries
the meeting's broadcast tag, so the report counts what was sent, failed or found unreachable
once nothing is left pending.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flows.core.context import FlowContext
from flows.core.menu import refuse_to_menu, show_menu
from flows.domain.messages import Attachment, Choice
from flows.domain.model import AgendaItem, Meeting, MeetingStatus, Member
from flows.rcp import ics
from flows.rcp.meetings import ORGANISERS, audience_of, case_summary, concerns, local_when
from flows.rcp.minutes import schedule_minutes_reminders
from flows.text.i18n import t
from flows.text.matching import normalise

PUBLISH_PREFIX = "rcpp"
PRESENCE_PREFIX = "rcpr"
REMIND_EVE, REMIND_HOUR, REPORT = "rcp_remind_eve", "rcp_remind_hour", "rcp_report"
REMINDER_KINDS = frozenset({REMIND_EVE, REMIND_HOUR, REPORT})
REPORT_POLL = timedelta(minutes=1)


def broadcast_tag(meeting: Meeting) -> str:
    return f"rcp-agenda:{meeting.id}"


def agenda_text(
    ctx: FlowContext,
    meeting: Meeting,
    items: list[AgendaItem],
    language: str,
    *,
    discreet: bool = False,
) -> str:
    """The agenda; `discreet`: the titles of items about a case, written by people, show as
    🔒 (the case's reference, type and state stay)."""
    lines = [
        t(
            language,
            "rcp.agenda_title",
            title=meeting.title,
            when=local_when(ctx, meeting.starts_at, language),
            place=meeting.place,
            minutes=meeting.duration_min,
        )
    ]
    for item in items:
        line = t(
            language,
            "rcp.agenda_line",
            position=item.position,
            title=t(language, "details.hidden") if discreet and item.case_ref else item.title,
            minutes=item.minutes_est,
        )
        if item.case_ref:
            line += "\n   " + case_summary(ctx, item.case_ref)
        lines.append(line)
    return "\n".join(lines)


def invitation_file(
    ctx: FlowContext,
    meeting: Meeting,
    items: list[AgendaItem],
    sequence: int,
    *,
    cancelled: bool = False,
) -> Attachment:
    # Calendars sync to hosts that are not health-data hosts: an item about a case is named by
    # its reference there, never by what its author wrote.
    description = "\n".join(f"{i.position}. {i.case_ref or i.title}" for i in items)
    content = ics.invitation(
        # Unique beyond this installation: the territory's name is part of it.
        uid=f"rcp-{meeting.id}-{_slug(ctx.territory.name)}@rexbot",
        sequence=sequence,
        title=meeting.title,
        starts_at=meeting.starts_at,
        duration_min=meeting.duration_min,
        place=meeting.place,
        description=description,
        zone=ctx.settings.timezone,
        stamp=ctx.now,
        cancelled=cancelled,
    )
    return Attachment(f"rcp-{meeting.id}.ics", "text/calendar", content)


def _slug(name: str) -> str:
    return "-".join(normalise(name).split()) or "territoire"


def publish(ctx: FlowContext, choice_id: str) -> None:
    """« Publier »: the coordinator sends the agenda to the audience."""
    assert ctx.member is not None
    ctx.choice_accepted = True
    parts = choice_id.split(":")
    meeting = (
        ctx.repos.rcp.meeting(int(parts[1])) if len(parts) == 3 and parts[1].isdigit() else None
    )
    if meeting is None:
        refuse_to_menu(ctx, "rcp.unknown")
        return
    if ctx.member.role not in ORGANISERS:
        refuse_to_menu(ctx, "rcp.coordinator_only")
        return
    if meeting.status is not MeetingStatus.AGENDA_DRAFT:
        refuse_to_menu(ctx, "rcp.already_published", title=meeting.title)
        return
    if parts[2].isdigit() and int(parts[2]) != meeting.version:
        refuse_to_menu(ctx, "rcp.changed_meanwhile", title=meeting.title)
        return
    items = ctx.repos.rcp.agenda(meeting.id)
    if not items:
        refuse_to_menu(ctx, "rcp.agenda_empty", title=meeting.title)
        return
    if not ctx.repos.rcp.set_status(meeting.id, MeetingStatus.PUBLISHED, meeting.version):
        refuse_to_menu(ctx, "rcp.changed_meanwhile", title=meeting.title)
        return
    sequence = ctx.repos.rcp.next_sequence(meeting.id)
    ctx.repos.rcp.mark_published(meeting.id, ctx.now)
    audience = audience_of(ctx, meeting)
    unreachable = 0
    # One invitation for everyone: the same event, whoever opens it.
    invitation = invitation_file(ctx, meeting, items, sequence)
    for member in audience:
        if not ctx.repos.members.identities(member.id):
            unreachable += 1
            continue
        _send_agenda(ctx, meeting, items, member, invitation)
    ctx.audit("rcp.published", f"rcp:{meeting.id}", {"audience": len(audience)})
    _schedule(ctx, meeting, unreachable)
    schedule_minutes_reminders(ctx, meeting)
    ctx.reply(ctx.t("rcp.publishing", title=meeting.title, count=len(audience) - unreachable))


def _send_agenda(
    ctx: FlowContext,
    meeting: Meeting,
    items: list[AgendaItem],
    member: Member,
    invitation: Attachment,
) -> None:
    lang = member.language
    tag = broadcast_tag(meeting)
    ctx.send(
        member.id,
        agenda_text(ctx, meeting, items, lang),
        tag=tag,
        discreet=agenda_text(ctx, meeting, items, lang, discreet=True)
        if any(i.case_ref for i in items)
        else None,
    )
    ctx.send(
        member.id,
        t(lang, "rcp.invitation_caption", title=meeting.title),
        [
            Choice(f"{PRESENCE_PREFIX}:yes:{meeting.id}", t(lang, "rcp.present")),
            Choice(f"{PRESENCE_PREFIX}:no:{meeting.id}", t(lang, "rcp.absent")),
        ],
        tag=tag,
        attachment=invitation,
    )


def _schedule(ctx: FlowContext, meeting: Meeting, unreachable: int) -> None:
    assert ctx.member is not None
    schedule_reminders(ctx, meeting)
    _report_later(ctx, meeting, unreachable)


def _report_later(ctx: FlowContext, meeting: Meeting, unreachable: int) -> None:
    """Look again in a moment whether the broadcast is over (then the report goes out)."""
    assert ctx.member is not None
    ctx.repos.reminders.upsert(
        f"{REPORT}:{meeting.id}",
        REPORT,
        ctx.member.id,
        ctx.now + REPORT_POLL,
        {"meeting": meeting.id, "unreachable": unreachable},
        ctx.now,
        subject=f"rcp:{meeting.id}",
    )


def schedule_reminders(ctx: FlowContext, meeting: Meeting) -> None:
    """The reminders the day before and an hour before (those still to come)."""
    assert ctx.member is not None
    zone = ctx.settings.timezone
    eve = datetime.combine(
        meeting.starts_at.astimezone(zone).date() - timedelta(days=1),
        ctx.settings.rcp_eve_time,
        zone,
    )
    hour = meeting.starts_at - ctx.settings.rcp_last_reminder
    subject = f"rcp:{meeting.id}"
    payload: dict[str, Any] = {"meeting": meeting.id}
    for kind, due in ((REMIND_EVE, eve), (REMIND_HOUR, hour)):
        if due > ctx.now:
            ctx.repos.reminders.upsert(
                f"{kind}:{meeting.id}", kind, ctx.member.id, due, payload, ctx.now, subject=subject
            )


def answer_presence(ctx: FlowContext, choice_id: str) -> None:
    assert ctx.member is not None
    ctx.choice_accepted = True
    parts = choice_id.split(":")
    meeting = (
        ctx.repos.rcp.meeting(int(parts[2])) if len(parts) == 3 and parts[2].isdigit() else None
    )
    if meeting is None or not concerns(meeting, ctx.member):
        refuse_to_menu(ctx, "rcp.unknown")
        return
    if meeting.status is not MeetingStatus.PUBLISHED or ctx.now >= meeting.starts_at:
        refuse_to_menu(ctx, "rcp.presence_closed", title=meeting.title)
        return
    present = parts[1] == "yes"
    ctx.repos.rcp.set_presence(meeting.id, ctx.member.id, present, ctx.now)
    ctx.audit("rcp.presence", f"rcp:{meeting.id}", {"present": present})
    key = "rcp.presence_yes" if present else "rcp.presence_no"
    show_menu(ctx, ctx.t(key, title=meeting.title))


def presence_counts(ctx: FlowContext, meeting: Meeting) -> tuple[int, int]:
    answers = ctx.repos.rcp.presence(meeting.id)
    present = sum(1 for value in answers.values() if value)
    return present, len(answers) - present


def on_reminder(ctx: FlowContext, kind: str, payload: dict[str, Any]) -> None:
    meeting = ctx.repos.rcp.meeting(int(payload["meeting"]))
    if meeting is None or meeting.status is MeetingStatus.CANCELLED:
        return
    if kind == REPORT:
        _report(ctx, meeting, int(payload.get("unreachable", 0)))
        return
    if meeting.status is not MeetingStatus.PUBLISHED:
        return
    absent = {m for m, present in ctx.repos.rcp.presence(meeting.id).items() if not present}
    key = "rcp.reminder_eve" if kind == REMIND_EVE else "rcp.reminder_hour"
    for member in audience_of(ctx, meeting):
        if member.id in absent:
            continue
        ctx.send(
            member.id,
            t(
                member.language,
                key,
                title=meeting.title,
                when=local_when(ctx, meeting.starts_at, member.language),
                place=meeting.place,
            ),
        )


def _report(ctx: FlowContext, meeting: Meeting, unreachable: int) -> None:
    """Once nothing of the broadcast is pending, the coordinator gets its delivery report."""
    assert ctx.member is not None
    counts = ctx.repos.outbox.tag_report(broadcast_tag(meeting))
    if counts.get("pending", 0):
        _report_later(ctx, meeting, unreachable)
        return
    present, absent = presence_counts(ctx, meeting)
    ctx.audit("rcp.delivered", f"rcp:{meeting.id}", counts)
    ctx.reply(
        ctx.t(
            "rcp.delivery_report",
            title=meeting.title,
            sent=counts["sent"],
            failed=counts["failed"],
            unreachable=counts["unreachable"] + unreachable,
            present=present,
            absent=absent,
        )
    )
