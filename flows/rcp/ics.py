"""Calendar invitations (RFC 5545) for RCP meetings.

Built with the icalendar library, which escapes the text and folds the lines at 75 octets:
a single event, in the territory's time zone, with a stable UID (the meeting's) and a
SEQUENCE that grows with each update, so that a calendar replaces the event instead of adding
a second one. The VTIMEZONE is derived by icalendar from the zone's tz data
(`Timezone.from_tzinfo`), over the years the meeting spans.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import STATUS, Calendar, Event, Timezone

PRODID = "-//rexbot//RCP//FR"


def invitation(
    *,
    uid: str,
    sequence: int,
    title: str,
    starts_at: datetime,
    duration_min: int,
    place: str,
    description: str,
    zone: ZoneInfo,
    stamp: datetime,
    cancelled: bool = False,
) -> str:
    """The .ics text of one meeting (CRLF line ends, as RFC 5545 requires)."""
    start = starts_at.astimezone(zone)
    # Added in UTC: the duration is elapsed time, even across a change of offset.
    end = (starts_at.astimezone(UTC) + timedelta(minutes=duration_min)).astimezone(zone)
    event = Event.new(
        uid=uid,
        sequence=sequence,
        stamp=stamp.astimezone(UTC),
        start=start,
        end=end,
        summary=title,
        location=place,
        description=description,
        status=STATUS.CANCELLED if cancelled else STATUS.CONFIRMED,
    )
    # Not Calendar.new(): it would add a random calendar UID, and the file should depend only
    # on the meeting.
    calendar = Calendar()
    calendar.version = "2.0"
    calendar.prodid = PRODID
    calendar.calscale = "GREGORIAN"
    calendar.method = "CANCEL" if cancelled else "PUBLISH"
    calendar.add_component(event)
    # Nothing is missing when the territory is on UTC: its times are then written with a Z.
    if calendar.get_missing_tzids():
        # From the zone object itself rather than looked up by name, as
        # add_missing_timezones() would; and before the event, which refers to it.
        timezone = Timezone.from_tzinfo(
            zone, first_date=date(start.year, 1, 1), last_date=date(end.year + 1, 1, 1)
        )
        calendar.subcomponents.insert(0, timezone)
    ical: bytes = calendar.to_ical()
    return ical.decode("utf-8")
