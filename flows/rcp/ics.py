"""Calendar invitations (RFC 5545) for RCP meetings.

Written by hand rather than with a library: a single event, in the territory's time zone, with
a stable UID (the meeting's) and a SEQUENCE that grows with each update, so that a calendar
replaces the event instead of adding a second one. Lines are folded at 75 octets and text is
escaped as the RFC requires.
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

PRODID = "-//rexbot//RCP//FR"


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (UTF-8 safe)."""
    out: list[str] = []
    current = ""
    size = 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > (75 if not out else 74):
            out.append(current)
            current, size = "", 0
        current += char
        size += width
    out.append(current)
    return "\r\n ".join(out)


def _local(at: datetime, zone: ZoneInfo) -> str:
    return at.astimezone(zone).strftime("%Y%m%dT%H%M%S")


def _utc(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


@functools.lru_cache(maxsize=16)
def _timezone_block(zone: ZoneInfo, year: int) -> tuple[str, ...]:
    """The zone's standard and daylight rules as seen in the meeting's year (Europe/Paris:
    CET from the last Sunday of October, CEST from the last Sunday of March). Found by walking
    the year hour by hour, hence cached."""
    lines = ["BEGIN:VTIMEZONE", f"TZID:{zone.key}"]
    transitions = []
    moment = datetime(year, 1, 1, tzinfo=UTC)
    previous = moment.astimezone(zone).utcoffset()
    while moment.year == year:
        moment += timedelta(hours=1)
        offset = moment.astimezone(zone).utcoffset()
        if offset != previous:
            transitions.append((moment.astimezone(zone), previous, offset))
            previous = offset
    if not transitions:
        offset_text = _offset(previous)
        return (
            *lines,
            "BEGIN:STANDARD",
            f"DTSTART:{year}0101T000000",
            f"TZOFFSETFROM:{offset_text}",
            f"TZOFFSETTO:{offset_text}",
            "END:STANDARD",
            "END:VTIMEZONE",
        )
    for local, before, after in transitions:
        kind = (
            "DAYLIGHT"
            if after is not None and before is not None and after > before
            else "STANDARD"
        )
        week = (local.day - 1) // 7 + 1
        last = (local + timedelta(days=7)).month != local.month
        byday = (
            f"{-1 if last else week}{['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'][local.weekday()]}"
        )
        start = local.replace(tzinfo=None) - (after - before if after and before else timedelta(0))
        lines += [
            f"BEGIN:{kind}",
            f"DTSTART:{start:%Y%m%dT%H%M%S}",
            f"RRULE:FREQ=YEARLY;BYMONTH={local.month};BYDAY={byday}",
            f"TZOFFSETFROM:{_offset(before)}",
            f"TZOFFSETTO:{_offset(after)}",
            f"TZNAME:{local.tzname()}",
            f"END:{kind}",
        ]
    lines.append("END:VTIMEZONE")
    return tuple(lines)


def _offset(value: timedelta | None) -> str:
    seconds = int((value or timedelta(0)).total_seconds())
    sign = "+" if seconds >= 0 else "-"
    hours, minutes = divmod(abs(seconds) // 60, 60)
    return f"{sign}{hours:02d}{minutes:02d}"


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
    ends_at = starts_at + timedelta(minutes=duration_min)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"METHOD:{'CANCEL' if cancelled else 'PUBLISH'}",
        *_timezone_block(zone, starts_at.astimezone(zone).year),
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"SEQUENCE:{sequence}",
        f"DTSTAMP:{_utc(stamp)}",
        f"DTSTART;TZID={zone.key}:{_local(starts_at, zone)}",
        f"DTEND;TZID={zone.key}:{_local(ends_at, zone)}",
        f"SUMMARY:{_escape(title)}",
        f"LOCATION:{_escape(place)}",
        f"DESCRIPTION:{_escape(description)}",
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
