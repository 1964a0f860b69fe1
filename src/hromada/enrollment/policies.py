"""Who may do what in Enrolment: small pure functions over the kernel's roles, asked by every service through
require() (and by selectors, pages and the API to hide what a person may not do).

Parents with a strong identity file; officials of an institution's department (the education department) and the
community's admins verify documents and run rounds; admins configure. Nobody, not even an admin, reorders."""

from __future__ import annotations

from hromada.core.identity.actors import is_system
from hromada.core.identity.models import IdentityLevel, Role
from hromada.core.identity.policies import has_identity_level, has_role, is_staff_of, works_in_department


def is_signed_in(user) -> bool:
    return user is not None and bool(getattr(user, "is_authenticated", False))


def can_file(user, community) -> bool:
    """An application names a child and their documents: a signed-in parent with a strong identity (BankID,
    ID.GOV.UA, a qualified e-signature); the platform files demo data."""
    return is_system(user) or (is_signed_in(user) and has_identity_level(user, IdentityLevel.STRONG))


def is_parent(user, application) -> bool:
    return is_signed_in(user) and application.parent_id == user.pk


def can_act_as_parent(user, application) -> bool:
    """Withdraw, claim a category, accept or decline an offer: the parent who filed (and the platform's demo)."""
    return is_system(user) or is_parent(user, application)


def can_configure(user, community) -> bool:
    """Institutions, groups, service areas and priority categories: the community's admins and the platform."""
    return is_system(user) or has_role(user, community, Role.ADMIN)


def can_handle_institution(user, community, institution) -> bool:
    """Verify documents, grant categories, open rounds and confirm enrolment for an institution: the community's
    admins, officials of the institution's department, and the platform (demo data, the periodic job)."""
    return can_handle_department(user, community, institution.department_id)


def can_handle_department(user, community, department_id: int | None) -> bool:
    """The same rule by an institution's department id (lists of many institutions)."""
    if is_system(user):
        return True
    return is_signed_in(user) and works_in_department(user, community, department_id)


def can_handle_application(user, community, application, institutions) -> bool:
    """Staff may act on an application when they handle one of the institutions it chose."""
    return any(can_handle_institution(user, community, institution) for institution in institutions)


def can_see_private(user, community, application, institutions=()) -> bool:
    """The child's name, birth date, address and documents: the parent and the staff who handle it."""
    return is_parent(user, application) or can_handle_application(user, community, application, institutions)


def can_use_staff_queue(user, community) -> bool:
    """The staff page of claims to check and rounds to run (what it lists is narrowed per institution)."""
    return is_staff_of(user, community)


def can_expire_offers(actor, community) -> bool:
    """Expiring offers past their deadline is the platform's own periodic job."""
    return is_system(actor)


def can_reorder(user, community) -> bool:
    """Nobody moves an application by hand: the order follows rules.py alone (docs/decisions/0030)."""
    return False
