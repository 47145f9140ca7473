"""The REX declaration: a short guided form, a recap, and the stored case with its reference."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from flows.cases.offering import route_new_case
from flows.core.context import FlowContext
from flows.core.form import Field, Form, Parsed, option
from flows.core.free_text import free_text
from flows.core.menu import show_menu
from flows.domain.messages import Choice
from flows.domain.model import ContactMode, NewIncident
from flows.text.dates import DateError, format_date, parse_event_date
from flows.text.matching import normalise
from flows.text.phones import format_french_phone, normalise_french_phone

FLOW = "declare"
FACTS_MIN, FACTS_MAX = 20, 4000
OPTIONAL_TEXT_MAX = 4000
SLOT_MAX = 100
NEAR_MISS = "presque_accident"
CONTACT_SLOTS = ("morning", "noon", "afternoon", "evening", "any")

_DATE_ERRORS = {
    DateError.UNREADABLE: "declare.date_unreadable",
    DateError.FUTURE: "declare.date_future",
    DateError.TOO_OLD: "declare.date_too_old",
}


def _type_options(ctx: FlowContext) -> list[Choice]:
    return [option(t.id, t.label(ctx.language)) for t in ctx.territory.incident_types]


def _date_options(ctx: FlowContext) -> list[Choice]:
    return [
        option("today", ctx.t("declare.today")),
        option("yesterday", ctx.t("declare.yesterday")),
    ]


def _date_from_option(ctx: FlowContext, value: str) -> str:
    days_back = 0 if value == "today" else 1
    return (ctx.today - timedelta(days=days_back)).isoformat()


_TIME_OF_DAY = re.compile(
    r"\s+(?:au\s+|en\s+|dans\s+l[ae]\s+)?"
    r"(?:matin|matin[ée]e|midi|soir|soir[ée]e|apr[èe]s[\s-]?midi|nuit|journ[ée]e)\s*[.!]*$",
    re.IGNORECASE,
)
_THIS_PART_OF_DAY = re.compile(r"^(?:ce|cette)\s+(?:matin|midi|soir|apres[\s-]?midi|nuit)$")


def _parse_date(ctx: FlowContext, text: str) -> Parsed:
    # People say when in their own words: "hier soir", "ce matin", "demain" (by mistake).
    words = normalise(text)
    if _THIS_PART_OF_DAY.match(words):
        return Parsed(value=ctx.today.isoformat())
    if words.startswith("demain") or words.startswith("apres demain"):
        return Parsed(error=_DATE_ERRORS[DateError.FUTURE])
    result = parse_event_date(_TIME_OF_DAY.sub("", text.strip()), ctx.today)
    if isinstance(result, DateError):
        return Parsed(error=_DATE_ERRORS[result])
    return Parsed(value=result.isoformat())


def _show_date(ctx: FlowContext, value: Any) -> str:
    return format_date(date.fromisoformat(str(value)), ctx.language)


def _yes_no(ctx: FlowContext) -> list[Choice]:
    return [option("yes", ctx.t("declare.gravity_yes")), option("no", ctx.t("declare.gravity_no"))]


def _can_harm(data: Mapping[str, Any]) -> bool:
    # A near miss was stopped before reaching the patient: no harm question to ask.
    return data.get("type") != NEAR_MISS


def _anonymity_options(ctx: FlowContext) -> list[Choice]:
    return [
        option("reveal", ctx.t("declare.anonymity_reveal"), ctx.t("declare.gravity_yes")),
        option("anonymous", ctx.t("declare.anonymity_anonymous"), ctx.t("declare.gravity_no")),
    ]


def _show_anonymity(ctx: FlowContext, value: Any) -> str:
    return ctx.t(f"declare.anonymity_{value}_recap")


def _reveals(data: Mapping[str, Any]) -> bool:
    # Anonymous declarants are reached through the bot only: a phone number would reveal them.
    return data.get("anonymity") == "reveal"


def _contact_options(ctx: FlowContext) -> list[Choice]:
    return [
        option(ContactMode.PHONE, ctx.t("declare.contact_phone")),
        option(ContactMode.MESSAGE, ctx.t("declare.contact_message")),
    ]


def _parse_phone(ctx: FlowContext, text: str) -> Parsed:
    phone = normalise_french_phone(text)
    return Parsed(value=phone) if phone else Parsed(error="declare.phone_invalid")


def _show_phone(ctx: FlowContext, value: Any) -> str:
    return format_french_phone(str(value))


def _slot_options(ctx: FlowContext) -> list[Choice]:
    return [option(slot, ctx.t(f"declare.slot_{slot}")) for slot in CONTACT_SLOTS]


def _by_phone(data: Mapping[str, Any]) -> bool:
    return _reveals(data) and data.get("contact") == ContactMode.PHONE


FIELDS = [
    Field("type", "declare.ask_type", "declare.label_type", options=_type_options),
    Field(
        "event_date",
        "declare.ask_date",
        "declare.label_date",
        options=_date_options,
        parse_text=_parse_date,
        show=_show_date,
        from_option=_date_from_option,
    ),
    Field(
        "facts",
        "declare.ask_facts",
        "declare.label_facts",
        parse_text=free_text(FACTS_MIN, FACTS_MAX),
        private=True,
    ),
    Field(
        "why",
        "declare.ask_why",
        "declare.label_why",
        parse_text=free_text(1, OPTIONAL_TEXT_MAX),
        optional=True,
        private=True,
    ),
    Field(
        "learned",
        "declare.ask_learned",
        "declare.label_learned",
        parse_text=free_text(1, OPTIONAL_TEXT_MAX),
        optional=True,
        private=True,
    ),
    Field(
        "gravity",
        "declare.ask_gravity",
        "declare.label_gravity",
        options=_yes_no,
        when=_can_harm,
    ),
    Field(
        "anonymity",
        "declare.ask_anonymity",
        "declare.label_anonymity",
        options=_anonymity_options,
        show=_show_anonymity,
    ),
    Field(
        "contact",
        "declare.ask_contact",
        "declare.label_contact",
        options=_contact_options,
        when=_reveals,
    ),
    Field(
        "phone",
        "declare.ask_phone",
        "declare.label_phone",
        parse_text=_parse_phone,
        show=_show_phone,
        when=_by_phone,
        private=True,
    ),
    Field(
        "slot",
        "declare.ask_slot",
        "declare.label_slot",
        options=_slot_options,
        parse_text=free_text(2, SLOT_MAX),
        when=_by_phone,
    ),
]


def _confirm(ctx: FlowContext, data: dict[str, Any]) -> None:
    assert ctx.member is not None
    contact = ContactMode(data.get("contact", ContactMode.MESSAGE))
    incident = NewIncident(
        declarant_id=ctx.member.id,
        incident_type=data["type"],
        event_date=date.fromisoformat(data["event_date"]),
        facts=data["facts"],
        why=data.get("why"),
        learned=data.get("learned"),
        possible_eigs=data.get("gravity") == "yes",
        anonymous=data["anonymity"] == "anonymous",
        contact_mode=contact,
        phone=data.get("phone") if contact is ContactMode.PHONE else None,
        contact_slot=data.get("slot") if contact is ContactMode.PHONE else None,
        channel=ctx.transport,
    )
    reference = ctx.repos.incidents.add(incident, ctx.now, ctx.today.year)
    ctx.audit(
        "incident.declared",
        reference,
        {
            "type": incident.incident_type,
            "possible_eigs": incident.possible_eigs,
            "anonymous": incident.anonymous,
        },
    )
    ctx.set_state({})
    routed = route_new_case(ctx, reference)
    if incident.possible_eigs:
        key = "declare.confirmed_eigs"
    else:
        key = "declare.confirmed" if routed else "declare.confirmed_waiting"
    # Named after the case: a mail's subject carries its reference, and a reply to it is
    # about that case.
    show_menu(ctx, ctx.t(key, reference=reference), tag=f"case:{reference}")


def _cancelled(ctx: FlowContext) -> None:
    show_menu(ctx, ctx.t("declare.cancelled"))


FORM = Form(FLOW, FIELDS, _confirm, _cancelled, recap_title="declare.recap_title")


def start(ctx: FlowContext) -> None:
    if ctx.transport in ctx.settings.discreet_transports:
        # Said once, at the start: the declarant types on this channel by their own choice.
        ctx.reply(ctx.t("details.declarant_notice"))
    FORM.start(ctx)
