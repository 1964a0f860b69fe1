"""Page-specific reads of Enrolment's web pages: choices for forms, the institutions list with its search and free
places, and the staff pages' rounds, offers and documents narrowed to what a person handles. Shared reads (queues,
positions, applications, proofs) are in selectors.py."""

from __future__ import annotations

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from hromada.core.errors import NotFound
from hromada.core.identity.models import Role
from hromada.core.identity.policies import department_ids_of, has_role

from .models import (
    AllocationRound,
    Group,
    Institution,
    InstitutionKind,
    Offer,
    OfferState,
    PriorityCategory,
    ServiceArea,
)


def institution_kinds() -> list[tuple[str, str]]:
    return list(InstitutionKind.choices)


def group_choices(*, community) -> list[tuple[int, str]]:
    """Groups that accept applications, as "institution — group (start year)"."""
    rows = (Group.objects.filter(community=community, is_open=True, institution__is_active=True)
            .order_by("institution__name", "start_year", "name", "pk")
            .values_list("pk", "institution__name", "name", "start_year"))
    return [(pk, f"{institution} — {name} ({year})") for pk, institution, name, year in rows]


def category_choices(*, community, exclude=()) -> list[PriorityCategory]:
    """Active categories a parent may claim, by rank; `exclude`: ids already claimed on the application."""
    rows = PriorityCategory.objects.filter(community=community, is_active=True).exclude(pk__in=list(exclude))
    return list(rows.order_by("rank", "name", "pk"))


# --- staff pages: narrowed to the institutions the person handles (policies.can_handle_institution) -------------


def _in_handled(user, community, path: str) -> Q:
    """Rows whose `path` (an institution) the user handles: all for admins, else their departments' institutions."""
    if has_role(user, community, Role.ADMIN):
        return Q()
    return Q(**{f"{path}__department_id__in": list(department_ids_of(user, community))})


def rounds_for_staff(*, community, user) -> QuerySet[AllocationRound]:
    return (AllocationRound.objects.filter(community=community).filter(_in_handled(user, community, "group__institution"))
            .select_related("group__institution")
            .annotate(offer_count=Count("offers"),
                      pending_count=Count("offers", filter=Q(offers__state=OfferState.PENDING)))
            .order_by("-opened_at", "-pk"))


def round_for_staff(*, community, user, round_id: int) -> AllocationRound:
    found = (AllocationRound.objects.filter(community=community, pk=round_id)
             .filter(_in_handled(user, community, "group__institution")).select_related("group__institution").first())
    if found is None:
        raise NotFound()
    return found


def round_offers(*, community, allocation) -> QuerySet[Offer]:
    return (Offer.objects.filter(community=community, round=allocation).select_related("application")
            .order_by("created_at", "pk"))


def offer_for_staff(*, community, user, offer_id: int) -> Offer:
    found = (Offer.objects.filter(community=community, pk=offer_id)
             .filter(_in_handled(user, community, "group__institution")).first())
    if found is None:
        raise NotFound()
    return found


# --- public pages -------------------------------------------------------------------------------------------------


def institution_list(*, community, kind: str = "", q: str = "") -> QuerySet[Institution]:
    """Active institutions with their open groups' count and free places (one query for a page)."""
    qs = Institution.objects.filter(community=community, is_active=True)
    if kind:
        qs = qs.filter(kind=kind)
    words = q.casefold().split()[:5]
    if words:
        # SQLite folds the case of ASCII letters only; a community has at most a few hundred institutions, so the
        # match is made here on their names and addresses, casefolded, and the page is one more query.
        found = [pk for pk, name, address in qs.values_list("pk", "name", "address")
                 if all(word in f"{name} {address}".casefold() for word in words)]
        qs = qs.filter(pk__in=found)
    open_groups = Q(groups__is_open=True)
    return (qs.annotate(group_count=Count("groups", filter=open_groups),
                        free_places=Coalesce(Sum(F("groups__capacity") - F("groups__taken"), filter=open_groups), 0))
            .order_by("name", "pk"))


def institution_get(*, community, institution_id: int) -> Institution:
    found = Institution.objects.filter(community=community, pk=institution_id, is_active=True).first()
    if found is None:
        raise NotFound()
    return found


def has_service_area(*, community, institution) -> bool:
    return ServiceArea.objects.filter(community=community, institution=institution).exists()
