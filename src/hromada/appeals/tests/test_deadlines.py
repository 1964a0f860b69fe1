"""Statutory terms across weekends, month ends, holidays overrides, and the extension maximum."""

from datetime import date, datetime

import pytest

from hromada.appeals import services
from hromada.appeals.deadlines import due_for, latest_due_for
from hromada.appeals.models import TermKind
from hromada.appeals.tests.factories import make_appeal, make_category
from hromada.core.calendar.models import CalendarDay
from hromada.core.calendar.working_days import KYIV
from hromada.core.errors import Conflict, ValidationFailed

pytestmark = pytest.mark.django_db


def kyiv(y, m, d, h=10):
    return datetime(y, m, d, h, tzinfo=KYIV)


def test_15_days_ending_on_a_weekend_move_to_monday(community):
    # 2026-03-06 (Friday) + 15 days = Saturday 21 March -> Monday 23 March.
    due = due_for(community, TermKind.DAYS_15, kyiv(2026, 3, 6))
    assert due.astimezone(KYIV).date() == date(2026, 3, 23)
    assert (due.astimezone(KYIV).hour, due.astimezone(KYIV).minute) == (23, 59)


def test_15_days_on_a_weekday_stay(community):
    assert due_for(community, TermKind.DAYS_15, kyiv(2026, 3, 2)).astimezone(KYIV).date() == date(2026, 3, 17)


def test_one_month_from_the_31st_ends_at_the_month_end(community):
    # 31 January + 1 month = 28 February 2026, a Saturday -> Monday 2 March.
    assert due_for(community, TermKind.ONE_MONTH, kyiv(2026, 1, 31)).astimezone(KYIV).date() == date(2026, 3, 2)
    # 30 April + 1 month = 30 May 2026 (Saturday) -> 1 June.
    assert due_for(community, TermKind.ONE_MONTH, kyiv(2026, 4, 30)).astimezone(KYIV).date() == date(2026, 6, 1)


def test_public_information_is_five_working_days(community):
    # Thursday 26 Nov 2026 + 5 working days = Thursday 3 December.
    assert due_for(community, TermKind.PUBLIC_INFO, kyiv(2026, 11, 26)).astimezone(KYIV).date() == date(2026, 12, 3)


def test_a_registration_late_on_sunday_night_utc_counts_in_kyiv(community):
    # 22:30 UTC on Sunday is already Monday in Kyiv.
    from datetime import UTC

    moment = datetime(2026, 11, 29, 22, 30, tzinfo=UTC)
    assert due_for(community, TermKind.PUBLIC_INFO, moment).astimezone(KYIV).date() == date(2026, 12, 7)


def test_community_days_off_are_respected(community):
    CalendarDay.objects.create(community=community, date=date(2026, 3, 23), is_working_day=False)
    assert due_for(community, TermKind.DAYS_15, kyiv(2026, 3, 6)).astimezone(KYIV).date() == date(2026, 3, 24)


def test_latest_due_dates(community):
    assert latest_due_for(community, TermKind.DAYS_15, kyiv(2026, 3, 2)).astimezone(KYIV).date() == date(2026, 4, 16)
    assert latest_due_for(community, TermKind.PUBLIC_INFO, kyiv(2026, 11, 26)).astimezone(KYIV).date() == date(2026, 12, 24)


def test_an_appeal_gets_its_due_date_and_an_extension_up_to_45_days(community, resident, official, department):
    category = make_category(community, fallback=department)
    appeal = make_appeal(community, resident, category, at=kyiv(2026, 3, 6))
    assert appeal.due_at.astimezone(KYIV).date() == date(2026, 3, 23)
    with pytest.raises(ValidationFailed):  # beyond 45 days
        services.appeal_extend(actor=official, community=community, appeal_id=appeal.pk, reason="study",
                               until=date(2026, 5, 1))
    with pytest.raises(ValidationFailed):  # not later than now
        services.appeal_extend(actor=official, community=community, appeal_id=appeal.pk, reason="study",
                               until=date(2026, 3, 20))
    extended = services.appeal_extend(actor=official, community=community, appeal_id=appeal.pk, reason="study")
    assert extended.due_at.astimezone(KYIV).date() == date(2026, 4, 20)  # 6 March + 45 days: Monday 20 April
    with pytest.raises(Conflict):
        services.appeal_extend(actor=official, community=community, appeal_id=appeal.pk, reason="again")
