"""Who may see and do what with appeals: small pure functions over core identity policies.

Authorised staff for an appeal are the community's admins and moderators and the officials of its department."""

from __future__ import annotations

from hromada.core.identity.models import Role
from hromada.core.identity.policies import has_role, is_staff_of, works_in_department


def _authenticated(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def is_author(user, appeal) -> bool:
    return _authenticated(user) and appeal.author_id == user.pk


def can_manage_all(user, community) -> bool:
    """Admins and moderators work every department's queue."""
    return has_role(user, community, Role.ADMIN, Role.MODERATOR)


def can_handle(user, appeal) -> bool:
    """May act on the appeal as staff: manage-all roles, or an official of its department."""
    if not _authenticated(user):
        return False
    if can_manage_all(user, appeal.community):
        return True
    return works_in_department(user, appeal.community, appeal.department_id)


def can_see_private(user, appeal) -> bool:
    """Confidential content and the author's personal data: the author and authorised staff only."""
    return is_author(user, appeal) or can_handle(user, appeal)


def can_view(user, appeal) -> bool:
    return appeal.is_public or can_see_private(user, appeal)


def can_use_staff_queue(user, community) -> bool:
    return is_staff_of(user, community)


def can_configure(user, community) -> bool:
    """Categories, areas, routing rules and templates."""
    return has_role(user, community, Role.ADMIN)
