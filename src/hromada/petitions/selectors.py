"""Reads of petitions: the public list with filters and sorting, similar petitions, counts, signers,
staff queues, feed items and open-data rows. Every selector takes `community=`."""

from __future__ import annotations

import re

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from hromada.core.errors import NotFound
from hromada.core.prepared import PreparedRows, instance
from hromada.core.tenancy.urls import community_url

from . import policies
from .models import PUBLIC_STATUSES, SIGNATURES, Petition, Signature, Status

SORTS = ("signatures", "newest", "ending")


def signature_count(petition) -> int:
    """The live public count: the sum of the petition's counter shards (at most COUNTER_SHARDS rows)."""
    return SIGNATURES.total(getattr(petition, "pk", petition))


def _with_counts(qs: QuerySet) -> QuerySet:
    return qs.annotate(signature_total=SIGNATURES.total_expression())


def rejection_reasons(community) -> list[str]:
    """The community's reasons for refusing publication, in its order (art. 23-1: refusal must be reasoned)."""
    raw = community.setting("petitions", "rejection_reasons") or ""
    return [r.strip() for r in raw.replace("\n", ";").split(";") if r.strip()]


def _fold_query(text: str) -> str:
    return " ".join((text or "").split()).casefold()[:200]


def petition_list(*, community, status: str = "", category_id=None, q: str = "", sort: str = "newest",
                  author=None) -> QuerySet:
    """Public petitions (or one author's own, every status) with `signature_total`, filtered and sorted."""
    if author is not None:
        qs = Petition.objects.filter(community=community).filter(Q(author=author) | Q(co_authors=author)).distinct()
    else:
        qs = Petition.objects.filter(community=community, status__in=PUBLIC_STATUSES)
    if status:
        qs = qs.filter(status=status)
    if category_id:
        qs = qs.filter(category_id=category_id)
    for word in _fold_query(q).split()[:8]:
        qs = qs.filter(search_text__contains=word)
    qs = _with_counts(qs.select_related("category"))
    if sort == "signatures":
        return qs.order_by("-signature_total", "-pk")
    if sort == "ending":
        collecting_first = Case(When(status=Status.COLLECTING, then=Value(0)), default=Value(1),
                                output_field=IntegerField())
        return qs.order_by(collecting_first, F("collection_ends_at").asc(nulls_last=True), "-pk")
    return qs.order_by(F("published_at").desc(nulls_last=True), "-pk")


def petition_get(*, community, pk, viewer=None) -> Petition:
    """One petition this viewer may see, or NotFound (also for other communities and hidden drafts)."""
    try:
        petition = _with_counts(
            Petition.objects.filter(community=community).select_related("category", "author", "department",
                                                                        "answered_by", "duplicate_of")
        ).get(pk=int(pk))
    except (Petition.DoesNotExist, TypeError, ValueError) as exc:
        raise NotFound() from exc
    if not policies.can_view(viewer, community, petition):
        raise NotFound()
    return petition


_SIGNING_COLUMNS = ("id", "community_id", "title", "status", "author_id", "threshold", "required_identity_level",
                    "collection_ends_at")
# Every request of a surge reads the petition it signs: compiled once (core.prepared).
_FOR_SIGNING = PreparedRows(
    Petition,
    lambda community_id, pk: Petition.objects.filter(community_id=community_id, pk=pk, status__in=PUBLIC_STATUSES)
    .values_list(*_SIGNING_COLUMNS).order_by(),
    community_id=int, pk=int,
)


def petition_for_signing(*, community, pk) -> Petition:
    """The few columns signing needs, without joins or counts (the rest deferred): this runs on every request of
    a surge."""
    try:
        rows = _FOR_SIGNING.rows(community_id=community.pk, pk=int(pk))
    except (TypeError, ValueError, OverflowError) as exc:
        raise NotFound() from exc
    if not rows:
        raise NotFound()
    return instance(Petition, _SIGNING_COLUMNS, rows[0])


_WORD = re.compile(r"[\w'’]+", re.UNICODE)
_STOP = frozenset(
    "та і й в у на з із до від для про що як це не по за при щоб або чи ми нас наш наша наше the and for of to in on "
    "a an is are with петиція петицію прошу просимо вимагаємо міста місті громади".split()
)


def _stems(text: str) -> set[str]:
    # A crude stem (first 6 letters) makes "парк", "парку", "парків" meet without a language dictionary,
    # so similarity behaves the same on SQLite and PostgreSQL.
    words = (w.casefold() for w in _WORD.findall(text or ""))
    return {w[:6] for w in words if len(w) > 2 and w not in _STOP}


def petition_similar(*, community, text: str, exclude_pk=None, limit: int = 5) -> list[tuple[Petition, float]]:
    """Published petitions most like `text` by word overlap (Dice coefficient on stems), best first."""
    stems = _stems(text)
    if not stems:
        return []
    # Rarest-looking (longest) stems first: they narrow the candidates most.
    probes = sorted(stems, key=len, reverse=True)[:8]
    condition = Q()
    for stem in probes:
        condition |= Q(search_text__contains=stem)
    candidates = Petition.objects.filter(community=community, status__in=PUBLIC_STATUSES).filter(condition)
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    scored = []
    for petition in candidates.only("pk", "title", "status", "search_text", "community_id")[:300]:
        other = _stems(petition.search_text)
        if not other:
            continue
        title_bonus = len(stems & _stems(petition.title)) / max(1, len(_stems(petition.title)))
        score = 2 * len(stems & other) / (len(stems) + len(other)) + 0.5 * title_bonus
        if score >= 0.15:
            scored.append((petition, round(score, 3)))
    scored.sort(key=lambda item: (-item[1], -item[0].pk))
    return scored[:limit]


def petition_signer_names(*, community, petition) -> QuerySet:
    """Public names of signers in signing order: the law requires the list; nothing else about them."""
    return (Signature.objects.filter(community=community, petition=petition).order_by("created_at", "pk")
            .values_list("public_name", flat=True))


def petition_signers_for_export(*, community, petition) -> QuerySet:
    """Signers with their verified details, for the council's staff only (policies.can_export_signers)."""
    return (Signature.objects.filter(community=community, petition=petition).select_related("user")
            .order_by("created_at", "pk"))


def has_signed(*, petition, user) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return Signature.objects.filter(petition=petition, user=user).exists()


def moderation_queue(*, community) -> QuerySet:
    return (Petition.objects.filter(community=community, status=Status.SUBMITTED)
            .select_related("author", "category").order_by("moderation_deadline", "pk"))


def consideration_queue(*, community) -> QuerySet:
    return _with_counts(Petition.objects.filter(community=community, status=Status.THRESHOLD_REACHED)
                        .select_related("department", "category").order_by("consideration_deadline", "pk"))


def overdue_petitions(*, community, now=None) -> QuerySet:
    """Publication or consideration terms that have passed: shown to staff and on the public list."""
    now = now or timezone.now()
    return (
        Petition.objects.filter(community=community)
        .filter(Q(status=Status.SUBMITTED, moderation_deadline__lt=now)
                | Q(status=Status.THRESHOLD_REACHED, consideration_deadline__lt=now))
        .select_related("department", "category").order_by("status", "consideration_deadline", "moderation_deadline")
    )


def public_overdue(*, community, now=None) -> QuerySet:
    now = now or timezone.now()
    return _with_counts(Petition.objects.filter(community=community, status=Status.THRESHOLD_REACHED,
                                                consideration_deadline__lt=now).order_by("consideration_deadline"))


def is_overdue(petition, now=None) -> bool:
    now = now or timezone.now()
    if petition.status == Status.THRESHOLD_REACHED:
        return bool(petition.consideration_deadline and now > petition.consideration_deadline)
    if petition.status == Status.SUBMITTED:
        return bool(petition.moderation_deadline and now > petition.moderation_deadline)
    return False


def feed_items(*, community, limit: int = 50) -> list[tuple[str, Petition, object]]:
    """(kind "new" or "answered", petition, moment) for newly published and newly answered petitions, newest first."""
    published = list(Petition.objects.filter(community=community, status__in=PUBLIC_STATUSES,
                                             published_at__isnull=False).order_by("-published_at")[:limit])
    answered = list(Petition.objects.filter(community=community, status=Status.ANSWERED)
                    .order_by("-answered_at")[:limit])
    items = {("new", p.pk): p for p in published}
    items.update({("answered", p.pk): p for p in answered})
    events = [(kind, p, p.answered_at if kind == "answered" else p.published_at) for (kind, _pk), p in items.items()]
    events.sort(key=lambda e: e[2], reverse=True)
    return events[:limit]


def petition_open_data_rows(community):
    """Open-data rows: counts, statuses and dates of public petitions. No personal data (no authors, signers)."""
    qs = _with_counts(Petition.objects.filter(community=community, status__in=PUBLIC_STATUSES)
                      .select_related("category").order_by("pk"))
    for p in qs.iterator(chunk_size=500):
        yield {
            "id": p.pk, "title": p.title, "category": p.category.name if p.category else "",
            "status": p.status, "signatures": p.signature_total, "threshold": p.threshold,
            "published_at": p.published_at, "collection_ends_at": p.collection_ends_at,
            "threshold_reached_at": p.threshold_reached_at, "consideration_deadline": p.consideration_deadline,
            "answered_at": p.answered_at, "decision": p.answer_decision,
            "url": community_url(community, "petitions:detail", p.pk),
        }
