"""`/cellule`: the pilot's view of the quality cell, and the skills that steer routing."""

from __future__ import annotations

import re
from dataclasses import replace

from flows.core.context import FlowContext
from flows.core.menu import show_menu
from flows.domain.messages import Choice
from flows.domain.model import Member, Role
from flows.domain.working_hours import WorkingHours
from flows.members.enrollment import profession_label
from flows.text.dates import format_date

FLOW = "skills"
DONE = "roster:done"


def _is_pilot(ctx: FlowContext) -> bool:
    assert ctx.member is not None
    if ctx.member.role is Role.PILOT:
        return True
    show_menu(ctx, ctx.t("roster.pilot_only"))
    return False


def show_roster(ctx: FlowContext) -> None:
    if not _is_pilot(ctx):
        return
    members = ctx.repos.members.with_role(Role.CELL)
    if not members:
        show_menu(ctx, ctx.t("roster.empty"))
        return
    today = ctx.today
    load = {c.member_id: c for c in ctx.repos.cases.candidates(today)}
    lines = [ctx.t("roster.title", count=len(members))]
    for member in members:
        lines.append(_line(ctx, member, load[member.id].open_cases if member.id in load else 0))
    if ctx.settings.discreet_transports:
        # Case details go only to a secure channel: the pilot sees who cannot receive them.
        secure = ctx.settings.secure_transport
        without = [
            m.name
            for m in [*members, *ctx.repos.members.with_role(Role.PILOT)]
            if all(kind != secure for kind, _ in ctx.repos.members.identities(m.id))
        ]
        if without:
            lines.append(ctx.t("roster.no_secure_mail", names=", ".join(without)))
    choices = [Choice(f"skills:{m.id}", ctx.t("roster.edit_skills", name=m.name)) for m in members]
    ctx.set_state({})
    ctx.reply("\n".join(lines), choices)


def _line(ctx: FlowContext, member: Member, open_cases: int) -> str:
    absences = ctx.repos.availability.absences(member.id, ctx.today)
    today = ctx.today
    current = next((a for a in absences if a[0] <= today), None)
    if current is not None:
        presence = ctx.t("roster.absent_until", date=format_date(current[1], ctx.language))
    else:
        presence = ctx.t("roster.available")
    skills = ctx.repos.availability.skills(member.id)
    labels = [t.label(ctx.language) for t in ctx.territory.incident_types if t.id in skills]
    cases = ctx.t(
        "roster.cases_none"
        if open_cases == 0
        else "roster.cases_one"
        if open_cases == 1
        else "roster.cases_many",
        count=open_cases,
    )
    return ctx.t(
        "roster.line",
        name=member.name,
        profession=profession_label(ctx.language, member.profession).lower(),
        cases=cases,
        presence=presence,
        skills=", ".join(labels) or ctx.t("roster.no_skill"),
    )


def edit_skills(ctx: FlowContext, member_id: int) -> None:
    if not _is_pilot(ctx):
        return
    member = ctx.repos.members.get(member_id)
    if member is None or member.role is not Role.CELL:
        show_menu(ctx, ctx.t("roster.unknown_member"))
        return
    ctx.set_state({"flow": FLOW, "member": member_id})
    _show_skills(ctx, member)


def _show_skills(ctx: FlowContext, member: Member) -> None:
    skills = ctx.repos.availability.skills(member.id)
    choices = [
        Choice(f"skill:{t.id}", ("✅ " if t.id in skills else "▫️ ") + t.label(ctx.language))
        for t in ctx.territory.incident_types
    ]
    choices.append(Choice(DONE, ctx.t("roster.done")))
    ctx.reply(ctx.t("roster.skills_of", name=member.name), choices)


def toggle(ctx: FlowContext, choice_id: str) -> None:
    """A skill button (or "Terminé") pressed while editing a member's skills."""
    member = ctx.repos.members.get(int(ctx.state["member"]))
    if member is None:
        ctx.set_state({})
        show_menu(ctx, ctx.t("roster.unknown_member"))
        return
    if choice_id == DONE:
        show_roster(ctx)
        return
    skill = choice_id.removeprefix("skill:")
    if ctx.territory.incident_type(skill) is None:
        _show_skills(ctx, member)
        return
    covered = skill not in ctx.repos.availability.skills(member.id)
    ctx.repos.availability.set_skill(member.id, skill, covered)
    ctx.audit("member.skill", f"member:{member.id}", {"skill": skill, "covered": covered})
    _show_skills(ctx, member)


def name_setting(ctx: FlowContext) -> None:
    """`/nom`: whether declarants learn this member's name, or only the profession."""
    assert ctx.member is not None
    if ctx.member.role not in (Role.CELL, Role.PILOT):
        show_menu(ctx, ctx.t("absence.cell_only"))
        return
    shown = "name" if ctx.member.show_name else "profession"
    ctx.reply(
        ctx.t("roster.name_setting", current=ctx.t(f"roster.shown_{shown}")),
        [
            Choice("name:show", ctx.t("roster.show_name")),
            Choice("name:hide", ctx.t("roster.hide_name")),
        ],
    )


def set_name_setting(ctx: FlowContext, choice_id: str) -> None:
    assert ctx.member is not None
    show = choice_id == "name:show"
    ctx.repos.members.set_show_name(ctx.member.id, show)
    ctx.audit("member.show_name", f"member:{ctx.member.id}", {"show": show})
    shown = "name" if show else "profession"
    show_menu(ctx, ctx.t("roster.name_set", current=ctx.t(f"roster.shown_{shown}")))


_HOURS = re.compile(r"^(\d{1,2})(?:[:h](\d{2})?)?\s*-\s*(\d{1,2})(?:[:h](\d{2})?)?$")
_DAYS = re.compile(r"^[1-7](?:\s*[-,]\s*[1-7])*$")


def working_hours(ctx: FlowContext, args: str) -> None:
    """`/horaires 09:00-17:00 1-4`: a member's own working hours (deadlines count them)."""
    assert ctx.member is not None
    if ctx.member.role not in (Role.CELL, Role.PILOT):
        show_menu(ctx, ctx.t("absence.cell_only"))
        return
    words = args.lower().split()
    if not words:
        current = ctx.settings.hours_of(ctx.member)
        show_menu(ctx, ctx.t("roster.hours_current", hours=_describe(ctx, current)))
        return
    if words[0] in ("defaut", "défaut", "default"):
        ctx.repos.members.set_working_hours(ctx.member.id, None, None)
        ctx.audit("member.working_hours", f"member:{ctx.member.id}", {"hours": None})
        show_menu(ctx, ctx.t("roster.hours_reset", hours=_describe(ctx, ctx.settings.hours)))
        return
    m = _HOURS.match(words[0])
    days = words[1] if len(words) > 1 else None
    if m is None or (days is not None and not _DAYS.match(days)):
        show_menu(ctx, ctx.t("roster.hours_usage"))
        return
    opens = f"{int(m[1]):02d}:{m[2] or '00'}"
    closes = f"{int(m[3]):02d}:{m[4] or '00'}"
    try:
        hours = WorkingHours.parse(ctx.settings.timezone, f"{opens}-{closes}", days or "1-5")
    except ValueError:
        show_menu(ctx, ctx.t("roster.hours_usage"))
        return
    if hours.opens >= hours.closes:
        show_menu(ctx, ctx.t("roster.hours_usage"))
        return
    ctx.repos.members.set_working_hours(ctx.member.id, f"{opens}-{closes}", days)
    ctx.audit(
        "member.working_hours",
        f"member:{ctx.member.id}",
        {"hours": f"{opens}-{closes}", "days": days},
    )
    own = ctx.settings.hours_of(
        replace(ctx.member, working_hours=f"{opens}-{closes}", working_days=days)
    )
    show_menu(ctx, ctx.t("roster.hours_set", hours=_describe(ctx, own)))


_DAY_NAMES = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def _describe(ctx: FlowContext, hours: WorkingHours) -> str:
    days = ", ".join(_DAY_NAMES[d] for d in sorted(hours.days))
    return ctx.t(
        "roster.hours_text", opens=f"{hours.opens:%H:%M}", closes=f"{hours.closes:%H:%M}", days=days
    )
