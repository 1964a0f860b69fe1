"""Who may do what with a petition: small pure functions over core identity policies.

Services call them before every write; views and the API use them only to decide what to show."""

from __future__ import annotations

from hromada.core.identity.actors import is_system
from hromada.core.identity.models import IdentityLevel, Role
from hromada.core.identity.policies import (
    can_moderate,
    has_identity_level,
    has_role,
    is_staff_of,
    works_in_department,
)

from .models import PUBLIC_STATUSES, Status


def required_identity_level(community) -> int:
    return IdentityLevel.EMAIL if community.setting("petitions", "identity_level") == "email" else IdentityLevel.STRONG


def is_author(user, petition) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if petition.author_id == user.pk:
        return True
    return any(u.pk == user.pk for u in petition.co_authors.all())


def can_view(user, community, petition) -> bool:
    """Drafts and petitions awaiting moderation are seen by their authors and moderators only."""
    if petition.status in PUBLIC_STATUSES:
        return True
    if petition.status == Status.DRAFT:
        return is_author(user, petition)
    return is_author(user, petition) or can_moderate(user, community)


def can_create(user, community) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and has_identity_level(user, IdentityLevel.EMAIL)


def can_edit(user, community, petition) -> bool:
    return petition.status == Status.DRAFT and petition.author_id == getattr(user, "pk", None)


def can_submit(user, community, petition) -> bool:
    """Only the author sends a draft to moderation (co-authors support it, they do not file it)."""
    return bool(getattr(user, "is_authenticated", False)) and petition.author_id == user.pk


def can_sign(user, community, petition) -> bool:
    """The identity rule the petition was published with. `identity_level` decides what counts as strong: the
    demo provider's identities count only on an install that serves demo communities alone."""
    return bool(getattr(user, "is_authenticated", False)) and has_identity_level(user, petition.required_identity_level)


def can_moderate_petitions(user, community) -> bool:
    return can_moderate(user, community)


def can_assign(user, community) -> bool:
    return has_role(user, community, Role.MODERATOR, Role.ADMIN)


def can_answer(user, community, petition) -> bool:
    """An official of the responsible department or a community admin."""
    if has_role(user, community, Role.ADMIN):
        return True
    return petition.department_id is not None and works_in_department(user, community, petition.department_id)


def can_see_staff_pages(user, community) -> bool:
    return is_staff_of(user, community)


def can_export_signers(user, community) -> bool:
    return is_staff_of(user, community)


def can_run_housekeeping(actor, community) -> bool:
    """Closing an expired collection and flagging an overdue answer: the platform's scheduled task, or a
    moderator (the back office's "close if ended" action)."""
    return is_system(actor) or can_moderate(actor, community)


def can_manage_categories(user, community) -> bool:
    """Categories belong to the community's configuration: its admins keep them."""
    return is_system(user) or has_role(user, community, Role.ADMIN)
