"""Dataset search shared by the catalogue page, the CKAN package_search and the DCAT catalogue:
Solr-style q and fq (field:value, ranges [A TO B], quoted values, negation), sort and facets.

Runs as plain SQL on SQLite and PostgreSQL; a malformed query raises SearchQueryError (HTTP 400)."""

from __future__ import annotations

import copy
import functools
import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime

from django.core.cache import cache
from django.db import connection
from django.db.models import Case, F, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Length, StrIndex
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hromada.core.api.params import iso_datetime
from hromada.core.errors import DomainError, ValidationFailed

from . import policies
from .models import Dataset, Publisher, Resource, Tag, Theme

MAX_ROWS = 1000
USE_CACHE = True  # the benchmark turns it off to measure cold queries
FACETABLE = ("organization", "tags", "groups", "res_format", "license_id")
_TERM = re.compile(r'([+-]?)([A-Za-z_][\w.]*):("(?:[^"\\]|\\.)*"|\[[^\]]*\]|\{[^}]*\}|\S+)')
_SORTS = {"id": "id", "name": "name", "title_string": "title", "title": "title",
          "metadata_modified": "metadata_modified", "metadata_created": "metadata_created"}


class SearchQueryError(DomainError):
    status = 400
    code = "search_query_error"
    default_message = _("The search query is not valid.")


@dataclass
class SearchResult:
    """The count, the page's dataset ids in order and the facets; `datasets` loads the page's rows (with
    publisher, tags, themes and resources) when a caller needs the objects rather than stored packages."""

    count: int
    ids: list
    facets: dict = field(default_factory=dict)

    @functools.cached_property
    def datasets(self) -> list:
        return load_page(self.ids)


def visible_datasets(community, user, *, include_private: bool = True) -> QuerySet:
    """Datasets of `community` the user may see: private ones only for the community's staff."""
    qs = Dataset.objects.filter(community=community)
    if not (include_private and policies.can_see_private(user, community)):
        qs = qs.filter(private=False)
    return qs


def listed_resources() -> QuerySet:
    """Resources with what a package dict shows of their current version and datastore table, leaving out
    the large columns (the version's Table Schema, the table's field map) that a listing never reads."""
    return Resource.objects.select_related("current_version__datastore").defer(
        "current_version__table_schema", "current_version__datastore__fields", "current_version__datastore__error")


def with_everything(qs: QuerySet) -> QuerySet:
    """Everything a full package dict needs, in a fixed number of queries."""
    return qs.select_related("publisher", "template").prefetch_related(
        "tags", "themes", Prefetch("resources", queryset=listed_resources()))


def load_page(ids: list) -> list:
    """The datasets of these ids, in this order, with everything a package dict needs (ids deleted since are
    left out)."""
    rows = Dataset.objects.select_related("publisher", "template").defer("search_text").in_bulk(ids)
    return attach_related([rows[pk] for pk in ids if pk in rows])


def attach_related(datasets: list) -> list:
    """Tags, themes and resources of a page of datasets in three queries, set as od_tags, od_themes and
    od_resources; cheaper than prefetch_related, whose per-object managers dominate a 100-package page."""
    ids = [d.pk for d in datasets]
    tags: dict = {pk: [] for pk in ids}
    for tag in Tag.objects.filter(datasets__in=ids).annotate(dataset_pk=F("datasets__id")).order_by("name"):
        tags[tag.dataset_pk].append(tag)
    themes: dict = {pk: [] for pk in ids}
    for theme in Theme.objects.filter(datasets__in=ids).annotate(dataset_pk=F("datasets__id")).order_by("title"):
        themes[theme.dataset_pk].append(theme)
    resources: dict = {pk: [] for pk in ids}
    for resource in listed_resources().filter(dataset_id__in=ids):
        resources[resource.dataset_id].append(resource)
    for dataset in datasets:
        dataset.od_tags, dataset.od_themes = tags[dataset.pk], themes[dataset.pk]
        dataset.od_resources = resources[dataset.pk]
    return datasets


def _moment(text: str, param: str, upper: bool) -> datetime | None:
    text = text.strip()
    if text == "*":
        return None
    if text.upper().startswith("NOW"):
        return timezone.now()
    try:
        return iso_datetime(text, param, end_of_day=upper)
    except ValidationFailed:
        raise SearchQueryError(_("Can not parse the date %(value)r in %(param)s.") % {"value": text, "param": param}) \
            from None


def _range(field_name: str, raw: str, param: str) -> Q:
    inner = raw[1:-1]
    parts = re.split(r"\s+TO\s+", inner.strip())
    if len(parts) != 2:
        raise SearchQueryError(_("A range is written [FROM TO UNTIL] in %(param)s.") % {"param": param})
    low, high = _moment(parts[0], param, False), _moment(parts[1], param, True)
    strict_low, strict_high = raw.startswith("{"), raw.endswith("}")
    q = Q()
    if low is not None:
        q &= Q(**{f"{field_name}__gt" if strict_low else f"{field_name}__gte": low})
    if high is not None:
        q &= Q(**{f"{field_name}__lt" if strict_high else f"{field_name}__lte": high})
    return q


def _term(name: str, raw: str, param: str) -> Q:
    if name in ("metadata_modified", "metadata_created"):
        if not raw.startswith(("[", "{")):
            return Q(**{name: _moment(raw, param, False)})
        return _range(name, raw, param)
    value = raw[1:-1].replace('\\"', '"') if raw.startswith('"') else raw
    lookups = {
        "organization": "publisher__name", "owner_org": "publisher__id", "tags": "tags__name",
        "groups": "themes__name", "res_format": "resources__format__iexact", "license_id": "license_id",
        "name": "name", "id": "id", "update_frequency": "update_frequency", "language": "language",
    }
    if name in ("dataset_type", "type"):
        return Q() if value == "dataset" else Q(pk__in=[])
    if name in ("capacity", "state"):
        return Q() if value in ("public", "active") else Q(pk__in=[])
    if name == "text":
        return _words(value)
    if name not in lookups:
        raise SearchQueryError(_("Unknown field %(name)r in %(param)s.") % {"name": name, "param": param})
    if name == "id" and not re.fullmatch(r"[0-9a-fA-F-]{32,36}", value):
        return Q(pk__in=[])
    if name in ("tags", "groups", "res_format"):
        return Q(pk__in=Dataset.objects.filter(**{lookups[name]: value}).values("pk"))
    return Q(**{lookups[name]: value})


def _free_words(text: str) -> list[str]:
    """The lower-cased free words of a query (what is left after its field:value terms)."""
    rest = _TERM.sub(" ", (text or "").strip()).replace(" AND ", " ").replace('"', " ")
    return [word for word in rest.lower().split() if word not in ("*", "*:*", "and")]


def _title_hits(words: list[str]):
    """Relevance: how many of the words are in the title. The search text starts with the lower-cased
    title, so a word found at a position within the title's length is a title match."""
    return sum((Case(When(GreaterThan(StrIndex("search_text", Value(word)), 0) &
                          LessThanOrEqual(StrIndex("search_text", Value(word)), Length("title")), then=1),
                     default=0) for word in words), Value(0))


def _words(text: str) -> Q:
    """Every word as a substring of the lower-cased search text. On PostgreSQL a LIKE, which the trigram
    index (migration 0003) answers; on SQLite INSTR, a plain scan several times faster there than LIKE on
    Cyrillic text and equally exact."""
    q = Q()
    for word in _free_words(text):
        if connection.vendor == "postgresql":
            q &= Q(search_text__contains=word)
        else:
            q &= Q(GreaterThan(StrIndex("search_text", Value(word)), 0))
    return q


def parse_query(text: str, param: str, *, free_text: bool) -> Q:
    """A Solr-style query as a Q: field:value terms (ANDed), negated with -, plus free words in q."""
    text = (text or "").strip()
    if text in ("", "*:*"):
        return Q()
    q = Q()
    for sign, name, raw in _TERM.findall(text):
        term = _term(name, raw, param)
        q &= ~term if sign == "-" else term
    rest = _TERM.sub(" ", text).replace(" AND ", " ").strip()
    if rest:
        if not free_text:
            raise SearchQueryError(_("Can not parse %(param)s: %(rest)r.") % {"param": param, "rest": rest})
        if rest.count('"') % 2 or rest.count("[") != rest.count("]"):
            raise SearchQueryError(_("Unbalanced quotes or brackets in %(param)s.") % {"param": param})
        q &= _words(rest.replace('"', " "))
    return q


def parse_sort(sort: str, *, ranked: bool = False) -> list[str]:
    """ORDER BY keys for a CKAN sort. `score` (and the default, when the query has free words) ranks by
    relevance; without free words it is ignored, as every dataset scores the same."""
    order = []
    for part in (sort or "").split(","):
        words = part.split()
        if not words:
            continue
        name = words[0]
        direction = words[1].lower() if len(words) > 1 else "asc"
        if direction not in ("asc", "desc") or len(words) > 2:
            raise SearchQueryError(_("Can not sort by %(part)r.") % {"part": part.strip()})
        if name == "score":
            if ranked and direction == "desc":
                order.append("-relevance")
            continue
        if name not in _SORTS:
            raise SearchQueryError(_("Can not sort by %(name)r.") % {"name": name})
        order.append(("-" if direction == "desc" else "") + _SORTS[name])
    if not (sort or "").strip() and ranked:
        order = ["-relevance"]  # CKAN's default: score desc, metadata_modified desc
    if not order or order == ["-relevance"]:
        order += ["-metadata_modified"]
    if order[-1].lstrip("-") != "id":
        # The tie-breaker follows the last key's direction so one index serves the whole ORDER BY.
        order.append("-id" if order[-1].startswith("-") else "id")
    return order


@functools.cache
def _facet_sql() -> dict[str, str]:
    """Per facet, a SELECT of (facet, value, label, count) over the matches `m`; only table names are
    interpolated (from the models), values always travel as parameters."""
    t = {key: connection.ops.quote_name(model._meta.db_table) for key, model in {
        "publisher": Publisher, "tag": Tag, "theme": Theme, "resource": Resource,
        "tags": Dataset.tags.through, "themes": Dataset.themes.through}.items()}
    return {  # table names only, hence the noqa marks
        "organization": f"SELECT 'organization', p.name, p.title, COUNT(*) FROM m JOIN {t['publisher']} p "  # noqa: S608
                        "ON p.id = m.publisher_id GROUP BY p.name, p.title",
        "license_id": "SELECT 'license_id', m.license_id, m.license_id, COUNT(*) FROM m GROUP BY m.license_id",
        "tags": f"SELECT 'tags', x.name, x.name, COUNT(*) FROM m JOIN {t['tags']} l ON l.dataset_id = m.pk "  # noqa: S608
                f"JOIN {t['tag']} x ON x.id = l.tag_id GROUP BY x.name",
        "groups": f"SELECT 'groups', x.name, x.title, COUNT(*) FROM m JOIN {t['themes']} l ON l.dataset_id = m.pk "  # noqa: S608
                  f"JOIN {t['theme']} x ON x.id = l.theme_id GROUP BY x.name, x.title",
        "res_format": f"SELECT 'res_format', r.format, r.format, COUNT(DISTINCT r.dataset_id) FROM m "  # noqa: S608
                      f"JOIN {t['resource']} r ON r.dataset_id = m.pk GROUP BY r.format",
    }


def _summary(qs: QuerySet, names, limit: int) -> tuple[int, dict]:
    """The count and the facet counts of the matching datasets in one statement: the matching rows are
    selected once (a CTE, materialised by both databases because it is read more than once) and each facet
    is a GROUP BY over them or over their link rows, labelled by a join. Tag, theme and resource rows are
    unique per dataset and value, so only formats need COUNT(DISTINCT)."""
    match_sql, params = qs.order_by().values("pk", "publisher_id", "license_id").query.sql_with_params()
    parts = ["SELECT 'count', CAST(NULL AS TEXT), CAST(NULL AS TEXT), COUNT(*) FROM m"]
    parts += [sql for name, sql in _facet_sql().items() if name in names]
    with connection.cursor() as cursor:
        cursor.execute(f"WITH m (pk, publisher_id, license_id) AS ({match_sql}) {' UNION ALL '.join(parts)}", params)
        rows = cursor.fetchall()
    count = next(n for facet, _value, _label, n in rows if facet == "count")
    facets = {}
    for name in names:
        if name in FACETABLE:
            items = sorted(((value, label, n) for facet, value, label, n in rows if facet == name),
                           key=lambda item: (-item[2], item[0]))
            facets[name] = [{"name": value, "display_name": label, "count": n} for value, label, n in items[:limit]]
    return count, facets


def dataset_search(community, user, *, q: str = "", fq: str = "", rows: int = 10, start: int = 0, sort: str = "",
                   facet_fields=(), facet_limit: int = 50, include_private: bool = False,
                   filters: dict | None = None) -> SearchResult:
    """Search the visible datasets; `filters` are exact facet choices from the catalogue page."""
    if rows < 0 or rows > MAX_ROWS:
        raise SearchQueryError(_("rows must be between 0 and %(max)d.") % {"max": MAX_ROWS})
    if start < 0:
        raise SearchQueryError(_("start must not be negative."))
    qs = visible_datasets(community, user, include_private=include_private)
    qs = qs.filter(parse_query(q, "q", free_text=True) & parse_query(fq, "fq", free_text=False))
    for name, value in (filters or {}).items():
        if value:
            qs = qs.filter(_term(name, f'"{value}"', name))
    words = _free_words(q)
    order = parse_sort(sort, ranked=bool(words))
    # The count and the facets scan every matching dataset; they are cached per catalogue version, so a
    # repeated query (the catalogue's first page, a harvester's pages) costs only the page itself.
    staff = include_private and policies.can_see_private(user, community)
    digest = hashlib.sha256(json.dumps(
        [staff, q, fq, sorted((filters or {}).items()), list(facet_fields), facet_limit]).encode()).hexdigest()
    key = f"opendata:search:{community.pk}:{catalogue_version(community)}:{digest}"
    summary = cache.get(key) if USE_CACHE else None
    if summary is None:
        summary = _summary(qs, facet_fields, facet_limit) if facet_fields else (qs.count(), {})
        cache.set(key, summary, 300)
    count, facets = summary
    ids = []
    if rows and start < count:
        # Deferred join: the page's ids first (deep offsets walk the index, not whole rows), then the rows.
        ranked = qs.annotate(relevance=_title_hits(words)) if "-relevance" in order else qs
        ids = list(ranked.order_by(*order).values_list("pk", flat=True)[start:start + rows])
    return SearchResult(count=count, ids=ids, facets=copy.deepcopy(facets))


def catalogue_version(community) -> int:
    return cache.get_or_set(f"opendata:version:{community.pk}", 1, None)


def catalogue_changed(community_id: int) -> None:
    """Forget cached counts and facets of a community: called after every committed write to its catalogue."""
    try:
        cache.incr(f"opendata:version:{community_id}")
    except ValueError:
        cache.set(f"opendata:version:{community_id}", 2, None)
