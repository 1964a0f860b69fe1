"""Checking a registration card's fields as the services receive them (plain values from forms, the API, other
capabilities): every problem is collected and reported per field; nothing is written here."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core.errors import NotFound, ValidationFailed
from hromada.core.identity.models import Department
from hromada.core.text import visible_length

from .extraction import fold
from .models import Access, Document, DocumentKind, FilePlanCase, Journal, Status

SUMMARY_MAX = 4000
SHEETS_MAX = 100_000
TEXT_LIMITS = {"correspondent_org": 300, "correspondent_name": 200, "correspondent_index": 60}
CARD_FIELDS = ("journal_id", "kind", "correspondent_org", "correspondent_name", "correspondent_index",
               "correspondent_date", "received_date", "summary", "sheets", "attachment_sheets", "access", "case_id",
               "department_id")
# What a clerk may still correct on a registered card (audited); the rest is fixed by registration.
AFTER_REGISTRATION = frozenset({"correspondent_org", "correspondent_name", "correspondent_index",
                                "correspondent_date", "received_date", "summary", "sheets", "attachment_sheets",
                                "access", "case_id", "department_id"})


class Problems:
    """Collects field errors; `raise_if_any()` throws them all at once as ValidationFailed."""

    def __init__(self) -> None:
        self.fields: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.fields.setdefault(field, []).append(message)

    def raise_if_any(self) -> None:
        if self.fields:
            raise ValidationFailed(fields=self.fields)


def _date(raw, field: str, problems: Problems) -> date | None:
    if raw in (None, ""):
        return None
    if isinstance(raw, date):
        value = raw
    else:
        try:
            value = date.fromisoformat(str(raw).strip())
        except ValueError:
            problems.add(field, _("Give a date as YYYY-MM-DD."))
            return None
    if value > timezone.localdate():
        problems.add(field, _("The date is in the future."))
    elif value.year < 1900:
        problems.add(field, _("The date is too far in the past."))
    return value


def _int(raw, field: str, problems: Problems, *, low: int, high: int) -> int | None:
    try:
        value = int(str(raw).strip()) if not isinstance(raw, bool) else None
    except (TypeError, ValueError):
        value = None
    if value is None or not low <= value <= high:
        problems.add(field, _("A whole number from %(low)s to %(high)s.") % {"low": low, "high": high})
        return None
    return value


def as_pk(raw) -> int:
    """An id from input as an integer; anything that is not one is 0, which names no row."""
    try:
        return int(raw)
    except (TypeError, ValueError):
        return 0


def own_row(model, community, raw, field: str, problems: Problems, **extra):
    if raw in (None, ""):
        return None
    pk = as_pk(raw)
    found = model.objects.filter(community=community, pk=pk, **extra).first() if pk > 0 else None
    if found is None:
        problems.add(field, _("Choose one from the list."))
    return found


def clean_card(community, values: dict[str, Any], problems: Problems) -> dict[str, Any]:
    """The given card fields cleaned into model values (`journal_id` -> `journal`, ...); problems collected."""
    out: dict[str, Any] = {}
    for name, raw in values.items():
        if name == "journal_id":
            out["journal"] = own_row(Journal, community, raw, "journal_id", problems, is_active=True)
            if raw in (None, ""):
                problems.add("journal_id", _("Choose a journal."))
        elif name == "kind":
            if raw not in DocumentKind.values:
                problems.add("kind", _("Choose one from the list."))
            out["kind"] = raw
        elif name == "access":
            if raw not in Access.values:
                problems.add("access", _("Choose one from the list."))
            out["access"] = raw
        elif name in TEXT_LIMITS:
            text = " ".join(str(raw or "").split())
            if len(text) > TEXT_LIMITS[name]:
                problems.add(name, _("At most %(max)s characters.") % {"max": TEXT_LIMITS[name]})
            out[name] = text
        elif name in ("correspondent_date", "received_date"):
            out[name] = _date(raw, name, problems)
        elif name == "summary":
            text = str(raw or "").strip()
            if not visible_length(text):
                problems.add("summary", _("Give the summary of the document."))
            elif len(text) > SUMMARY_MAX:
                problems.add("summary", _("At most %(max)s characters.") % {"max": SUMMARY_MAX})
            out["summary"] = text
        elif name == "sheets":
            out["sheets"] = _int(raw, name, problems, low=1, high=SHEETS_MAX)
        elif name == "attachment_sheets":
            out["attachment_sheets"] = _int(raw, name, problems, low=0, high=SHEETS_MAX)
        elif name == "case_id":
            out["case"] = own_row(FilePlanCase, community, raw, "case_id", problems, is_active=True)
        elif name == "department_id":
            out["department"] = own_row(Department, community, raw, "department_id", problems, is_active=True)
        else:
            problems.add(name, _("This field cannot be set here."))
    if out.get("correspondent_date") and out.get("received_date") and out["correspondent_date"] > out["received_date"]:
        problems.add("received_date", _("A document cannot be received before its own date."))
    return out


def refresh_search_text(document: Document) -> None:
    document.search_text = fold(" ".join((document.reg_index, document.correspondent_index,
                                          document.correspondent_org, document.correspondent_name,
                                          document.summary)))


def locked_document(community, document_id) -> Document:
    """The card, locked for this transaction; another community's or none is NotFound."""
    document = (Document.objects.select_for_update(of=("self",)).select_related("journal", "case", "department")
                .filter(community=community, pk=as_pk(document_id)).first())
    if document is None:
        raise NotFound()
    return document


def editable_after_registration(document: Document, names, problems: Problems) -> None:
    if document.status == Status.DRAFT:
        return
    for name in names:
        if name not in AFTER_REGISTRATION:
            problems.add(name, _("This requisite is fixed once the document is registered."))
