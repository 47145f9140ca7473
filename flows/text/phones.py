"""Normalise and format the phone numbers people give the bot (libphonenumber's data).

French numbers are accepted written nationally ("06 12 34 56 78", "0692 12 34 56") or
internationally ("+33 6 12 34 56 78", "+33 (0)6…", "0033…", "+262 692 12 34 56"), as long
as the range is assigned. So are those of Saint-Pierre-et-Miquelon and the other overseas
collectivities, and those of the neighbouring countries for cross-border professionals,
written with their country code (a national "04 70…" is always read as French).
"""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumber, PhoneNumberFormat, PhoneNumberType

__all__ = ["format_french_phone", "normalise_french_phone"]

_HOME = "FR"
_FRANCE = 33
_ACCEPTED_REGIONS = frozenset(
    {
        # France, its overseas departments and collectivities (+262, +590, +594, +596, +508…).
        *("FR", "RE", "YT", "GP", "BL", "MF", "GF", "MQ", "PM", "NC", "PF", "WF"),
        # Neighbours, for professionals living or working across a border.
        *("BE", "LU", "DE", "CH", "IT", "MC", "AD", "ES"),
    }
)
# The cell calls the declarant back: a premium-rate number would cost it per call and minute.
_REFUSED_TYPES = frozenset({PhoneNumberType.PREMIUM_RATE})
# The overseas departments dial 10-digit national numbers like the mainland but have their own
# country codes; their ranges are carved out of zones 02, 05, 06 and 07 only (08 and 09 are
# non-geographic and stay +33).
_OVERSEAS_CODES = (262, 590, 594, 596)
_OVERSEAS_ZONES = ("2", "5", "6", "7")

# A number and its usual separators, nothing else: words ("poste 12") would be dropped silently.
_WRITTEN = re.compile(r"\+?[\d\s().\-/]+")
_NOT_DIGIT = re.compile(r"\D")
_E164 = re.compile(r"\+[1-9]\d{6,14}")


def _overseas(number: PhoneNumber) -> PhoneNumber | None:
    # Checked before the mainland because libphonenumber's French ranges also cover some
    # overseas ones (0263, 0269 Réunion/Mayotte, 0596 Martinique), which it would keep at +33.
    if not str(number.national_number).startswith(_OVERSEAS_ZONES):
        return None
    for code in _OVERSEAS_CODES:
        candidate = PhoneNumber(country_code=code, national_number=number.national_number)
        if phonenumbers.is_valid_number(candidate):
            return candidate
    return None


def _parse(text: str) -> PhoneNumber | None:
    # libphonenumber skips a no-break space but not the narrow one French typography uses.
    written = " ".join(text.split())
    if not _WRITTEN.fullmatch(written):
        return None
    # "612345678" without its trunk 0 may just as well be a number missing a digit: ask again.
    if not written.startswith("+") and not _NOT_DIGIT.sub("", written).startswith("0"):
        return None
    try:
        number = phonenumbers.parse(written, _HOME)
    except NumberParseException:
        return None
    if number.country_code == _FRANCE:
        # Also covers "+33 6 92…", a Réunion mobile written with the mainland's code.
        number = _overseas(number) or number
    if not phonenumbers.is_valid_number(number):
        return None
    if phonenumbers.region_code_for_number(number) not in _ACCEPTED_REGIONS:
        return None
    if phonenumbers.number_type(number) in _REFUSED_TYPES:
        return None
    return number


def normalise_french_phone(text: str) -> str | None:
    """The E.164 form ("+33612345678"), or None for something not a number we can call back."""
    number = _parse(text)
    return None if number is None else phonenumbers.format_number(number, PhoneNumberFormat.E164)


def format_french_phone(e164: str) -> str:
    """Readable form: "06 12 34 56 78" (mainland), "+262 692 12 34 56" (overseas, abroad).

    Accepts anything ``normalise_french_phone`` accepts; raises ValueError otherwise since
    callers should only format numbers they validated. A number stored by an earlier, looser
    version (an unassigned "+33 7 00…") is still shown rather than breaking the card.
    """
    number = _parse(e164) or _stored(e164)
    if number is None:
        raise ValueError("not a phone number")
    # The country code tells whoever calls that the call goes overseas or abroad (time zone, cost).
    style = (
        PhoneNumberFormat.NATIONAL
        if number.country_code == _FRANCE
        else PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)


def _stored(e164: str) -> PhoneNumber | None:
    if not _E164.fullmatch(e164):
        return None
    try:
        number = phonenumbers.parse(e164)
    except NumberParseException:
        return None
    return number if phonenumbers.is_possible_number(number) else None
