"""RCP (réunions de concertation pluriprofessionnelles): the coordinator creates a meeting, its
audience is called for proposals, members propose agenda items.

`/rcp` is the entry point for everyone: the coordinator creates meetings there; members see the
upcoming meetings they are invited to, propose items and withdraw their own.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from flows.core.answers import coming_day
from flows.core.context import FlowContext
from flows.core.form import Field, Form, Parsed, option
from flows.core.free_text import free_text
from flows.core.menu import back_to_menu, show_menu
from flows.domain.messages import Choice
from flows.domain.model import IncidentStatus, Meeting, MeetingStatus, Member, NewMeeting, Role
from flows.members.enrollment import PROFESSIONS, profession_label
from flows.text.dates import format_date, parse_clock
from flows.text.i18n import t
from flows.text.matching import match_choice

PREFIX = "rcp"
ORGANISERS = frozenset({Role.COORDINATOR})
KINDS = ("complex_case", "practice", "protocol", "rex_follow_up", "other")
VOTE_OPEN, VOTE_CLOSE = "rcp_vote_open", "rcp_vote_close"
# Proposal and vote deadlines fall at noon on the chosen day: votes open in working time.
DEADLINE_HOUR = time(12, 0)


def local_when(ctx: FlowContext, at: datetime, language: str) -> str:
    local = at.astimezone(ctx.settings.timezone)
    return t(language, "rcp.when", date=format_date(local.date(), language), time=f"{local:%H:%M}")


def audience_label(language: str, audience: str) -> str:
    """ "Tous les membres", or the groups chosen ("La cellule qualité, Pharmacien")."""
    labels = []
    for part in audience.split(","):
        if part.startswith("profession:"):
            labels.append(profession_label(language, part.removeprefix("profession:")))
        else:
            labels.append(t(language, f"rcp.audience_{part}"))
    return ", ".join(labels)


def audience_of(ctx: FlowContext, meeting: Meeting) -> list[Member]:
    """Everyone the meeting concerns (the coordinators always)."""
    return [m for m in ctx.repos.members.all() if m.active and concerns(meeting, m)]


def concerns(meeting: Meeting, member: Member) -> bool:
    """Whether the meeting's audience (all, or some of: the cell, professions) includes them."""
    groups = set(meeting.audience.split(","))
    if member.role in ORGANISERS or "all" in groups:
        return True
    if "cell" in groups and member.role in (Role.CELL, Role.PILOT):
        return True
    return f"profession:{member.profession}" in groups


# -- /rcp ---------------------------------------------------------------------------------------


def show(ctx: FlowContext) -> None:
    """The upcoming meetings this member is concerned by, and what they can do about each."""
    assert ctx.member is not None
    me = ctx.member
    meetings = [m for m in ctx.repos.rcp.upcoming(ctx.now) if concerns(m, me)]
    lines = [ctx.t("rcp.title")]
    choices: list[Choice] = []
    if me.role in ORGANISERS:
        choices.append(Choice(f"{PREFIX}:new:0", ctx.t("rcp.new")))
    if me.role in ORGANISERS:
        for held in ctx.repos.rcp.held_without_minutes(ctx.now):
            lines.append(ctx.t("rcp.minutes_to_write", title=held.title))
            choices.append(
                Choice(
                    f"rcpm:start:{held.id}", ctx.t("rcp.write_minutes_for", title=short(held.title))
                )
            )
    for decision in ctx.repos.rcp.open_decisions(me.id):
        lines.append(
            ctx.t(
                "rcp.my_decision",
                text=decision.text,
                date=format_date(decision.due_on, ctx.language),
            )
        )
        choices.append(
            Choice(
                f"rcpd:done:{decision.id}",
                ctx.t("rcp.decision_done_for", text=short(decision.text)),
            )
        )
    if not meetings:
        lines.append(ctx.t("rcp.none"))
    for meeting in meetings:
        lines.append(_meeting_line(ctx, meeting))
        if me.role in ORGANISERS:
            choices.append(
                Choice(f"rcpc:edit:{meeting.id}", ctx.t("rcp.edit_for", title=short(meeting.title)))
            )
            choices.append(
                Choice(
                    f"rcpc:cancel:{meeting.id}", ctx.t("rcp.cancel_for", title=short(meeting.title))
                )
            )
        if me.role in ORGANISERS and meeting.status is MeetingStatus.AGENDA_DRAFT:
            choices.append(
                Choice(
                    f"rcpa:show:{meeting.id}", ctx.t("rcp.draft_for", title=short(meeting.title))
                )
            )
        if me.role in ORGANISERS and meeting.status is MeetingStatus.PROPOSALS:
            choices.append(
                Choice(
                    f"rcpx:list:{meeting.id}",
                    ctx.t("rcp.review_for", title=short(meeting.title)),
                )
            )
        if meeting.status is MeetingStatus.PROPOSALS and ctx.now < meeting.proposals_until:
            choices.append(
                Choice(
                    f"{PREFIX}:propose:{meeting.id}",
                    ctx.t("rcp.propose_for", title=short(meeting.title)),
                )
            )
        if meeting.status is MeetingStatus.VOTING:
            approved = ctx.repos.rcp.approved_by(meeting.id, me.id)
            lines.append(ctx.t("rcp.my_votes", count=len(approved)))
            choices.append(
                Choice(
                    f"rcpv:ballot:{meeting.id}",
                    ctx.t("rcp.my_ballot", title=short(meeting.title)),
                )
            )
        for item in ctx.repos.rcp.items_of(me.id, meeting.id):
            lines.append(ctx.t("rcp.my_item", title=item.title))
            if meeting.status is MeetingStatus.PROPOSALS:
                choices.append(
                    Choice(
                        f"{PREFIX}:withdraw:{item.id}",
                        ctx.t("rcp.withdraw", title=short(item.title)),
                    )
                )
    ctx.set_state({})
    ctx.reply("\n".join(lines), choices)


def short(text: str, limit: int = 32) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _meeting_line(ctx: FlowContext, meeting: Meeting) -> str:
    return ctx.t(
        "rcp.meeting_line",
        title=meeting.title,
        when=local_when(ctx, meeting.starts_at, ctx.language),
        place=meeting.place,
        status=ctx.t(
            f"rcp.status_{meeting.status.value}",
            until=local_when(
                ctx,
                meeting.proposals_until
                if meeting.status is MeetingStatus.PROPOSALS
                else meeting.votes_until,
                ctx.language,
            ),
        ),
    )


def handle_choice(ctx: FlowContext, choice_id: str) -> None:
    """An RCP button: it names the meeting or the item it acts on."""
    assert ctx.member is not None
    ctx.choice_accepted = True
    parts = choice_id.split(":")
    if len(parts) != 3 or not parts[2].isdigit():
        show_menu(ctx, ctx.t("rcp.unknown"))
        return
    action, subject = parts[1], int(parts[2])
    if action == "new":
        start_meeting(ctx)
    elif action == "propose":
        start_proposal(ctx, subject)
    elif action == "withdraw":
        withdraw(ctx, subject)
    else:
        show_menu(ctx, ctx.t("rcp.unknown"))


# -- creating a meeting ------------------------------------------------------------------------


def start_meeting(ctx: FlowContext) -> None:
    assert ctx.member is not None
    if ctx.member.role not in ORGANISERS:
        ctx.choice_accepted = False
        show_menu(ctx, ctx.t("rcp.coordinator_only"))
        return
    MEETING_FORM.start(ctx)


def _data(ctx: FlowContext) -> dict[str, Any]:
    data: dict[str, Any] = ctx.state["data"]
    return data


_parse_day = coming_day("rcp.date_past", "rcp.date_unreadable")


def _parse_time(ctx: FlowContext, text: str) -> Parsed:
    clock = parse_clock(text)
    if clock is None:
        return Parsed(error="rcp.time_unreadable")
    day = date.fromisoformat(str(_data(ctx)["day"]))
    if datetime.combine(day, clock, ctx.settings.timezone) <= ctx.now:
        return Parsed(error="rcp.date_past")
    return Parsed(value=f"{clock:%H:%M}")


def _starts_at(ctx: FlowContext, data: dict[str, Any]) -> datetime:
    day = date.fromisoformat(str(data["day"]))
    return datetime.combine(day, time.fromisoformat(str(data["time"])), ctx.settings.timezone)


def _deadline(ctx: FlowContext, value: Any) -> datetime:
    return datetime.combine(date.fromisoformat(str(value)), DEADLINE_HOUR, ctx.settings.timezone)


def _parse_minutes(low: int, high: int, error: str) -> Any:
    def parse(ctx: FlowContext, text: str) -> Parsed:
        digits = "".join(c for c in text if c.isdigit())
        if not digits or not low <= int(digits) <= high:
            return Parsed(error=error, params={"low": low, "high": high})
        return Parsed(value=int(digits))

    return parse


def _parse_proposals_until(ctx: FlowContext, text: str) -> Parsed:
    parsed = _parse_day(ctx, text)
    if parsed.error is not None:
        return parsed
    if _deadline(ctx, parsed.value) <= ctx.now:
        return Parsed(error="rcp.deadline_past")
    if _deadline(ctx, parsed.value) >= _starts_at(ctx, _data(ctx)):
        return Parsed(error="rcp.deadline_after_meeting")
    return parsed


def _parse_votes_until(ctx: FlowContext, text: str) -> Parsed:
    parsed = _parse_day(ctx, text)
    if parsed.error is not None:
        return parsed
    data = _data(ctx)
    if _deadline(ctx, parsed.value) <= _deadline(ctx, data["proposals_until"]):
        return Parsed(error="rcp.vote_before_proposals")
    if _deadline(ctx, parsed.value) >= _starts_at(ctx, data):
        return Parsed(error="rcp.deadline_after_meeting")
    return parsed


_DURATION = re.compile(r"^\s*(?:(\d{1,2})\s*h\s*(\d{1,2})?|(\d{1,3}))\s*(?:min(?:utes?)?)?\s*$")


def _parse_duration(low: int, high: int) -> Any:
    """ "90", "90 min", "1h30", "2h" → minutes."""

    def parse(ctx: FlowContext, text: str) -> Parsed:
        m = _DURATION.match(text.lower())
        minutes = None
        if m is not None and m[3]:
            minutes = int(m[3])
        elif m is not None and m[1]:
            minutes = int(m[1]) * 60 + int(m[2] or 0)
        if minutes is None or not low <= minutes <= high:
            return Parsed(error="rcp.minutes_unreadable", params={"low": low, "high": high})
        return Parsed(value=minutes)

    return parse


def deadlines_error(ctx: FlowContext, new: NewMeeting) -> str | None:
    """Why the dates do not hold together (checked again at the recap: one answer may have
    been changed after the others), or None."""
    if new.starts_at <= ctx.now:
        return "rcp.date_past"
    if not new.proposals_until < new.votes_until:
        return "rcp.vote_before_proposals"
    if not new.votes_until < new.starts_at:
        return "rcp.deadline_after_meeting"
    return None


def _parse_quorum(ctx: FlowContext, text: str) -> Parsed:
    digits = "".join(c for c in text if c.isdigit())
    if not digits or not 1 <= int(digits) <= 100:
        return Parsed(error="rcp.quorum_unreadable")
    return Parsed(value=int(digits))


def _show_day(ctx: FlowContext, value: Any) -> str:
    return format_date(date.fromisoformat(str(value)), ctx.language)


def _audience_options(ctx: FlowContext) -> list[Choice]:
    options = [option("all", ctx.t("rcp.audience_all")), option("cell", ctx.t("rcp.audience_cell"))]
    options += [option(f"profession:{p}", profession_label(ctx.language, p)) for p in PROFESSIONS]
    return options


def meeting_from(ctx: FlowContext, data: dict[str, Any]) -> NewMeeting:
    """The meeting as the form's answers describe it."""
    return NewMeeting(
        title=str(data["title"]),
        starts_at=_starts_at(ctx, data),
        duration_min=int(data["duration"]),
        place=str(data["place"]),
        audience=str(data["audience"]),
        proposals_until=_deadline(ctx, data["proposals_until"]),
        votes_until=_deadline(ctx, data["votes_until"]),
        max_items=int(data["max_items"]),
        quorum=int(data["quorum"]) / 100 if data.get("quorum") else None,
    )


def form_data(ctx: FlowContext, meeting: Meeting) -> dict[str, Any]:
    """A meeting's answers, to edit them with the same form."""
    zone = ctx.settings.timezone
    local = meeting.starts_at.astimezone(zone)
    return {
        "title": meeting.title,
        "day": local.date().isoformat(),
        "time": f"{local:%H:%M}",
        "duration": meeting.duration_min,
        "place": meeting.place,
        "audience": meeting.audience,
        "proposals_until": meeting.proposals_until.astimezone(zone).date().isoformat(),
        "votes_until": meeting.votes_until.astimezone(zone).date().isoformat(),
        "max_items": meeting.max_items,
        "quorum": round(meeting.quorum * 100) if meeting.quorum else None,
        "meeting_id": meeting.id,
        "version": meeting.version,
    }


_LIST = re.compile(r"\s*(?:,|;|/|\bet\b|\+)\s*", re.IGNORECASE)


def _parse_audience(ctx: FlowContext, text: str) -> Parsed:
    """Several groups typed at once: "infirmier, pharmacien", "la cellule et les kinés"."""
    groups: list[str] = []
    for part in (p for p in _LIST.split(text) if p.strip()):
        picked = match_choice(part, _audience_options(ctx))
        if picked is None:
            return Parsed(error="rcp.audience_unreadable", params={"part": part.strip()})
        group = picked.id.removeprefix("opt:")
        if group not in groups:
            groups.append(group)
    if not groups:
        return Parsed(error="rcp.audience_unreadable", params={"part": text.strip()})
    return Parsed(value="all" if "all" in groups else ",".join(groups))


def _meeting_confirmed(ctx: FlowContext, data: dict[str, Any]) -> None:
    assert ctx.member is not None
    new = meeting_from(ctx, data)
    problem = deadlines_error(ctx, new) or (
        "rcp.deadline_past" if new.proposals_until <= ctx.now else None
    )
    if problem is not None:
        MEETING_FORM.prompt(ctx, ctx.t(problem))  # back to the recap, answers kept
        return
    ctx.set_state({})
    meeting = ctx.repos.rcp.add_meeting(new, ctx.member.id, ctx.now)
    ctx.audit("rcp.created", f"rcp:{meeting.id}")
    for kind, due in ((VOTE_OPEN, meeting.proposals_until), (VOTE_CLOSE, meeting.votes_until)):
        ctx.repos.reminders.upsert(
            f"{kind}:{meeting.id}",
            kind,
            ctx.member.id,
            due,
            {"meeting": meeting.id},
            ctx.now,
            subject=f"rcp:{meeting.id}",
        )
    audience = audience_of(ctx, meeting)
    for member in audience:
        if member.id == ctx.member.id:
            continue
        ctx.send(
            member.id,
            t(
                member.language,
                "rcp.call_for_proposals",
                title=meeting.title,
                when=local_when(ctx, meeting.starts_at, member.language),
                place=meeting.place,
                until=local_when(ctx, meeting.proposals_until, member.language),
            ),
            [Choice(f"{PREFIX}:propose:{meeting.id}", t(member.language, "rcp.propose"))],
        )
    show_menu(ctx, ctx.t("rcp.created", title=meeting.title, count=len(audience) - 1))
    still_open = ctx.repos.rcp.open_decisions()
    if still_open:
        # Decisions of earlier meetings not done yet: worth a place on this agenda.
        names = {m.id: m.name for m in ctx.repos.members.all()}
        lines = [ctx.t("rcp.open_decisions", count=len(still_open))]
        lines += [
            ctx.t(
                "rcp.open_decision_line",
                text=d.text,
                owner=names.get(d.owner_id, "?"),
                date=format_date(d.due_on, ctx.language),
            )
            for d in still_open
        ]
        ctx.reply("\n".join(lines))


MEETING_FIELDS = [
    Field("title", "rcp.ask_title", "rcp.label_title", parse_text=free_text(3, 120)),
    Field("day", "rcp.ask_day", "rcp.label_day", parse_text=_parse_day, show=_show_day),
    Field("time", "rcp.ask_time", "rcp.label_time", parse_text=_parse_time),
    Field(
        "duration",
        "rcp.ask_duration",
        "rcp.label_duration",
        options=lambda ctx: [option(str(m), ctx.t("rcp.minutes", count=m)) for m in (60, 90, 120)],
        parse_text=_parse_duration(15, 480),
        from_option=lambda ctx, value: int(value),
        show=lambda ctx, value: ctx.t("rcp.minutes", count=value),
    ),
    # A place may be a dial-in number or a visio address: not about a patient.
    Field(
        "place", "rcp.ask_place", "rcp.label_place", parse_text=free_text(3, 300, contacts=False)
    ),
    Field(
        "audience",
        "rcp.ask_audience",
        "rcp.label_audience",
        options=_audience_options,
        parse_text=_parse_audience,
        typed_first=True,
        show=lambda ctx, value: audience_label(ctx.language, str(value)),
    ),
    Field(
        "proposals_until",
        "rcp.ask_proposals_until",
        "rcp.label_proposals_until",
        parse_text=_parse_proposals_until,
        show=_show_day,
    ),
    Field(
        "votes_until",
        "rcp.ask_votes_until",
        "rcp.label_votes_until",
        parse_text=_parse_votes_until,
        show=_show_day,
    ),
    Field(
        "max_items",
        "rcp.ask_max_items",
        "rcp.label_max_items",
        options=lambda ctx: [option(str(n), str(n)) for n in (3, 5, 8)],
        parse_text=_parse_minutes(1, 20, "rcp.count_unreadable"),
        from_option=lambda ctx, value: int(value),
    ),
    Field(
        "quorum",
        "rcp.ask_quorum",
        "rcp.label_quorum",
        options=lambda ctx: [option(str(q), f"{q} %") for q in (25, 50)],
        parse_text=_parse_quorum,
        optional=True,
        from_option=lambda ctx, value: int(value),
        show=lambda ctx, value: f"{value} %",
    ),
]
MEETING_FORM = Form(
    "rcp_meeting",
    MEETING_FIELDS,
    _meeting_confirmed,
    back_to_menu("rcp.input_cancelled"),
    recap_title="rcp.recap_title",
    catalogue="rcp",
)


# -- proposals ---------------------------------------------------------------------------------


def _open_for_proposals(ctx: FlowContext, meeting_id: int) -> Meeting | None:
    """The meeting, if this member may still propose for it; otherwise says why."""
    assert ctx.member is not None
    meeting = ctx.repos.rcp.meeting(meeting_id)
    if meeting is None or not concerns(meeting, ctx.member):
        ctx.choice_accepted = False
        show_menu(ctx, ctx.t("rcp.unknown"))
        return None
    if meeting.status is not MeetingStatus.PROPOSALS or ctx.now >= meeting.proposals_until:
        ctx.choice_accepted = False
        upcoming = [
            m
            for m in ctx.repos.rcp.upcoming(ctx.now)
            if m.id != meeting.id
            and m.status is MeetingStatus.PROPOSALS
            and concerns(m, ctx.member)
        ]
        if upcoming:
            show_menu(
                ctx,
                ctx.t(
                    "rcp.proposals_closed_next",
                    title=meeting.title,
                    next=upcoming[0].title,
                    when=local_when(ctx, upcoming[0].starts_at, ctx.language),
                ),
            )
        else:
            show_menu(ctx, ctx.t("rcp.proposals_closed", title=meeting.title))
        return None
    return meeting


def start_proposal(ctx: FlowContext, meeting_id: int) -> None:
    assert ctx.member is not None
    if _open_for_proposals(ctx, meeting_id) is None:
        return
    cell = ctx.member.role in (Role.CELL, Role.PILOT)
    PROPOSAL_FORM.start(ctx, {"meeting": meeting_id, "cell": cell})


def _kind_options(ctx: FlowContext) -> list[Choice]:
    return [option(kind, ctx.t(f"rcp.kind_{kind}")) for kind in KINDS]


def _parse_case(ctx: FlowContext, text: str) -> Parsed:
    case = ctx.repos.cases.by_reference(text.strip().split(" ")[0])
    if case is None:
        return Parsed(error="rcp.case_unknown")
    if case.level != 3:
        return Parsed(error="rcp.case_not_level3", params={"reference": case.reference})
    return Parsed(value=case.reference)


def _proposed(ctx: FlowContext, data: dict[str, Any]) -> None:
    assert ctx.member is not None
    ctx.set_state({})
    meeting = _open_for_proposals(ctx, int(data["meeting"]))
    if meeting is None:
        return
    item = ctx.repos.rcp.add_item(
        meeting.id,
        ctx.member.id,
        str(data["title"]),
        str(data["description"]),
        str(data["kind"]),
        int(data["minutes"]),
        str(data["case"]) if data.get("case") else None,
        ctx.now,
    )
    ctx.audit("rcp.proposed", f"rcp:{meeting.id}", {"item": item.id})
    show_menu(
        ctx,
        ctx.t(
            "rcp.proposal_recorded",
            title=item.title,
            meeting=meeting.title,
            until=local_when(ctx, meeting.proposals_until, ctx.language),
        ),
    )


def withdraw(ctx: FlowContext, item_id: int) -> None:
    assert ctx.member is not None
    item = ctx.repos.rcp.item(item_id)
    meeting = ctx.repos.rcp.meeting(item.meeting_id) if item else None
    if item is None or meeting is None or item.author_id != ctx.member.id:
        ctx.choice_accepted = False
        show_menu(ctx, ctx.t("rcp.unknown"))
        return
    if meeting.status is not MeetingStatus.PROPOSALS or not ctx.repos.rcp.set_item_state(
        item.id, "withdrawn"
    ):
        ctx.choice_accepted = False
        show_menu(ctx, ctx.t("rcp.too_late_to_withdraw", title=item.title))
        return
    ctx.audit("rcp.withdrawn", f"rcp:{meeting.id}", {"item": item.id})
    show_menu(ctx, ctx.t("rcp.withdrawn", title=item.title))


def case_summary(ctx: FlowContext, reference: str) -> str:
    """An attached case as the audience sees it: type, level and state, never who declared it
    nor its text."""
    case = ctx.repos.cases.by_reference(reference)
    if case is None:
        return reference
    kind = ctx.territory.incident_type(case.incident_type)
    return ctx.t(
        "rcp.case_summary",
        reference=case.reference,
        type=kind.label(ctx.language) if kind else case.incident_type,
        status=ctx.t(f"status.{case.status.value}"),
        closed=case.status is not IncidentStatus.IN_PROGRESS,
    )


PROPOSAL_FORM = Form(
    "rcp_proposal",
    [
        Field("title", "rcp.ask_item_title", "rcp.label_item_title", parse_text=free_text(3, 120)),
        Field(
            "description",
            "rcp.ask_item_description",
            "rcp.label_item_description",
            parse_text=free_text(5, 1000),
        ),
        Field("kind", "rcp.ask_kind", "rcp.label_kind", options=_kind_options),
        Field(
            "minutes",
            "rcp.ask_item_minutes",
            "rcp.label_item_minutes",
            options=lambda ctx: [
                option(str(m), ctx.t("rcp.minutes", count=m)) for m in (10, 15, 30)
            ],
            parse_text=_parse_duration(5, 120),
            from_option=lambda ctx, value: int(value),
            show=lambda ctx, value: ctx.t("rcp.minutes", count=value),
        ),
        Field(
            "case",
            "rcp.ask_case",
            "rcp.label_case",
            parse_text=_parse_case,
            optional=True,
            when=lambda data: bool(data.get("cell")),
        ),
    ],
    _proposed,
    back_to_menu("rcp.input_cancelled"),
    recap_title="rcp.proposal_recap_title",
    catalogue="rcp",
)
FORMS = (MEETING_FORM, PROPOSAL_FORM)
