"""A small declarative form engine: fields asked one by one, a recap, edit one field, confirm.

The state is plain JSON kept in the conversation, so a form survives restarts and can be resumed
from any transport.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flows.core.context import FlowContext
from flows.domain.messages import Choice, Inbound, InboundKind
from flows.text.matching import match_choice

SKIP = "skip"
KEEP = "keep"
ECHO_LIMIT = 300
# A text arriving this soon after one refused as too long is its continuation (Telegram cuts
# a long paste into several messages): it is refused too, not taken as the whole answer.
CONTINUATION_WINDOW = timedelta(seconds=10)
CONFIRM = "recap:confirm"
EDIT = "recap:edit"
CANCEL = "recap:cancel"
BACK = "pick:back"


@dataclass(frozen=True, slots=True)
class Parsed:
    """The outcome of reading a typed answer: a value, or a catalogue key explaining the error."""

    value: Any = None
    error: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Field:
    key: str
    prompt: str
    label: str
    options: Callable[[FlowContext], list[Choice]] | None = None
    parse_text: Callable[[FlowContext, str], Parsed] | None = None
    optional: bool = False
    when: Callable[[Mapping[str, Any]], bool] | None = None
    show: Callable[[FlowContext, Any], str] | None = None
    # Turns a picked option into the stored value ("today" → the date it is today).
    from_option: Callable[[FlowContext, str], Any] | None = None
    # Typed text goes to parse_text before being matched to a button (a list of several
    # options, which a fuzzy match would take for one of them).
    typed_first: bool = False
    # What a person wrote about a case (facts, a phone number): shown as 🔒 in the discreet
    # form of the messages that echo it (see Outbound.discreet).
    private: bool = False

    def applies(self, data: Mapping[str, Any]) -> bool:
        return self.when is None or self.when(data)

    def choices(self, ctx: FlowContext) -> list[Choice]:
        choices = list(self.options(ctx)) if self.options else []
        if self.optional:
            choices.append(Choice(SKIP, ctx.t("form.skip")))
        return choices

    def render(self, ctx: FlowContext, value: Any) -> str:
        if value is None:
            return ctx.t("form.not_given")
        if self.show is not None:
            return self.show(ctx, value)
        for choice in self.options(ctx) if self.options else []:
            if choice.id == f"opt:{value}":
                return choice.label
        return str(value)


def option(value: str, label: str, *aliases: str) -> Choice:
    return Choice(f"opt:{value}", label, aliases)


class Form:
    def __init__(
        self,
        name: str,
        fields: list[Field],
        on_complete: Callable[[FlowContext, dict[str, Any]], None],
        on_cancel: Callable[[FlowContext], None],
        *,
        recap_title: str | None = None,
        catalogue: str | None = None,
    ) -> None:
        self.name = name
        # The prefix of its help, "leave it?" and draft-reminder texts (forms may share them).
        self.catalogue = catalogue or name
        self.fields = fields
        self._by_key = {f.key: f for f in fields}
        self._on_complete = on_complete
        self._on_cancel = on_cancel
        self._recap_title = recap_title

    # -- entry points -------------------------------------------------------------------------

    def start(self, ctx: FlowContext, data: dict[str, Any] | None = None) -> None:
        state: dict[str, Any] = {"flow": self.name, "mode": "fill", "data": dict(data or {})}
        ctx.set_state(state)
        self._advance(ctx, state)

    def prompt(self, ctx: FlowContext, prefix: str | None = None) -> None:
        """Show the current step again (after help, a stale button, an interruption)."""
        state = ctx.state
        mode = state.get("mode")
        if mode == "recap":
            self._show_recap(ctx, prefix)
        elif mode == "pick":
            self._show_pick(ctx, prefix)
        else:
            self._ask(ctx, self._by_key[state["step"]], prefix)

    def handle(self, ctx: FlowContext, inbound: Inbound) -> None:
        state = ctx.state
        mode = state.get("mode")
        if inbound.kind is InboundKind.MEDIA:
            self.prompt(ctx, ctx.t("input.media_not_supported"))
        elif mode == "recap":
            self._handle_recap(ctx, inbound)
        elif mode == "pick":
            self._handle_pick(ctx, inbound)
        else:
            self._handle_field(ctx, inbound, self._by_key[state["step"]])

    # -- filling fields -----------------------------------------------------------------------

    def _choices(self, ctx: FlowContext, current: Field) -> list[Choice]:
        choices = current.choices(ctx)
        if ctx.state.get("editing") and current.key in ctx.state.get("data", {}):
            choices.append(Choice(KEEP, ctx.t("form.keep")))
        return choices

    def _handle_field(self, ctx: FlowContext, inbound: Inbound, current: Field) -> None:
        choices = self._choices(ctx, current)
        picked: Choice | None = None
        if inbound.kind is InboundKind.CHOICE:
            picked = next((c for c in choices if c.id == inbound.choice_id), None)
            if picked is None:
                ctx.choice_accepted = False
                self.prompt(ctx, ctx.t("input.choice_not_valid"))
                return
        elif inbound.kind is InboundKind.TEXT:
            text = inbound.text.strip()
            if not text:
                self.prompt(ctx, ctx.t("input.empty"))
                return
            picked = match_choice(text, choices) if choices and not current.typed_first else None
            if picked is None:
                if current.parse_text is None:
                    self.prompt(ctx, ctx.t("input.pick_a_choice"))
                    return
                if self._continues_refused_text(ctx):
                    self.prompt(ctx, ctx.t("input.too_long_continuation"))
                    return
                parsed = current.parse_text(ctx, text)
                if parsed.error is not None:
                    if parsed.error == "input.too_long":
                        ctx.state["too_long_at"] = ctx.now.isoformat()
                    self.prompt(ctx, ctx.t(parsed.error, **parsed.params))
                    return
                self._store(ctx, current, parsed.value)
                return
        else:
            self.prompt(ctx, ctx.t("input.pick_a_choice"))
            return
        if picked.id == KEEP:
            self._advance(ctx, ctx.state)
            return
        if picked.id == SKIP:
            self._store(ctx, current, None)
            return
        value = picked.id.removeprefix("opt:")
        self._store(ctx, current, current.from_option(ctx, value) if current.from_option else value)

    @staticmethod
    def _continues_refused_text(ctx: FlowContext) -> bool:
        refused_at = ctx.state.pop("too_long_at", None)
        return refused_at is not None and (
            ctx.now - datetime.fromisoformat(refused_at) < CONTINUATION_WINDOW
        )

    def _store(self, ctx: FlowContext, current: Field, value: Any) -> None:
        state = ctx.state
        data: dict[str, Any] = state["data"]
        data[current.key] = value
        # Answers that no longer apply (a phone number after choosing "by message") are dropped.
        for f in self.fields:
            if f.key in data and not f.applies(data):
                del data[f.key]
        self._advance(ctx, state)

    def _advance(self, ctx: FlowContext, state: dict[str, Any]) -> None:
        data = state["data"]
        missing = next((f for f in self.fields if f.applies(data) and f.key not in data), None)
        if missing is not None:
            state.update(mode="fill", step=missing.key)
            ctx.set_state(state)
            self._ask(ctx, missing)
        elif self._recap_title is None:
            self._on_complete(ctx, data)
        else:
            state.update(mode="recap")
            state.pop("step", None)
            ctx.set_state(state)
            self._show_recap(ctx)

    def _ask(self, ctx: FlowContext, current: Field, prefix: str | None = None) -> None:
        parts = [prefix] if prefix else []
        parts.append(ctx.t(current.prompt))
        data = ctx.state.get("data", {})
        discreet = None
        if ctx.state.get("editing") and current.key in data:
            value = current.render(ctx, data[current.key])
            if len(value) > ECHO_LIMIT:
                value = value[:ECHO_LIMIT].rstrip() + "…"
            if current.private:
                hidden = ctx.t("form.current_value", value=ctx.t("details.hidden"))
                discreet = "\n\n".join([*parts, hidden])
            parts.append(ctx.t("form.current_value", value=value))
        ctx.reply("\n\n".join(parts), self._choices(ctx, current), discreet=discreet)

    # -- recap and editing --------------------------------------------------------------------

    def recap_text(self, ctx: FlowContext, *, discreet: bool = False) -> str:
        """The answers so far; `discreet`: private ones (what a person wrote) as 🔒."""
        data = ctx.state["data"]
        lines = [
            f"{ctx.t(f.label)} : "
            + (
                ctx.t("details.hidden")
                if discreet and f.private and data.get(f.key) is not None
                else f.render(ctx, data.get(f.key))
            )
            for f in self.fields
            if f.applies(data) and f.key in data
        ]
        assert self._recap_title is not None
        return ctx.t(self._recap_title) + "\n\n" + "\n".join(lines)

    def _recap_choices(self, ctx: FlowContext) -> list[Choice]:
        return [
            Choice(CONFIRM, ctx.t("form.confirm")),
            Choice(EDIT, ctx.t("form.edit")),
            Choice(CANCEL, ctx.t("form.cancel")),
        ]

    def _show_recap(self, ctx: FlowContext, prefix: str | None = None) -> None:
        def with_prefix(text: str) -> str:
            return f"{prefix}\n\n{text}" if prefix else text

        discreet = None
        if any(f.private for f in self.fields):
            discreet = with_prefix(self.recap_text(ctx, discreet=True))
        ctx.reply(with_prefix(self.recap_text(ctx)), self._recap_choices(ctx), discreet=discreet)

    def _picked(self, ctx: FlowContext, inbound: Inbound, choices: list[Choice]) -> Choice | None:
        if inbound.kind is InboundKind.CHOICE:
            return next((c for c in choices if c.id == inbound.choice_id), None)
        if inbound.kind is InboundKind.TEXT:
            return match_choice(inbound.text, choices)
        return None

    def _handle_recap(self, ctx: FlowContext, inbound: Inbound) -> None:
        picked = self._picked(ctx, inbound, self._recap_choices(ctx))
        if picked is None:
            self._show_recap(ctx, ctx.t("input.pick_a_choice"))
        elif picked.id == CONFIRM:
            self._on_complete(ctx, ctx.state["data"])
        elif picked.id == EDIT:
            ctx.state.update(mode="pick")
            self._show_pick(ctx)
        else:
            self.cancel(ctx)

    def _pick_choices(self, ctx: FlowContext) -> list[Choice]:
        data = ctx.state["data"]
        choices = [Choice(f"pick:{f.key}", ctx.t(f.label)) for f in self.fields if f.applies(data)]
        choices.append(Choice(BACK, ctx.t("form.back_to_recap")))
        return choices

    def _show_pick(self, ctx: FlowContext, prefix: str | None = None) -> None:
        text = ctx.t("form.pick_field")
        ctx.reply(f"{prefix}\n\n{text}" if prefix else text, self._pick_choices(ctx))

    def _handle_pick(self, ctx: FlowContext, inbound: Inbound) -> None:
        picked = self._picked(ctx, inbound, self._pick_choices(ctx))
        if picked is None:
            self._show_pick(ctx, ctx.t("input.pick_a_choice"))
        elif picked.id == BACK:
            ctx.state.update(mode="recap")
            self._show_recap(ctx)
        else:
            ctx.state.update(mode="fill", step=picked.id.removeprefix("pick:"), editing=True)
            self._ask(ctx, self._by_key[ctx.state["step"]])

    def cancel(self, ctx: FlowContext) -> None:
        ctx.set_state({})
        self._on_cancel(ctx)
