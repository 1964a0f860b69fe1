"""Working-day arithmetic: weekends, Ukraine's holidays before and under martial law, overrides, months."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from hromada.core.calendar.models import CalendarDay
from hromada.core.calendar.working_days import (
    KYIV,
    add_months,
    add_working_days,
    deadline_in_days,
    deadline_in_months,
    deadline_in_working_days,
    end_of_day,
    is_working_day,
    to_kyiv_date,
    working_days_between,
)


def test_weekends_are_skipped():
    friday = date(2026, 3, 6)
    assert add_working_days(None, friday, 1) == date(2026, 3, 9)
    assert add_working_days(None, friday, 5) == date(2026, 3, 13)
    assert add_working_days(None, date(2026, 3, 7), 1) == date(2026, 3, 9)  # from a Saturday
    assert add_working_days(None, friday, 0) == friday


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_working_days(None, date(2026, 3, 6), -1)


def test_holidays_before_martial_law_2021():
    # 24 August 2021 (Independence Day) was a Tuesday and a day off
    assert not is_working_day(None, date(2021, 8, 24))
    assert add_working_days(None, date(2021, 8, 23), 1) == date(2021, 8, 25)
    # Christmas, 7 January 2021 (Thursday)
    assert not is_working_day(None, date(2021, 1, 7))
    # 1 May 2021 was a Saturday: the holidays calendar moves the day off to Monday 3 May
    assert not is_working_day(None, date(2021, 5, 3))


def test_no_public_holidays_under_martial_law_2026():
    assert is_working_day(None, date(2026, 8, 24))  # Monday, Independence Day: a working day
    assert add_working_days(None, date(2026, 8, 21), 1) == date(2026, 8, 24)
    assert is_working_day(None, date(2026, 1, 1))  # Thursday


@pytest.mark.django_db
def test_community_overrides(community, other_community):
    CalendarDay.objects.create(community=community, date=date(2026, 3, 9), is_working_day=False, note="day off")
    CalendarDay.objects.create(community=community, date=date(2026, 3, 14), is_working_day=True, note="Saturday")
    assert not is_working_day(community, date(2026, 3, 9))
    assert is_working_day(community, date(2026, 3, 14))
    assert add_working_days(community, date(2026, 3, 6), 1) == date(2026, 3, 10)
    assert add_working_days(community, date(2026, 3, 13), 1) == date(2026, 3, 14)
    # another community is not affected
    assert add_working_days(other_community, date(2026, 3, 6), 1) == date(2026, 3, 9)


@pytest.mark.django_db
def test_overrides_beyond_the_first_window_still_count(community):
    start = date(2026, 1, 5)
    # a long run of days off declared far ahead (beyond days * 3 + 31 calendar days)
    naive = add_working_days(community, start, 2)
    late = start + timedelta(days=2 * 3 + 40)
    for offset in range(30):
        CalendarDay.objects.create(community=community, date=late + timedelta(days=offset), is_working_day=False)
    assert add_working_days(community, start, 2) == naive
    plain = add_working_days(None, start, 40)
    assert add_working_days(community, start, 40) > plain


def test_month_ends():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2026, 3, 31), 1) == date(2026, 4, 30)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2026, 3, 15), -3) == date(2025, 12, 15)


def test_deadline_in_months_moves_past_a_weekend():
    # 28 Feb 2026 is a Saturday: the term ends on Monday 2 March
    assert deadline_in_months(None, date(2026, 1, 31), 1) == end_of_day(date(2026, 3, 2))


def test_deadline_in_days_moves_past_a_weekend():
    # 15 days after 1 March 2026 is Monday 16 March; after 6 March it is Saturday 21 -> Monday 23
    assert deadline_in_days(None, date(2026, 3, 1), 15) == end_of_day(date(2026, 3, 16))
    assert deadline_in_days(None, date(2026, 3, 6), 15) == end_of_day(date(2026, 3, 23))


def test_deadline_is_the_end_of_the_kyiv_day():
    deadline = deadline_in_working_days(None, date(2026, 3, 6), 2)
    assert deadline == datetime(2026, 3, 10, 23, 59, 59, tzinfo=KYIV)
    assert deadline.astimezone(UTC) == datetime(2026, 3, 10, 21, 59, 59, tzinfo=UTC)
    summer = end_of_day(date(2026, 7, 1))
    assert summer.astimezone(UTC).hour == 20  # EEST, UTC+3


def test_a_late_utc_moment_is_already_the_next_kyiv_day():
    moment = datetime(2026, 3, 5, 22, 30, tzinfo=UTC)  # 00:30 on Friday 6 March in Kyiv
    assert to_kyiv_date(moment) == date(2026, 3, 6)
    assert add_working_days(None, moment, 1) == date(2026, 3, 9)
    assert to_kyiv_date(datetime(2026, 3, 6, 12, 0)) == date(2026, 3, 6)  # naive = Kyiv


def test_working_days_between():
    assert working_days_between(None, date(2026, 3, 6), date(2026, 3, 13)) == 5
    assert working_days_between(None, date(2026, 3, 13), date(2026, 3, 6)) == 0
    assert working_days_between(None, date(2026, 3, 6), date(2026, 3, 6)) == 0
    assert working_days_between(None, date(2021, 8, 23), date(2021, 8, 25)) == 1
