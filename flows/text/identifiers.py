"""Guard against patient identifiers typed into free text.

Two checks: a French NIR (social security number) with a valid key, and
the "person name + birth date" pattern. Results are structured; wording
of any warning belongs to the caller's message catalogue.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "IdentifierHit",
    "find_named_birth_date",
    "find_nir",
    "find_patient_identifier",
]


@dataclass(frozen=True, slots=True)
class IdentifierHit:
    kind: Literal["nir", "name_birth_date"]
    fragment: str


# ---------------------------------------------------------------- NIR

# Up to three separator characters between groups: "084  91", a line break, " - ".
_SEP = r"[\s.\-\u00a0\u202f]{0,3}"
# Lookahead capture so overlapping candidates are all tried: a candidate
# failing the key check must not hide a valid one starting inside it.
_NIR_GROUPS = [
    r"(?P<sex>[123478])",
    r"(?P<yy>\d{2})",
    r"(?P<mm>0[1-9]|1[0-2]|2\d|3\d|4[0-2]|[5-9]\d)",
    r"(?P<dept>\d{2}|2[AaBb])",
    r"(?P<commune>\d{3})",
    r"(?P<order>\d{3})",
    r"(?P<key>\d{2})",
]
_NIR_CANDIDATE = re.compile(r"(?<!\d)(?=(" + _SEP.join(_NIR_GROUPS) + r")(?!\d))")


def _nir_key(thirteen: str) -> int:
    # Corsica: INSEE rule replaces 2A by 19 and 2B by 18 before mod 97.
    digits = thirteen.upper().replace("2A", "19").replace("2B", "18")
    return 97 - int(digits) % 97


_GROUP_BREAK = re.compile(r"[\s.\-\u00a0\u202f]+")
# "1 84 12 75 123 456 78": seven groups, so six breaks; five are enough to mean the layout.
_NIR_LAYOUT_BREAKS = 5


def find_nir(text: str) -> str | None:
    """Return the first substring of ``text`` that is a NIR: one with a valid key, or one
    written in the NIR's own layout (groups 1 2 2 2 3 3 2) whatever its key, since a typo
    in a social security number does not make it any less a patient's."""
    for m in _NIR_CANDIDATE.finditer(text):
        body = m["sex"] + m["yy"] + m["mm"] + m["dept"] + m["commune"] + m["order"]
        if int(m["key"]) == _nir_key(body):
            return m.group(1)
        if len(_GROUP_BREAK.findall(m.group(1))) >= _NIR_LAYOUT_BREAKS:
            return m.group(1)
    return None


# ------------------------------------------------- name + birth date


def _fold(text: str) -> str:
    """Strip accents char by char so indices still map onto ``text``."""
    out: list[str] = []
    for ch in text:
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        out.append(base if len(base) == 1 else ch)
    return "".join(out)


_MONTHS = (
    r"(?:janvier|janv|jan|fevrier|fevr|fev|mars|mar|avril|avr|mai|juin|juillet|juil"
    r"|aout|septembre|sept|sep|octobre|oct|novembre|nov|decembre|dec)\.?"
)
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_MONTH_NUM = r"(?:0?[1-9]|1[0-2])"
_DATE = "|".join(
    [
        _DAY + r"[/.\-]" + _MONTH_NUM + r"[/.\-](?:\d{4}|\d{2})(?!\d)",
        r"(?:1er|" + _DAY + r")\s+" + _MONTHS + r"\s+\d{4}(?!\d)",
        r"\b" + _MONTHS + r"\s+(?:19|20)\d{2}(?!\d)",
    ]
)
_YEAR_ONLY = r"(?:19|20)\d{2}(?!\d)"
# "né(e) le/en" must be followed right away by the date: unaccented
# "ne le" is also the common negation ("il ne le sait pas le 12/03").
# "né(e) en" also takes a bare year ("née en 1945").
_BIRTH_MARKERS = [
    r"\bnee?(?:\(e\))?\s+le\s+(?:" + _DATE + ")",
    r"\bnee?(?:\(e\))?\s+en\s+(?:" + _DATE + "|" + _YEAR_ONLY + ")",
    r"\b(?:date\s+de\s+naissance|ddn|naissance\s*:)[^\d\n]{0,20}?(?:" + _DATE + ")",
]
_BIRTH = re.compile("|".join(_BIRTH_MARKERS), re.IGNORECASE)

_CAP_WORD = r"[A-Z][a-z]+(?:[-'][A-Z][a-z]+)*"
_UPPER_WORD = r"[A-Z]{2,}(?:[-'][A-Z]{2,})*"
# Evaluated on accent-folded text, case-sensitive except where scoped.
_NAME_CUES = [
    r"(?<![A-Za-z])(?:M\.|Mr\.?|(?i:mme|mlle)\.?)\s*" + _CAP_WORD,
    r"\b(?i:monsieur|madame|mademoiselle)\s+" + _CAP_WORD,
    r"\b" + _CAP_WORD + r"\s+" + _UPPER_WORD + r"\b",
    # Administrative order "DUPONT Jean" is as common as "Jean DUPONT".
    r"\b" + _UPPER_WORD + r"\s+" + _CAP_WORD + r"\b",
    r"\b(?i:patiente?)\s+" + _CAP_WORD,
]
_NAME_CUE = re.compile("|".join(_NAME_CUES))
# "Jeanne Martin née le …": two capitalised words right before a birth marker.
_FIRST_LAST_BEFORE_BIRTH = re.compile(
    r"\b" + _CAP_WORD + r"\s+" + _CAP_WORD + r"\s*,?\s*(?=(?i:nee?(?:\(e\))?)\s)"
)
# "Mme Martin (12/03/1945)", "Mme Martin, 12/03/1945": a name cue followed at once by a full
# date with a four-digit year reads as a birth date.
_NAME_THEN_DATE = re.compile(
    "(?:"
    + "|".join(_NAME_CUES)
    + r")\s*[,(:\-]?\s*\(?(?P<date>"
    + _DAY
    + r"[/.\-]"
    + _MONTH_NUM
    + r"[/.\-](?:19|20)\d{2}(?!\d))"
)


def find_named_birth_date(text: str) -> str | None:
    """Return the birth-date fragment if ``text`` also carries a name cue.

    A birth date alone (no civility / name / "patient X") is deliberately
    not flagged: it is not identifying by itself and users often give the
    age context of an event that way.
    """
    folded = _fold(text)
    birth = _BIRTH.search(folded)
    if birth is not None and (
        _NAME_CUE.search(folded) is not None or _FIRST_LAST_BEFORE_BIRTH.search(folded) is not None
    ):
        return text[birth.start() : birth.end()]
    attached = _NAME_THEN_DATE.search(folded)
    if attached is not None:
        return text[attached.start("date") : attached.end("date")]
    return None


def find_patient_identifier(text: str) -> IdentifierHit | None:
    """Run every identifier check; NIR first as it is the stronger signal."""
    nir = find_nir(text)
    if nir is not None:
        return IdentifierHit(kind="nir", fragment=nir)
    birth = find_named_birth_date(text)
    if birth is not None:
        return IdentifierHit(kind="name_birth_date", fragment=birth)
    return None
