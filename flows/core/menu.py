"""The short menu shown after enrollment and whenever someone seems lost."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flows.core.context import FlowContext
from flows.domain.messages import Choice

MENU_COMMANDS: tuple[tuple[str, str], ...] = (
    ("declarer", "menu.declare"),
    ("mes_declarations", "menu.my_cases"),
    ("aide", "menu.help"),
)


def menu_choices(ctx: FlowContext) -> list[Choice]:
    return [Choice(f"cmd:{command}", ctx.t(label)) for command, label in MENU_COMMANDS]


def refuse_to_menu(ctx: FlowContext, key: str, **params: Any) -> None:
    """A button or command that cannot act: said (a toast too, on Telegram), then the menu."""
    ctx.choice_accepted = False
    ctx.notice = ctx.t(key, **params)
    show_menu(ctx, ctx.t(key, **params))


def back_to_menu(key: str) -> Callable[[FlowContext], None]:
    """What a form does when it is left: says `key`, then shows the menu."""

    def leave(ctx: FlowContext) -> None:
        show_menu(ctx, ctx.t(key))

    return leave


def show_menu(
    ctx: FlowContext, prefix: str | None = None, *, tag: str = "", discreet: str | None = None
) -> None:
    """`prefix`, then the menu; `discreet` is the prefix without case content (Outbound)."""
    text = ctx.t("menu.prompt")
    ctx.reply(
        f"{prefix}\n\n{text}" if prefix else text,
        menu_choices(ctx),
        tag=tag,
        discreet=f"{discreet}\n\n{text}" if discreet is not None else None,
    )
