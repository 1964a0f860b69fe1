"""The field rules of housing's services: one Checker collects every problem of a write (text lengths, numbers
in range, money and areas as Decimal, dates, choices, EDRPOU codes) and raises one ValidationFailed with all of them.

Services call it the same way whether the values came from a web form, the API, an import row or the demo."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from hromada.core.errors import ValidationFailed
from hromada.core.text import visible_length

_EDRPOU = re.compile(r"^\d{8}$")
_CONTRACTOR_CODE = re.compile(r"^\d{8}(\d{2})?$")  # a company's 8 digits, or a sole trader's 10-digit tax number


class Checker:
    """Collects field errors; `done()` raises them all at once."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def fail(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def done(self) -> None:
        if self.errors:
            raise ValidationFailed(fields=self.errors)

    def text(self, field: str, value: Any, *, max_length: int, required: bool = False) -> str:
        text = "" if value is None else str(value).strip()
        if required and not visible_length(text):
            self.fail(field, _("This field is required."))
        elif len(text) > max_length:
            self.fail(field, _("At most %(max)s characters.") % {"max": max_length})
        return text

    def integer(self, field: str, value: Any, *, low: int, high: int) -> int | None:
        if value is None or value == "":
            return None
        try:
            number = int(str(value).strip())
        except (TypeError, ValueError):
            self.fail(field, _("Enter a whole number."))
            return None
        if not low <= number <= high:
            self.fail(field, _("Enter a number from %(low)s to %(high)s.") % {"low": low, "high": high})
            return None
        return number

    def decimal(self, field: str, value: Any, *, high: Decimal) -> Decimal | None:
        """A non-negative amount with at most two decimal places (areas in m², money in UAH)."""
        if value is None or value == "":
            return None
        try:
            number = Decimal(str(value).strip().replace(" ", "").replace(",", "."))
        except (InvalidOperation, ValueError):
            self.fail(field, _("Enter a number, e.g. 1234.50."))
            return None
        if not number.is_finite() or number < 0 or number > high:
            self.fail(field, _("Enter a number from 0 to %(high)s.") % {"high": high})
            return None
        if number != number.quantize(Decimal("0.01")):
            self.fail(field, _("At most two digits after the decimal point."))
            return None
        return number.quantize(Decimal("0.01"))

    def date(self, field: str, value: Any) -> dt.date | None:
        if value is None or value == "":
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(field, _("Enter a date as YYYY-MM-DD."))
            return None

    def choice(self, field: str, value: Any, choices, *, required: bool = True) -> str:
        text = "" if value is None else str(value).strip()
        if not text and not required:
            return ""
        if text not in choices.values:
            self.fail(field, _("Choose one of the offered values."))
        return text

    def edrpou(self, field: str, value: Any, *, sole_trader: bool = False) -> str:
        code = "" if value is None else str(value).strip()
        pattern = _CONTRACTOR_CODE if sole_trader else _EDRPOU
        if code and not pattern.match(code):
            self.fail(field, _("An EDRPOU code is 8 digits (a sole trader's tax number is 10).") if sole_trader
                      else _("An EDRPOU code is 8 digits."))
        return code

    def reference(self, field: str, value: Any, rows, message: str) -> int | None:
        """The id of one of `rows` (a queryset already narrowed to what may be chosen), or None when not given."""
        if value is None or value == "":
            return None
        try:
            pk = int(str(value).strip())
        except (TypeError, ValueError):
            pk = None
        if pk is None or not rows.filter(pk=pk).exists():
            self.fail(field, message)
            return None
        return pk

    def order(self, first_field: str, first: Any, second_field: str, second: Any, message: str) -> None:
        """`second` must not come before `first` (dates, areas)."""
        if first is not None and second is not None and second < first:
            self.fail(second_field, message)
