"""Parse the date of an event as typed by a French user.

Returns a ``date`` or a ``DateError``; wording of any error message
belongs to the caller's message catalogue.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from datetime import date, time, timedelta

__all__ = [
    "DateError",
    "format_date",
    "format_date_fr",
    "parse_coming_date",
    "parse_event_date",
]

# Events older than this are outside the quality-review window.
MAX_AGE_YEARS = 5


class DateError(enum.Enum):
    UNREADABLE = "unreadable"
    FUTURE = "future"
    TOO_OLD = "too_old"
    PAST = "past"
    TOO_FAR = "too_far"


_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_MONTH_NAMES = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
# Folded (accentless) spellings and common abbreviations -> month number.
_MONTH_ALIASES: dict[str, int] = {
    "janvier": 1, "janv": 1, "jan": 1,
    "fevrier": 2, "fevr": 2, "fev": 2,
    "mars": 3, "mar": 3,
    "avril": 4, "avr": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7, "juil": 7,
    "aout": 8,
    "septembre": 9, "sept": 9, "sep": 9,
    "octobre": 10, "oct": 10,
    "novembre": 11, "nov": 11,
    "decembre": 12, "dec": 12,
}  # fmt: skip

_RELATIVE: dict[str, int] = {
    "aujourd'hui": 0,
    "aujourdhui": 0,
    "aujourd hui": 0,
    "auj": 0,
    "hier": 1,
    "avant-hier": 2,
    "avant hier": 2,
}

_YEAR = r"(?P<year>\d{4}|\d{2})"
# Same separator twice: "12/11-2026" is more likely a typo than a date.
_NUMERIC = re.compile(r"(?P<day>\d{1,2})\s*([/.\-])\s*(?P<month>\d{1,2})(?:\s*\2\s*" + _YEAR + ")?")
_MONTH_ALT = "|".join(sorted(_MONTH_ALIASES, key=len, reverse=True))
_TEXTUAL = re.compile(
    r"(?:(?:" + "|".join(_WEEKDAYS) + r")\s+)?"
    r"(?P<day>1\s*er|\d{1,2})\s*(?P<month>" + _MONTH_ALT + r")\.?(?:\s+" + _YEAR + ")?"
)
_WEEKDAY = re.compile(r"(?P<wd>" + "|".join(_WEEKDAYS) + r")(?:\s+(?P<last>dernier|passe))?")
_PREFIX = re.compile(r"^(?:depuis\b|le\b|l')\s*")


def _normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    s = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    s = s.replace("\u2019", "'").replace("`", "'")
    s = re.sub(r"\s+", " ", s).strip()
    s = s.rstrip(" .!?,;")
    while True:
        stripped = _PREFIX.sub("", s, count=1)
        if stripped == s:
            return s
        s = stripped


def _build(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _years_ago(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _most_recent(month: int, day: int, today: date) -> date | DateError:
    # Leap year 2000 tells "never valid" (31/02) from "not this year" (29/02).
    if _build(2000, month, day) is None:
        return DateError.UNREADABLE
    for year in range(today.year, today.year - 9, -1):
        candidate = _build(year, month, day)
        if candidate is not None and candidate <= today:
            return candidate
    return DateError.UNREADABLE  # unreachable: 29/02 recurs within 8 years


def _resolve(day: int, month: int, year_text: str | None, today: date) -> date | DateError:
    if year_text is None:
        return _most_recent(month, day, today)
    year = int(year_text)
    if len(year_text) == 2:
        year += 2000
    built = _build(year, month, day)
    if built is None:
        return DateError.UNREADABLE
    return built


def _check_range(d: date, today: date) -> date | DateError:
    if d > today:
        return DateError.FUTURE
    if d < _years_ago(today, MAX_AGE_YEARS):
        return DateError.TOO_OLD
    return d


def _day_month_year(s: str) -> tuple[int, int, str | None] | None:
    """(day, month, year as typed or None) from "12/11", "3 novembre 2025", "1er déc."…"""
    m = _NUMERIC.fullmatch(s) or _TEXTUAL.fullmatch(s)
    if m is None:
        return None
    raw_month = m["month"]
    month = int(raw_month) if raw_month.isdigit() else _MONTH_ALIASES[raw_month]
    day = 1 if m["day"].startswith("1") and m["day"].endswith("er") else int(m["day"])
    if not 1 <= month <= 12:
        return None
    return day, month, m["year"]


def parse_event_date(text: str, today: date) -> date | DateError:
    """Parse a French event date relative to ``today``.

    Without a year, the most recent past occurrence is used. A bare
    weekday includes today ("lundi" said on a Monday is today); with
    "dernier"/"passé" it is strictly before today (a week back on that day).
    """
    s = _normalise(text)
    if not s:
        return DateError.UNREADABLE

    if s in _RELATIVE:
        return _check_range(today - timedelta(days=_RELATIVE[s]), today)
    if _COMING.get(s, 0) > 0:
        return DateError.FUTURE  # "demain" for something that already happened

    m = _WEEKDAY.fullmatch(s)
    if m is not None:
        back = (today.weekday() - _WEEKDAYS.index(m["wd"])) % 7
        if back == 0 and m["last"] is not None:
            back = 7
        return _check_range(today - timedelta(days=back), today)

    parts = _day_month_year(s)
    if parts is None:
        return DateError.UNREADABLE
    day, month, year_text = parts
    resolved = _resolve(day, month, year_text, today)
    if isinstance(resolved, DateError):
        return resolved
    return _check_range(resolved, today)


_COMING: dict[str, int] = {
    "aujourd'hui": 0,
    "aujourdhui": 0,
    "aujourd hui": 0,
    "auj": 0,
    "demain": 1,
    "apres-demain": 2,
    "apres demain": 2,
}
_GONE = frozenset({"hier", "avant-hier", "avant hier"})
# A day without a year at most this long ago is taken for the past, not for next year.
RECENTLY_GONE = timedelta(days=60)
_UNTIL = re.compile(r"^(?:jusqu'?\s*(?:a|au|a la)|au|a)\s+")


def parse_coming_date(text: str, today: date, max_days: int = 366) -> date | DateError:
    """Parse a date to come ("demain", "lundi", "28/11", "jusqu'au 3 décembre").

    Without a year, the next occurrence from today on is used, unless the day is just gone
    (within `RECENTLY_GONE`: "20/11" said on the 22nd is a mistake, not next year); a weekday
    means the next such day, today included. A date before today is PAST, one beyond `max_days`
    TOO_FAR.
    """
    s = _UNTIL.sub("", _normalise(text))
    if not s:
        return DateError.UNREADABLE
    if s in _GONE:
        return DateError.PAST
    if s in _COMING:
        return today + timedelta(days=_COMING[s])
    m = _WEEKDAY.fullmatch(s)
    if m is not None and m["last"] is None:
        return today + timedelta(days=(_WEEKDAYS.index(m["wd"]) - today.weekday()) % 7)
    parts = _day_month_year(s)
    if parts is None or _build(2000, parts[1], parts[0]) is None:
        return DateError.UNREADABLE
    day, month, year_text = parts
    if year_text is None:
        resolved = _build(today.year, month, day)
        if resolved is not None and timedelta(0) < today - resolved <= RECENTLY_GONE:
            return DateError.PAST
        if resolved is None or resolved < today:
            resolved = _build(today.year + 1, month, day)
    else:
        year = int(year_text) + (2000 if len(year_text) == 2 else 0)
        resolved = _build(year, month, day)
    if resolved is None:
        return DateError.UNREADABLE
    if resolved < today:
        return DateError.PAST
    if resolved > today + timedelta(days=max_days):
        return DateError.TOO_FAR
    return resolved


def format_date_fr(d: date) -> str:
    """Format as "mardi 12 novembre 2026" ("1er" on the first of the month)."""
    day = "1er" if d.day == 1 else str(d.day)
    return f"{_WEEKDAYS[d.weekday()]} {day} {_MONTH_NAMES[d.month - 1]} {d.year}"


_EN_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_date(d: date, language: str) -> str:
    """The date as a person reads it in their language ("Thursday 12 November 2026" in English)."""
    if language == "en":
        return f"{_EN_WEEKDAYS[d.weekday()]} {d.day} {_EN_MONTHS[d.month - 1]} {d.year}"
    return format_date_fr(d)


_CLOCK = re.compile(r"^\s*(\d{1,2})\s*[h:]\s*(\d{2})?\s*$")


def parse_clock(text: str) -> time | None:
    """ "14h", "14h30", "14:30", "9 h" → a time of day; None if it is not one."""
    m = _CLOCK.match(text)
    if m is None or int(m[1]) > 23 or int(m[2] or 0) > 59:
        return None
    return time(int(m[1]), int(m[2] or 0))
