"""Every read of the document workflow: journals, a journal's cards searched and filtered as the reader may see
them, one card with its links and files, a file version to download, and the rows of the CSV export."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date

from django.db import connections
from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from hromada.core.errors import NotFound, ValidationFailed
from hromada.core.identity.models import Department
from hromada.core.identity.policies import department_ids_of

from . import policies
from .cardfields import as_pk
from .extraction import fold
from .models import (
    Access,
    Attachment,
    AttachmentVersion,
    Document,
    DocumentKind,
    DocumentLink,
    FilePlanCase,
    Journal,
    Status,
    journal_order,
)

Q_MAX = 200
WORDS_MAX = 8


@dataclass(frozen=True)
class JournalQuery:
    """A journal's search and filters, parsed from a query string (page or API) with every problem per field."""

    q: str = ""
    year: int | None = None
    kind: str = ""
    status: str = ""
    department_id: int | None = None
    under_control: bool | None = None
    date_from: date | None = None
    date_to: date | None = None

    def as_params(self) -> dict[str, str]:
        """The non-empty filters as query-string values (for pagination and export links)."""
        out = {}
        for name in ("q", "year", "kind", "status", "department_id", "date_from", "date_to"):
            value = getattr(self, name)
            if value not in (None, ""):
                out[name] = value.isoformat() if isinstance(value, date) else str(value)
        if self.under_control is not None:
            out["under_control"] = "1" if self.under_control else "0"
        return out


def parse_query(params: Mapping[str, str]) -> JournalQuery:
    problems: dict[str, list[str]] = {}

    def refuse(name: str, message: str) -> None:
        problems.setdefault(name, []).append(message)

    def integer(name: str, low: int, high: int) -> int | None:
        raw = (params.get(name) or "").strip()
        if not raw:
            return None
        if not raw.isdigit() or not low <= int(raw) <= high:
            refuse(name, _("A whole number from %(low)s to %(high)s.") % {"low": low, "high": high})
            return None
        return int(raw)

    def day(name: str) -> date | None:
        raw = (params.get(name) or "").strip()
        if not raw:
            return None
        try:
            return date.fromisoformat(raw)
        except ValueError:
            refuse(name, _("Give a date as YYYY-MM-DD."))
            return None

    def choice(name: str, values) -> str:
        raw = (params.get(name) or "").strip()
        if raw and raw not in values:
            refuse(name, _("Choose one from the list."))
            return ""
        return raw

    q = " ".join((params.get("q") or "").split())
    if len(q) > Q_MAX:
        refuse("q", _("At most %(max)s characters.") % {"max": Q_MAX})
    control = (params.get("under_control") or "").strip()
    if control not in ("", "0", "1", "true", "false"):
        refuse("under_control", _("Choose one from the list."))
    query = JournalQuery(
        q=q[:Q_MAX], year=integer("year", 1900, 2100), kind=choice("kind", DocumentKind.values),
        status=choice("status", Status.values), department_id=integer("department_id", 1, 2**31 - 1),
        under_control=None if control in ("",) or control not in ("0", "1", "true", "false")
        else control in ("1", "true"),
        date_from=day("date_from"), date_to=day("date_to"))
    if query.date_from and query.date_to and query.date_from > query.date_to:
        refuse("date_to", _("The end of the period is before its start."))
    if problems:
        raise ValidationFailed(fields=problems)
    return query


def journals(*, actor, community) -> list[Journal]:
    """The community's journals with the number of cards each holds (one query)."""
    if not policies.can_read(actor, community):
        raise NotFound()
    return list(Journal.objects.for_community(community).annotate(document_count=Count("documents"))
                .order_by("-is_active", "kind", "title", "pk"))


def journal_get(*, actor, community, journal_id) -> Journal:
    if not policies.can_read(actor, community):
        raise NotFound()
    journal = Journal.objects.for_community(community).filter(pk=as_pk(journal_id)).first()
    if journal is None:
        raise NotFound()
    return journal


def _visible(documents: QuerySet[Document], actor, community) -> QuerySet[Document]:
    if policies.is_clerk(actor, community):
        return documents
    own = Q(access=Access.PUBLIC) | Q(department_id__in=department_ids_of(actor, community))
    if getattr(actor, "pk", None) is not None:
        own |= Q(created_by_id=actor.pk)
    return documents.filter(own)


COUNT_CAP = 1_000  # a search's count stops here: 1,001 means "more than 1,000" (docs/performance.md)
_INDEX_LIKE = re.compile(r"\S*\d\S*")  # one token with a digit: what a registration index looks like


class SearchResults(QuerySet):
    """A journal's searched cards whose `count()` stops at COUNT_CAP + 1, so that counting a common word does not
    read the whole journal; the Paginator and the API's PageNumber call this `count()`."""

    known_count: int | None = None  # set when the search already knows the capped count (see _common_in_journal)

    def _clone(self):
        clone = super()._clone()  # type: ignore[misc]  # QuerySet's own copy, not in the type stubs
        clone.known_count = self.known_count
        return clone

    def count(self) -> int:
        if self._result_cache is not None:
            return len(self._result_cache)
        if self.known_count is not None:
            return self.known_count
        return QuerySet.count(self.order_by()[:COUNT_CAP + 1])


def count_is_capped(count: int) -> bool:
    return count > COUNT_CAP


def _by_index(documents: QuerySet[Document], q: str) -> QuerySet[Document] | None:
    """The cards whose index is `q`, else those whose index begins with it (the B-tree answers both); None when
    no index matches."""
    exact = list(documents.filter(reg_index=q).values_list("pk", flat=True)[:COUNT_CAP + 1])
    if exact:  # by primary key: the planner would rather walk the ordering index over the whole journal
        return documents.filter(pk__in=exact)
    prefix = documents.filter(reg_index__startswith=q)
    if connections[documents.db].vendor == "sqlite":  # binary order: the range is the prefix, and the index can read it
        prefix = prefix.filter(reg_index__gte=q, reg_index__lt=q + "\U0010ffff")
    return prefix if prefix.exists() else None


FTS = "docflow_document_fts"  # SQLite's trigram index of Document.search_text (migration 0004)
_FTS_IDS = "SELECT rowid FROM docflow_document_fts WHERE docflow_document_fts MATCH %s"
TRIGRAM = 3  # the shortest word a trigram index answers; a shorter one is looked for by reading the text
_has_fts: dict[str, bool] = {}


def _fts_available(alias: str) -> bool:
    """Whether this SQLite database has the trigram table (a build of SQLite without FTS5 has none: then the
    words are looked for by reading the text, slower but alike)."""
    if alias not in _has_fts:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [FTS])
            _has_fts[alias] = cursor.fetchone() is not None
    return _has_fts[alias]


def _few(sql: str, params: list, alias: str) -> list[int] | None:
    """The ids `sql` selects when there are at most COUNT_CAP of them, else None. A short list of keys is the
    cheapest way in for the page and the count (the cards are read by key and the few sorted); a long one is
    left to the database as a subquery tested along the journal's order, where the page is found early."""
    with connections[alias].cursor() as cursor:
        cursor.execute(f"{sql} LIMIT {COUNT_CAP + 1}", params)
        ids = [row[0] for row in cursor.fetchall()]
    return ids if len(ids) <= COUNT_CAP else None


# The journal's cards with the words, driven by the text index (CROSS JOIN keeps the FTS table the outer loop):
# it streams, so LIMIT stops it after 1,001 of them.
_FTS_IN_JOURNAL = ("SELECT d.id FROM docflow_document_fts f CROSS JOIN docflow_document d ON d.id = f.rowid "
                   "WHERE docflow_document_fts MATCH %s AND d.community_id = %s AND d.journal_id = %s")


def _common_in_journal(documents: QuerySet[Document], words: list[str], community, journal) -> SearchResults | None:
    """For a clerk's search by words alone (no filter, every word indexed, none in a file) on SQLite: the journal's
    matches found through the text index. At most 1,000: those cards by key. More: the page walks the journal's
    order testing the text (it finds its 20 early) and the count is known to be "more than 1,000" without
    reading further. None when this does not apply."""
    if not words or any(len(w) < TRIGRAM for w in words):
        return None
    expression = " AND ".join('"' + w.replace('"', '""') + '"' for w in words)
    ids = _few(_FTS_IN_JOURNAL, [expression, community.pk, journal.pk], documents.db)
    if ids is not None:
        return _results(documents.filter(pk__in=ids))
    matches = Q()
    for word in words:
        matches &= Q(search_text__contains=word)
    results = _results(documents.filter(matches))
    results.known_count = COUNT_CAP + 1
    return results


def _results(documents: QuerySet[Document]) -> SearchResults:
    return SearchResults(model=Document, query=documents.query, using=documents.db)


def _in_files(community, word: str) -> Q:
    """Cards with a file whose text contains `word` (files are few next to cards: their keys come as a list, so
    that an OR with the card's own text can still use the text index)."""
    versions = (AttachmentVersion.objects.filter(community=community, extracted_text__contains=word)
                .values_list("attachment__document_id", flat=True).distinct())
    ids = list(versions[:COUNT_CAP + 1])
    return Q(pk__in=ids if len(ids) <= COUNT_CAP else versions)


def _in_text(words: list[str], alias: str) -> Q:
    """Cards whose folded text contains every word. PostgreSQL's pg_trgm index answers `LIKE '%word%'` itself; on
    SQLite the FTS5 trigram table answers every word of three letters or more in one MATCH (a quoted phrase is a
    substring for the trigram tokenizer), and shorter words are read from the text."""
    indexed = [w for w in words if len(w) >= TRIGRAM] if connections[alias].vendor == "sqlite" and words \
        and _fts_available(alias) else []
    matches = Q()
    for word in words:
        if word not in indexed:
            matches &= Q(search_text__contains=word)
    if indexed:
        expression = " AND ".join('"' + w.replace('"', '""') + '"' for w in indexed)
        ids = _few(_FTS_IDS, [expression], alias)
        matches &= Q(pk__in=ids if ids is not None else RawSQL(_FTS_IDS, [expression]))  # noqa: S611 - bound
    return matches


def _search(documents: QuerySet[Document], q: str, community, journal, *, only_words: bool) -> SearchResults:
    """A query that looks like an index: the cards of that index, exact or by its beginning; otherwise (or when no
    index matches) the cards with every word in their text or in the text of one of their files. `only_words`:
    nothing but the words narrows the journal (no filter, a clerk's view)."""
    if _INDEX_LIKE.fullmatch(q):
        found = _by_index(documents, q)
        if found is not None:
            return _results(found)
    words = list(dict.fromkeys(fold(q).split()))[:WORDS_MAX]
    in_files = {word: _in_files(community, word) for word in words}
    # Words no file has are matched in the cards' text together (one MATCH on SQLite); the others one by one.
    plain = [w for w in words if in_files[w] == Q(pk__in=[])]
    if only_words and len(plain) == len(words) and connections[documents.db].vendor == "sqlite" \
            and _fts_available(documents.db):
        found = _common_in_journal(documents, words, community, journal)
        if found is not None:
            return found
    matches = _in_text(plain, documents.db)
    for word in words:
        if word not in plain:
            matches &= _in_text([word], documents.db) | in_files[word]
    return _results(documents.filter(matches))


def document_search(*, actor, community, journal: Journal, query: JournalQuery) -> QuerySet[Document]:
    """A journal's cards the reader may see, searched and filtered; drafts first, then the newest numbers, the
    order of the docflow_doc_journal_newest index, so a page stops reading early. Its count is capped."""
    if not policies.can_read(actor, community):
        raise NotFound()
    documents = _visible(Document.objects.filter(community=community, journal=journal), actor, community)
    filters = {"reg_year": query.year, "kind": query.kind, "status": query.status,
               "department_id": query.department_id, "under_control": query.under_control,
               "reg_date__gte": query.date_from, "reg_date__lte": query.date_to}
    narrowing = {k: v for k, v in filters.items() if v not in (None, "")}
    documents = documents.filter(**narrowing)
    if query.q:
        results = _search(documents, query.q, community, journal,
                          only_words=not narrowing and policies.is_clerk(actor, community))
    else:
        results = _results(documents)
    return (results.select_related("department", "case")
            .order_by(*journal_order()))


def document_get(*, actor, community, document_id) -> Document:
    """One card with its journal, links and files; another community's, a restricted one or none is NotFound."""
    if not policies.can_read(actor, community):
        raise NotFound()
    document = (Document.objects.filter(community=community, pk=as_pk(document_id))
                .select_related("journal", "department", "case", "created_by", "registered_by")
                .prefetch_related(
                    Prefetch("attachments", queryset=Attachment.objects.order_by("pk").prefetch_related(
                        Prefetch("versions", queryset=AttachmentVersion.objects.select_related("uploaded_by")
                                 .order_by("-number")))),
                    Prefetch("links_out", queryset=DocumentLink.objects.select_related("to_document")),
                    Prefetch("links_in", queryset=DocumentLink.objects.select_related("from_document")))
                .first())
    if document is None or not policies.can_see(actor, community, document):
        raise NotFound()
    return document


def version_get(*, actor, community, version_id) -> AttachmentVersion:
    """A file version to download, checked through its card."""
    version = (AttachmentVersion.objects.filter(community=community, pk=as_pk(version_id))
               .select_related("attachment__document").first())
    if version is None or not policies.can_see(actor, community, version.attachment.document):
        raise NotFound()
    return version


def form_choices(community, *, year: int | None = None) -> dict[str, list]:
    """Active journals, departments and cases for the card's form (three queries)."""
    cases = FilePlanCase.objects.for_community(community).filter(is_active=True)
    if year is not None:
        cases = cases.filter(year=year)
    return {
        "journals": list(Journal.objects.for_community(community).filter(is_active=True).order_by("kind", "title")),
        "departments": list(Department.objects.filter(community=community, is_active=True).order_by("name")),
        "cases": list(cases.order_by("-year", "index")),
    }


CSV_HEADER = ("reg_index", "reg_date", "status", "kind", "correspondent", "correspondent_index",
              "correspondent_date", "received_date", "summary", "sheets", "attachment_sheets", "access", "case",
              "department", "under_control", "control_deadline")


def csv_rows(documents: QuerySet[Document]) -> Iterator[list[str]]:
    """The export of a journal's (searched, filtered) cards, for the office: it holds what the card holds."""
    yield list(CSV_HEADER)
    for d in documents.iterator(chunk_size=500):
        yield _row(d)


def _row(d: Document) -> list[str]:
    return [d.reg_index, _iso(d.reg_date), d.status, d.kind, d.correspondent, d.correspondent_index,
            _iso(d.correspondent_date), _iso(d.received_date), d.summary, str(d.sheets), str(d.attachment_sheets),
            d.access, d.case.index if d.case else "", d.department.name if d.department else "",
            "1" if d.under_control else "0", _iso(d.control_deadline)]


def _iso(value) -> str:
    return value.isoformat() if value else ""
