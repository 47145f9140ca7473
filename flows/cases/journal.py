"""The journal des échanges: the declarant and the member who took the case talk through the bot.

A message is about a case when it answers a message of that case (a reply on Telegram), when
the person chose the case first (`/dossiers`, `/mes_declarations`), or when they say which case
after writing. It is checked for patient identifiers, stored in the case journal, and relayed
to the other party under the case reference; an anonymous declarant stays "Déclarant·e".
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flows.core.context import FlowContext
from flows.core.free_text import free_text
from flows.core.menu import menu_choices, show_menu
from flows.domain.messages import Choice, Inbound, InboundKind
from flows.domain.model import Case, IncidentStatus, Role
from flows.members.enrollment import profession_label
from flows.text.i18n import t

FLOW = "journal"
PICK_FLOW = "journal_pick"
MAX_MESSAGE = 4000
CONTEXT_KEPT = timedelta(minutes=30)
_CASE_TAGS = ("card:", "journal:", "case:")
_check = free_text(1, MAX_MESSAGE)


def journal_tag(case: Case) -> str:
    return f"journal:{case.reference}"


def case_of_tag(tag: str | None) -> str | None:
    for prefix in _CASE_TAGS:
        if tag and tag.startswith(prefix):
            return tag.removeprefix(prefix)
    return None


def _party(ctx: FlowContext, case: Case) -> str | None:
    assert ctx.member is not None
    if case.declarant_id == ctx.member.id:
        return "declarant"
    if case.assigned_to == ctx.member.id and case.status is IncidentStatus.IN_PROGRESS:
        return "member"
    return None


def _cases_to_write_about(ctx: FlowContext) -> list[Case]:
    assert ctx.member is not None
    return [c for c in ctx.repos.cases.open_cases_of(ctx.member.id) if _party(ctx, c)]


def has_cases(ctx: FlowContext) -> bool:
    return bool(_cases_to_write_about(ctx))


def in_conversation(ctx: FlowContext, inbound: Inbound) -> bool:
    """Relay the message if it belongs to a case conversation (a reply to one of its messages,
    or the case chosen before); False to let the dispatcher go on."""
    reference = case_of_tag(ctx.reply_tag) or _chosen_case(ctx)
    if reference is None:
        return False
    case = ctx.repos.cases.by_reference(str(reference))
    if case is None or _party(ctx, case) is None:
        return False
    if inbound.kind is InboundKind.MEDIA:
        ctx.reply(ctx.t("journal.no_files"))
        return True
    if inbound.kind is InboundKind.TEXT:
        relay(ctx, case, inbound.text)
        return True
    return False


def _chosen_case(ctx: FlowContext) -> str | None:
    """The case chosen for writing, if chosen recently: after a while, a message may be about
    something else, and a wrong recipient is worse than one more question."""
    if ctx.state.get("flow") != FLOW:
        return None
    since = ctx.state.get("since")
    if since is None or ctx.now - datetime.fromisoformat(str(since)) > CONTEXT_KEPT:
        ctx.set_state({})
        return None
    return str(ctx.state["case"])


def ask_which_case(ctx: FlowContext, text: str) -> bool:
    """Free text from someone with cases under way: ask which case it is about."""
    cases = _cases_to_write_about(ctx)
    if not cases:
        return False
    checked = _check(ctx, text)
    if checked.error is not None:
        ctx.reply(ctx.t(checked.error, **checked.params))
        return True
    ctx.set_state({"flow": PICK_FLOW, "text": checked.value})
    choices = [Choice(f"jpick:{c.reference}", c.reference) for c in cases]
    choices.append(Choice("jpick:", ctx.t("journal.not_about_a_case")))
    ctx.reply(ctx.t("journal.which_case"), choices)
    return True


def picked(ctx: FlowContext, choice_id: str) -> None:
    """The case chosen for the text written just before."""
    text = str(ctx.state.get("text", ""))
    reference = choice_id.removeprefix("jpick:")
    ctx.set_state({})
    case = ctx.repos.cases.by_reference(reference) if reference else None
    if case is None or _party(ctx, case) is None or not text:
        show_menu(ctx, ctx.t("journal.not_sent"))
        return
    relay(ctx, case, text)


def relay(ctx: FlowContext, case: Case, text: str) -> None:
    assert ctx.member is not None
    role = _party(ctx, case)
    if role is None:
        ctx.reply(ctx.t("journal.not_a_party", reference=case.reference))
        return
    if not text.strip():
        ctx.reply(ctx.t("input.empty"))
        return
    checked = _check(ctx, text)
    if checked.error is not None:
        ctx.reply(ctx.t(checked.error, **checked.params))
        return
    body = str(checked.value)
    ctx.repos.cases.add_message(case, ctx.member.id, role, body, ctx.now)
    ctx.audit("case.message", case.reference, {"from": role})
    ctx.set_state({"flow": FLOW, "case": case.reference, "since": ctx.now.isoformat()})
    if role == "declarant":
        member = ctx.repos.members.get(case.assigned_to or 0)
        if member is None or case.status is not IncidentStatus.IN_PROGRESS:
            ctx.reply(
                ctx.t("journal.kept_until_taken", reference=case.reference), tag=journal_tag(case)
            )
            return
        author = t(member.language, "journal.declarant") if case.anonymous else ctx.member.name
        line = t(
            member.language, "journal.relayed", reference=case.reference, author=author, text=body
        )
        discreet = t(
            member.language, "journal.relayed_discreet", reference=case.reference, author=author
        )
        ctx.send(member.id, line, tag=journal_tag(case), discreet=discreet)
        ctx.reply(ctx.t("journal.sent_to_member", reference=case.reference), tag=journal_tag(case))
        return
    declarant = ctx.repos.members.get(case.declarant_id)
    if declarant is None:
        return
    lang = declarant.language
    who = profession_label(lang, ctx.member.profession).lower()
    if ctx.member.show_name:
        who = f"{ctx.member.name}, {who}"
    author = t(lang, "journal.cell_member", who=who)
    line = t(lang, "journal.relayed", reference=case.reference, author=author, text=body)
    discreet = t(lang, "journal.relayed_discreet", reference=case.reference, author=author)
    ctx.send(declarant.id, line, tag=journal_tag(case), discreet=discreet)
    ctx.reply(ctx.t("journal.sent_to_declarant", reference=case.reference), tag=journal_tag(case))


def open_case(ctx: FlowContext, reference: str) -> None:
    """Write about this case from now on (until another command)."""
    case = ctx.repos.cases.by_reference(reference)
    if case is None or _party(ctx, case) is None:
        show_menu(ctx, ctx.t("journal.not_a_party", reference=reference))
        return
    ctx.set_state({"flow": FLOW, "case": case.reference, "since": ctx.now.isoformat()})
    key = (
        "journal.writing_to_member"
        if _party(ctx, case) == "declarant"
        else "journal.writing_to_declarant"
    )
    ctx.reply(ctx.t(key, reference=case.reference))


def write_choices(ctx: FlowContext) -> list[Choice]:
    """ "Écrire sur REX-…" buttons for the cases this person can write about, then the menu."""
    cases = _cases_to_write_about(ctx)
    return [
        Choice(f"journal:{c.reference}", ctx.t("journal.write_about", reference=c.reference))
        for c in cases
    ] + menu_choices(ctx)


def show_files(ctx: FlowContext) -> None:
    """`/dossiers`: the cases a cell member is handling."""
    assert ctx.member is not None
    mine = [
        c
        for c in ctx.repos.cases.open_cases_of(ctx.member.id)
        if c.assigned_to == ctx.member.id and c.status is IncidentStatus.IN_PROGRESS
    ]
    if not mine:
        show_menu(ctx, ctx.t("journal.no_files_in_hand"))
        return
    lines = [ctx.t("journal.files_title", count=len(mine))]
    lines += [f"• {c.reference}" for c in mine]
    ctx.set_state({})
    ctx.reply("\n".join(lines), write_choices(ctx))


def show_journal(ctx: FlowContext, args: str) -> None:
    """`/journal REX-…`: the exchanges of a case, for its two parties and the pilot."""
    assert ctx.member is not None
    reference = args.strip().split(" ")[0] if args.strip() else ""
    case = ctx.repos.cases.by_reference(reference) if reference else None
    if case is None:
        key = "journal.unknown" if reference else "journal.usage"
        show_menu(ctx, ctx.t(key, reference=reference.upper()))
        return
    if _party(ctx, case) is None and ctx.member.role is not Role.PILOT:
        show_menu(ctx, ctx.t("journal.not_a_reader", reference=case.reference))
        return
    entries = ctx.repos.cases.messages(case)
    if not entries:
        show_menu(ctx, ctx.t("journal.empty", reference=case.reference))
        return
    tz = ctx.settings.timezone
    lines = [ctx.t("journal.title", reference=case.reference)]
    for at, role, text in entries:
        who = ctx.t(f"journal.role_{role}")
        when = f"{at.astimezone(tz):%d/%m %H:%M}"
        lines.append(ctx.t("journal.line", when=when, who=who, text=text))
    show_menu(ctx, "\n".join(lines), tag=f"case:{case.reference}", discreet=lines[0])
