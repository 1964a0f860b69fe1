"""Who may do what: small pure functions over a user's memberships, used by every service.

Memberships are read once per user object and kept on it, so a page asking many questions costs one query."""

from __future__ import annotations

from hromada.core.tenancy.selectors import real_communities_exist

from .models import STAFF_ROLES, IdentityLevel, Role

# The demo community's stand-in for BankID: anyone can "verify" any number with it, so its identities
# count as strong only on an install that serves demo communities alone.
DEMO_PROVIDER = "demo"


def _roles(user, community) -> list[tuple[str, int | None]]:
    if user is None or not getattr(user, "is_authenticated", False) or community is None:
        return []
    cache = user.__dict__.setdefault("_hromada_roles", {})
    if community.pk not in cache:
        cache[community.pk] = list(
            user.memberships.filter(community_id=community.pk).values_list("role", "department_id")
        )
    return cache[community.pk]


def forget_roles(user) -> None:
    user.__dict__.pop("_hromada_roles", None)


def has_role(user, community, *roles: str) -> bool:
    if user is not None and getattr(user, "is_superuser", False) and getattr(user, "is_active", False):
        return True
    return any(role in roles for role, _ in _roles(user, community))


def is_member(user, community) -> bool:
    return bool(_roles(user, community)) or bool(getattr(user, "is_superuser", False))


def is_staff_of(user, community) -> bool:
    return has_role(user, community, *STAFF_ROLES)


def can_moderate(user, community) -> bool:
    return has_role(user, community, Role.MODERATOR, Role.ADMIN)


def can_administer_community(user, community) -> bool:
    return has_role(user, community, Role.ADMIN)


def department_ids_of(user, community) -> set[int]:
    """Departments the user works in as an official of this community."""
    return {dept for role, dept in _roles(user, community) if role == Role.OFFICIAL and dept is not None}


def works_in_department(user, community, department_id: int | None) -> bool:
    if has_role(user, community, Role.ADMIN):
        return True
    return department_id is not None and department_id in department_ids_of(user, community)


def identity_level(user) -> int:
    """NONE, EMAIL (a verified email address) or STRONG (a verified identity record)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return IdentityLevel.NONE
    cached = user.__dict__.get("_hromada_identity_level")
    if cached is not None:
        return cached
    from allauth.account.models import EmailAddress

    from .models import VerifiedIdentity

    provider = (
        VerifiedIdentity.objects.filter(user=user, level__gte=IdentityLevel.STRONG)
        .values_list("provider", flat=True).first()
    )
    if provider is not None and not (provider == DEMO_PROVIDER and real_communities_exist()):
        level = IdentityLevel.STRONG
    elif EmailAddress.objects.filter(user=user, verified=True).exists():
        level = IdentityLevel.EMAIL
    else:
        level = IdentityLevel.NONE
    user.__dict__["_hromada_identity_level"] = int(level)
    return int(level)


def has_identity_level(user, required: int) -> bool:
    return identity_level(user) >= int(required)
