"""Normalise and format French phone numbers (mainland and overseas DOM).

Everything is first reduced to the 10-digit national form "0XXXXXXXXX";
the country code then follows from the French numbering plan, where the
overseas departments are reached through their own country codes.
"""

from __future__ import annotations

import re

__all__ = ["format_french_phone", "normalise_french_phone"]

# National 4-digit prefix -> E.164 country code for overseas departments.
_DOM_PREFIXES: dict[str, str] = {
    "0262": "262",  # Réunion landline
    "0692": "262",  # Réunion mobile
    "0693": "262",  # Réunion mobile
    "0269": "262",  # Mayotte landline
    "0639": "262",  # Mayotte mobile
    "0590": "590",  # Guadeloupe landline
    "0690": "590",  # Guadeloupe mobile
    "0691": "590",  # Guadeloupe mobile
    "0594": "594",  # Guyane landline
    "0694": "594",  # Guyane mobile
    "0596": "596",  # Martinique landline
    "0696": "596",  # Martinique mobile
    "0697": "596",  # Martinique mobile
}
_COUNTRY_CODES = ("33", *sorted(set(_DOM_PREFIXES.values())))

_ALLOWED_CHARS = re.compile(r"[\d+().\-\s]+")
_SEPARATORS = re.compile(r"[.\-\s]")
_NATIONAL = re.compile(r"0[1-9]\d{8}")
# "+33 (0)6..." and the common slip "+33 06..." both carry a trunk 0.
_CC = "|".join(_COUNTRY_CODES)
_INTERNATIONAL = re.compile(r"\+(?P<cc>" + _CC + r")(?:\(0\)|0)?(?P<nsn>[1-9]\d{8})")


def _country_code(national: str) -> str:
    return _DOM_PREFIXES.get(national[:4], "33")


def normalise_french_phone(text: str) -> str | None:
    """Return the E.164 form ("+33612345678") or None if not a French number."""
    if not _ALLOWED_CHARS.fullmatch(text):
        return None
    compact = _SEPARATORS.sub("", text)
    if compact.startswith("00"):
        compact = "+" + compact[2:]

    if _NATIONAL.fullmatch(compact):
        national = compact
    else:
        m = _INTERNATIONAL.fullmatch(compact)
        if m is None:
            return None
        national = "0" + m["nsn"]
        # "+33 6 92..." is a Réunion number by the numbering plan; accept it,
        # but a DOM code on a number of another territory is an error.
        if m["cc"] != "33" and m["cc"] != _country_code(national):
            return None
    return "+" + _country_code(national) + national[1:]


def format_french_phone(e164: str) -> str:
    """Readable form: "06 12 34 56 78" (mainland), "+262 692 12 34 56" (DOM).

    Accepts anything ``normalise_french_phone`` accepts; raises ValueError
    otherwise since callers should only format numbers they validated.
    """
    normalised = normalise_french_phone(e164)
    if normalised is None:
        raise ValueError("not a French phone number")
    cc = _country_code("0" + normalised[-9:])
    nsn = normalised[-9:]
    if cc == "33":
        national = "0" + nsn
        return " ".join(national[i : i + 2] for i in range(0, 10, 2))
    return f"+{cc} {nsn[:3]} {nsn[3:5]} {nsn[5:7]} {nsn[7:9]}"
