"""The coordinator reviews proposals while they are open: reject one (its author is told why)
or merge two (the author of the merged one is told which item carries it on)."""

from __future__ import annotations

from typing import Any

from flows.core.context import FlowContext
from flows.core.form import Field, Form
from flows.core.free_text import free_text
from flows.core.menu import back_to_menu, refuse_to_menu, show_menu
from flows.domain.messages import Choice
from flows.domain.model import AgendaItem, Meeting, MeetingStatus
from flows.rcp.meetings import ORGANISERS, short
from flows.text.i18n import t

PREFIX = "rcpx"


def _open_item(ctx: FlowContext, item_id: int) -> tuple[AgendaItem, Meeting] | None:
    """The item and its meeting, if the coordinator may still review it."""
    assert ctx.member is not None
    item = ctx.repos.rcp.item(item_id)
    meeting = ctx.repos.rcp.meeting(item.meeting_id) if item else None
    if item is None or meeting is None:
        refuse_to_menu(ctx, "rcp.unknown")
        return None
    if ctx.member.role not in ORGANISERS:
        refuse_to_menu(ctx, "rcp.coordinator_only")
        return None
    if meeting.status is not MeetingStatus.PROPOSALS or item.state != "proposed":
        refuse_to_menu(ctx, "rcp.review_closed", title=item.title)
        return None
    return item, meeting


def show_proposals(ctx: FlowContext, meeting: Meeting) -> None:
    items = ctx.repos.rcp.items(meeting.id)
    if not items:
        show_menu(ctx, ctx.t("rcp.no_proposals_yet", title=meeting.title))
        return
    names = {m.id: m.name for m in ctx.repos.members.all()}
    lines = [ctx.t("rcp.proposals_title", title=meeting.title)]
    choices = []
    for number, item in enumerate(items, 1):
        lines.append(
            ctx.t(
                "rcp.proposal_line",
                number=number,
                title=item.title,
                kind=ctx.t(f"rcp.kind_{item.kind}"),
                description=item.description,
                minutes=item.minutes_est,
                author=names.get(item.author_id, "?"),
            )
        )
        choices.append(Choice(f"{PREFIX}:reject:{item.id}", ctx.t("rcp.reject", number=number)))
        if len(items) > 1:
            choices.append(Choice(f"{PREFIX}:merge:{item.id}", ctx.t("rcp.merge", number=number)))
    ctx.reply("\n".join(lines), choices)


def handle_choice(ctx: FlowContext, choice_id: str) -> None:
    ctx.choice_accepted = True
    parts = choice_id.split(":")
    if len(parts) not in (3, 4) or not all(p.isdigit() for p in parts[2:]):
        refuse_to_menu(ctx, "rcp.unknown")
        return
    action = parts[1]
    if action == "list":
        meeting = ctx.repos.rcp.meeting(int(parts[2]))
        if meeting is None:
            refuse_to_menu(ctx, "rcp.unknown")
        elif ctx.member is None or ctx.member.role not in ORGANISERS:
            refuse_to_menu(ctx, "rcp.coordinator_only")
        else:
            show_proposals(ctx, meeting)
        return
    found = _open_item(ctx, int(parts[2]))
    if found is None:
        return
    item, meeting = found
    if action == "reject":
        REJECT_FORM.start(ctx, {"item": item.id})
    elif action == "merge":
        others = [i for i in ctx.repos.rcp.items(meeting.id) if i.id != item.id]
        ctx.reply(
            ctx.t("rcp.merge_into", title=item.title),
            [Choice(f"{PREFIX}:into:{item.id}:{other.id}", short(other.title)) for other in others],
        )
    elif action == "into" and len(parts) == 4:
        _merge(ctx, item, meeting, int(parts[3]))
    else:
        refuse_to_menu(ctx, "rcp.unknown")


def _merge(ctx: FlowContext, item: AgendaItem, meeting: Meeting, into_id: int) -> None:
    into = ctx.repos.rcp.item(into_id)
    if into is None or into.meeting_id != meeting.id or into.state != "proposed":
        refuse_to_menu(ctx, "rcp.unknown")
        return
    ctx.repos.rcp.merge_item(item.id, into.id)
    ctx.audit("rcp.merged", f"rcp:{meeting.id}", {"item": item.id, "into": into.id})
    author = ctx.repos.members.get(item.author_id)
    if (
        author is not None
        and author.active
        and author.id != (ctx.member.id if ctx.member else None)
    ):
        ctx.send(
            author.id,
            t(
                author.language,
                "rcp.merged_author",
                title=item.title,
                into=into.title,
                meeting=meeting.title,
            ),
        )
    show_proposals(ctx, meeting)


def _rejected(ctx: FlowContext, data: dict[str, Any]) -> None:
    ctx.set_state({})
    found = _open_item(ctx, int(data["item"]))
    if found is None:
        return
    item, meeting = found
    reason = str(data["reason"])
    ctx.repos.rcp.set_item_state(item.id, "rejected", reason)
    ctx.audit("rcp.rejected", f"rcp:{meeting.id}", {"item": item.id})
    author = ctx.repos.members.get(item.author_id)
    if author is not None and author.active:
        ctx.send(
            author.id,
            t(
                author.language,
                "rcp.rejected_author",
                title=item.title,
                meeting=meeting.title,
                reason=reason,
            ),
        )
    show_proposals(ctx, meeting)


REJECT_FORM = Form(
    "rcp_reject",
    [
        Field(
            "reason",
            "rcp.ask_reject_reason",
            "rcp.label_reject_reason",
            parse_text=free_text(3, 500),
        )
    ],
    _rejected,
    back_to_menu("rcp.input_cancelled"),
    catalogue="rcp",
)
FORMS = (REJECT_FORM,)
