"""`/canal`: a member reachable on several channels (Telegram, the secure mail gateway) says
which one everything should be sent to, and links another channel with a one-time code."""

from __future__ import annotations

from datetime import timedelta

from flows.core.context import FlowContext
from flows.core.menu import show_menu
from flows.domain.codes import new_code
from flows.domain.messages import Choice

PREFIX = "canal"
LINK_TTL = timedelta(days=1)
KNOWN = ("telegram", "mail", "console")


def _label(ctx: FlowContext, transport: str) -> str:
    return ctx.t(f"canal.name_{transport}" if transport in KNOWN else "canal.name_other")


def show(ctx: FlowContext) -> None:
    assert ctx.member is not None
    channels = [transport for transport, _ in ctx.repos.members.identities(ctx.member.id)]
    preferred = channels[0] if channels else ctx.transport
    lines = [ctx.t("canal.title")]
    lines += [
        ctx.t("canal.line_preferred" if t == preferred else "canal.line", name=_label(ctx, t))
        for t in dict.fromkeys(channels)
    ]
    choices = [
        Choice(f"{PREFIX}:prefer:{t}", ctx.t("canal.prefer", name=_label(ctx, t)))
        for t in dict.fromkeys(channels)
        if t != preferred
    ]
    choices.append(Choice(f"{PREFIX}:link", ctx.t("canal.link")))
    ctx.reply("\n".join(lines), choices)


def handle_choice(ctx: FlowContext, choice_id: str) -> None:
    assert ctx.member is not None
    ctx.choice_accepted = True
    parts = choice_id.split(":")
    if parts[1:] == ["link"]:
        code = new_code()
        ctx.repos.invitations.add_link(code, ctx.member, ctx.now, ctx.now + LINK_TTL)
        ctx.audit("member.link_code", f"member:{ctx.member.id}")
        show_menu(ctx, ctx.t("canal.link_code", code=code))
        return
    channels = {t for t, _ in ctx.repos.members.identities(ctx.member.id)}
    if len(parts) == 3 and parts[1] == "prefer" and parts[2] in channels:
        ctx.repos.members.set_preferred_transport(ctx.member.id, parts[2])
        ctx.audit("member.preferred_channel", f"member:{ctx.member.id}", {"channel": parts[2]})
        show_menu(ctx, ctx.t("canal.preferred_set", name=_label(ctx, parts[2])))
        return
    ctx.choice_accepted = False
    show_menu(ctx, ctx.t("canal.unknown"))
