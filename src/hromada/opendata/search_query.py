"""Solr/Lucene query text (CKAN's q and fq) parsed by luqum and compiled to a Django Q over datasets:
AND/OR/NOT/+/-, groups, phrases, field:value, [a TO b] and {a TO b} ranges and wildcards.

The parse tree is compiled to the same lookups the SQL used before (substring of the search text for free
words, exact values and subqueries for fields), so the trigram and INSTR paths and the CTE stay as they were."""

from __future__ import annotations

import re
from datetime import datetime

from django.db import connection
from django.db.models import Q, Value
from django.db.models.functions import StrIndex
from django.db.models.lookups import GreaterThan
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from luqum import thread as luqum_thread
from luqum import tree
from luqum.exceptions import ParseError

from hromada.core.api.params import iso_datetime
from hromada.core.errors import DomainError, ValidationFailed

from .models import Dataset

# A harvester's query is a handful of clauses; these bounds keep the generated SQL small and the compiler's
# recursion shallow, whatever arrives.
MAX_CLAUSES = 100
MAX_DEPTH = 30
DATE_FIELDS = ("metadata_modified", "metadata_created")
# CKAN field -> dataset lookup. Multi-valued fields match through a subquery, so negating them means
# "has no such value" and OR-ing them never multiplies rows.
LOOKUPS = {
    "organization": "publisher__name", "owner_org": "publisher__id", "tags": "tags__name",
    "groups": "themes__name", "res_format": "resources__format", "license_id": "license_id",
    "name": "name", "id": "id", "update_frequency": "update_frequency", "language": "language",
}
MULTI_VALUED = ("tags", "groups", "res_format")
CASE_INSENSITIVE = ("res_format",)
_NOTHING = Q(pk__in=[])
_UUID = re.compile(r"[0-9a-fA-F-]{32,36}")


class SearchQueryError(DomainError):
    status = 400
    code = "search_query_error"
    default_message = _("The search query is not valid.")


def parse(text: str, param: str):
    """The luqum tree of a query, or SearchQueryError. luqum.thread clones PLY's lexer per thread (a shared
    lexer would mix two requests' tokens)."""
    try:
        return luqum_thread.parse(text)
    except (ParseError, ValueError, TypeError):
        raise SearchQueryError(_("Can not parse %(param)s: %(text)r.") % {"param": param, "text": text[:200]}) \
            from None


def parse_query(text: str, param: str, *, free_text: bool) -> Q:
    """A query as a Q; words without a field are free text (q only: in fq they are an error)."""
    text = (text or "").strip()
    if text in ("", "*:*", "*"):
        return Q()
    compiled = _Compiler(param, free_text).compile(parse(text, param), None, 0)
    return Q() if compiled is None else compiled


def free_words(text: str) -> list[str]:
    """The lower-cased free words and phrases the query asks for (not those it excludes): what relevance
    ranks by. An unparseable query has none (its search is refused anyway)."""
    text = (text or "").strip()
    if not text:
        return []
    try:
        root = parse(text, "q")
    except SearchQueryError:
        return []
    words: list[str] = []

    def walk(node, field, negated, depth) -> None:
        if depth > MAX_DEPTH:
            return
        if isinstance(node, (tree.Not, tree.Prohibit)):
            negated = not negated
        if isinstance(node, tree.SearchField):
            field = node.name
        if isinstance(node, (tree.Word, tree.Phrase)) and field in (None, "text") and not negated:
            words.extend(piece for piece in _free_pieces(node) if piece not in words)
        for child in node.children:
            walk(child, field, negated, depth + 1)

    walk(root, None, False, 0)
    return words


def field_equals(name: str, value: str, param: str) -> Q:
    """An exact facet choice (the catalogue page's filters): the value as if quoted."""
    return _field_value(name, [(ch, False) for ch in value], param)


def _unescape(raw: str) -> list[tuple[str, bool]]:
    """The characters of a word, each with whether it was escaped (an escaped * is a star, not a wildcard)."""
    chars, escaped = [], False
    for ch in raw:
        if escaped:
            chars.append((ch, True))
            escaped = False
        elif ch == "\\":
            escaped = True
        else:
            chars.append((ch, False))
    return chars


def _phrase_chars(node: tree.Phrase) -> list[tuple[str, bool]]:
    return [(ch, True) for ch, _escaped in _unescape(node.value[1:-1])]


def _plain(chars) -> str:
    return "".join(ch for ch, _escaped in chars)


def _has_wildcard(chars) -> bool:
    return any(ch in "*?" and not escaped for ch, escaped in chars)


def _free_pieces(node) -> list[str]:
    """What a free word or phrase must contain: a phrase whole; a word split at its wildcards."""
    if isinstance(node, tree.Phrase):
        text = " ".join(_plain(_phrase_chars(node)).lower().split())
        return [text] if text else []
    pieces, current = [], ""
    for ch, escaped in _unescape(node.value):
        if ch in "*?" and not escaped:
            pieces.append(current)
            current = ""
        else:
            current += ch
    pieces.append(current)
    return [piece.lower() for piece in pieces if piece.strip()]


def _contains(text: str) -> Q:
    """A substring of the lower-cased search text. On PostgreSQL a LIKE, which the trigram index (migration
    0003) answers; on SQLite INSTR, a plain scan several times faster there than LIKE on Cyrillic text."""
    if connection.vendor == "postgresql":
        return Q(search_text__contains=text)
    return Q(GreaterThan(StrIndex("search_text", Value(text)), 0))


def _free_text(pieces: list[str]) -> Q | None:
    q = None
    for piece in pieces:
        q = _contains(piece) if q is None else q & _contains(piece)
    return q  # None: a bare * matches everything


def _wildcard_regex(chars) -> str:
    body = "".join(".*" if ch == "*" and not escaped else "." if ch == "?" and not escaped else re.escape(ch)
                   for ch, escaped in chars)
    return f"^{body}$"


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


def _range_bound(node, name: str, param: str, upper: bool):
    if not isinstance(node, (tree.Word, tree.Phrase)):
        raise SearchQueryError(_("A range is written [FROM TO UNTIL] in %(param)s.") % {"param": param})
    text = _plain(_phrase_chars(node) if isinstance(node, tree.Phrase) else _unescape(node.value))
    if name in DATE_FIELDS:
        return _moment(text, param, upper)
    return None if text == "*" else text


def _field_value(name: str, chars, param: str) -> Q | None:
    """field:value on one CKAN field; None means "every dataset"."""
    value = _plain(chars)
    if name in DATE_FIELDS:
        if value == "*":
            return None
        return Q(**{name: _moment(value, param, False)})
    if name in ("dataset_type", "type"):
        return None if value in ("dataset", "*") else _NOTHING
    if name in ("capacity", "state"):
        return None if value in ("public", "active", "*") else _NOTHING
    if name == "text":
        return _free_text([value.lower()] if value.strip() else [])
    if name not in LOOKUPS:
        raise SearchQueryError(_("Unknown field %(name)r in %(param)s.") % {"name": name, "param": param})
    lookup = LOOKUPS[name]
    if value == "*" and not any(escaped for _ch, escaped in chars):
        # Solr's field:* is "has a value"; every dataset has a publisher, licence, name and id.
        return Q(pk__in=Dataset.objects.filter(**{f"{lookup}__isnull": False}).values("pk")) \
            if name in MULTI_VALUED else None
    if name == "id":
        if _has_wildcard(chars) or not _UUID.fullmatch(value):
            return _NOTHING
        condition = {lookup: value}
    elif _has_wildcard(chars):
        suffix = "__iregex" if name in CASE_INSENSITIVE else "__regex"
        condition = {lookup + suffix: _wildcard_regex(chars)}
    else:
        condition = {lookup + ("__iexact" if name in CASE_INSENSITIVE else ""): value}
    if name in MULTI_VALUED:
        return Q(pk__in=Dataset.objects.filter(**condition).values("pk"))
    return Q(**condition)


class _Compiler:
    """Walks a luqum tree into a Q. None stands for "every dataset" so that OR with it stays everything
    (Django drops an empty Q from an OR)."""

    def __init__(self, param: str, free_text: bool):
        self.param, self.free_text, self.clauses = param, free_text, 0

    def error(self, message) -> SearchQueryError:
        return SearchQueryError(message % {"param": self.param})

    def compile(self, node, field: str | None, depth: int) -> Q | None:
        if depth > MAX_DEPTH:
            raise self.error(_("The query in %(param)s is nested too deeply."))
        if isinstance(node, tree.SearchField):
            if field is not None:
                raise self.error(_("A field inside a field in %(param)s."))
            if node.name == "*":
                if isinstance(node.expr, tree.Word) and node.expr.value == "*":
                    return None
                raise self.error(_("Only *:* may use the field *, in %(param)s."))
            return self.compile(node.expr, node.name, depth + 1)
        if isinstance(node, (tree.Group, tree.FieldGroup)):
            return self.compile(node.expr, field, depth + 1)
        if isinstance(node, (tree.AndOperation, tree.UnknownOperation)):
            return self.combine([self.compile(c, field, depth + 1) for c in node.children], every=True)
        if isinstance(node, tree.OrOperation):
            return self.combine([self.compile(c, field, depth + 1) for c in node.children], every=False)
        if isinstance(node, (tree.Not, tree.Prohibit)):
            inner = self.compile(node.a, field, depth + 1)
            return _NOTHING if inner is None else ~inner
        if isinstance(node, tree.Plus):
            return self.compile(node.a, field, depth + 1)
        if isinstance(node, tree.Boost):
            return self.compile(node.expr, field, depth + 1)
        if isinstance(node, (tree.Fuzzy, tree.Proximity)):
            # No edit distance or word distance here: the term (or every word of the phrase) must match.
            return self.compile(node.term, field, depth + 1)
        if isinstance(node, tree.Range):
            return self.range(node, field)
        if isinstance(node, (tree.Word, tree.Phrase)):
            return self.term(node, field)
        raise self.error(_("%(param)s uses a query syntax this portal does not support."))

    def combine(self, parts: list, *, every: bool) -> Q | None:
        if every:
            parts = [p for p in parts if p is not None]
            if not parts:
                return None
        elif any(p is None for p in parts):
            return None
        q = parts[0]
        for part in parts[1:]:
            q = (q & part) if every else (q | part)
        return q

    def count(self) -> None:
        self.clauses += 1
        if self.clauses > MAX_CLAUSES:
            raise SearchQueryError(_("Too many clauses in %(param)s (at most %(max)d).") % {
                "param": self.param, "max": MAX_CLAUSES})

    def term(self, node, field: str | None) -> Q | None:
        self.count()
        if field == "text":
            return _free_text(_free_pieces(node))
        if field is None:
            if not self.free_text:
                raise SearchQueryError(_("Can not parse %(param)s: %(rest)r.") % {"param": self.param,
                                                                                  "rest": str(node)})
            return _free_text(_free_pieces(node))
        chars = _phrase_chars(node) if isinstance(node, tree.Phrase) else _unescape(node.value)
        return _field_value(field, chars, self.param)

    def range(self, node: tree.Range, field: str | None) -> Q | None:
        self.count()
        if field is None or field == "text":
            raise self.error(_("A range needs a field, as in metadata_modified:[FROM TO UNTIL], in %(param)s."))
        if field not in DATE_FIELDS and field not in LOOKUPS or field in ("id", "owner_org"):
            raise SearchQueryError(_("Can not use a range on %(name)r in %(param)s.") % {"name": field,
                                                                                         "param": self.param})
        low = _range_bound(node.low, field, self.param, False)
        high = _range_bound(node.high, field, self.param, True)
        lookup = field if field in DATE_FIELDS else LOOKUPS[field]
        condition = {}
        if low is not None:
            condition[f"{lookup}__gte" if node.include_low else f"{lookup}__gt"] = low
        if high is not None:
            condition[f"{lookup}__lte" if node.include_high else f"{lookup}__lt"] = high
        if not condition:
            return _field_value(field, [("*", False)], self.param)
        if field in MULTI_VALUED:
            return Q(pk__in=Dataset.objects.filter(**condition).values("pk"))
        return Q(**condition)
