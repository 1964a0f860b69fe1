"""Adding working days and months to a date, and deadlines as the end of a Kyiv working day.

Never compute a statutory deadline with timedelta(days=...): use these."""

from __future__ import annotations

import calendar as std_calendar
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays as holidays_lib
from django.utils import timezone

KYIV = ZoneInfo("Europe/Kyiv")


@lru_cache(maxsize=64)
def _national_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays_lib.Ukraine(years=year, observed=True).keys())


def _overrides(community, start: date, end: date) -> dict[date, bool]:
    if community is None:
        return {}
    from .models import CalendarDay

    return dict(
        CalendarDay.objects.filter(community=community, date__gte=start, date__lte=end).values_list(
            "date", "is_working_day"
        )
    )


def _is_working(day: date, overrides: dict[date, bool]) -> bool:
    if day in overrides:
        return overrides[day]
    return day.weekday() < 5 and day not in _national_holidays(day.year)


def to_kyiv_date(moment: date | datetime) -> date:
    if isinstance(moment, datetime):
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment, KYIV)
        return moment.astimezone(KYIV).date()
    return moment


def is_working_day(community, day: date) -> bool:
    return _is_working(day, _overrides(community, day, day))


def add_working_days(community, start: date | datetime, days: int) -> date:
    """The date that is `days` working days after `start` (the start day itself does not count)."""
    if days < 0:
        raise ValueError("days must not be negative")
    current = to_kyiv_date(start)
    # Overrides are fetched per window comfortably larger than any statutory term; a longer walk (or a
    # community that declared weeks off) fetches the next window instead of silently ignoring overrides.
    window_end = current + timedelta(days=days * 3 + 31)
    overrides = _overrides(community, current, window_end)
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if current > window_end:
            window_end = current + timedelta(days=days + 62)
            overrides = _overrides(community, current, window_end)
        if _is_working(current, overrides):
            remaining -= 1
    return current


def _next_working_day(community, day: date) -> date:
    """`day` itself when it is a working day, otherwise the first working day after it."""
    window_end = day + timedelta(days=31)
    overrides = _overrides(community, day, window_end)
    while not _is_working(day, overrides):
        day += timedelta(days=1)
        if day > window_end:
            window_end = day + timedelta(days=62)
            overrides = _overrides(community, day, window_end)
    return day


def working_days_between(community, start: date | datetime, end: date | datetime) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    first, last = to_kyiv_date(start), to_kyiv_date(end)
    if last <= first:
        return 0
    overrides = _overrides(community, first, last)
    count, current = 0, first
    while current < last:
        current += timedelta(days=1)
        count += _is_working(current, overrides)
    return count


def add_months(start: date | datetime, months: int) -> date:
    """Calendar months: 31 Jan + 1 month = 28/29 Feb (the last day when the day does not exist)."""
    day = to_kyiv_date(start)
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, std_calendar.monthrange(year, month)[1]))


def end_of_day(day: date) -> datetime:
    """The last moment of a Kyiv day as an aware datetime (deadlines are inclusive of their day)."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=KYIV)


def deadline_in_working_days(community, start: date | datetime, days: int) -> datetime:
    return end_of_day(add_working_days(community, start, days))


def deadline_in_days(community, start: date | datetime, days: int) -> datetime:
    """Calendar-day terms (e.g. 15 days for an appeal): if the last day is not a working day,
    the term ends on the next working day, as Ukrainian procedural practice counts terms."""
    return end_of_day(_next_working_day(community, to_kyiv_date(start) + timedelta(days=days)))


def deadline_in_months(community, start: date | datetime, months: int) -> datetime:
    """A term in calendar months (31 Jan + 1 month = 28/29 Feb), moved to the next working day if needed."""
    return end_of_day(_next_working_day(community, add_months(start, months)))
