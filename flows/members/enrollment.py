"""Enrollment by invitation code: `/start <code>` turns a stranger into a member with a role."""

from __future__ import annotations

import re
from typing import Any

from flows.core.context import FlowContext
from flows.core.form import Field, Form, option
from flows.core.free_text import free_text
from flows.core.menu import show_menu
from flows.domain.messages import Choice, Inbound, InboundKind
from flows.text.i18n import t

FLOW = "enroll"
PROFESSIONS: tuple[str, ...] = (
    "medecin_generaliste",
    "infirmier",
    "pharmacien",
    "masseur_kinesitherapeute",
    "orthophoniste",
    "sage_femme",
    "psychologue",
    "travailleur_social",
)
OTHER = "autre"
_CODE_NOISE = re.compile(r"[\s\-_.]")


def normalise_code(text: str) -> str:
    """Codes are typed by hand too: ignore case, spaces and dashes."""
    return _CODE_NOISE.sub("", text).upper()


def profession_label(language: str, profession: str | None) -> str:
    """The profession as people read it (ids of the list are translated, free text is kept)."""
    if not profession:
        return t(language, "form.not_given")
    if profession in (*PROFESSIONS, OTHER):
        return t(language, f"profession.{profession}")
    return profession


def _profession_options(ctx: FlowContext) -> list[Choice]:
    options = [option(p, ctx.t(f"profession.{p}")) for p in PROFESSIONS]
    options.append(option(OTHER, ctx.t("profession.autre")))
    return options


def _profession_done(ctx: FlowContext, data: dict[str, Any]) -> None:
    assert ctx.member is not None
    profession = data.get("other") if data["profession"] == OTHER else data["profession"]
    ctx.repos.members.set_profession(ctx.member.id, str(profession))
    ctx.set_state({})
    show_menu(ctx, ctx.t("enroll.welcome", name=ctx.member.name))


def _profession_later(ctx: FlowContext) -> None:
    show_menu(ctx, ctx.t("enroll.profession_later"))


PROFESSION_FORM = Form(
    FLOW,
    [
        Field(
            "profession",
            "enroll.ask_profession",
            "enroll.label_profession",
            options=_profession_options,
        ),
        Field(
            "other",
            "enroll.ask_profession_other",
            "enroll.label_profession",
            parse_text=free_text(2, 80),
            when=lambda data: data.get("profession") == OTHER,
        ),
    ],
    _profession_done,
    _profession_later,
)


def _link_channel(ctx: FlowContext, code: str, member_id: int) -> None:
    """A code from `/canal`: this channel now reaches the member who asked for it."""
    member = ctx.repos.members.get(member_id)
    if member is None or not member.active:
        ctx.reply(ctx.t("enroll.code_unknown"))
        return
    ctx.repos.members.link_identity(member.id, ctx.transport, ctx.address, ctx.now)
    ctx.repos.invitations.mark_used(code, member.id, ctx.now)
    ctx.member = member
    ctx.audit("member.channel_linked", f"member:{member.id}", {"channel": ctx.transport})
    # No buttons and no state here: the member's conversation (held by their first channel)
    # is loaded with their next message, not overwritten by this one.
    ctx.reply(ctx.t("canal.linked", name=member.name))


def handle_stranger(ctx: FlowContext, inbound: Inbound) -> None:
    """Someone we do not know: enroll them with a valid code, otherwise say how to get one.

    Nothing about a stranger is stored unless a valid code enrolls them.
    """
    if inbound.kind is not InboundKind.COMMAND or inbound.command != "start" or not inbound.args:
        contact = ctx.territory.coordinator_contact
        extra = f"\n{ctx.t('enroll.coordinator_contact', contact=contact)}" if contact else ""
        ctx.reply(ctx.t("enroll.not_enrolled") + extra)
        return
    code = normalise_code(inbound.args)
    invitation = ctx.repos.invitations.get(code)
    if invitation is None:
        ctx.reply(ctx.t("enroll.code_unknown"))
        return
    if invitation.used_at is not None:
        ctx.reply(ctx.t("enroll.code_used"))
        return
    if invitation.expires_at <= ctx.now:
        ctx.reply(ctx.t("enroll.code_expired"))
        return
    if invitation.member_id is not None:
        _link_channel(ctx, code, invitation.member_id)
        return
    member = ctx.repos.members.add(
        invitation.name,
        invitation.role,
        invitation.profession,
        "fr",
        invitation.phone,
        invitation.email,
        ctx.now,
    )
    ctx.repos.members.link_identity(member.id, ctx.transport, ctx.address, ctx.now)
    ctx.repos.invitations.mark_used(code, member.id, ctx.now)
    ctx.member = member
    ctx.conversation.member_id = member.id
    ctx.audit("member.enrolled", f"member:{member.id}", {"role": member.role.value})
    if member.profession:
        show_menu(ctx, ctx.t("enroll.welcome", name=member.name))
    else:
        ctx.reply(ctx.t("enroll.hello", name=member.name))
        PROFESSION_FORM.start(ctx)
