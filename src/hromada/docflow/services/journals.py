"""Journals and the file plan: the community admin creates and changes them; index patterns are checked here,
so a journal never holds a pattern registration could not render."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hromada.core.audit.services import audit_record
from hromada.core.errors import Conflict, NotFound
from hromada.core.identity.guard import require, service
from hromada.core.identity.models import Department
from hromada.core.text import visible_length

from .. import indexes, policies
from ..models import FilePlanCase, Journal, JournalKind
from .fields import Problems, as_pk, own_row

TITLE_MAX = 200
CASE_TITLE_MAX = 300
CASE_INDEX_MAX = 30
RETENTION_MAX = 200
_JOURNAL_FIELDS = ("kind", "title", "index_pattern", "is_active")
_CASE_FIELDS = ("year", "index", "title", "retention", "department_id", "is_active")


def _clean_journal(values: dict[str, Any]) -> dict[str, Any]:
    problems, out = Problems(), dict[str, Any]()
    for name, raw in values.items():
        if name not in _JOURNAL_FIELDS:
            problems.add(name, _("This field cannot be set here."))
        elif name == "kind":
            if raw not in JournalKind.values:
                problems.add("kind", _("Choose one from the list."))
            out["kind"] = raw
        elif name == "title":
            title = " ".join(str(raw or "").split())
            if not visible_length(title):
                problems.add("title", _("Give a title."))
            elif len(title) > TITLE_MAX:
                problems.add("title", _("At most %(max)s characters.") % {"max": TITLE_MAX})
            out["title"] = title
        elif name == "index_pattern":
            pattern = str(raw or "").strip()
            for problem in indexes.pattern_problems(pattern):
                problems.add("index_pattern", problem)
            out["index_pattern"] = pattern
        else:
            out["is_active"] = bool(raw)
    problems.raise_if_any()
    return out


def _save_unique(obj, field: str, message: str) -> None:
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        raise Conflict(message, fields={field: [message]}) from None


@service
def journal_create(*, actor, community, kind: str, title: str, index_pattern: str = "{seq}",
                   is_active: bool = True) -> Journal:
    require(policies.can_manage_journals(actor, community), _("Only the community's admins set up journals."))
    data = _clean_journal({"kind": kind, "title": title, "index_pattern": index_pattern, "is_active": is_active})
    with transaction.atomic():
        journal = Journal(community=community, **data)
        _save_unique(journal, "title", _("The community already has a journal with this title."))
        audit_record(actor=actor, community=community, action="docflow.journal.created", target=journal,
                     data={"kind": journal.kind, "index_pattern": journal.index_pattern})
    return journal


@service
def journal_update(*, actor, community, journal_id: int, **changes: Any) -> Journal:
    """Change a journal; a new pattern applies to documents registered from then on (given indexes stay)."""
    require(policies.can_manage_journals(actor, community), _("Only the community's admins set up journals."))
    data = _clean_journal(changes)
    with transaction.atomic():
        journal = Journal.objects.select_for_update().filter(community=community, pk=as_pk(journal_id)).first()
        if journal is None:
            raise NotFound()
        for name, value in data.items():
            setattr(journal, name, value)
        _save_unique(journal, "title", _("The community already has a journal with this title."))
        audit_record(actor=actor, community=community, action="docflow.journal.changed", target=journal,
                     data={"fields": sorted(data)})
    return journal


def _clean_case(community, values: dict[str, Any]) -> dict[str, Any]:
    problems, out = Problems(), dict[str, Any]()
    for name, raw in values.items():
        if name not in _CASE_FIELDS:
            problems.add(name, _("This field cannot be set here."))
        elif name == "year":
            try:
                year = int(raw)
            except (TypeError, ValueError):
                year = 0
            if not 2000 <= year <= 2100:
                problems.add("year", _("A year from 2000 to 2100."))
            out["year"] = year
        elif name in ("index", "title", "retention"):
            text = " ".join(str(raw or "").split())
            limit = {"index": CASE_INDEX_MAX, "title": CASE_TITLE_MAX, "retention": RETENTION_MAX}[name]
            if name != "retention" and not visible_length(text):
                problems.add(name, _("Fill this in."))
            elif len(text) > limit:
                problems.add(name, _("At most %(max)s characters.") % {"max": limit})
            elif name == "index" and any(ch in text for ch in "{}"):
                problems.add(name, _("A case index has no braces."))
            out[name] = text
        elif name == "department_id":
            out["department"] = own_row(Department, community, raw, "department_id", problems)
        else:
            out["is_active"] = bool(raw)
    problems.raise_if_any()
    return out


@service
def file_plan_case_create(*, actor, community, year: int, index: str, title: str, retention: str = "",
                          department_id: int | None = None, is_active: bool = True) -> FilePlanCase:
    require(policies.can_manage_journals(actor, community), _("Only the community's admins keep the file plan."))
    data = _clean_case(community, {"year": year, "index": index, "title": title, "retention": retention,
                                   "department_id": department_id, "is_active": is_active})
    with transaction.atomic():
        case = FilePlanCase(community=community, **data)
        _save_unique(case, "index", _("The file plan of this year already has a case with this index."))
        audit_record(actor=actor, community=community, action="docflow.case.created", target=case)
    return case


@service
def file_plan_case_update(*, actor, community, case_id: int, **changes: Any) -> FilePlanCase:
    require(policies.can_manage_journals(actor, community), _("Only the community's admins keep the file plan."))
    data = _clean_case(community, changes)
    with transaction.atomic():
        case = FilePlanCase.objects.select_for_update().filter(community=community, pk=as_pk(case_id)).first()
        if case is None:
            raise NotFound()
        for name, value in data.items():
            setattr(case, name, value)
        _save_unique(case, "index", _("The file plan of this year already has a case with this index."))
        audit_record(actor=actor, community=community, action="docflow.case.changed", target=case,
                     data={"fields": sorted(data)})
    return case
