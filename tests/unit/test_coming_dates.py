"""Dates to come, as a cell member types an absence ("jusqu'à lundi", "du 24/11 au 28/11")."""

from __future__ import annotations

from datetime import date

import pytest

from flows.text.dates import DateError, parse_coming_date

TODAY = date(2026, 11, 22)  # a Sunday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("aujourd'hui", date(2026, 11, 22)),
        ("demain", date(2026, 11, 23)),
        ("après-demain", date(2026, 11, 24)),
        ("lundi", date(2026, 11, 23)),
        ("dimanche", date(2026, 11, 22)),
        ("jusqu'à lundi", date(2026, 11, 23)),
        ("jusqu'au 28/11", date(2026, 11, 28)),
        ("au 3 décembre", date(2026, 12, 3)),
        ("28/11/2026", date(2026, 11, 28)),
        ("2/1", date(2027, 1, 2)),
        ("le 1er janvier", date(2027, 1, 1)),
    ],
)
def test_coming_dates(text: str, expected: date) -> None:
    assert parse_coming_date(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("12/11/2026", DateError.PAST),
        ("n'importe quand", DateError.UNREADABLE),
        ("31/02", DateError.UNREADABLE),
        ("12/11/2030", DateError.TOO_FAR),
    ],
)
def test_refused(text: str, error: DateError) -> None:
    assert parse_coming_date(text, TODAY) is error
