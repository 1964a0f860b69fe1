"""The periods a self-check covers: calendar quarters in Kyiv time (the default of the staff form and of the
periodic snapshot), and the checks every period passes."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from hromada.core.calendar.working_days import to_kyiv_date

LONGEST_DAYS = 366


def today() -> date:
    return to_kyiv_date(timezone.now())


def quarter_of(day: date) -> tuple[date, date]:
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    following = date(day.year + (first_month == 10), 1 if first_month == 10 else first_month + 3, 1)
    return start, following - timedelta(days=1)


def last_full_quarter(day: date | None = None) -> tuple[date, date]:
    start, _end = quarter_of(day or today())
    return quarter_of(start - timedelta(days=1))


def previous_quarter(start: date) -> tuple[date, date]:
    return quarter_of(start - timedelta(days=1))
