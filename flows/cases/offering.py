"""Routing a declared case to one quality-cell member, who must acknowledge it.

A member is chosen (flows/domain/assignment.py) and receives a case card with two buttons. No answer
within the acknowledgement delay (working hours) reminds them at half time, then the case goes
to the next member; after `escalation_max` members the pilot is alerted and can assign it by
hand. Card buttons carry the offer they belong to, not a conversation version: they stay
meaningful whatever the member does meanwhile, and an outdated one gets a clear answer.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flows.cases import casework
from flows.cases.common import refuse
from flows.core.context import FlowContext
from flows.domain.assignment import choose_member
from flows.domain.events import CaseReopenedWithoutHolder
from flows.domain.messages import Choice
from flows.domain.model import Case, ContactMode, IncidentStatus, Member, Offer, OfferOutcome, Role
from flows.members.enrollment import profession_label
from flows.text.dates import DateError, format_date, parse_coming_date
from flows.text.i18n import t
from flows.text.phones import format_french_phone

CARD_EXCERPT = 600
ACK_HALF, ACK_TIMEOUT = "ack_half", "ack_timeout"
CONTACT_REMIND, CONTACT_PILOT = "contact_remind", "contact_pilot"
UNSEEN = "unseen"
REMINDER_KINDS = frozenset({ACK_HALF, ACK_TIMEOUT, CONTACT_REMIND, CONTACT_PILOT, UNSEEN})
CONTACT_WAYS = ("call", "message", "unreachable")

CLOSED = frozenset({IncidentStatus.RESOLVED, IncidentStatus.UNRESOLVED, IncidentStatus.WITHDRAWN})


def _local(ctx: FlowContext, at: datetime, language: str) -> str:
    local = at.astimezone(ctx.settings.timezone)
    return t(language, "card.when", date=format_date(local.date(), language), time=f"{local:%H:%M}")


def card_tag(case: Case) -> str:
    return f"card:{case.reference}"


def _who(language: str, member: Member, *, named: bool) -> str:
    profession = profession_label(language, member.profession).lower()
    return f"{member.name}, {profession}" if named else profession


def card_text(ctx: FlowContext, reader: Member, case: Case, header: str) -> tuple[str, str, bool]:
    """The case card in the reader's language, its discreet form (reference, type, date, EIGS
    flag, deadline: no facts, no contact), and True when the facts were cut."""
    lang = reader.language
    incident_type = ctx.territory.incident_type(case.incident_type)
    lines = [
        header,
        "",
        t(
            lang,
            "card.type",
            value=incident_type.label(lang) if incident_type else case.incident_type,
        ),
        t(lang, "card.date", value=format_date(case.event_date, lang)),
    ]
    if case.possible_eigs:
        lines.append(t(lang, "card.eigs"))
    discreet = "\n".join(lines)
    cut = len(case.facts) > CARD_EXCERPT
    facts = case.facts[:CARD_EXCERPT].rstrip() + "…" if cut else case.facts
    lines += ["", t(lang, "card.facts", value=facts), "", _contact_line(ctx, lang, case)]
    return "\n".join(lines), discreet, cut or bool(case.why or case.learned)


def _contact_line(ctx: FlowContext, lang: str, case: Case) -> str:
    if case.anonymous:
        return t(lang, "card.contact_anonymous")
    declarant = ctx.repos.members.get(case.declarant_id)
    who = _who(lang, declarant, named=True) if declarant else "?"
    if case.contact_mode is ContactMode.PHONE and case.phone:
        slot = case.contact_slot or ""
        slot_text = t(lang, f"declare.slot_{slot}") if slot in _SLOTS else slot
        return t(
            lang,
            "card.contact_phone",
            who=who,
            phone=format_french_phone(case.phone),
            slot=slot_text or "—",
        )
    return t(lang, "card.contact_message", who=who)


_SLOTS = frozenset({"morning", "noon", "afternoon", "evening", "any"})


def _offer_choices(lang: str, offer: Offer, case: Case, more: bool) -> list[Choice]:
    choices = [
        Choice(f"case:claim:{offer.id}", t(lang, "card.claim")),
        Choice(f"case:decline:{offer.id}", t(lang, "card.decline")),
    ]
    if more:
        choices.append(Choice(f"case:full:{case.reference}", t(lang, "card.full")))
    return choices


# -- routing -----------------------------------------------------------------------------------


def route_new_case(ctx: FlowContext, reference: str) -> bool:
    """Called when a declaration is confirmed; True when a member was asked to take it."""
    case = ctx.repos.cases.by_reference(reference)
    assert case is not None
    if case.possible_eigs:
        _alert_pilots(ctx, case, "card.header_pilot_eigs", assign_button=False, urgent=True)
    return offer_next(ctx, case)


def on_reopened_without_holder(ctx: FlowContext, event: CaseReopenedWithoutHolder) -> None:
    """A reopened case whose member left is offered again, like a new one."""
    case = ctx.repos.cases.get(event.case_id)
    if case is not None:
        offer_next(ctx, case)


def offer_next(ctx: FlowContext, case: Case) -> bool:
    """Ask the next member, or alert the pilot when the ladder is exhausted or nobody is free."""
    offers = ctx.repos.cases.offers(case.id)
    settings = ctx.settings
    if len(offers) >= settings.escalation_max:
        ctx.repos.cases.unassign(case, ctx.now, "escalated to the pilot")
        ctx.audit("case.escalated", case.reference, {"asked": len(offers)})
        _leave_to_pilot(ctx, case, "card.header_pilot_escalated")
        return False
    pick = choose_member(
        ctx.repos.cases.candidates(ctx.today),
        case.incident_type,
        case.declarant_id,
        settings.max_open_cases,
        frozenset(o.member_id for o in offers),
    )
    if pick is None:
        ctx.repos.cases.unassign(case, ctx.now, "nobody available")
        ctx.audit("case.unassigned", case.reference, {"asked": len(offers)})
        _leave_to_pilot(ctx, case, "card.header_pilot_nobody")
        return False
    _offer_to(ctx, case, pick.member_id, pick.reasons)
    return True


def _leave_to_pilot(ctx: FlowContext, case: Case, header_key: str) -> None:
    """Nobody has the case: the pilot gets it with an "Attribuer" button, and it is looked at
    again after the next delay (EIGS alerts go out even at night)."""
    _alert_pilots(ctx, case, header_key, assign_button=True, urgent=case.possible_eigs)
    _follow_up_unseen(ctx, case)


def _follow_up_unseen(ctx: FlowContext, case: Case) -> None:
    """No declared case may stay unseen: while nobody has it, look again after each delay."""
    due = ctx.settings.hours.add(ctx.now, ctx.settings.ack_timeout)
    ctx.repos.reminders.upsert(
        f"unseen:{case.id}",
        UNSEEN,
        case.declarant_id,
        due,
        {"case": case.id},
        ctx.now,
        subject=case.reference,
    )


def _still_unseen(ctx: FlowContext, case_id: int) -> None:
    case = ctx.repos.cases.get(case_id)
    if case is None or case.status is not IncidentStatus.DECLARED:
        return  # someone took it (or it was closed) meanwhile
    ctx.audit("case.still_unseen", case.reference)
    asked = len(ctx.repos.cases.offers(case.id))
    if asked >= ctx.settings.escalation_max:
        _leave_to_pilot(ctx, case, "card.header_pilot_still")
    else:
        offer_next(ctx, case)  # a member may be back: routing tries again


def _offer_to(
    ctx: FlowContext,
    case: Case,
    member_id: int,
    reasons: dict[str, object],
    assigned_by: int | None = None,
) -> None:
    member = ctx.repos.members.get(member_id)
    assert member is not None
    why = ", ".join(f"{key}={value}" for key, value in reasons.items())
    offer = ctx.repos.cases.offer(case, member_id, ctx.now, assigned_by, why)
    ctx.audit("case.offered", case.reference, {"member": member_id, **reasons})
    hours = ctx.settings.hours_of(member)
    deadline = hours.add(ctx.now, ctx.settings.ack_timeout)
    header = t(
        member.language,
        "card.header_offer",
        reference=case.reference,
        deadline=_local(ctx, deadline, member.language),
    )
    text, discreet, more = card_text(ctx, member, case, header)
    ctx.send(
        member_id,
        text,
        _offer_choices(member.language, offer, case, more),
        tag=card_tag(case),
        discreet=discreet,
    )
    half = hours.add(ctx.now, ctx.settings.ack_timeout / 2)
    payload: dict[str, Any] = {"offer": offer.id}
    subject = case.reference
    ctx.repos.reminders.upsert(
        f"ack:{offer.id}:half", ACK_HALF, member_id, half, payload, ctx.now, subject=subject
    )
    ctx.repos.reminders.upsert(
        f"ack:{offer.id}:timeout",
        ACK_TIMEOUT,
        member_id,
        deadline,
        payload,
        ctx.now,
        subject=subject,
    )


def _cancel_ack(ctx: FlowContext, offer: Offer) -> None:
    ctx.repos.reminders.cancel(f"ack:{offer.id}:half")
    ctx.repos.reminders.cancel(f"ack:{offer.id}:timeout")


def _alert_pilots(
    ctx: FlowContext, case: Case, header_key: str, *, assign_button: bool, urgent: bool = False
) -> None:
    for pilot in ctx.repos.members.with_role(Role.PILOT):
        header = t(pilot.language, header_key, reference=case.reference)
        text, discreet, more = card_text(ctx, pilot, case, header)
        choices = []
        if assign_button:
            choices.append(
                Choice(f"case:assign:{case.reference}", t(pilot.language, "card.assign"))
            )
        if more:
            choices.append(Choice(f"case:full:{case.reference}", t(pilot.language, "card.full")))
        ctx.send(pilot.id, text, choices, tag=card_tag(case), urgent=urgent, discreet=discreet)


# -- buttons on cards --------------------------------------------------------------------------


def parse_case_choice(choice_id: str) -> tuple[str, str, str] | None:
    """ "case:<action>[:<detail>]:<subject>" → (action, detail, subject), or None if malformed."""
    parts = choice_id.split(":")
    if len(parts) == 3 and parts[0] == "case":
        return parts[1], "", parts[2]
    if len(parts) == 4 and parts[0] == "case":
        return parts[1], parts[2], parts[3]
    return None


def handle_choice(ctx: FlowContext, choice_id: str) -> None:
    """A button of a case card or of a pilot alert. Its data names the case (or the offer),
    so it works whatever the member's conversation is doing."""
    assert ctx.member is not None
    ctx.choice_accepted = True
    parsed = parse_case_choice(choice_id)
    if parsed is None:
        refuse(ctx, "card.unknown_case")
        return
    action, detail, subject = parsed
    if action in ("claim", "decline", "why"):
        offer = ctx.repos.cases.get_offer(int(subject)) if subject.isdigit() else None
        case = ctx.repos.cases.get(offer.incident_id) if offer else None
        if offer is None or case is None or offer.member_id != ctx.member.id:
            refuse(ctx, "card.not_for_you")
        elif action == "claim":
            claim(ctx, case, offer)
        elif action == "decline":
            decline(ctx, case, offer)
        elif detail in REASONS:
            record_reason(ctx, offer, detail)
        else:
            refuse(ctx, "card.unknown_case")
        return
    case = ctx.repos.cases.by_reference(subject)
    if case is None:
        refuse(ctx, "card.unknown_case")
    elif action == "full":
        show_full(ctx, case)
    elif action == "assign":
        ask_assignee(ctx, case)
    elif action == "contact" and detail in CONTACT_WAYS:
        record_contact(ctx, case, detail)
    elif action == "retry" and detail.isdigit():
        schedule_retry(ctx, case, int(detail))
    elif action == "assignto" and detail.isdigit():
        assign_by_hand(ctx, case, int(detail))
    else:
        refuse(ctx, "card.unknown_case")


def claim(ctx: FlowContext, case: Case, offer: Offer) -> None:
    assert ctx.member is not None
    me = ctx.member
    if case.status in CLOSED:
        refuse(ctx, "card.closed", reference=case.reference)
        return
    if case.status is IncidentStatus.IN_PROGRESS:
        if case.assigned_to == me.id:
            refuse(ctx, "card.already_yours", reference=case.reference)
            return
        holder = ctx.repos.members.get(case.assigned_to or 0)
        who = _who(me.language, holder, named=True) if holder else "?"
        refuse(ctx, "card.taken_by", reference=case.reference, who=who)
        return
    if case.assigned_to != me.id and offer.outcome is OfferOutcome.WITHDRAWN:
        # The pilot gave the case to someone else by hand: that choice stands.
        refuse(ctx, "card.no_longer_offered", reference=case.reference)
        return
    if case.assigned_to != me.id:
        # A late answer after the case moved on: first to press wins, as long as nobody has it.
        ctx.repos.cases.offer(case, me.id, ctx.now)
        case = ctx.repos.cases.get(case.id) or case
    ctx.repos.cases.claim(case, me.id, ctx.now)
    for other in ctx.repos.cases.offers(case.id):
        outcome = OfferOutcome.CLAIMED if other.member_id == me.id else OfferOutcome.WITHDRAWN
        if other.outcome is None:
            ctx.repos.cases.close_offer(other.id, outcome, ctx.now)
        _cancel_ack(ctx, other)
    ctx.audit("case.claimed", case.reference)
    if ctx.state.get("flow") == "journal":
        ctx.set_state({})  # a new case: what is typed next is not about the previous one
    _tell_everyone_alerted(ctx, case, me)
    # The card keeps what it said (the contact details above all), under a new header.
    kept, discreet, _ = card_text(
        ctx, me, case, ctx.t("card.claimed_yours", reference=case.reference)
    )
    ctx.send(me.id, kept, edit_tag=card_tag(case), discreet=discreet)
    ctx.reply(ctx.t("card.next_step", reference=case.reference), _contact_choices(ctx, case))
    _schedule_contact_deadline(ctx, case, me.id)
    ctx.repos.reminders.cancel(f"unseen:{case.id}")
    waiting = sum(1 for _, role, _ in ctx.repos.cases.messages(case) if role == "declarant")
    if waiting:
        ctx.reply(ctx.t("journal.waiting", count=waiting, reference=case.reference))
    _tell_declarant(ctx, case, me)
    if case.possible_eigs:
        casework.on_claimed(ctx, ctx.repos.cases.get(case.id) or case)


def _tell_everyone_alerted(ctx: FlowContext, case: Case, holder: Member) -> None:
    """No stale call to action: every card about this case now says who took it."""
    alerted = {o.member_id for o in ctx.repos.cases.offers(case.id)}
    # Pilots only if they were alerted about this case (they hold its card).
    alerted |= {
        p.id
        for p in ctx.repos.members.with_role(Role.PILOT)
        if ctx.repos.outbox.tagged(card_tag(case), p.id) is not None
    }
    alerted.discard(holder.id)
    for member_id in sorted(alerted):
        reader = ctx.repos.members.get(member_id)
        if reader is None:
            continue
        text = t(
            reader.language,
            "card.taken_by",
            reference=case.reference,
            who=_who(reader.language, holder, named=True),
        )
        ctx.send(member_id, text, edit_tag=card_tag(case))


def _tell_declarant(ctx: FlowContext, case: Case, holder: Member) -> None:
    declarant = ctx.repos.members.get(case.declarant_id)
    if declarant is None:
        return
    lang = declarant.language
    who = _who(lang, holder, named=holder.show_name)
    how = "message" if case.anonymous or case.contact_mode is ContactMode.MESSAGE else "phone"
    ctx.send(
        declarant.id,
        t(lang, f"card.declarant_taken_{how}", reference=case.reference, who=who),
        tag=f"case:{case.reference}",
    )


def decline(ctx: FlowContext, case: Case, offer: Offer) -> None:
    assert ctx.member is not None
    if not ctx.repos.cases.close_offer(offer.id, OfferOutcome.DECLINED, ctx.now):
        refuse(ctx, "card.no_longer_offered", reference=case.reference)
        return
    _cancel_ack(ctx, offer)
    ctx.audit("case.declined", case.reference)
    ctx.send(
        ctx.member.id,
        ctx.t("card.declined_yours", reference=case.reference),
        edit_tag=card_tag(case),
    )
    offer_next(ctx, case)
    # The reason is optional: buttons that carry the offer, no state waiting for a text.
    ctx.reply(
        ctx.t("card.decline_reason", reference=case.reference),
        [Choice(f"case:why:{code}:{offer.id}", ctx.t(f"card.reason_{code}")) for code in REASONS],
    )


REASONS = ("absent", "busy", "conflict", "other")


def record_reason(ctx: FlowContext, offer: Offer, code: str) -> None:
    assert ctx.member is not None
    if offer.member_id != ctx.member.id or offer.outcome is not OfferOutcome.DECLINED:
        refuse(ctx, "card.not_for_you")
        return
    ctx.repos.cases.set_offer_reason(offer.id, code)
    ctx.reply(ctx.t("card.reason_recorded"))


def show_full(ctx: FlowContext, case: Case) -> None:
    assert ctx.member is not None
    me = ctx.member
    # Only who has the case or is being asked for it now (or the pilot): a member passed over,
    # or who declined, no longer reads it.
    involved = (
        me.role is Role.PILOT
        or any(o.member_id == me.id and o.outcome is None for o in ctx.repos.cases.offers(case.id))
        or (case.assigned_to == me.id and case.status not in CLOSED)
    )
    if not involved:
        refuse(ctx, "card.not_for_you")
        return
    parts = [
        ctx.t("card.full_title", reference=case.reference),
        ctx.t("card.facts", value=case.facts),
    ]
    if case.why:
        parts.append(ctx.t("card.why", value=case.why))
    if case.learned:
        parts.append(ctx.t("card.learned", value=case.learned))
    ctx.reply("\n\n".join(parts), tag=f"case:{case.reference}", discreet=parts[0])


# -- first contact -----------------------------------------------------------------------------


def _contact_choices(ctx: FlowContext, case: Case) -> list[Choice]:
    # An anonymous declarant cannot be called: the bot is the only way to them.
    ways = ("message", "unreachable") if case.anonymous else CONTACT_WAYS
    return [Choice(f"case:contact:{way}:{case.reference}", ctx.t(f"contact.{way}")) for way in ways]


def _schedule_contact_deadline(ctx: FlowContext, case: Case, member_id: int) -> None:
    days = ctx.settings.contact_timeout_days
    hours = ctx.settings.hours_of(ctx.repos.members.get(member_id))
    _contact_reminders(
        ctx, case, member_id, hours.add_days(ctx.now, days), hours.add_days(ctx.now, days + 1)
    )


def _contact_reminders(
    ctx: FlowContext, case: Case, member_id: int, remind: datetime, pilot: datetime
) -> None:
    """No first contact by `remind`: the member is reminded; by `pilot`: the pilot alerted."""
    payload: dict[str, Any] = {"case": case.id}
    for key, kind, due in (("remind", CONTACT_REMIND, remind), ("pilot", CONTACT_PILOT, pilot)):
        ctx.repos.reminders.upsert(
            f"contact:{case.id}:{key}",
            kind,
            member_id,
            due,
            payload,
            ctx.now,
            subject=case.reference,
        )


def record_contact(ctx: FlowContext, case: Case, how: str) -> None:
    assert ctx.member is not None
    if case.assigned_to != ctx.member.id or case.status is not IncidentStatus.IN_PROGRESS:
        refuse(ctx, "card.not_for_you")
        return
    if how == "unreachable":
        ctx.repos.cases.record(
            case.id, IncidentStatus.IN_PROGRESS, ctx.member.id, "contact: unreachable", ctx.now
        )
        ctx.reply(ctx.t("contact.ask_retry", reference=case.reference), _retry_choices(ctx, case))
        ctx.set_state({"flow": RETRY_FLOW, "case": case.reference})
        return
    ctx.repos.cases.first_contact(case, ctx.member.id, how, ctx.now)
    ctx.repos.reminders.cancel(f"contact:{case.id}:remind")
    ctx.repos.reminders.cancel(f"contact:{case.id}:pilot")
    ctx.audit("case.first_contact", case.reference, {"how": how})
    if case.level is None:
        ctx.reply(
            ctx.t("contact.recorded_pick_level", reference=case.reference),
            casework.level_choices(ctx, case),
        )
    else:
        ctx.reply(ctx.t("contact.recorded", reference=case.reference))


RETRY_DAYS = (1, 2, 5)


def _retry_choices(ctx: FlowContext, case: Case) -> list[Choice]:
    # Buttons carry the case: no conversation state waits for a date (nothing to get stuck in).
    return [
        Choice(f"case:retry:{days}:{case.reference}", ctx.t(f"contact.retry_{days}"))
        for days in RETRY_DAYS
    ]


RETRY_FLOW = "contact_retry"


def typed_retry(ctx: FlowContext, text: str) -> bool:
    """A day typed after "quand réessayer ?" ("mercredi", "3/12"); False if it is not one (the
    text is then something else, for the dispatcher to handle)."""
    case = ctx.repos.cases.by_reference(str(ctx.state.get("case", "")))
    ctx.set_state({})
    day = parse_coming_date(text, ctx.today)
    if case is None or isinstance(day, DateError):
        return False
    if day <= ctx.today:
        ctx.reply(ctx.t("contact.retry_not_today"), _retry_choices(ctx, case))
        ctx.set_state({"flow": RETRY_FLOW, "case": case.reference})
        return True
    schedule_retry(ctx, case, 0, day)
    return True


def schedule_retry(ctx: FlowContext, case: Case, days: int, day: date | None = None) -> None:
    """After "injoignable": remind the member to try again in `days` working days (or on a
    day they typed)."""
    assert ctx.member is not None
    if case.assigned_to != ctx.member.id or case.status is not IncidentStatus.IN_PROGRESS:
        refuse(ctx, "card.not_for_you")
        return
    if ctx.state.get("flow") == RETRY_FLOW:
        ctx.set_state({})
    if day is None:
        day = ctx.settings.hours.add_days(ctx.now, days).astimezone(ctx.settings.timezone).date()
    when = datetime.combine(day, ctx.settings.hours.opens, ctx.settings.timezone)
    _contact_reminders(ctx, case, ctx.member.id, when, ctx.settings.hours.add_days(when, 1))
    ctx.reply(
        ctx.t("contact.retry_set", reference=case.reference, date=format_date(day, ctx.language))
    )


# -- the pilot's hand ----------------------------------------------------------------------------


def ask_assignee(ctx: FlowContext, case: Case) -> None:
    assert ctx.member is not None
    if ctx.member.role is not Role.PILOT:
        refuse(ctx, "card.pilot_only")
        return
    if case.status in CLOSED or case.status is IncidentStatus.IN_PROGRESS:
        refuse(ctx, "card.already_handled", reference=case.reference)
        return
    today = ctx.today
    candidates = {c.member_id: c for c in ctx.repos.cases.candidates(today)}
    choices = []
    for member in ctx.repos.members.with_role(Role.CELL):
        if member.id == case.declarant_id:
            continue
        state = candidates.get(member.id)
        note = ctx.t("card.absent") if state and not state.available else ""
        load = state.open_cases if state else 0
        label = ctx.t("card.assignee", name=member.name, cases=load, note=note)
        choices.append(Choice(f"case:assignto:{member.id}:{case.reference}", label))
    if not choices:
        refuse(ctx, "card.no_cell_member")
        return
    ctx.reply(ctx.t("card.pick_assignee", reference=case.reference), choices)


def assign_by_hand(ctx: FlowContext, case: Case, member_id: int) -> None:
    assert ctx.member is not None
    if ctx.member.role is not Role.PILOT:
        refuse(ctx, "card.pilot_only")
        return
    member = ctx.repos.members.get(member_id)
    if member is None or member.role is not Role.CELL or member_id == case.declarant_id:
        refuse(ctx, "card.unknown_case")
        return
    if case.status in CLOSED or case.status is IncidentStatus.IN_PROGRESS:
        refuse(ctx, "card.already_handled", reference=case.reference)
        return
    for open_offer in ctx.repos.cases.offers(case.id):
        if open_offer.outcome is None:
            ctx.repos.cases.close_offer(open_offer.id, OfferOutcome.WITHDRAWN, ctx.now)
            _cancel_ack(ctx, open_offer)
            reader = ctx.repos.members.get(open_offer.member_id)
            if reader is not None:
                ctx.send(
                    reader.id,
                    t(reader.language, "card.no_longer_offered", reference=case.reference),
                    edit_tag=card_tag(case),
                )
    _offer_to(ctx, case, member_id, {"by_hand": True}, assigned_by=ctx.member.id)
    ctx.reply(ctx.t("card.assigned_by_hand", reference=case.reference, name=member.name))


def assign_command(ctx: FlowContext, args: str) -> None:
    """`/assigner REX-2026-0042`: the pilot picks the member."""
    assert ctx.member is not None
    if ctx.member.role is not Role.PILOT:
        ctx.reply(ctx.t("card.pilot_only"))
        return
    reference = args.strip().split(" ")[0] if args.strip() else ""
    case = ctx.repos.cases.by_reference(reference) if reference else None
    if case is None:
        key = "journal.unknown" if reference else "card.assign_usage"
        ctx.reply(ctx.t(key, reference=reference.upper()))
        return
    ask_assignee(ctx, case)


# -- deadlines -----------------------------------------------------------------------------------


def on_reminder(ctx: FlowContext, kind: str, payload: dict[str, Any]) -> None:
    assert ctx.member is not None
    if kind in (CONTACT_REMIND, CONTACT_PILOT):
        _contact_overdue(ctx, kind, int(payload["case"]))
        return
    if kind == UNSEEN:
        _still_unseen(ctx, int(payload["case"]))
        return
    offer = ctx.repos.cases.get_offer(int(payload["offer"]))
    if offer is None or offer.outcome is not None:
        return
    case = ctx.repos.cases.get(offer.incident_id)
    if case is None or case.status is not IncidentStatus.ASSIGNED:
        return
    if kind == ACK_HALF:
        full = ctx.settings.hours_of(ctx.member).add(offer.offered_at, ctx.settings.ack_timeout)
        if ctx.now >= full:
            return  # both fell due while the bot was down: the deadline speaks for itself
        # No buttons here: the card holds them, and is the one message kept up to date.
        ctx.send(ctx.member.id, ctx.t("card.reminder", reference=case.reference))
        return
    ctx.repos.cases.close_offer(offer.id, OfferOutcome.EXPIRED, ctx.now)
    ctx.audit("case.ack_expired", case.reference, {"member": offer.member_id})
    offer_next(ctx, case)
    moved = ctx.repos.cases.get(case.id) or case
    passed_on = moved.assigned_to is not None and moved.assigned_to != ctx.member.id
    ctx.send(
        ctx.member.id,
        ctx.t(
            "card.expired_yours" if passed_on else "card.expired_to_pilot",
            reference=case.reference,
        ),
        edit_tag=card_tag(case),
    )


def _contact_overdue(ctx: FlowContext, kind: str, case_id: int) -> None:
    assert ctx.member is not None
    case = ctx.repos.cases.get(case_id)
    if (
        case is None
        or case.first_contact_at is not None
        or case.status is not IncidentStatus.IN_PROGRESS
        or case.assigned_to != ctx.member.id
    ):
        return
    if kind == CONTACT_REMIND:
        ctx.send(
            ctx.member.id,
            ctx.t("contact.reminder", reference=case.reference),
            _contact_choices(ctx, case),
        )
        return
    ctx.audit("case.contact_overdue", case.reference, {"member": ctx.member.id})
    for pilot in ctx.repos.members.with_role(Role.PILOT):
        ctx.send(
            pilot.id,
            t(
                pilot.language,
                "contact.pilot_alert",
                reference=case.reference,
                who=_who(pilot.language, ctx.member, named=True),
            ),
            urgent=case.possible_eigs,
        )
