"""The calendar invitation, read back with the icalendar library."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
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


def vtimezone_alone(text: str) -> tzinfo:
    """The time zone as the invitation's own VTIMEZONE describes it, not as the reader's tz
    data does (a calendar without Europe/Paris in its database only has this)."""
    zones = icalendar.Calendar.from_ical(text).timezones
    assert len(zones) == 1
    zone: tzinfo = zones[0].to_tz(lookup_tzid=False)
    return zone


def wall_clock(text: str, name: str) -> datetime:
    event = next(iter(icalendar.Calendar.from_ical(text).walk("VEVENT")))
    value: datetime = event.decoded(name)
    return value.replace(tzinfo=None)


def test_the_embedded_time_zone_follows_both_changes_of_the_meetings_year() -> None:
    # Summer time starts on Sunday 28 March 2027 and ends on Sunday 31 October 2027.
    text = build(starts_at=datetime(2027, 3, 29, 9, 0, tzinfo=PARIS))
    zone = vtimezone_alone(text)
    start = wall_clock(text, "DTSTART").replace(tzinfo=zone)
    assert start.astimezone(UTC) == datetime(2027, 3, 29, 7, 0, tzinfo=UTC)
    hour = timedelta(hours=1)
    for day, offset in (
        (datetime(2027, 3, 26, 9, 0), hour),
        (datetime(2027, 3, 29, 9, 0), 2 * hour),
        (datetime(2027, 10, 29, 9, 0), 2 * hour),
        (datetime(2027, 11, 1, 9, 0), hour),
    ):
        assert day.replace(tzinfo=zone).utcoffset() == offset, day


def test_a_territory_without_summer_time_gets_its_own_offset() -> None:
    reunion = ZoneInfo("Indian/Reunion")
    text = build(starts_at=datetime(2026, 12, 3, 14, 0, tzinfo=reunion), zone=reunion)
    calendar = icalendar.Calendar.from_ical(text)
    assert [zone.tz_name for zone in calendar.timezones] == ["Indian/Reunion"]
    start = wall_clock(text, "DTSTART").replace(tzinfo=vtimezone_alone(text))
    assert start.astimezone(UTC) == datetime(2026, 12, 3, 10, 0, tzinfo=UTC)


def test_a_meeting_given_in_utc_is_written_in_the_territorys_time() -> None:
    text = build(starts_at=datetime(2026, 12, 31, 22, 30, tzinfo=UTC))
    assert wall_clock(text, "DTSTART") == datetime(2026, 12, 31, 23, 30)
    # It ends in the next year, still on winter time by the embedded zone.
    assert wall_clock(text, "DTEND") == datetime(2027, 1, 1, 1, 0)
    end = wall_clock(text, "DTEND").replace(tzinfo=vtimezone_alone(text))
    assert end.astimezone(UTC) == datetime(2027, 1, 1, 0, 0, tzinfo=UTC)


def test_a_territory_on_utc_needs_no_vtimezone() -> None:
    utc = ZoneInfo("UTC")
    text = build(starts_at=datetime(2026, 12, 3, 12, 30, tzinfo=utc), zone=utc)
    calendar = icalendar.Calendar.from_ical(text)
    assert calendar.timezones == []
    assert "DTSTART:20261203T123000Z" in text.split("\r\n")


def test_long_french_text_round_trips_exactly() -> None:
    title = "Révision des « événements indésirables » ; suites, décisions\\notes — été 2027"
    place = "Maison de santé pluriprofessionnelle, 3 rue de l'Église; bâtiment B, 1er étage"
    description = (
        "Ordre du jour :\n1. Anticoagulants oraux (AVK, AOD) ; INR, héparine\n"
        "2. Sorties d'hospitalisation, le vendredi — coordination ville–hôpital ✅\n"
        "END:VEVENT\nMETHOD:CANCEL"
    )
    text = build(title=title, place=place, description=description)
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    event = next(iter(icalendar.Calendar.from_ical(text).walk("VEVENT")))
    assert str(event["SUMMARY"]) == title
    assert str(event["LOCATION"]) == place
    assert str(event["DESCRIPTION"]) == description
    # The text's own line breaks stay inside the property: one event, still published.
    assert text.count("BEGIN:VEVENT") == 1 and "METHOD:PUBLISH\r\n" in text


def test_carriage_returns_in_text_cannot_start_a_line() -> None:
    text = build(description="Ligne 1\r\nLigne 2\rMETHOD:CANCEL")
    assert text.replace("\r\n", "").count("\r") == 0
    event = next(iter(icalendar.Calendar.from_ical(text).walk("VEVENT")))
    assert str(event["DESCRIPTION"]) == "Ligne 1\nLigne 2\nMETHOD:CANCEL"


def test_a_cancellation_replaces_the_published_event() -> None:
    published = icalendar.Calendar.from_ical(build(sequence=1))
    cancelled = icalendar.Calendar.from_ical(build(sequence=2, cancelled=True))
    assert str(published["METHOD"]) == "PUBLISH"
    assert str(cancelled["METHOD"]) == "CANCEL"
    [before], [after] = published.events, cancelled.events
    assert before.status == "CONFIRMED" and after.status == "CANCELLED"
    assert after.uid == before.uid == "rcp-7@rexbot"
    assert after.sequence == 2 > before.sequence
    assert after.start == before.start


def test_the_same_meeting_gives_the_same_file() -> None:
    assert build() == build()
    assert build(sequence=1) != build()
