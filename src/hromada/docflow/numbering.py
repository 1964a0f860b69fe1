"""Registration numbers: the per-(journal, year) sequence row is locked and incremented in the registering
transaction (FOR UPDATE on PostgreSQL; on SQLite the IMMEDIATE transaction holds the database's one write lock,
queued at write_gate), so numbers are unique and gapless under any concurrency, and a registration that fails gives
its number back. Building blocks of the services (docflow.services.registration), called inside their transactions.

Registration is a hot path (issue 14: its throughput is measured against a bare insert), so its statements are
written once: the card with its journal, case and department is a prepared read (core.prepared, ADR 0011), the
sequence is raised by one `UPDATE ... RETURNING` instead of a read and a save, the card's registration requisites
are one prepared `UPDATE` and the audit row a prepared `INSERT`."""

from __future__ import annotations

from contextlib import nullcontext
from typing import cast

from django.db import IntegrityError, connection, connections, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core.audit.services import audit_event, audit_record_many
from hromada.core.counters import write_gate
from hromada.core.errors import Conflict, NotFound
from hromada.core.identity.models import Department
from hromada.core.prepared import PreparedRows, columns, instance
from hromada.core.transparency.record import transparency_record

from . import indexes
from .cardfields import Problems, as_pk, refresh_search_text
from .models import Document, FilePlanCase, Journal, JournalSequence, Status


def outermost_write():
    """The write gate for a transaction this call opens; none inside a caller's transaction (on SQLite it already
    holds the write lock, and the gate is not re-entrant)."""
    return nullcontext() if connection.in_atomic_block else write_gate()


_RELATED = (("journal", Journal), ("case", FilePlanCase), ("department", Department))
_CARD_COLUMNS = columns(Document) + [name for field, model in _RELATED for name in columns(model, f"{field}__")]
_LOCKED_CARD = PreparedRows(
    Document, lambda community_id, document_id: Document.objects.select_for_update(of=("self",))
    .filter(community_id=community_id, pk=document_id).values_list(*_CARD_COLUMNS).order_by(),
    community_id=int, document_id=int)


def locked_card(community, document_id) -> Document:
    """The card with its journal, case and department, locked for this transaction (one prepared read); another
    community's or none is NotFound."""
    rows = _LOCKED_CARD.rows(community_id=community.pk, document_id=as_pk(document_id))
    if not rows:
        raise NotFound()
    values, at = rows[0], len(columns(Document))
    document = cast(Document, instance(Document, columns(Document), values[:at]))
    for field, model in _RELATED:
        names = columns(model)
        related = values[at:at + len(names)]
        at += len(names)
        document._state.fields_cache[field] = (
            None if getattr(document, f"{field}_id") is None else instance(model, names, related))
    return document


def _sql(alias: str, cache: dict, build) -> str:
    sql = cache.get(alias)
    if sql is None:
        sql = cache[alias] = build(connections[alias].ops.quote_name)
    return sql


_RAISE_SQL: dict[str, str] = {}


def _raise(journal_id: int, year: int) -> int | None:
    """last_number + 1 of the (journal, year) row in one statement, which also holds the row until the transaction
    ends (PostgreSQL's row lock; SQLite's write lock is held already); None when the year has no row yet."""
    alias = router.db_for_write(JournalSequence)
    sql = _sql(alias, _RAISE_SQL, lambda q: (  # names from the model's metadata, values bound
        f"UPDATE {q(JournalSequence._meta.db_table)} SET {q('last_number')} = {q('last_number')} + 1 "  # noqa: S608
        f"WHERE {q('journal_id')} = %s AND {q('year')} = %s RETURNING {q('last_number')}"))
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, [journal_id, year])
        row = cursor.fetchone()
    return None if row is None else row[0]


def next_number(journal: Journal, year: int) -> int:
    """The journal's next number in `year`; the caller's transaction holds the sequence row until it ends."""
    number = _raise(journal.pk, year)
    if number is not None:
        return number
    try:
        with transaction.atomic():  # a savepoint: losing the race to create the year's row must not undo the caller
            JournalSequence.objects.create(community_id=journal.community_id, journal=journal, year=year,
                                           last_number=1)
            return 1
    except IntegrityError:  # another registration created this year's row first: wait for it and raise it
        number = _raise(journal.pk, year)
        assert number is not None  # noqa: S101 - the row exists: its creation is what failed here
        return number


_REGISTERED = ("reg_number", "reg_year", "reg_date", "reg_index", "status", "registered_at", "registered_by_id",
               "search_text", "updated_at")
_REGISTER_SQL: dict[str, str] = {}


def _write_registration(document: Document) -> None:
    """The card's registration requisites in one prepared UPDATE (the values prepared as `save()` prepares them)."""
    alias = router.db_for_write(Document)
    connection_ = connections[alias]
    by_name = {field.attname: field for field in Document._meta.concrete_fields}
    fields = [by_name[name] for name in _REGISTERED]
    sql = _sql(alias, _REGISTER_SQL, lambda q: (  # names from the model's metadata, values bound
        f"UPDATE {q(Document._meta.db_table)} SET "  # noqa: S608
        + ", ".join(f"{q(field.column)} = %s" for field in fields) + f" WHERE {q('id')} = %s"))
    values = [field.get_db_prep_save(field.pre_save(document, False), connection_) for field in fields]
    with connection_.cursor() as cursor:
        cursor.execute(sql, [*values, document.pk])


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
    # A savepoint only when a caller's transaction encloses this one and may go on after the refusal; otherwise
    # the refusal rolls the whole registration back anyway, and the savepoint would be two statements for nothing.
    try:
        with transaction.atomic(savepoint=bool(connection.savepoint_ids)):
            _write_registration(document)
    except IntegrityError:
        # Only a pattern changed mid-year can render an index given before; the number is not consumed.
        raise Conflict(_("This index is already taken in the journal; change the journal's pattern."),
                       fields={"reg_index": [_("Already taken.")]}) from None
    audit_record_many([audit_event(
        actor=actor, community=community, action="docflow.document.registered", target=document,
        data={"journal": document.journal_id, "index": document.reg_index, "year": document.reg_year})])
    # The public transparency log, in this transaction: only a keyed hash of the index and date (no correspondent).
    transparency_record(community=community, type="docflow.document.registered", object_id=document.pk,
                        data={"registration": f"{document.reg_index} {document.reg_date.isoformat()}"})
    return document
