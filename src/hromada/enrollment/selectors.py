"""Every read of Enrolment: institutions and groups, each group's queue in the order of rules.queue_key (sorted and
numbered in SQL), a parent's applications with positions and history, the proof that an event is in the
transparency log, the staff's work lists and the open-data rows (counts only).

Names are stable for the pages: institution_list, group_list, group_get, queue_page, application_list_mine,
application_get, application_positions, application_history, event_proof, claim_review_list, offer_list,
round_list, category_list, staff_institution_ids, queue_open_data_rows."""

from __future__ import annotations

import base64
from collections.abc import Iterator

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber

from hromada.core.errors import NotFound
from hromada.core.identity.actors import is_system
from hromada.core.transparency import selectors as log

from . import policies, rules
from .models import (
    QUEUED_STATUSES,
    AllocationRound,
    Application,
    Choice,
    ChoiceState,
    Claim,
    ClaimState,
    Event,
    Group,
    Institution,
    Offer,
    OfferState,
    PriorityCategory,
    ProofDocument,
)


def _verified_claims():
    return Claim.objects.filter(application_id=OuterRef("application_id"), state=ClaimState.VERIFIED,
                                category__is_active=True).order_by("category__rank", "category__name")


def _queued(community, **filters) -> QuerySet[Choice]:
    """Choices still in their group's queue, each annotated with the rule's facts: `best_rank` (a granted
    category's rank, rules.NO_CATEGORY when none) and `best_category` (its name, shown in the public queue)."""
    return (Choice.objects.filter(community=community, state=ChoiceState.QUEUED,
                                  application__status__in=QUEUED_STATUSES, **filters)
            .annotate(best_rank=Coalesce(Subquery(_verified_claims().values("category__rank")[:1]),
                                         Value(rules.NO_CATEGORY)),
                      best_category=Subquery(_verified_claims().values("category__name")[:1])))


# rules.queue_key, field for field, as SQL: service area first, then rank, filing time, tie-break.
QUEUE_ORDER = (F("in_service_area").desc(), F("best_rank").asc(), F("application__filed_at").asc(),
               F("application__tie_break").asc())


def group_queue(*, community, group) -> QuerySet[Choice]:
    """A group's queue in rule order (allocation walks it to make offers)."""
    return _queued(community, group=group).order_by(*QUEUE_ORDER)


def queue_page(*, community, group) -> QuerySet:
    """The public queue of a group: position, code, category, service-area flag, status and filing time; no names.
    Positions are numbered in SQL (ROW_NUMBER over the rule order), so a page costs one query and its count."""
    return (_queued(community, group=group)
            .annotate(position=Window(RowNumber(), order_by=list(QUEUE_ORDER)))
            .order_by(*QUEUE_ORDER)
            .values("position", "in_service_area", "best_category", "application__code",
                    "application__status", "application__filed_at", "application__tie_break"))


def application_positions(*, community, applications: list[Application]) -> dict[tuple[int, int], int]:
    """{(application id, group id): position} for these applications in every queue they wait in: one query.

    Each group's queue is numbered in SQL (ROW_NUMBER partitioned by group); the outer filter keeps the asked
    rows. The filter is on a window expression so that Django applies it after numbering (a plain filter on the
    application would narrow the numbering itself): `mine` is the row's own flag, a window over the row alone."""
    ids = [a.pk for a in applications]
    if not ids:
        return {}
    groups = Choice.objects.filter(application_id__in=ids, state=ChoiceState.QUEUED).values("group_id")
    mine = Case(When(application_id__in=ids, then=Value(1)), default=Value(0), output_field=IntegerField())
    rows = (_queued(community, group_id__in=Subquery(groups))
            .annotate(position=Window(RowNumber(), partition_by=[F("group_id")], order_by=list(QUEUE_ORDER)),
                      mine=Window(Max(mine), partition_by=[F("pk")]))
            .filter(mine=1)
            .values_list("application_id", "group_id", "position"))
    return {(application_id, group_id): position for application_id, group_id, position in rows}


def institution_list(*, community, kind: str | None = None, active_only: bool = True) -> QuerySet[Institution]:
    rows = Institution.objects.filter(community=community)
    if active_only:
        rows = rows.filter(is_active=True)
    if kind:
        rows = rows.filter(kind=kind)
    return rows.order_by("name", "pk")


def group_list(*, community, institution_id: int | None = None, start_year: int | None = None,
               open_only: bool = False) -> QuerySet[Group]:
    """Groups with `waiting` (applications in their queue) and `pending` (offers awaiting an answer)."""
    rows = Group.objects.filter(community=community).select_related("institution")
    if institution_id is not None:
        rows = rows.filter(institution_id=institution_id)
    if start_year is not None:
        rows = rows.filter(start_year=start_year)
    if open_only:
        rows = rows.filter(is_open=True, institution__is_active=True)
    return rows.annotate(waiting=_count(_waiting()), pending=_count(_pending())) \
        .order_by("institution__name", "start_year", "name", "pk")


def _waiting() -> QuerySet[Choice]:
    return Choice.objects.filter(group_id=OuterRef("pk"), state=ChoiceState.QUEUED,
                                 application__status__in=QUEUED_STATUSES)


def _pending() -> QuerySet[Offer]:
    return Offer.objects.filter(group_id=OuterRef("pk"), state=OfferState.PENDING)


def _count(rows: QuerySet):
    """A correlated COUNT per group (two joined COUNT(DISTINCT) would multiply a group's choices by its offers)."""
    return Coalesce(Subquery(rows.order_by().values("group_id").annotate(n=Count("pk")).values("n")[:1]),
                    Value(0), output_field=IntegerField())


def group_get(*, community, group_id: int) -> Group:
    group = group_list(community=community).filter(pk=group_id).first() if isinstance(group_id, int) else None
    if group is None:
        raise NotFound()
    return group


def category_list(*, community, active_only: bool = True) -> QuerySet[PriorityCategory]:
    rows = PriorityCategory.objects.filter(community=community)
    return (rows.filter(is_active=True) if active_only else rows).order_by("rank", "name", "pk")


def _with_details(rows: QuerySet[Application]) -> QuerySet[Application]:
    return rows.prefetch_related(
        Prefetch("choices", queryset=Choice.objects.select_related("group__institution").order_by("preference")),
        Prefetch("claims", queryset=Claim.objects.select_related("category").prefetch_related("documents")
                 .order_by("pk")),
        Prefetch("offers", queryset=Offer.objects.select_related("group__institution").order_by("-created_at", "-pk")),
        Prefetch("events", queryset=Event.objects.order_by("at", "pk")),
    )


def application_list_mine(*, actor, community) -> QuerySet[Application]:
    """The signed-in parent's applications, newest first, with choices, claims, offers and history prefetched
    (positions: `application_positions`)."""
    if not policies.is_signed_in(actor):
        return Application.objects.none()
    return _with_details(Application.objects.filter(community=community, parent_id=actor.pk)).order_by("-filed_at",
                                                                                                       "-pk")


def staff_institution_ids(*, actor, community) -> set[int]:
    """Institutions whose applications the actor handles (an admin: all; an official: their departments')."""
    rows = Institution.objects.filter(community=community).values_list("pk", "department_id")
    return {pk for pk, department_id in rows if policies.can_handle_department(actor, community, department_id)}


def application_get(*, actor, community, application_id: int | None = None, code: str | None = None) -> Application:
    """One application for its parent or the staff of a chosen institution; anyone else: NotFound."""
    rows = Application.objects.filter(community=community)
    if application_id is not None:
        rows = rows.filter(pk=application_id) if isinstance(application_id, int) else rows.none()
    elif code is not None:
        rows = rows.filter(code=str(code).strip().upper()[:12])
    else:
        raise NotFound()
    application = _with_details(rows).select_related("parent").first()
    if application is None:
        raise NotFound()
    institutions = [choice.group.institution for choice in application.choices.all()]
    if not (is_system(actor) or policies.can_see_private(actor, community, application, institutions)):
        raise NotFound()
    return application


def proof_document_get(*, actor, community, document_id: int) -> ProofDocument:
    """A proof document, for the application's parent and the staff who handle it (policies.can_see_private);
    anyone else, and any other community, gets NotFound, exactly as for a document that does not exist."""
    document = (ProofDocument.objects.filter(community=community, pk=document_id)
                .select_related("claim__application").first()) if isinstance(document_id, int) else None
    if document is None:
        raise NotFound()
    application = document.claim.application
    institutions = [choice.group.institution for choice in application.choices.select_related("group__institution")]
    if not policies.can_see_private(actor, community, application, institutions):
        raise NotFound()
    return document


def application_history(application: Application) -> list[Event]:
    return list(application.events.all())


def event_proof(*, community, event: Event) -> dict:
    """The proof that the event is in the community's transparency log: its leaf hash and, once a signed tree head
    covers it, its index, the head and the audit path (RFC 6962), all base64 as the log's API serves them.
    `included` is False while the event waits for the next append (within about a minute)."""
    leaf_hash = bytes.fromhex(event.leaf_hash)
    head = log.tree_head_latest(community)
    proof = {"leaf_hash": base64.b64encode(leaf_hash).decode(), "included": False, "tree_size": head.tree_size,
             "timestamp": head.timestamp, "sha256_root_hash": base64.b64encode(head.root_hash).decode(),
             "leaf_index": None, "audit_path": []}
    index = log.leaf_index(community, leaf_hash, head.tree_size) if head.tree_size else None
    if index is not None:
        proof.update(included=True, leaf_index=index,
                     audit_path=[base64.b64encode(h).decode() for h in log.inclusion_proof(community, index,
                                                                                           head.tree_size)])
    return proof


def claim_review_list(*, actor, community) -> QuerySet[Claim]:
    """Claims awaiting a decision on applications that chose an institution the actor handles, oldest first."""
    institutions = staff_institution_ids(actor=actor, community=community)
    return (Claim.objects.filter(community=community, state=ClaimState.CLAIMED,
                                 application__status__in=QUEUED_STATUSES,
                                 application__choices__group__institution_id__in=institutions)
            .distinct().select_related("category", "application").prefetch_related("documents")
            .order_by("created_at", "pk"))


def round_list(*, community, group_id: int | None = None) -> QuerySet[AllocationRound]:
    rows = AllocationRound.objects.filter(community=community).select_related("group__institution")
    if group_id is not None:
        rows = rows.filter(group_id=group_id)
    return rows.annotate(offers_made=Count("offers")).order_by("-opened_at", "-pk")


def offer_list(*, community, group_id: int | None = None, state: str | None = None) -> QuerySet[Offer]:
    """Offers with their application's code (staff pages add names through application_get)."""
    rows = Offer.objects.filter(community=community).select_related("group__institution", "application", "round")
    if group_id is not None:
        rows = rows.filter(group_id=group_id)
    if state:
        rows = rows.filter(state=state)
    return rows.order_by("deadline", "pk")


def queue_open_data_rows(community) -> Iterator[dict]:
    """One row per group: places, places taken, children waiting (with a priority: a granted category or the
    service area), offers awaiting an answer. Counts only, no personal data."""
    verified = Claim.objects.filter(application_id=OuterRef("application_id"), state=ClaimState.VERIFIED,
                                    category__is_active=True)
    with_priority = _waiting().annotate(granted=Exists(verified)).filter(Q(in_service_area=True) | Q(granted=True))
    rows = (Group.objects.filter(community=community).select_related("institution")
            .annotate(waiting=_count(_waiting()), waiting_with_priority=_count(with_priority),
                      offers_pending=_count(_pending()))
            .order_by("institution__name", "start_year", "name", "pk"))
    for group in rows:
        yield {"institution": group.institution.name, "kind": group.institution.kind, "group": group.name,
               "start_year": group.start_year, "capacity": group.capacity, "taken": group.taken,
               "waiting": group.waiting, "waiting_with_priority": group.waiting_with_priority,
               "offers_pending": group.offers_pending}
