"""Reading free text safely: length limits and the patient-identifier guard."""

from __future__ import annotations

from collections.abc import Callable

from flows.core.context import FlowContext
from flows.core.form import Parsed
from flows.text.i18n import format_thousands
from flows.text.identifiers import find_patient_identifier


def identifier_error(text: str, *, contacts: bool = True) -> Parsed | None:
    """Refuse text carrying a patient identifier (and, unless `contacts` is off, anyone's
    contact details) before anything stores it."""
    hit = find_patient_identifier(text, contacts=contacts)
    if hit is None:
        return None
    return Parsed(error=f"input.identifier_{hit.kind}")


def free_text(
    min_len: int, max_len: int, *, contacts: bool = True
) -> Callable[[FlowContext, str], Parsed]:
    """A parser of free text: its length, then the identifier guard (`contacts`: refuse
    e-mail addresses and phone numbers too, as in everything about a case)."""

    def parse(ctx: FlowContext, text: str) -> Parsed:
        text = text.strip()
        length = len(text)
        if length < min_len:
            return Parsed(error="input.too_short", params={"minimum": min_len, "length": length})
        if length > max_len:
            return Parsed(
                error="input.too_long",
                params={
                    "maximum": format_thousands(max_len, ctx.language),
                    "length": format_thousands(length, ctx.language),
                },
            )
        refused = identifier_error(text, contacts=contacts)
        return refused if refused is not None else Parsed(value=text)

    return parse
