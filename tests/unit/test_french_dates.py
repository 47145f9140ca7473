from __future__ import annotations

from datetime import date

import pytest

from flows.text.dates import DateError, format_date_fr, parse_event_date

TODAY = date(2026, 11, 22)  # a Sunday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Relative words.
        ("aujourd'hui", date(2026, 11, 22)),
        ("Aujourd’hui", date(2026, 11, 22)),
        ("aujourdhui", date(2026, 11, 22)),
        ("auj", date(2026, 11, 22)),
        ("auj.", date(2026, 11, 22)),
        ("  HIER ", date(2026, 11, 21)),
        ("depuis hier", date(2026, 11, 21)),
        ("avant-hier", date(2026, 11, 20)),
        ("avant hier", date(2026, 11, 20)),
        # Numeric.
        ("12/11", date(2026, 11, 12)),
        ("le 12/11", date(2026, 11, 12)),
        ("12/11/2026", date(2026, 11, 12)),
        ("12/11/26", date(2026, 11, 12)),
        ("12-11-2026", date(2026, 11, 12)),
        ("12.11.2026", date(2026, 11, 12)),
        ("12 / 11 / 2026", date(2026, 11, 12)),
        ("1/2", date(2026, 2, 1)),
        ("01/02/25", date(2025, 2, 1)),
        ("22/11", date(2026, 11, 22)),
        # Without a year, a future day/month means last year.
        ("23/11", date(2025, 11, 23)),
        ("25/12", date(2025, 12, 25)),
        # 29 February: most recent leap year.
        ("29/02", date(2024, 2, 29)),
        # Textual.
        ("le 3 novembre", date(2026, 11, 3)),
        ("3 novembre 2025", date(2025, 11, 3)),
        ("3 nov", date(2026, 11, 3)),
        ("3 nov.", date(2026, 11, 3)),
        ("3 Nov. 2025", date(2025, 11, 3)),
        ("3 nov 25", date(2025, 11, 3)),
        ("1er novembre", date(2026, 11, 1)),
        ("1 er novembre", date(2026, 11, 1)),
        ("3 fevrier", date(2026, 2, 3)),
        ("3 février", date(2026, 2, 3)),
        ("15 aout", date(2026, 8, 15)),
        ("15 août", date(2026, 8, 15)),
        ("15 AOÛT 2025", date(2025, 8, 15)),
        ("3 decembre", date(2025, 12, 3)),
        ("3 décembre 2025", date(2025, 12, 3)),
        ("3 sept", date(2026, 9, 3)),
        ("3 janv. 2026", date(2026, 1, 3)),
        ("depuis le 3 juillet", date(2026, 7, 3)),
        ("mardi 3 novembre", date(2026, 11, 3)),  # weekday word ignored
        # Weekdays: most recent, today included without "dernier".
        ("lundi", date(2026, 11, 16)),
        ("samedi", date(2026, 11, 21)),
        ("dimanche", date(2026, 11, 22)),
        ("dimanche dernier", date(2026, 11, 15)),
        ("lundi dernier", date(2026, 11, 16)),
        ("le mercredi", date(2026, 11, 18)),
        ("vendredi passé", date(2026, 11, 20)),
        # Boundary: exactly five years back is still accepted.
        ("22/11/2021", date(2021, 11, 22)),
    ],
)
def test_parse_ok(text: str, expected: date) -> None:
    assert parse_event_date(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", DateError.UNREADABLE),
        ("   ", DateError.UNREADABLE),
        ("bientôt", DateError.UNREADABLE),
        ("31/02", DateError.UNREADABLE),
        ("31/02/2026", DateError.UNREADABLE),
        ("29/02/2026", DateError.UNREADABLE),
        ("32/01", DateError.UNREADABLE),
        ("12/13", DateError.UNREADABLE),
        ("0/5", DateError.UNREADABLE),
        ("12/11-2026", DateError.UNREADABLE),
        ("12/11/202", DateError.UNREADABLE),
        ("3 brumaire", DateError.UNREADABLE),
        ("31 novembre", DateError.UNREADABLE),
        ("demain", DateError.FUTURE),
        ("23/11/2026", DateError.FUTURE),
        ("23/11/26", DateError.FUTURE),
        ("1 janvier 2027", DateError.FUTURE),
        ("12/11/45", DateError.FUTURE),  # two-digit years are 20YY
        ("21/11/2021", DateError.TOO_OLD),
        ("3 mars 2020", DateError.TOO_OLD),
        ("12/11/1999", DateError.TOO_OLD),
    ],
)
def test_parse_errors(text: str, error: DateError) -> None:
    assert parse_event_date(text, TODAY) is error


def test_weekday_on_every_day_of_week() -> None:
    # Week of Monday 2026-11-16: a bare weekday is never in the future.
    for offset in range(7):
        today = date(2026, 11, 16 + offset)
        for name in ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"):
            got = parse_event_date(name, today)
            assert isinstance(got, date)
            assert 0 <= (today - got).days <= 6
            last = parse_event_date(name + " dernier", today)
            assert isinstance(last, date)
            assert 1 <= (today - last).days <= 7


def test_no_year_on_leap_day_today() -> None:
    assert parse_event_date("29/02", date(2028, 2, 29)) == date(2028, 2, 29)
    assert parse_event_date("1/3", date(2028, 2, 29)) == date(2027, 3, 1)


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2026, 11, 10), "mardi 10 novembre 2026"),
        (date(2026, 11, 1), "dimanche 1er novembre 2026"),
        (date(2026, 2, 2), "lundi 2 février 2026"),
        (date(2026, 8, 15), "samedi 15 août 2026"),
        (date(2025, 12, 31), "mercredi 31 décembre 2025"),
    ],
)
def test_format_date_fr(d: date, expected: str) -> None:
    assert format_date_fr(d) == expected


def test_format_round_trip() -> None:
    d = date(2026, 3, 1)
    assert parse_event_date(format_date_fr(d), TODAY) == d
