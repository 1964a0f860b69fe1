"""Who may do what in Commitments: the community's admins keep the plans, the responsible bodies' officials file
reports and evidence, the independent monitoring body assesses, signed-in people follow, and the public reads."""

from __future__ import annotations

from hromada.core.identity.actors import is_system
from hromada.core.identity.models import Role
from hromada.core.identity.policies import can_administer_community, department_ids_of, has_role, is_staff_of


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def can_manage(actor, community) -> bool:
    """Plans, commitments, milestones, rounds and the monitoring body: the community's admins and the platform."""
    return is_system(actor) or can_administer_community(actor, community)


def can_see_hidden(user, community) -> bool:
    """Plans that are not public yet: staff only."""
    return is_staff_of(user, community)


def can_see(user, community, plan) -> bool:
    return plan.is_public or can_see_hidden(user, community)


def body_of(actor, community, body_department_ids) -> int | None:
    """The responsible department this person reports for (the first of theirs among the commitment's bodies);
    an admin reports for the first body. None: they may not report on this commitment."""
    body_department_ids = sorted(body_department_ids)
    if not body_department_ids or (not _signed_in(actor) and not is_system(actor)):
        return None
    if is_system(actor) or has_role(actor, community, Role.ADMIN):
        return body_department_ids[0]
    mine = department_ids_of(actor, community)
    return next((pk for pk in body_department_ids if pk in mine), None)


def can_report(actor, community, body_department_ids) -> bool:
    """Reports and evidence on a commitment: the officials of its responsible bodies (and admins, the platform)."""
    return body_of(actor, community, body_department_ids) is not None


def may_report_somewhere(actor, community) -> bool:
    """Before the body is read (API): an official or admin of the community; the object check comes after."""
    return is_system(actor) or has_role(actor, community, Role.OFFICIAL, Role.ADMIN)


def can_assess(actor, community, monitor_ids: set[int]) -> bool:
    """Assessments: members of the community's independent monitoring body only (not the council's staff, whose
    work it assesses), and the platform (demo data)."""
    return is_system(actor) or (_signed_in(actor) and actor.pk in monitor_ids)


def can_follow(actor, community) -> bool:
    return _signed_in(actor) and community is not None


def can_see_late_queue(actor, community) -> bool:
    return is_staff_of(actor, community)
