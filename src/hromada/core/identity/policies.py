"""Who may do what: small pure functions over a user's memberships, used by every service.

Memberships are read once per user object and kept on it, so a page asking many questions costs one query."""

from __future__ import annotations

from hromada.core.prepared import PreparedRows
from hromada.core.tenancy.selectors import real_communities_exist

from .actors import is_system
from .models import STAFF_ROLES, IdentityLevel, Residency, ResidencyBasis, Role, VerifiedIdentity

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


def can_create_community(actor) -> bool:
    """Communities are added by the platform (a command) or by a platform superuser."""
    return is_system(actor) or bool(getattr(actor, "is_superuser", False) and getattr(actor, "is_active", False))


def can_update_community(actor, community, *, identity_fields: bool = False) -> bool:
    """A community's admins edit its contacts; its identity (slug, codes, host, demo flag) is the operator's."""
    if is_system(actor):
        return True
    if identity_fields:
        return bool(getattr(actor, "is_superuser", False) and getattr(actor, "is_active", False))
    return can_administer_community(actor, community)


def can_manage_people(actor, community) -> bool:
    """Departments and roles of a community: its admins (and the platform, e.g. the demo loader)."""
    return is_system(actor) or can_administer_community(actor, community)


def can_set_calendar(actor, community) -> bool:
    """Days off and working Saturdays move statutory deadlines: only the community's admins declare them."""
    return is_system(actor) or can_administer_community(actor, community)


def can_join(user, community) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and community is not None and community.is_active


def can_manage_users(actor) -> bool:
    """Accounts themselves (activation, back-office access) belong to the platform's superusers."""
    return bool(getattr(actor, "is_superuser", False) and getattr(actor, "is_active", False))


def can_edit_profile(actor, user) -> bool:
    return bool(getattr(actor, "is_authenticated", False)) and actor.pk == user.pk


def can_verify_identity(actor, user, provider: str) -> bool:
    """A person verifies their own identity; the demo provider vouches for nobody on an install that serves
    a real community, except for the platform's own demo loader (SYSTEM) filling the demo community."""
    if is_system(actor):
        return True
    if not getattr(actor, "is_authenticated", False) or actor.pk != user.pk:
        return False
    return not (provider == DEMO_PROVIDER and real_communities_exist())


def can_hold_api_token(actor, community) -> bool:
    return bool(getattr(actor, "is_authenticated", False) and getattr(actor, "is_active", False)) and community is not None


def department_ids_of(user, community) -> set[int]:
    """Departments the user works in as an official of this community."""
    return {dept for role, dept in _roles(user, community) if role == Role.OFFICIAL and dept is not None}


def works_in_department(user, community, department_id: int | None) -> bool:
    if has_role(user, community, Role.ADMIN):
        return True
    return department_id is not None and department_id in department_ids_of(user, community)


# Every signature asks this of its signer: compiled once (core.prepared).
_IDENTITIES = PreparedRows(
    VerifiedIdentity,
    lambda user_id: VerifiedIdentity.objects.filter(user_id=user_id)
    .order_by("pk").values_list("provider", "subject_hash", "verified_name", "level"),
    user_id=int,
)


def strong_identity(user) -> tuple[str, str] | None:
    """(subject_hash, verified_name) of the verified identity that counts as strong for this person, or None."""
    return _identity(user)[1]


def identity_level(user) -> int:
    """NONE, EMAIL (a verified email address, or an identity proved by a weak method) or STRONG (a verified
    identity whose provider and method count as strong)."""
    return _identity(user)[0]


def has_verified_identity(user) -> bool:
    """Whether a provider vouched for this person at all (any level; the demo provider only on a demo install)."""
    return _identity(user)[2]


def _identity(user) -> tuple[int, tuple[str, str] | None, bool]:
    """The level, the strong identity and whether any identity counts, read once per person object (signing asks
    the rule, then the signature's identity: one query). The level is the one stored on the identity (the
    provider's `levels` by method); the demo provider's identities count only on an install that serves demo
    communities alone. Services that verify or unlink someone drop the cached triple."""
    if user is None or not getattr(user, "is_authenticated", False):
        return IdentityLevel.NONE, None, False
    cached = user.__dict__.get("_hromada_identity_level")
    if cached is not None:
        return cached
    from allauth.account.models import EmailAddress

    level, strong, verified = int(IdentityLevel.NONE), None, False
    for provider, subject, name, stored_level in _IDENTITIES.rows(user_id=user.pk):
        if provider != DEMO_PROVIDER or not real_communities_exist():
            verified, level = True, int(stored_level)
            if level >= IdentityLevel.STRONG:
                strong = (subject, name)
            break
    if level < IdentityLevel.EMAIL and EmailAddress.objects.filter(user=user, verified=True).exists():
        level = int(IdentityLevel.EMAIL)
    user.__dict__["_hromada_identity_level"] = (level, strong, verified)
    return level, strong, verified


def has_identity_level(user, required: int) -> bool:
    return identity_level(user) >= int(required)


def is_resident(user, community) -> bool:
    """Whether the person counts as a resident of the community by its residency rule: "any" verified person;
    "claims": their provider's address named the community; "declaration": a verified person who declared it;
    "claims_or_declaration": either. One query per person and community, kept on the person object."""
    from hromada.core.tenancy.models import ResidencyRule

    if community is None or not has_verified_identity(user):
        return False
    rule = community.residency_rule
    if rule == ResidencyRule.ANY:
        return True
    cache = user.__dict__.setdefault("_hromada_residency", {})
    if community.pk not in cache:
        cache[community.pk] = Residency.objects.filter(community_id=community.pk, user_id=user.pk) \
            .values_list("basis", flat=True).first()
    basis = cache[community.pk]
    if rule == ResidencyRule.CLAIMS:
        return basis == ResidencyBasis.CLAIMS
    return basis is not None
