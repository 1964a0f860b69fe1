"""Registration numbers: the per-(journal, year) sequence row is locked and incremented in the registering
transaction (FOR UPDATE on PostgreSQL; on SQLite the IMMEDIATE transaction holds the database's one write lock,
queued at write_gate), so numbers are unique and gapless under any concurrency, and a registration that fails gives
its number back. Building blocks of the services (docflow.services.registration), called inside their transactions."""

from __future__ import annotations

from contextlib import nullcontext

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core.audit.services import audit_record
from hromada.core.counters import write_gate
from hromada.core.errors import Conflict

from . import indexes
from .cardfields import Problems, refresh_search_text
from .models import Document, Journal, JournalSequence, Status


def outermost_write():
    """The write gate for a transaction this call opens; none inside a caller's transaction (on SQLite it already
    holds the write lock, and the gate is not re-entrant)."""
    return nullcontext() if connection.in_atomic_block else write_gate()


def next_number(journal: Journal, year: int) -> int:
    """The journal's next number in `year`; the caller's transaction holds the sequence row until it ends."""
    sequence = JournalSequence.objects.select_for_update().filter(journal=journal, year=year).first()
    if sequence is None:
        try:
            with transaction.atomic():
                sequence = JournalSequence.objects.create(community_id=journal.community_id, journal=journal,
                                                          year=year)
        except IntegrityError:  # another registration created this year's row first: wait for it and use it
            sequence = JournalSequence.objects.select_for_update().get(journal=journal, year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return sequence.last_number


def _requisites_for_index(document: Document, year: int) -> dict[str, str]:
    """What the journal's pattern needs from the card; refused (before a number is taken) when it is missing."""
    problems = Problems()
    pattern = document.journal.index_pattern
    used = indexes.needs(pattern)
    dept = case = ""
    if "dept" in used:
        if document.department is None:
            problems.add("department_id", _("This journal's index needs the responsible department."))
        elif not document.department.short_name.strip():
            problems.add("department_id", _("The department has no short name for the index."))
        else:
            dept = document.department.short_name.strip()
    if "case" in used and document.case is None:
        problems.add("case_id", _("This journal's index needs the case of the file plan."))
    if document.case is not None:
        if document.case.year != year:
            problems.add("case_id", _("Choose a case of the %(year)s file plan.") % {"year": year})
        case = document.case.index
    if not document.journal.is_active:
        problems.add("journal_id", _("The journal is closed."))
    problems.raise_if_any()
    return {"dept": dept, "case": case, "kind": document.journal.letter}


def register_locked(document: Document, *, actor, community) -> Document:
    """Register a draft the caller has locked, inside the caller's transaction."""
    if document.status != Status.DRAFT:
        raise Conflict(_("The document is already registered."), fields={"status": [_("Only a draft is registered.")]})
    today = timezone.localdate()
    parts = _requisites_for_index(document, today.year)
    number = next_number(document.journal, today.year)
    document.reg_number, document.reg_year, document.reg_date = number, today.year, today
    document.reg_index = indexes.render(document.journal.index_pattern, seq=number, year=today.year, **parts)
    document.status, document.registered_at = Status.REGISTERED, timezone.now()
    refresh_search_text(document)
    document.registered_by = actor if getattr(actor, "is_authenticated", False) else None
    try:
        with transaction.atomic():
            document.save(update_fields=["reg_number", "reg_year", "reg_date", "reg_index", "status",
                                         "registered_at", "registered_by", "search_text", "updated_at"])
    except IntegrityError:
        # Only a pattern changed mid-year can render an index given before; the number is not consumed.
        raise Conflict(_("This index is already taken in the journal; change the journal's pattern."),
                       fields={"reg_index": [_("Already taken.")]}) from None
    audit_record(actor=actor, community=community, action="docflow.document.registered", target=document,
                 data={"journal": document.journal_id, "index": document.reg_index, "year": document.reg_year})
    return document
