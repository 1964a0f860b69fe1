"""The community's frequently asked questions: staff write topics and entries (one @service per change, audited),
residents read the published ones on the site and in the chat, where free text is searched in them.

The search is for a small, staff-written set (hundreds of entries): it reads the community's published entries
and ranks them in Python with a Ukrainian-friendly match (case and apostrophe variants folded, word endings
ignored: "довідку" finds "довідка"), so it needs no search engine."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.core.audit.services import audit_record
from hromada.core.errors import ValidationFailed
from hromada.core.identity.actors import is_system
from hromada.core.identity.guard import require, service
from hromada.core.identity.policies import is_staff_of
from hromada.core.tenancy.selectors import owned_for_update
from hromada.core.text import visible_length

from .models import FaqEntry, FaqTopic

TITLE_MAX = 200
QUESTION_MAX = 300
ANSWER_MAX = 4000
KEYWORDS_MAX = 500
ORDER_MAX = 10_000
SEARCH_ENTRIES_MAX = 2000  # the most published entries one search reads
QUERY_MAX = 200
REFUSED = gettext_lazy("Only the community's staff may edit the questions and answers.")


def can_edit(actor, community) -> bool:
    """Topics and entries: the community's staff (administrators and officials), and the platform (demo data)."""
    return is_system(actor) or is_staff_of(actor, community)


# --- validation --------------------------------------------------------------------------------------------------


def _text(errors: dict, field: str, value: Any, *, limit: int, required: bool = False) -> str:
    text = str(value or "").strip()
    if required and not visible_length(text):
        errors[field] = [_("This field is required.")]
    elif len(text) > limit:
        errors[field] = [_("At most %(max)s characters.") % {"max": limit}]
    return text


def _order(errors: dict, value: Any) -> int:
    try:
        order = int(value if value not in (None, "") else 100)
    except (TypeError, ValueError):
        order = -1
    if not 0 <= order <= ORDER_MAX:
        errors["order"] = [_("A whole number from 0 to %(max)s.") % {"max": ORDER_MAX}]
    return order


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationFailed(fields=errors)


def _topic_values(title: Any, order: Any) -> dict:
    errors: dict = {}
    values = {"title": _text(errors, "title", title, limit=TITLE_MAX, required=True), "order": _order(errors, order)}
    _raise(errors)
    return values


def _entry_values(community, values: dict) -> dict:
    errors: dict = {}
    result = {
        "question": _text(errors, "question", values.get("question"), limit=QUESTION_MAX, required=True),
        "answer": _text(errors, "answer", values.get("answer"), limit=ANSWER_MAX, required=True),
        "keywords": _text(errors, "keywords", values.get("keywords"), limit=KEYWORDS_MAX),
        "is_published": bool(values.get("is_published")),
        "order": _order(errors, values.get("order")),
    }
    topic = FaqTopic.objects.filter(community=community, pk=values.get("topic_id") or 0).first()
    if topic is None:
        errors["topic_id"] = [_("Choose one of the community's topics.")]
    result["topic"] = topic
    _raise(errors)
    return result


# --- writes ------------------------------------------------------------------------------------------------------


@service
def faq_topic_create(*, actor, community, title: str, order: int = 100) -> FaqTopic:
    require(can_edit(actor, community), REFUSED)
    values = _topic_values(title, order)
    with transaction.atomic():
        topic = FaqTopic.objects.create(community=community, **values)
        audit_record(actor=actor, community=community, action="assistant.faq_topic.created", target=topic)
    return topic


@service
def faq_topic_update(*, actor, community, topic_id: int, title: str, order: int = 100) -> FaqTopic:
    require(can_edit(actor, community), REFUSED)
    values = _topic_values(title, order)
    with transaction.atomic():
        topic = owned_for_update(FaqTopic, community, topic_id)
        for field, value in values.items():
            setattr(topic, field, value)
        topic.save()
        audit_record(actor=actor, community=community, action="assistant.faq_topic.changed", target=topic)
    return topic


@service
def faq_topic_delete(*, actor, community, topic_id: int) -> None:
    """A topic and its entries."""
    require(can_edit(actor, community), REFUSED)
    with transaction.atomic():
        topic = owned_for_update(FaqTopic, community, topic_id)
        audit_record(actor=actor, community=community, action="assistant.faq_topic.deleted", target=topic,
                     data={"entries": topic.entries.count()})
        topic.delete()


@service
def faq_entry_create(*, actor, community, topic_id: int, question: str, answer: str, keywords: str = "",
                     is_published: bool = True, order: int = 100) -> FaqEntry:
    require(can_edit(actor, community), REFUSED)
    values = _entry_values(community, {"topic_id": topic_id, "question": question, "answer": answer,
                                       "keywords": keywords, "is_published": is_published, "order": order})
    with transaction.atomic():
        entry = FaqEntry.objects.create(community=community, **values)
        audit_record(actor=actor, community=community, action="assistant.faq_entry.created", target=entry)
    return entry


@service
def faq_entry_update(*, actor, community, entry_id: int, **changes: Any) -> FaqEntry:
    """Change some of topic_id, question, answer, keywords, is_published, order; the rest stays."""
    require(can_edit(actor, community), REFUSED)
    unknown = set(changes) - {"topic_id", "question", "answer", "keywords", "is_published", "order"}
    if unknown:
        raise ValidationFailed(fields={name: [_("Unknown field.")] for name in sorted(unknown)})
    with transaction.atomic():
        entry = owned_for_update(FaqEntry, community, entry_id)
        current = {"topic_id": entry.topic_id, "question": entry.question, "answer": entry.answer,
                   "keywords": entry.keywords, "is_published": entry.is_published, "order": entry.order}
        for field, value in _entry_values(community, {**current, **changes}).items():
            setattr(entry, field, value)
        entry.save()
        audit_record(actor=actor, community=community, action="assistant.faq_entry.changed", target=entry)
    return entry


@service
def faq_entry_delete(*, actor, community, entry_id: int) -> None:
    require(can_edit(actor, community), REFUSED)
    with transaction.atomic():
        entry = owned_for_update(FaqEntry, community, entry_id)
        audit_record(actor=actor, community=community, action="assistant.faq_entry.deleted", target=entry)
        entry.delete()


# --- reads -------------------------------------------------------------------------------------------------------


def published_entries(*, community) -> QuerySet[FaqEntry]:
    return FaqEntry.objects.filter(community=community, is_published=True).select_related("topic")


def published_topics(*, community) -> QuerySet[FaqTopic]:
    """Topics with at least one published entry, each with its published entries prefetched (two queries)."""
    return (FaqTopic.objects.filter(community=community)
            .annotate(published=Count("entries", filter=Q(entries__is_published=True)))
            .filter(published__gt=0)
            .prefetch_related(Prefetch("entries", queryset=FaqEntry.objects.filter(is_published=True),
                                       to_attr="published_entries"))
            .order_by("order", "title", "pk"))


def topic_get(*, community, topic_id) -> FaqTopic | None:
    """A topic of the community with a published entry, or None (another community's, empty, gone)."""
    try:
        pk = int(topic_id)
    except (TypeError, ValueError):
        return None
    return published_topics(community=community).filter(pk=pk).first()


def entry_get(*, community, entry_id) -> FaqEntry | None:
    """A published entry of the community, or None (another community's, a draft, gone)."""
    try:
        pk = int(entry_id)
    except (TypeError, ValueError):
        return None
    return published_entries(community=community).filter(pk=pk).first()


def staff_topics(*, community) -> QuerySet[FaqTopic]:
    """Every topic with every entry (drafts too), for the back office."""
    return (FaqTopic.objects.filter(community=community)
            .prefetch_related(Prefetch("entries", queryset=FaqEntry.objects.order_by("order", "question", "pk"),
                                       to_attr="all_entries"))
            .order_by("order", "title", "pk"))


# --- search ------------------------------------------------------------------------------------------------------

_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "‘": "'", "ʹ": "'", "′": "'"})
_WORD = re.compile(r"[\w']+")
# Words that say nothing about the subject of a question (Ukrainian and English).
STOP_WORDS = frozenset("""
як де коли що хто чому який яка яке які мені мене можна треба потрібно для про через або та чи це цей ця
і й у в з із зі на до від по за не є буде бути мій моя моє мої свій своя наш наша
how where when what who why which can could need the and for with about from this that is are do does my your
""".split())


def normalise(text: str) -> str:
    """Text as the search compares it: NFC, casefolded, apostrophe variants as one, "ґ" as "г", "ё" as "е"."""
    text = unicodedata.normalize("NFC", text or "").casefold().translate(_APOSTROPHES)
    return text.replace("ґ", "г").replace("ё", "е")


def _stem(word: str) -> str:
    """The part of a word its endings do not change (Ukrainian endings are at most three letters): "вода" and
    "води" meet at "вод", "довідку" and "довідка" at "довід"."""
    if len(word) <= 3:
        return word
    if len(word) == 4:
        return word[:3]
    return word[: max(4, len(word) - 2)] if len(word) <= 7 else word[: len(word) - 3]


def query_words(query: str) -> list[str]:
    """The stems of the query's meaningful words (at most 10)."""
    words = [w.strip("'") for w in _WORD.findall(normalise(query[:QUERY_MAX]))]
    return [_stem(w) for w in words if len(w) >= 2 and w not in STOP_WORDS][:10]


def _matches(stems: list[str], text: str) -> set[str]:
    words = {w.strip("'") for w in _WORD.findall(normalise(text))}
    return {stem for stem in stems if any(word.startswith(stem) for word in words)}


@dataclass(frozen=True)
class FaqHit:
    entry: FaqEntry
    score: int


def faq_search(community, query: str, *, limit: int = 5) -> list[FaqHit]:
    """Published entries ranked by how many of the query's words they contain (a word in the question counts
    most, then keywords, then the answer); entries matching none are left out."""
    stems = query_words(query)
    if not stems:
        return []
    hits = []
    for entry in published_entries(community=community).order_by("order", "pk")[:SEARCH_ENTRIES_MAX]:
        in_question = _matches(stems, entry.question)
        in_keywords = _matches(stems, entry.keywords)
        in_answer = _matches(stems, entry.answer)
        found = in_question | in_keywords | in_answer
        if not found:
            continue
        score = 10 * len(found) + 3 * len(in_question) + 2 * len(in_keywords) + len(in_answer)
        hits.append(FaqHit(entry=entry, score=score))
    hits.sort(key=lambda hit: (-hit.score, hit.entry.order, hit.entry.pk))
    return hits[:limit]
