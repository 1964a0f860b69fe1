"""Who may do what in Participatory budget: small pure functions over the kernel's roles, asked by every service
through require() (and by selectors and templates to hide what a person may not do). Ballots: voting_policies."""

from __future__ import annotations

from hromada.core.identity.actors import is_system
from hromada.core.identity.models import Role
from hromada.core.identity.policies import has_role, is_member, is_staff_of, works_in_department

from .models.projects import PUBLIC_STATUSES


def can_manage_cycles(actor, community) -> bool:
    """Cycles, their phases, funds and eligibility; publishing results: the community's admins and the platform."""
    return is_system(actor) or has_role(actor, community, Role.ADMIN)


def can_delete_fund(actor, community) -> bool:
    """Removing a category, district or school set up by mistake (the service refuses one with ballots or projects):
    the same people who set funds up."""
    return can_manage_cycles(actor, community)


def can_see_cycle(user, community, cycle) -> bool:
    """A cycle is public once it has phases; one still being set up only to its managers."""
    return bool(cycle.schedule) or can_manage_cycles(user, community)


def can_propose(actor, community) -> bool:
    """Any signed-in member may propose (the proposal phase is checked by the service)."""
    return is_system(actor) or is_member(actor, community) or is_staff_of(actor, community)


def is_author(user, project) -> bool:
    uid = getattr(user, "pk", None)
    if uid is None:
        return False
    return project.author_id == uid or any(u.pk == uid for u in project.co_authors.all())


def can_edit_project(actor, community, project) -> bool:
    """Authors edit their proposal (while phases allow: the service checks); staff handling the cycle too."""
    return is_system(actor) or is_staff_of(actor, community) or is_author(actor, project)


def can_support(actor, community) -> bool:
    return is_member(actor, community) and getattr(actor, "is_authenticated", False)


def can_review(actor, community, project) -> bool:
    """The responsible department (or any staff when none is set yet), admins and the platform."""
    if is_system(actor) or has_role(actor, community, Role.ADMIN):
        return True
    if project.department_id is None:
        return is_staff_of(actor, community)
    return works_in_department(actor, community, project.department_id)


def can_reply_to_review(actor, community, project) -> bool:
    """The author's right to reply, and the reviewers' answers in the same thread."""
    return is_author(actor, project) or can_review(actor, community, project)


def can_update_implementation(actor, community, project) -> bool:
    return can_review(actor, community, project)


def can_follow(actor, community) -> bool:
    return bool(getattr(actor, "is_authenticated", False))


def can_see_unpublished(user, community) -> bool:
    """Drafts and withdrawn proposals of others, and acting outside a phase's dates: staff and the platform."""
    return is_system(user) or is_staff_of(user, community)


def can_see(user, community, project) -> bool:
    return (project.status in PUBLIC_STATUSES or can_see_unpublished(user, community)
            or (getattr(user, "pk", None) is not None and project.author_id == user.pk))
