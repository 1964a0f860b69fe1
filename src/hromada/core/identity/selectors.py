"""Reads about people of a community: who holds a role (the officials of a department, the moderators, the
admins), the one query every capability uses instead of writing its own join over memberships."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from .models import Membership, User

_ANY = object()


def members_with_role(*, community, roles: str | Iterable[str], department=_ANY,
                      active_only: bool = True) -> QuerySet[User]:
    """People holding any of `roles` in the community, each once, by name.

    `department`: a Department or its id narrows to officials of that department; None means memberships
    without a department; left out, any department. Deactivated accounts are left out unless asked for."""
    roles = [roles] if isinstance(roles, str) else list(roles)
    memberships = Membership.objects.filter(community=community, role__in=roles)
    if department is not _ANY:
        if department is None:
            memberships = memberships.filter(department__isnull=True)
        else:
            memberships = memberships.filter(department_id=getattr(department, "pk", department))
    people = User.objects.filter(pk__in=memberships.values("user_id"))
    if active_only:
        people = people.filter(is_active=True)
    return people.order_by("full_name", "email")


def member_ids_with_role(*, community, roles: str | Iterable[str], department=_ANY) -> set[int]:
    """The same people as ids (e.g. to notify them or to test membership in a loop)."""
    return set(members_with_role(community=community, roles=roles, department=department).values_list("pk", flat=True))


def identity_profile(*, user, community) -> dict:
    """What the profile's identity section shows: the community's enabled providers (with the ways each offers
    to prove identity), the residency rule and the person's residency decision. A provider whose adapter cannot
    be loaded is left out (the operator sees why in the back office)."""
    from .models import IdentityProvider, Residency
    from .providers import ProviderError, protocol_for

    if community is None:
        return {"identity_providers": [], "residency": None, "residency_rule": None}
    providers = []
    for config in IdentityProvider.objects.filter(community=community, is_enabled=True).order_by("label"):
        try:
            providers.append({"config": config, "methods": protocol_for(config).methods()})
        except ProviderError:
            continue
    residency = Residency.objects.filter(community=community, user=user).first()
    return {"identity_providers": providers, "residency": residency, "residency_rule": community.residency_rule}
