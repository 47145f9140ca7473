"""The calendar invitation, read back with the icalendar library."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar

from flows.rcp.ics import invitation

PARIS = ZoneInfo("Europe/Paris")


def build(**changes: object) -> str:
    values: dict[str, object] = {
        "uid": "rcp-7@rexbot",
        "sequence": 0,
        "title": "RCP sorties d'hospitalisation, vendredi; suite",
        "starts_at": datetime(2026, 12, 3, 12, 30, tzinfo=PARIS),
        "duration_min": 90,
        "place": "Maison de santé de Vif, salle 2",
        "description": "1. Protocole AVK\n2. Sorties du vendredi — un sujet au titre très long "
        "qui dépasse largement soixante-quinze octets une fois encodé en UTF-8 ✅",
        "zone": PARIS,
        "stamp": datetime(2026, 11, 22, 14, 0, tzinfo=UTC),
    }
    values.update(changes)
    return invitation(**values)  # type: ignore[arg-type]


def test_the_invitation_reads_back_with_its_time_zone() -> None:
    text = build()
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    calendar = icalendar.Calendar.from_ical(text)
    event = next(iter(calendar.walk("VEVENT")))
    assert str(event["UID"]) == "rcp-7@rexbot"
    assert str(event["SUMMARY"]) == "RCP sorties d'hospitalisation, vendredi; suite"
    assert str(event["LOCATION"]) == "Maison de santé de Vif, salle 2"
    assert "2. Sorties du vendredi" in str(event["DESCRIPTION"])
    assert "UTF-8 ✅" in str(event["DESCRIPTION"])
    start = event.decoded("DTSTART")
    assert start == datetime(2026, 12, 3, 12, 30, tzinfo=PARIS)
    assert start.astimezone(UTC) == datetime(2026, 12, 3, 11, 30, tzinfo=UTC)
    assert event.decoded("DTEND") - start == timedelta(minutes=90)
    zones = calendar.walk("VTIMEZONE")
    assert str(zones[0]["TZID"]) == "Europe/Paris"


def test_summer_time_and_updates_keep_the_uid() -> None:
    text = build(starts_at=datetime(2027, 6, 10, 9, 0, tzinfo=PARIS), sequence=2)
    event = next(iter(icalendar.Calendar.from_ical(text).walk("VEVENT")))
    assert event.decoded("DTSTART").astimezone(UTC) == datetime(2027, 6, 10, 7, 0, tzinfo=UTC)
    assert int(event["SEQUENCE"]) == 2 and str(event["UID"]) == "rcp-7@rexbot"
    cancelled = icalendar.Calendar.from_ical(build(cancelled=True))
    assert str(cancelled["METHOD"]) == "CANCEL"
    assert str(next(iter(cancelled.walk("VEVENT")))["STATUS"]) == "CANCELLED"
