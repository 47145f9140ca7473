"""`/mes_declarations`: a declarant's own cases and where each stands."""

from __future__ import annotations

from flows.cases.journal import write_choices
from flows.core.context import FlowContext
from flows.core.menu import show_menu
from flows.text.dates import format_date


def show_my_cases(ctx: FlowContext) -> None:
    assert ctx.member is not None
    cases = ctx.repos.incidents.by_declarant(ctx.member.id)
    if not cases:
        show_menu(ctx, ctx.t("my_cases.none"))
        return
    lines = [ctx.t("my_cases.title", count=len(cases))]
    for case in cases:
        incident_type = ctx.territory.incident_type(case.incident_type)
        lines.append(
            ctx.t(
                "my_cases.line",
                reference=case.reference,
                date=format_date(case.event_date, ctx.language),
                type=incident_type.label(ctx.language) if incident_type else case.incident_type,
                status=ctx.t(f"status.{case.status.value}"),
            )
        )
    ctx.reply("\n".join(lines), write_choices(ctx))
