"""Nobody is woken up by a reminder: due times are pushed out of the territory's quiet hours."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo


def parse_quiet_hours(value: str) -> tuple[int, int] | None:
    """ "20:00-08:00" → (1200, 480) minutes after midnight; "" → no quiet hours."""
    value = value.strip()
    if not value:
        return None
    start_text, end_text = value.split("-")
    return _minutes(start_text), _minutes(end_text)


def _minutes(text: str) -> int:
    hours, _, minutes = text.strip().partition(":")
    total = int(hours) * 60 + int(minutes or 0)
    if not 0 <= total < 24 * 60:
        raise ValueError(f"not a time of day: {text!r}")
    return total


def next_allowed(
    at: datetime,
    timezone: ZoneInfo,
    quiet: tuple[int, int] | None,
    quiet_days: frozenset[int] = frozenset(),
) -> datetime:
    """`at` itself, or the end of the quiet period it falls in (same tz as `at`). Quiet days
    (0 = Monday … 6 = Sunday) are quiet all day: the next working morning is chosen."""
    local = at.astimezone(timezone)
    if local.weekday() in quiet_days and len(quiet_days) < 7:
        day = local.date() + timedelta(days=1)
        while day.weekday() in quiet_days:
            day += timedelta(days=1)
        minutes = quiet[1] if quiet else 0
        wake = datetime(day.year, day.month, day.day, minutes // 60, minutes % 60, tzinfo=timezone)
        return wake.astimezone(at.tzinfo)
    if quiet is None:
        return at
    start, end = quiet
    local = at.astimezone(timezone)
    minute = local.hour * 60 + local.minute
    in_quiet = (start <= minute or minute < end) if start > end else (start <= minute < end)
    if not in_quiet:
        return at
    day = local.date() if minute < end else local.date() + timedelta(days=1)
    wake = datetime(day.year, day.month, day.day, end // 60, end % 60, tzinfo=timezone)
    return wake.astimezone(at.tzinfo)
