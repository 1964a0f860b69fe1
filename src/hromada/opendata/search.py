"""Dataset search shared by the catalogue page, the CKAN package_search and the DCAT catalogue:
Solr-syntax q and fq (parsed in search_query), sort, the count and facets in one statement, the page.

Runs as plain SQL on SQLite and PostgreSQL; a malformed query raises SearchQueryError (HTTP 400)."""

from __future__ import annotations

import copy
import functools
import hashlib
import json
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Case, F, Prefetch, QuerySet, Value, When
from django.db.models.functions import Length, StrIndex
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.utils.translation import gettext_lazy as _

from hromada.core.versioned_cache import CacheVersion

from . import policies
from .models import Dataset, Publisher, Resource, Tag, Theme
from .search_query import SearchQueryError, field_equals, free_words, parse_query

__all__ = ["SearchQueryError", "SearchResult", "dataset_search", "parse_query"]

MAX_ROWS = 1000
# Counts and facets per catalogue version; the version is shared by every process, so a write in one worker
# is seen by the next search in every other (a version in one worker's memory left them stale for minutes).
CATALOGUE = CacheVersion("opendata-catalogue")
FACETABLE = ("organization", "tags", "groups", "res_format", "license_id")
_SORTS = {"id": "id", "name": "name", "title_string": "title", "title": "title",
          "metadata_modified": "metadata_modified", "metadata_created": "metadata_created"}


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


def _title_hits(words: list[str]):
    """Relevance: how many of the words are in the title. The search text starts with the lower-cased
    title, so a word found at a position within the title's length is a title match."""
    return sum((Case(When(GreaterThan(StrIndex("search_text", Value(word)), 0) &
                          LessThanOrEqual(StrIndex("search_text", Value(word)), Length("title")), then=1),
                     default=0) for word in words), Value(0))


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
            chosen = field_equals(name, value, name)
            if chosen is not None:
                qs = qs.filter(chosen)
    words = free_words(q)
    order = parse_sort(sort, ranked=bool(words))
    # The count and the facets scan every matching dataset; they are cached per catalogue version, so a
    # repeated query (the catalogue's first page, a harvester's pages) costs only the page itself.
    staff = include_private and policies.can_see_private(user, community)
    digest = hashlib.sha256(json.dumps(
        [staff, q, fq, sorted((filters or {}).items()), list(facet_fields), facet_limit]).encode()).hexdigest()
    count, facets = CATALOGUE.cached(
        f"search:{digest}", lambda: _summary(qs, facet_fields, facet_limit) if facet_fields else (qs.count(), {}),
        scope=community.pk, timeout=300)
    ids = []
    if rows and start < count:
        # Deferred join: the page's ids first (deep offsets walk the index, not whole rows), then the rows.
        ranked = qs.annotate(relevance=_title_hits(words)) if "-relevance" in order else qs
        ids = list(ranked.order_by(*order).values_list("pk", flat=True)[start:start + rows])
    return SearchResult(count=count, ids=ids, facets=copy.deepcopy(facets))


def catalogue_changed(community_id: int) -> None:
    """Forget cached counts and facets of a community: called after every committed write to its catalogue."""
    CATALOGUE.bump(scope=community_id)
