"""Working time: acknowledgement and contact delays count only the territory's business hours."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True, slots=True)
class WorkingHours:
    """Open from `opens` to `closes` (local time) on `days` (0 = Monday … 6 = Sunday)."""

    timezone: ZoneInfo
    opens: time = time(8, 0)
    closes: time = time(19, 0)
    days: frozenset[int] = frozenset(range(5))

    @classmethod
    def parse(cls, timezone: ZoneInfo, hours: str, days: str) -> WorkingHours:
        """ "08:00-19:00" and "1-5" (ISO weekdays, 1 = Monday; also "1,2,3,4,5,6")."""
        start, _, end = hours.partition("-")
        return cls(timezone, _time(start), _time(end), frozenset(_days(days)))

    def is_open(self, at: datetime) -> bool:
        local = at.astimezone(self.timezone)
        return local.weekday() in self.days and self.opens <= local.time() < self.closes

    def add(self, start: datetime, duration: timedelta) -> datetime:
        """The instant when `duration` of working time has passed since `start`."""
        remaining = duration
        cursor = start.astimezone(self.timezone)
        for _ in range(3 * 366):  # bounded: at most a few years of calendar days
            day_open = datetime.combine(cursor.date(), self.opens, self.timezone)
            day_close = datetime.combine(cursor.date(), self.closes, self.timezone)
            if cursor.weekday() in self.days and cursor < day_close:
                begin = max(cursor, day_open)
                available = day_close - begin
                if remaining <= available:
                    return (begin + remaining).astimezone(start.tzinfo)
                remaining -= available
            next_day = cursor.date() + timedelta(days=1)
            cursor = datetime.combine(next_day, self.opens, self.timezone)
        raise ValueError("no working time in the next three years: check the working days")

    def add_days(self, start: datetime, days: int) -> datetime:
        """`days` working days after `start`, at the same local time. Counting starts at the
        next opening when `start` falls outside working hours (Saturday 10:00 + 2 = Wednesday
        08:00, not Tuesday 10:00)."""
        local = start.astimezone(self.timezone)
        day, clock = local.date(), local.time()
        if clock < self.opens and day.weekday() in self.days:
            clock = self.opens
        elif day.weekday() not in self.days or clock >= self.closes:
            day += timedelta(days=1)
            while day.weekday() not in self.days:
                day += timedelta(days=1)
            clock = self.opens
        counted = 0
        while counted < days:
            day += timedelta(days=1)
            if day.weekday() in self.days:
                counted += 1
        return datetime.combine(day, clock, self.timezone).astimezone(start.tzinfo)


def _time(text: str) -> time:
    hours, _, minutes = text.strip().partition(":")
    return time(int(hours), int(minutes or 0))


def _days(text: str) -> set[int]:
    days: set[int] = set()
    for part in text.replace(" ", "").split(","):
        if "-" in part:
            first, last = (int(x) for x in part.split("-"))
            days.update(range(first - 1, last))
        elif part:
            days.add(int(part) - 1)
    if not days or not days <= set(range(7)):
        raise ValueError(f"working days must be ISO weekdays 1-7: {text!r}")
    return days
