"""Working-time arithmetic for acknowledgement and contact deadlines (Europe/Paris)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from flows.domain.working_hours import WorkingHours

PARIS = ZoneInfo("Europe/Paris")
HOURS = WorkingHours.parse(PARIS, "08:00-19:00", "1-5")


def paris(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("start", "duration", "expected"),
    [
        # Monday 10:00 + 4 h = 14:00 the same day.
        (paris(23, 10), timedelta(hours=4), paris(23, 14)),
        # Monday 17:00 + 4 h: 2 h on Monday, 2 h on Tuesday from 08:00.
        (paris(23, 17), timedelta(hours=4), paris(24, 10)),
        # Friday 18:00 + 4 h: 1 h on Friday, the weekend skipped, 3 h on Monday.
        (paris(27, 18), timedelta(hours=4), paris(30, 11)),
        # Saturday night + 4 h: Monday 12:00.
        (paris(28, 23), timedelta(hours=4), paris(30, 12)),
        # Two working days from Wednesday 09:00 = Friday 09:00.
        (paris(25, 9), timedelta(hours=22), paris(27, 9)),
        # Before opening: counting starts at 08:00.
        (paris(24, 6), timedelta(minutes=30), paris(24, 8, 30)),
    ],
)
def test_add_working_time(start: datetime, duration: timedelta, expected: datetime) -> None:
    assert HOURS.add(start, duration) == expected


def test_result_keeps_the_callers_time_zone() -> None:
    start = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 10:00 in Paris
    assert HOURS.add(start, timedelta(hours=1)) == datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def test_daylight_saving_change_is_local_time() -> None:
    # The clocks go back on Sunday 25 October 2026; Friday 18:00 + 2 h = Monday 09:00 local.
    assert HOURS.add(paris(23, 18, month=10), timedelta(hours=2)) == paris(26, 9, month=10)


def test_is_open() -> None:
    assert HOURS.is_open(paris(23, 8))
    assert not HOURS.is_open(paris(23, 19))
    assert not HOURS.is_open(paris(28, 10))  # Saturday


def test_every_day_and_bad_days() -> None:
    always = WorkingHours.parse(PARIS, "00:00-23:59", "1-7")
    assert always.add(paris(28, 10), timedelta(hours=1)) == paris(28, 11)
    with pytest.raises(ValueError):
        WorkingHours.parse(PARIS, "08:00-19:00", "0-8")


def test_add_working_days() -> None:
    # Thursday 15:00 + 2 working days = Monday 15:00.
    assert HOURS.add_days(paris(26, 15), 2) == paris(30, 15)
    # Outside working hours, counting starts at the next opening: Saturday 10:00 + 2 = Wednesday
    # 08:00; Friday 20:00 + 1 = Tuesday 08:00; Monday 06:00 + 1 = Tuesday 08:00.
    assert HOURS.add_days(paris(28, 10), 2) == paris(2, 8, month=12)
    assert HOURS.add_days(paris(27, 20), 1) == paris(1, 8, month=12)
    assert HOURS.add_days(paris(23, 6), 1) == paris(24, 8)
