"""What the council's services accept: trimmed bounded texts, ISO dates and date ranges, each refused with the
field's name and the reason (shared by the per-entity services and the importers)."""

from __future__ import annotations

from datetime import date
from typing import Literal, overload

from django.utils.translation import gettext as _

from hromada.core.errors import NotFound, ValidationFailed
from hromada.core.text import visible_length


class Fields:
    """Collects field errors while a service reads its input, then refuses them all at once."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def text(self, field: str, value, *, max_length: int, required: bool = False) -> str:
        value = str(value or "").strip()
        if required and not visible_length(value):
            self.add(field, _("This field is required."))
        elif len(value) > max_length:
            self.add(field, _("At most %(max)s characters.") % {"max": max_length})
        return value

    @overload
    def day(self, field: str, value, *, required: Literal[True]) -> date: ...

    @overload
    def day(self, field: str, value, *, required: Literal[False] = False) -> date | None: ...

    def day(self, field: str, value, *, required: bool = False) -> date | None:
        """A date, or None; a required one that is missing or wrong is reported and stands in as date.min until
        raise_if_any() refuses the call."""
        if isinstance(value, date):
            return value
        if value not in (None, ""):
            try:
                return date.fromisoformat(str(value).strip()[:10])
            except ValueError:
                self.add(field, _("Not a date (YYYY-MM-DD)."))
        elif required:
            self.add(field, _("This field is required."))
        return date.min if required else None

    def range(self, start: date | None, end: date | None, *, end_field: str = "end_date") -> None:
        if start and end and end < start:
            self.add(end_field, _("The end is before the start."))

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationFailed(fields=self.errors)


def own(model, community, pk, *, lock: bool = False):
    """A row of this community by id; another community's and a missing one are the same NotFound."""
    qs = model.objects.filter(community=community)
    if lock:
        qs = qs.select_for_update()
    try:
        return qs.get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
