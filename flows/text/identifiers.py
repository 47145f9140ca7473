"""Guard against patient identifiers and contact details typed into free text.

Four checks, strongest signal first: a French NIR (social security number), the
"person name + birth date" pattern, an e-mail address, a phone number. Results are
structured; wording of any warning belongs to the caller's message catalogue.

Every check reads a plain copy of the text (compatibility forms such as full-width
digits folded by NFKC, accents dropped, typographic dashes and apostrophes made ASCII);
the fragment returned is cut from the original text.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from phonenumbers import Leniency, PhoneNumberMatcher

__all__ = [
    "IdentifierHit",
    "IdentifierKind",
    "find_email",
    "find_named_birth_date",
    "find_nir",
    "find_patient_identifier",
    "find_phone",
]

IdentifierKind = Literal["nir", "name_birth_date", "email", "phone"]


@dataclass(frozen=True, slots=True)
class IdentifierHit:
    kind: IdentifierKind
    fragment: str


# ------------------------------------------------------------ plain text

# Not compatibility characters, so NFKC keeps them; people type them all the same.
_ASCII_LOOKALIKES = {
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2212": "-",
    "\u2019": "'",
    "\u02bc": "'",
    "\u00b4": "'",
    "œ": "oe",
    "Œ": "OE",
    "æ": "ae",
    "Æ": "AE",
}


@functools.lru_cache(maxsize=4096)
def _plain_char(ch: str) -> str:
    if ch in _ASCII_LOOKALIKES:
        return _ASCII_LOOKALIKES[ch]
    compat = unicodedata.normalize("NFKC", ch)
    return "".join(c for c in unicodedata.normalize("NFD", compat) if not unicodedata.combining(c))


@dataclass(frozen=True, slots=True)
class _Plain:
    """``text`` made plain, with where each of its characters came from in ``source``."""

    source: str
    text: str
    origin: tuple[int, ...] | None  # None: the source was ASCII, offsets are the same

    @classmethod
    def of(cls, source: str) -> _Plain:
        if source.isascii():
            return cls(source, source, None)
        pieces: list[str] = []
        origin: list[int] = []
        for index, ch in enumerate(source):
            # A combining accent (decomposed "é") folds to nothing, "½" to three characters.
            plain = ch if ch < "\x80" else _plain_char(ch)
            pieces.append(plain)
            origin.extend([index] * len(plain))
        return cls(source, "".join(pieces), tuple(origin))

    def fragment(self, start: int, end: int) -> str:
        if self.origin is None:
            return self.source[start:end]
        first = self.origin[start]
        # Up to the next plain character's source, so a trailing combining accent stays in.
        after = self.origin[end] if end < len(self.origin) else len(self.source)
        return self.source[first : max(after, self.origin[end - 1] + 1)]


_Span = tuple[int, int]


# ---------------------------------------------------------------- NIR

# Separators people put between groups: spaces (several, or a line break), dots, dashes,
# slashes, underscores; " - " is three.
_SEP_CHARS = r"\s._/\-"
_SEP = f"[{_SEP_CHARS}]{{0,4}}"
_NIR_BODY_GROUPS = [
    r"(?P<sex>[123478])",
    r"(?P<yy>\d{2})",
    r"(?P<mm>0[1-9]|1[0-2]|2\d|3\d|4[0-2]|[5-9]\d)",
    r"(?P<dept>\d{2}|2[AaBb])",
    r"(?P<commune>\d{3})",
    r"(?P<order>\d{3})",
]
_NIR_BODY = _SEP.join(_NIR_BODY_GROUPS)
# Lookahead capture so overlapping candidates are all tried: a candidate
# failing the key check must not hide a valid one starting inside it.
_NIR_CANDIDATE = re.compile(r"(?<!\d)(?=(" + _NIR_BODY + _SEP + r"(?P<key>\d{2}))(?!\d))")
_NIR_WITHOUT_KEY = re.compile(r"(?<!\d)(?=(" + _NIR_BODY + r")(?!\d))")


def _nir_key(thirteen: str) -> int:
    # Corsica: INSEE rule replaces 2A by 19 and 2B by 18 before mod 97.
    digits = thirteen.upper().replace("2A", "19").replace("2B", "18")
    return 97 - int(digits) % 97


_GROUP_BREAK = re.compile(f"[{_SEP_CHARS}]+")
# "1 84 12 75 123 456 78": seven groups, so six breaks; five are enough to mean the layout.
_NIR_LAYOUT_BREAKS = 5
# Without its key: "1 84 12 75 123 456" has five breaks; three still mean the layout.
_NIR_KEYLESS_LAYOUT_BREAKS = 3
# A bare 13-digit run without key is read as a NIR only when it looks like a common one:
# a man or a woman (1, 2) born in a real month, in a real department. Medicine codes
# (CIP13 "34009…") and French barcodes start with 3 and stay ordinary numbers.
_KEYLESS_BARE = re.compile(r"[12]\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[1-8]\d|9[0-5]|2[AB]|9[789])\d{6}")


def _find_nir(plain: str) -> _Span | None:
    for m in _NIR_CANDIDATE.finditer(plain):
        body = m["sex"] + m["yy"] + m["mm"] + m["dept"] + m["commune"] + m["order"]
        if int(m["key"]) == _nir_key(body):
            return m.span(1)
        if len(_GROUP_BREAK.findall(m.group(1))) >= _NIR_LAYOUT_BREAKS:
            return m.span(1)
    for m in _NIR_WITHOUT_KEY.finditer(plain):
        breaks = len(_GROUP_BREAK.findall(m.group(1)))
        if breaks >= _NIR_KEYLESS_LAYOUT_BREAKS:
            return m.span(1)
        if breaks == 0 and _KEYLESS_BARE.fullmatch(m.group(1).upper()):
            return m.span(1)
    return None


def find_nir(text: str) -> str | None:
    """Return the first substring of ``text`` that is a NIR: one with a valid key, or one
    written in the NIR's own layout (groups 1 2 2 2 3 3 2) whatever its key, since a typo
    in a social security number does not make it any less a patient's; or its first 13
    digits alone, the key left out."""
    return _fragment(text, _find_nir)


# ------------------------------------------------- name + birth date

_MONTHS = (
    r"(?:janvier|janv|jan|fevrier|fevr|fev|mars|mar|avril|avr|mai|juin|juillet|juil"
    r"|aout|septembre|sept|sep|octobre|oct|novembre|nov|decembre|dec)\.?"
)
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_MONTH_NUM = r"(?:0?[1-9]|1[0-2])"
# A full numeric date: 12/03/1945, 12-03-1945, 12.03.1945, 12 03 1945, and ISO 1945-03-12.
_FULL_DATE = "|".join(
    [
        r"(?<!\d)" + _DAY + r"[/.\-]" + _MONTH_NUM + r"[/.\-](?:19|20)\d{2}(?!\d)",
        r"(?<!\d)" + _DAY + " " + _MONTH_NUM + r" (?:19|20)\d{2}(?!\d)",
        r"(?<!\d)(?:19|20)\d{2}[/.\-]" + _MONTH_NUM + r"[/.\-]" + _DAY + r"(?!\d)",
    ]
)
_DATE = "|".join(
    [
        _FULL_DATE,
        r"(?<!\d)" + _DAY + r"[/.\-]" + _MONTH_NUM + r"[/.\-]\d{2}(?!\d)",
        r"(?:1er|" + _DAY + r")\s*" + _MONTHS + r"\s*\d{4}(?!\d)",
        # "12 mars 45", not "3 mars 10h30".
        r"(?:1er|" + _DAY + r")\s*" + _MONTHS + r"\s*\d{2}(?![\dh:])",
        r"\b" + _MONTHS + r"\s+(?:19|20)\d{2}(?!\d)",
    ]
)
_YEAR_ONLY = r"(?:19|20)\d{2}(?!\d)"
_BORN = r"\bnee?(?:\(e\))?"
# "né(e) le/en" must be followed right away by the date: unaccented "ne le" is also the
# common negation ("il ne le sait pas le 12/03"). "le" is often left out ("née 12/03/1945")
# and spaces forgotten ("née le12/03/1945"). "né(e) en" also takes a bare year.
_BIRTH_MARKERS = [
    _BORN + r"\s*(?:le\s*)?:?\s*(?:" + _DATE + ")",
    _BORN + r"\s+en\s+(?:" + _DATE + "|" + _YEAR_ONLY + ")",
    r"\b(?:date\s+de\s+naiss(?:ance|\.)?|ddn|naissance\s*:)[^\d\n]{0,20}?(?:" + _DATE + ")",
    r"\bdn\s*:?\s*(?:" + _DATE + ")",
]
_BIRTH = re.compile("|".join(_BIRTH_MARKERS), re.IGNORECASE)


def _words(words: tuple[str, ...]) -> str:
    return "(?:" + "|".join(words) + r")\b"


# Capitals that name places, services and acronyms of care, not people: "SAMU Lyon",
# "ARS Auvergne", "CH Vienne", "EHPAD Les Tilleuls", "DOLIPRANE Biogaran".
_NOT_A_SURNAME = _words(
    (
        *("SAMU", "SMUR", "SAU", "SOS", "ARS", "CHU", "CHRU", "CHR", "CHI", "CH", "CPAM"),
        *("CPTS", "MSP", "EHPAD", "EPHAD", "HAD", "SSIAD", "SSR", "SMR", "USLD", "URPS"),
        *("PMI", "IDE", "IDEL", "MG", "MT", "PH", "DMP", "HAS", "ANSM", "CRPV", "OMEDIT"),
        *("DAC", "MDPH", "CMP", "CMPP", "CSAPA", "UHCD", "USIC", "REA", "GHT", "CAF", "RCP"),
        *("EIGS", "EIG", "REX", "IRM", "ECG", "TDM", "INR", "AVK", "NFS", "CRP", "HTA"),
        *("AVC", "BPCO", "ALD", "PUI", "LAD", "IV", "SC", "IM", "PO", "URGENT", "ATTENTION"),
        *("IMPORTANT", "NB", "PS", "RAS", "OK", "HOPITAL", "CLINIQUE", "CENTRE", "PHARMACIE"),
        *("CABINET", "SERVICE", "URGENCES", "RESIDENCE", "LABORATOIRE", "SAMEDI", "DIMANCHE"),
        *("COVID", "PCR", "VIH", "BMR", "BHRE", "SARM", "ECBU", "TSH", "HBA1C", "DT2"),
    )
)
# Capitalised words that start a sentence or name a place or a trade: "Le SAMU",
# "Hopital EDOUARD HERRIOT", "Dr MARTIN" (a professional's name is fine).
_NOT_A_NAME = _words(
    (
        *("Le", "La", "Les", "Un", "Une", "Des", "Du", "De", "Au", "Aux", "Et", "En", "Par"),
        *("Pour", "Avec", "Sans", "Chez", "Puis", "Vu", "Vue", "Appel", "Appele", "Hier"),
        *("Dr", "Docteur", "Pr", "Professeur", "Madame", "Monsieur", "Patient", "Patiente"),
        *("Hopital", "Clinique", "Centre", "Pharmacie", "Cabinet", "Service", "Urgences"),
        *("Residence", "Ehpad", "Samu", "Maison", "Rue", "Avenue", "Boulevard", "Place"),
        *("Laboratoire", "Labo", "Biogaran", "Mylan", "Sandoz", "Teva", "Arrow", "Zentiva"),
        *("Viatris", "Sanofi", "Cristers", "Almus", "Zydus", "Lundi", "Mardi", "Mercredi"),
        *("Jeudi", "Vendredi", "Samedi", "Dimanche", "Alzheimer", "Parkinson", "Crohn"),
        *("Covid", "Test", "Bilan", "Examen", "Resultat"),
    )
)
# Lower-case words after a civility that are not a surname: "mme a chuté", "mme le 12/03".
_NOT_A_LOWER_NAME = _words(
    (
        *("le", "la", "les", "lui", "est", "et", "a", "au", "aux", "du", "de", "des", "ce"),
        *("cet", "cette", "son", "sa", "ses", "qui", "que", "ne", "en", "pour", "par", "avec"),
        *("sans", "sur", "dans", "etait", "avait", "elle", "il", "hier", "vue", "vu", "ou"),
        *("mais", "donc", "puis", "chez", "dit", "se", "me", "nous", "vous", "leur", "na"),
    )
)
_CAP_WORD = r"(?:[A-Z]')?[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)*"
_UPPER_WORD = r"(?:[A-Z]')?[A-Z]{2,}(?:[-'][A-Z]{2,})*"
_LOWER_WORD = r"[a-z]{2,}(?:-[a-z]{2,})*"
_SURNAME = r"(?!" + _NOT_A_SURNAME + ")" + _UPPER_WORD
_NAME = r"(?!" + _NOT_A_NAME + ")" + _CAP_WORD
# "M. Dupont", "M Dupont", "m. dupont", "Mme DUPONT", "mme martin", "Madame Hélène".
_CIVILITY = (
    r"(?<![A-Za-z0-9])(?:(?:M|(?i:mr|mme|mlle|mmes))(?:\.\s*|\s+)|m\.\s*"
    r"|(?i:madame|monsieur|mademoiselle)\s+)"
)
# A name right after a title is a professional's: "Dr Jean MARTIN", "Pr DURAND Paul".
_NO_TITLE = r"(?<!(?i:dr)\s)(?<!(?i:dr)\.\s)(?<!(?i:pr)\s)(?<!(?i:docteur)\s)(?<!(?i:professeur)\s)"
_LOWER_NAME = r"(?!" + _NOT_A_LOWER_NAME + ")" + _LOWER_WORD
# Evaluated on plain text, case-sensitive except where scoped.
_NAME_CUES = [
    _CIVILITY + r"(?:" + _SURNAME + "|" + _CAP_WORD + ")",
    r"\b(?i:patiente?)\s+(?:" + _SURNAME + "|" + _NAME + ")",
    _NO_TITLE + r"\b" + _NAME + r"\s+" + _SURNAME + r"\b",
    # Administrative order "DUPONT Jean" is as common as "Jean DUPONT".
    _NO_TITLE + r"\b" + _SURNAME + r"\s+" + _NAME + r"\b",
]
# Every cue starts a word with a capital, "m" or "p": checked first, it skips most
# positions at once (the guard reads up to 4,000 characters per message).
_CUE_START = r"\b(?=[A-Zmp])"
_NAME_CUE = re.compile(_CUE_START + "(?:" + "|".join(_NAME_CUES) + ")")
_BIRTH_START = r"(?=(?i:nee?(?:\(e\))?(?![a-z])|ddn\b|dn\b|date\s+de\s+naiss|naissance\s*:))"
# Two name words right before the birth marker: "Jeanne Martin née le …", "JEANNE MARTIN
# née …"; in lower case only after a civility, since "mme chute" or "mme refuse" read the
# same as "mme martin": "mme martin née le …", "m. dupont, né le …", "mr durand ddn …".
_NAME_BEFORE_BIRTH = re.compile(
    _CUE_START
    + "(?:"
    + _NO_TITLE
    + "(?:"
    + _NAME
    + "|"
    + _SURNAME
    + r")\s+(?:"
    + _NAME
    + "|"
    + _SURNAME
    + ")|"
    + _CIVILITY
    + _LOWER_NAME
    + r"(?:\s+"
    + _LOWER_NAME
    + r")?)\s*[,(\-]?\s*"
    + _BIRTH_START
)
# "Mme Martin (12/03/1945)", "Mme Martin, 1945-03-12", "mme martin (12/03/1945)": a name cue
# followed at once by a full date with a four-digit year reads as a birth date.
_NAME_THEN_DATE = re.compile(
    _CUE_START
    + "(?:(?:"
    + "|".join(_NAME_CUES)
    + r")\s*[,(:\-]?|"
    + _CIVILITY
    + _LOWER_NAME
    + r"\s*[,(])\s*\(?\s*(?P<date>"
    + _FULL_DATE
    + ")"
)
# A name this close to a birth date is taken for the patient's; further away it may be
# anyone's ("Test COVID positif … patient né en 1950").
_NEAR_BIRTH = 150


def _find_named_birth_date(plain: str) -> _Span | None:
    for birth in _BIRTH.finditer(plain):
        start, end = max(0, birth.start() - _NEAR_BIRTH), birth.end() + _NEAR_BIRTH
        if _NAME_CUE.search(plain, start, end) or _NAME_BEFORE_BIRTH.search(
            plain, start, birth.end()
        ):
            return birth.span()
    attached = _NAME_THEN_DATE.search(plain)
    if attached is not None:
        return attached.span("date")
    return None


def find_named_birth_date(text: str) -> str | None:
    """Return the birth-date fragment if ``text`` also carries a name cue.

    A birth date alone (no civility / name / "patient X") is deliberately
    not flagged: it is not identifying by itself and users often give the
    age context of an event that way.
    """
    return _fragment(text, _find_named_birth_date)


# ------------------------------------------------------- contact details

# "jean.dupont@gmail.com", "jean.dupont @ orange.fr", "j.dupont@gmail. com" (a phone keyboard
# adds a space after a dot), "jean.dupont arobase free.fr".
_EMAIL = re.compile(
    # Starts where a run of address characters starts: trying every position of a long run
    # before a lone "@" would take quadratic time.
    r"(?<![\w.%+\-])[\w.%+\-]*\w\s?(?:@|[(\[]at[)\]]|\sarobase\s)\s?"
    r"[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?(?:\.\s?[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?)*\.\s?[a-z]{2,}\b",
    re.IGNORECASE,
)


# Looked for first: most texts have none of these, and the full pattern is slower.
_EMAIL_AT = re.compile(r"@|[(\[]at[)\]]|arobase", re.IGNORECASE)


def _find_email(plain: str) -> _Span | None:
    if _EMAIL_AT.search(plain) is None:
        return None
    found = _EMAIL.search(plain)
    return None if found is None else found.span()


def find_email(text: str) -> str | None:
    """Return the first e-mail address in ``text``, whoever it belongs to."""
    return _fragment(text, _find_email)


_PHONE_REGION = "FR"


# A "+" and six more digits, or a trunk 0 and eight (a French number has ten, nine with a
# typo): without one, the matcher (the slowest check) could only find numbers
# ``_find_phone`` would not keep, and "le 05/03/2025" has eight digits only.
_PHONE_HINT = re.compile(r"\+(?:[\s().\-/]{0,3}\d){6}|(?<!\d)0(?:[\s().\-/]{0,3}\d){8}")
# "le 05 03 2025 10h30": a date and an hour, which the matcher reads as "05 03 20 25 10".
_DATE_FIRST = re.compile(r"\d{1,2}[\s./\-]\d{1,2}[\s./\-](?:19|20)\d{2}(?!\d)")
# Ten digits after "lot" or "facture" are that, not a phone number.
_REFERENCE_BEFORE = re.compile(
    r"\b(?:lot|ref|reference|dossier|facture|commande|cip|ucd|finess|rpps|adeli|siret|siren)"
    r"\s*(?:n°|no|num(?:ero)?)?\s*[:.]?\s*\Z",
    re.IGNORECASE,
)


def _find_phone(plain: str) -> _Span | None:
    if _PHONE_HINT.search(plain) is None:
        return None
    for match in PhoneNumberMatcher(plain, _PHONE_REGION, leniency=Leniency.POSSIBLE):
        # French numbers are written with their trunk 0 or a country code: a bare 9-digit
        # run is a FINESS, ADELI or SIREN number, or a reference.
        if not match.raw_string.lstrip("(").startswith(("0", "+")):
            continue
        if _DATE_FIRST.match(match.raw_string):
            continue
        if _REFERENCE_BEFORE.search(plain, max(0, match.start - 30), match.start):
            continue
        return match.start, match.end
    return None


def find_phone(text: str) -> str | None:
    """Return the first phone number in ``text`` (national with its 0, or international)."""
    return _fragment(text, _find_phone)


# ------------------------------------------------------------ together


def _fragment(text: str, find: Callable[[str], _Span | None]) -> str | None:
    plain = _Plain.of(text)
    span = find(plain.text)
    return None if span is None else plain.fragment(*span)


_CHECKS: tuple[tuple[IdentifierKind, Callable[[str], _Span | None]], ...] = (
    ("nir", _find_nir),
    ("name_birth_date", _find_named_birth_date),
    ("email", _find_email),
    ("phone", _find_phone),
)


def find_patient_identifier(text: str, *, contacts: bool = True) -> IdentifierHit | None:
    """Run every check, the NIR first as it is the strongest signal; contact details last,
    since a name with a birth date tells more about whom the text is. `contacts=False` lets
    e-mail addresses and phone numbers through (a text not about a case: a meeting's place
    with its dial-in number)."""
    plain = _Plain.of(text)
    for kind, find in _CHECKS:
        if not contacts and kind in ("email", "phone"):
            continue
        span = find(plain.text)
        if span is not None:
            return IdentifierHit(kind=kind, fragment=plain.fragment(*span))
    return None
