"""Writes of a community's calendar: declaring a date a day off or a working day, and withdrawing that.

Such a day moves every statutory deadline computed after it, so each change is a named, audited service."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from hromada.core.audit.services import audit_record
from hromada.core.errors import NotFound, ValidationFailed
from hromada.core.identity import policies
from hromada.core.identity.guard import require, service

from .models import CalendarDay


def _checked(day, note: str) -> tuple[date, str]:
    errors: dict[str, list[str]] = {}
    if not isinstance(day, date):
        errors["date"] = [_("Enter a valid date.")]
    note = (note or "").strip()
    if len(note) > 200:
        errors["note"] = [_("At most 200 characters.")]
    if errors:
        raise ValidationFailed(fields=errors)
    return day, note


@service
def calendar_day_set(*, actor, community, date: date, is_working_day: bool, note: str = "",
                     calendar_day: CalendarDay | None = None) -> CalendarDay:
    """Declare `date` a working day or a day off in this community (replacing an earlier declaration of that
    date); with `calendar_day`, edit that declaration, its date included."""
    require(policies.can_set_calendar(actor, community))
    day, note = _checked(date, note)
    with transaction.atomic():
        if calendar_day is not None:
            row = CalendarDay.objects.select_for_update().filter(pk=calendar_day.pk, community=community).first()
            if row is None:
                raise NotFound()
            if CalendarDay.objects.filter(community=community, date=day).exclude(pk=row.pk).exists():
                raise ValidationFailed(fields={"date": [_("This date is already declared; change that entry.")]})
            before: dict[str, Any] | None = {"date": row.date, "is_working_day": row.is_working_day}
            row.date, row.is_working_day, row.note = day, bool(is_working_day), note
            row.save()
        else:
            existing = CalendarDay.objects.select_for_update().filter(community=community, date=day).first()
            before = {"date": day, "is_working_day": existing.is_working_day} if existing else None
            row, _created = CalendarDay.objects.update_or_create(
                community=community, date=day, defaults={"is_working_day": bool(is_working_day), "note": note})
        audit_record(actor=actor, community=community, action="core.calendar_day.set", target=row,
                     data={"before": before, "date": day, "is_working_day": bool(is_working_day), "note": note})
    return row


@service
def calendar_day_delete(*, actor, community, calendar_day: CalendarDay) -> None:
    """Withdraw a declaration: the date follows the national calendar again."""
    require(policies.can_set_calendar(actor, community))
    with transaction.atomic():
        row = CalendarDay.objects.select_for_update().filter(pk=calendar_day.pk, community=community).first()
        if row is None:
            raise NotFound()
        audit_record(actor=actor, community=community, action="core.calendar_day.deleted", target=row,
                     data={"date": row.date, "is_working_day": row.is_working_day})
        row.delete()
