"""Statutory terms of appeals: the due date of each term kind and the latest date an extension may reach.

Appeals law art. 20: 15 days or one month, extended never beyond 45 days; public information: 5 working
days, extendable to 20 working days. All counted by core.calendar, never by timedelta."""

from __future__ import annotations

from datetime import datetime

from hromada.core.calendar.working_days import (
    deadline_in_days,
    deadline_in_months,
    deadline_in_working_days,
)

from .models import TermKind


def due_for(community, term_kind: str, registered_at: datetime) -> datetime:
    if term_kind == TermKind.PUBLIC_INFO:
        return deadline_in_working_days(community, registered_at, 5)
    if term_kind == TermKind.ONE_MONTH:
        return deadline_in_months(community, registered_at, 1)
    return deadline_in_days(community, registered_at, 15)


def latest_due_for(community, term_kind: str, registered_at: datetime) -> datetime:
    """The furthest an extension can move the due date."""
    if term_kind == TermKind.PUBLIC_INFO:
        return deadline_in_working_days(community, registered_at, 20)
    return deadline_in_days(community, registered_at, 45)
