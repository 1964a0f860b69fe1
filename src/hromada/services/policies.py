"""Who may do what in Services: small pure functions over the kernel's roles, asked by every service
through require() (and by selectors and templates to hide what a person may not do)."""

from __future__ import annotations

from hromada.core.identity.actors import is_system
from hromada.core.identity.policies import has_identity_level, is_staff_of


def can_write(actor, community) -> bool:
    """The catalogue (categories, services, forms): the community's staff, and the platform (demo, imports)."""
    return is_system(actor) or is_staff_of(actor, community)


def can_see_hidden(user, community) -> bool:
    """Services that are not public: staff only."""
    return is_staff_of(user, community)


def can_see(user, community, service) -> bool:
    return service.is_public or can_see_hidden(user, community)


def can_apply(actor, community, service) -> bool:
    """A signed-in person with the identity the service asks for applies to a public online service."""
    return (getattr(actor, "is_authenticated", False) and service.online and service.is_public
            and has_identity_level(actor, service.identity_level))


def can_handle(actor, community) -> bool:
    """Review, ask for more, decide, issue and confirm payments: the community's staff (and the platform)."""
    return is_system(actor) or is_staff_of(actor, community)


def is_applicant(actor, application) -> bool:
    return bool(getattr(actor, "is_authenticated", False)) and application.applicant_id == actor.pk


def can_see_application(actor, community, application) -> bool:
    """An application and its files: its applicant and the community's staff; nobody else."""
    return is_applicant(actor, application) or is_staff_of(actor, community)
