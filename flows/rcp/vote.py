"""The RCP vote: approval voting on the proposed items, then the draft agenda.

At the proposal deadline every member of the audience receives one message listing the items,
one toggle button each (✅ approved by them); the message is edited in place as they vote, until
the vote deadline. Results stay hidden until then. A day before the close, those who have not
voted are reminded and the coordinator is told if the quorum is not reached. At the close, items
are ranked by approvals (ties: earliest proposal first) and cut to the maximum number of items
and to the meeting's duration; the coordinator gets the draft agenda to adjust.
"""

from __future__ import annotations

import re
from typing import Any

from flows.core.context import FlowContext
from flows.core.menu import refuse_to_menu
from flows.domain.messages import Choice
from flows.domain.model import AgendaItem, Meeting, MeetingStatus, Member
from flows.rcp.meetings import (
    ORGANISERS,
    VOTE_CLOSE,
    VOTE_OPEN,
    audience_of,
    concerns,
    local_when,
    short,
)
from flows.text.i18n import t

VOTE_PREFIX = "rcpv"
AGENDA_PREFIX = "rcpa"
VOTE_REMIND = "rcp_vote_remind"


def vote_tag(meeting: Meeting) -> str:
    return f"rcpvote:{meeting.id}"


def rank(
    items: list[AgendaItem], approvals: dict[int, int], max_items: int, minutes: int
) -> list[int]:
    """Most approved first (ties: earliest proposal), within the number of items and the time."""
    ordered = sorted(items, key=lambda i: (-approvals.get(i.id, 0), i.created_at, i.id))
    chosen: list[int] = []
    used = 0
    for item in ordered:
        if len(chosen) == max_items:
            break
        if used + item.minutes_est > minutes:
            continue  # too long for what is left; a shorter one may still fit
        chosen.append(item.id)
        used += item.minutes_est
    return chosen


# -- opening -----------------------------------------------------------------------------------


def open_vote(ctx: FlowContext, meeting: Meeting) -> None:
    """At the proposal deadline (ctx.member: the coordinator who created the meeting)."""
    assert ctx.member is not None
    if meeting.status is not MeetingStatus.PROPOSALS:
        return
    items = ctx.repos.rcp.items(meeting.id)
    if not ctx.repos.rcp.set_status(meeting.id, MeetingStatus.VOTING, meeting.version):
        return
    ctx.audit("rcp.vote_opened", f"rcp:{meeting.id}", {"items": len(items)})
    if not items:
        ctx.reply(ctx.t("rcp.no_proposals", title=meeting.title))
        return
    fresh = ctx.repos.rcp.meeting(meeting.id) or meeting
    for member in audience_of(ctx, fresh):
        text, choices = _ballot(ctx, fresh, member, items, set())
        ctx.send(member.id, text, choices, tag=vote_tag(fresh))
    remind_at = fresh.votes_until - ctx.settings.rcp_vote_reminder
    if remind_at > ctx.now:
        ctx.repos.reminders.upsert(
            f"{VOTE_REMIND}:{fresh.id}",
            VOTE_REMIND,
            ctx.member.id,
            remind_at,
            {"meeting": fresh.id},
            ctx.now,
            subject=f"rcp:{fresh.id}",
        )


def _ballot(
    ctx: FlowContext, meeting: Meeting, member: Member, items: list[AgendaItem], approved: set[int]
) -> tuple[str, list[Choice]]:
    lang = member.language
    lines = [
        t(
            lang,
            "rcp.ballot_title",
            title=meeting.title,
            until=local_when(ctx, meeting.votes_until, lang),
        )
    ]
    choices = []
    for number, item in enumerate(items, 1):
        lines.append(
            t(lang, "rcp.ballot_line", number=number, title=item.title, minutes=item.minutes_est)
        )
        mark = "✅" if item.id in approved else "▫️"
        choices.append(Choice(f"{VOTE_PREFIX}:{item.id}", f"{mark} {number}. {short(item.title)}"))
    lines.append(t(lang, "rcp.ballot_count", count=len(approved)))
    return "\n".join(lines), choices


# -- voting ------------------------------------------------------------------------------------


def toggle(ctx: FlowContext, choice_id: str) -> None:
    assert ctx.member is not None
    ctx.choice_accepted = True
    raw = choice_id.removeprefix(f"{VOTE_PREFIX}:")
    if raw.startswith("ballot:"):
        _ballot_again(ctx, raw.removeprefix("ballot:"))
        return
    item = ctx.repos.rcp.item(int(raw)) if raw.isdigit() else None
    meeting = ctx.repos.rcp.meeting(item.meeting_id) if item else None
    if item is None or meeting is None or not concerns(meeting, ctx.member):
        refuse_to_menu(ctx, "rcp.unknown")
        return
    if meeting.status is not MeetingStatus.VOTING or ctx.now >= meeting.votes_until:
        refuse_to_menu(ctx, "rcp.vote_closed", title=meeting.title)
        return
    if item.state != "proposed":
        refuse_to_menu(ctx, "rcp.item_gone", title=item.title)
        return
    approved_now = ctx.repos.rcp.toggle_vote(meeting.id, item.id, ctx.member.id, ctx.now)
    ctx.audit("rcp.vote", f"rcp:{meeting.id}", {"item": item.id, "approved": approved_now})
    items = ctx.repos.rcp.items(meeting.id)
    approved = ctx.repos.rcp.approved_by(meeting.id, ctx.member.id)
    text, choices = _ballot(ctx, meeting, ctx.member, items, approved)
    ctx.notice = ctx.t("rcp.voted" if approved_now else "rcp.unvoted", title=short(item.title))
    ctx.send(ctx.member.id, text, choices, edit_tag=vote_tag(meeting))


_NUMBERS = re.compile(r"^[\s,;.et+]*\d+(?:[\s,;.et+]+\d+)*[\s,;.]*$")


def is_ballot(choices: list[Choice]) -> bool:
    return bool(choices) and all(c.id.startswith(f"{VOTE_PREFIX}:") for c in choices)


def typed_ballot(ctx: FlowContext, text: str, choices: list[Choice]) -> bool:
    """A ballot answered with item numbers ("1, 3" or "2 et 4"): those items are approved and
    the others not, which is what a reply by e-mail says. One number alone is a button press
    (it toggles), so False then."""
    assert ctx.member is not None
    if not _NUMBERS.match(text):
        return False
    numbers = {int(n) for n in re.findall(r"\d+", text)}
    if len(numbers) < 2 or not all(1 <= n <= len(choices) for n in numbers):
        return False
    wanted = {int(choices[n - 1].id.removeprefix(f"{VOTE_PREFIX}:")) for n in numbers}
    first = ctx.repos.rcp.item(next(iter(wanted)))
    meeting = ctx.repos.rcp.meeting(first.meeting_id) if first else None
    if meeting is None or not concerns(meeting, ctx.member):
        return False
    if meeting.status is not MeetingStatus.VOTING or ctx.now >= meeting.votes_until:
        refuse_to_menu(ctx, "rcp.vote_closed", title=meeting.title)
        return True
    current = ctx.repos.rcp.approved_by(meeting.id, ctx.member.id)
    for item_id in sorted(wanted ^ current):
        ctx.repos.rcp.toggle_vote(meeting.id, item_id, ctx.member.id, ctx.now)
    ctx.audit("rcp.vote", f"rcp:{meeting.id}", {"items": sorted(wanted)})
    items = ctx.repos.rcp.items(meeting.id)
    ballot_text, ballot_choices = _ballot(ctx, meeting, ctx.member, items, wanted)
    ctx.send(ctx.member.id, ballot_text, ballot_choices, edit_tag=vote_tag(meeting))
    ctx.reply(ctx.t("rcp.votes_recorded", count=len(wanted), title=meeting.title))
    return True


def _ballot_again(ctx: FlowContext, raw: str) -> None:
    """The ballot sent again (from /rcp): older copies are edited along with it."""
    assert ctx.member is not None
    meeting = ctx.repos.rcp.meeting(int(raw)) if raw.isdigit() else None
    if meeting is None or not concerns(meeting, ctx.member):
        refuse_to_menu(ctx, "rcp.unknown")
        return
    if meeting.status is not MeetingStatus.VOTING or ctx.now >= meeting.votes_until:
        refuse_to_menu(ctx, "rcp.vote_closed", title=meeting.title)
        return
    items = ctx.repos.rcp.items(meeting.id)
    approved = ctx.repos.rcp.approved_by(meeting.id, ctx.member.id)
    text, choices = _ballot(ctx, meeting, ctx.member, items, approved)
    ctx.send(ctx.member.id, text, choices, tag=vote_tag(meeting))


def remind_voters(ctx: FlowContext, meeting: Meeting) -> None:
    """A day before the close: those who have not voted, and the quorum to the coordinator."""
    if meeting.status is not MeetingStatus.VOTING:
        return
    voters = ctx.repos.rcp.voters(meeting.id)
    audience = audience_of(ctx, meeting)
    for member in audience:
        if member.id not in voters:
            ctx.send(
                member.id,
                t(
                    member.language,
                    "rcp.vote_reminder",
                    title=meeting.title,
                    until=local_when(ctx, meeting.votes_until, member.language),
                ),
            )
    if meeting.quorum is not None and audience:
        share = len(voters & {m.id for m in audience}) / len(audience)
        if share < meeting.quorum:
            ctx.reply(
                ctx.t(
                    "rcp.quorum_missing",
                    title=meeting.title,
                    share=round(share * 100),
                    quorum=round(meeting.quorum * 100),
                )
            )


# -- closing and the draft agenda --------------------------------------------------------------


def close_vote(ctx: FlowContext, meeting: Meeting) -> None:
    """At the vote deadline: rank, and hand the draft agenda to the coordinator."""
    if meeting.status not in (MeetingStatus.VOTING, MeetingStatus.PROPOSALS):
        return
    if not ctx.repos.rcp.set_status(meeting.id, MeetingStatus.AGENDA_DRAFT, meeting.version):
        return
    items = ctx.repos.rcp.items(meeting.id)
    approvals = ctx.repos.rcp.tally(meeting.id)
    ctx.repos.rcp.schedule(
        meeting.id, rank(items, approvals, meeting.max_items, meeting.duration_min)
    )
    ctx.audit(
        "rcp.vote_closed", f"rcp:{meeting.id}", {"voters": len(ctx.repos.rcp.voters(meeting.id))}
    )
    show_draft(ctx, ctx.repos.rcp.meeting(meeting.id) or meeting)


def show_draft(ctx: FlowContext, meeting: Meeting, prefix: str | None = None) -> None:
    """The draft agenda with vote counts, and buttons to move, drop or add items."""
    approvals = ctx.repos.rcp.tally(meeting.id)
    agenda = ctx.repos.rcp.agenda(meeting.id)
    others = ctx.repos.rcp.items(meeting.id)
    voters = len(ctx.repos.rcp.voters(meeting.id))
    lines = [prefix, ""] if prefix else []
    lines.append(ctx.t("rcp.draft_title", title=meeting.title, voters=voters))
    used = 0
    choices: list[Choice] = []
    for item in agenda:
        used += item.minutes_est
        lines.append(
            ctx.t(
                "rcp.draft_line",
                position=item.position,
                title=item.title,
                votes=approvals.get(item.id, 0),
                minutes=item.minutes_est,
            )
        )
        if item.position and item.position > 1:
            choices.append(
                Choice(
                    f"{AGENDA_PREFIX}:up:{item.id}", ctx.t("rcp.move_up", position=item.position)
                )
            )
        choices.append(
            Choice(f"{AGENDA_PREFIX}:drop:{item.id}", ctx.t("rcp.drop", position=item.position))
        )
    lines.append(ctx.t("rcp.draft_time", used=used, total=meeting.duration_min))
    if agenda:
        choices.insert(0, Choice(f"rcpp:{meeting.id}:{meeting.version}", ctx.t("rcp.publish")))
    if others:
        lines.append(ctx.t("rcp.draft_left_out"))
        for item in others:
            lines.append(
                ctx.t("rcp.left_out_line", title=item.title, votes=approvals.get(item.id, 0))
            )
            choices.append(
                Choice(f"{AGENDA_PREFIX}:add:{item.id}", ctx.t("rcp.add", title=short(item.title)))
            )
    ctx.reply("\n".join(lines), choices)


def _show_again(ctx: FlowContext, meeting_id: int) -> None:
    """The draft agenda, from /rcp (the coordinator comes back to it)."""
    assert ctx.member is not None
    meeting = ctx.repos.rcp.meeting(meeting_id)
    if meeting is None:
        refuse_to_menu(ctx, "rcp.unknown")
    elif ctx.member.role not in ORGANISERS:
        refuse_to_menu(ctx, "rcp.coordinator_only")
    elif meeting.status is not MeetingStatus.AGENDA_DRAFT:
        refuse_to_menu(ctx, "rcp.agenda_not_editable", title=meeting.title)
    else:
        show_draft(ctx, meeting)


def edit_agenda(ctx: FlowContext, choice_id: str) -> None:
    """Move an item up, drop it, or add a left-out one (the coordinator, before publishing)."""
    assert ctx.member is not None
    ctx.choice_accepted = True
    parts = choice_id.split(":")
    if len(parts) == 3 and parts[1] == "show" and parts[2].isdigit():
        _show_again(ctx, int(parts[2]))
        return
    item = ctx.repos.rcp.item(int(parts[2])) if len(parts) == 3 and parts[2].isdigit() else None
    meeting = ctx.repos.rcp.meeting(item.meeting_id) if item else None
    if item is None or meeting is None:
        refuse_to_menu(ctx, "rcp.unknown")
        return
    if ctx.member.role not in ORGANISERS:
        refuse_to_menu(ctx, "rcp.coordinator_only")
        return
    if meeting.status is not MeetingStatus.AGENDA_DRAFT:
        refuse_to_menu(ctx, "rcp.agenda_not_editable", title=meeting.title)
        return
    order = [i.id for i in ctx.repos.rcp.agenda(meeting.id)]
    action = parts[1]
    if action == "up" and item.id in order and order.index(item.id) > 0:
        at = order.index(item.id)
        order[at - 1], order[at] = order[at], order[at - 1]
    elif action == "drop" and item.id in order:
        order.remove(item.id)
    elif action == "add" and item.id not in order and item.state == "proposed":
        order.append(item.id)
    else:
        show_draft(ctx, meeting, ctx.t("rcp.agenda_unchanged"))
        return
    ctx.repos.rcp.schedule(meeting.id, order)
    ctx.audit("rcp.agenda_edited", f"rcp:{meeting.id}", {"action": action, "item": item.id})
    show_draft(ctx, meeting)


REMINDER_KINDS = frozenset({VOTE_REMIND, VOTE_OPEN, VOTE_CLOSE})


def on_reminder(ctx: FlowContext, kind: str, payload: dict[str, Any]) -> None:
    meeting = ctx.repos.rcp.meeting(int(payload["meeting"]))
    if meeting is None:
        return
    if kind == VOTE_OPEN:
        open_vote(ctx, meeting)
    elif kind == VOTE_REMIND:
        remind_voters(ctx, meeting)
    elif kind == VOTE_CLOSE:
        close_vote(ctx, meeting)
