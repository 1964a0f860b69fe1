"""Who may do what in e-consultations: small pure functions over the kernel's roles and identity levels, asked by
every service through require() (and by selectors and templates to hide what a person may not do)."""

from __future__ import annotations

from hromada.core.identity.actors import is_system
from hromada.core.identity.models import Role
from hromada.core.identity.policies import (
    can_moderate,
    department_ids_of,
    has_identity_level,
    has_role,
    is_staff_of,
    works_in_department,
)

from .models import PUBLIC_STATUSES


def can_create(actor, community, department_id: int | None) -> bool:
    """A consultation is opened by the community's admins, or by an official for their own department."""
    if is_system(actor) or has_role(actor, community, Role.ADMIN):
        return True
    return department_id is not None and works_in_department(actor, community, department_id)


def can_create_somewhere(actor, community) -> bool:
    """Whether to offer the "new consultation" pages at all: an admin, or an official of some department (the
    department chosen on the form is checked again by can_create)."""
    if not getattr(actor, "is_authenticated", False) and not is_system(actor):
        return False
    return can_create(actor, community, None) or bool(department_ids_of(actor, community))


def can_manage(actor, community, consultation) -> bool:
    """Edit, publish, close, attach documents, publish the report: admins and the responsible department."""
    return can_create(actor, community, consultation.department_id)


def can_view(user, community, consultation) -> bool:
    """Drafts are seen by those who manage them; everything else is public."""
    return consultation.status in PUBLIC_STATUSES or can_manage(user, community, consultation)


def can_participate(user, community, consultation) -> bool:
    """Propose and support: the identity level the consultation asks (0 = any signed-in person)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return has_identity_level(user, consultation.required_identity_level)


def can_follow(user, community) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def can_answer(user, community, consultation) -> bool:
    """The responsible department's officials (and the community's admins) answer every proposal."""
    return is_system(user) or works_in_department(user, community, consultation.department_id)


def can_hide(user, community) -> bool:
    """Moderation: the community's moderators and admins."""
    return is_system(user) or can_moderate(user, community)


def can_see_staff_pages(user, community) -> bool:
    return is_staff_of(user, community)


def can_run_housekeeping(actor, community) -> bool:
    """Closing consultations whose period has ended: the platform's scheduled task."""
    return is_system(actor)
