"""Every read of the document workflow: journals, a journal's cards searched and filtered as the reader may see
them, one card with its links and files, a file version to download, and the rows of the CSV export."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date

from django.db import connections
from django.db.models import Count, F, Prefetch, Q, QuerySet
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

    def count(self) -> int:
        if self._result_cache is not None:
            return len(self._result_cache)
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


def _search(documents: QuerySet[Document], q: str) -> QuerySet[Document]:
    """A query that looks like an index: the cards of that index, exact or by its beginning; otherwise (or when no
    index matches) the cards with every word in their text or in the text of one of their files."""
    if _INDEX_LIKE.fullmatch(q):
        found = _by_index(documents, q)
        if found is not None:
            return found
    words = fold(q).split()[:WORDS_MAX]
    matches = Q()
    for word in words:
        in_files = (AttachmentVersion.objects.filter(extracted_text__contains=word)
                    .values("attachment__document_id"))
        matches &= Q(search_text__contains=word) | Q(pk__in=in_files)
    return documents.filter(matches)


def document_search(*, actor, community, journal: Journal, query: JournalQuery) -> QuerySet[Document]:
    """A journal's cards the reader may see, searched and filtered; drafts first, then the newest numbers, the
    order of the (community, journal, year, number) index, so a page stops reading early. Its count is capped."""
    if not policies.can_read(actor, community):
        raise NotFound()
    documents = _visible(Document.objects.filter(community=community, journal=journal), actor, community)
    filters = {"reg_year": query.year, "kind": query.kind, "status": query.status,
               "department_id": query.department_id, "under_control": query.under_control,
               "reg_date__gte": query.date_from, "reg_date__lte": query.date_to}
    documents = documents.filter(**{k: v for k, v in filters.items() if v not in (None, "")})
    if query.q:
        documents = _search(documents, query.q)
    results = SearchResults(model=Document, query=documents.query, using=documents.db)
    return (results.select_related("department", "case")
            .order_by(F("reg_year").desc(nulls_first=True), F("reg_number").desc(nulls_first=True), "-pk"))


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
        yield [_cell(v) for v in _row(d)]


def _row(d: Document) -> list[str]:
    return [d.reg_index, _iso(d.reg_date), d.status, d.kind, d.correspondent, d.correspondent_index,
            _iso(d.correspondent_date), _iso(d.received_date), d.summary, str(d.sheets), str(d.attachment_sheets),
            d.access, d.case.index if d.case else "", d.department.name if d.department else "",
            "1" if d.under_control else "0", _iso(d.control_deadline)]


def _cell(value: str) -> str:
    """A spreadsheet would run a cell that starts like a formula: such text is kept as text."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _iso(value) -> str:
    return value.isoformat() if value else ""
