"""Who may resolve, execute, approve, sign, send and control documents (docs/docflow.md, "For heads").

Resolvers: the community's admins and the officials whose position (Membership.position) is one of the community's
`resolver_positions` setting (the head, deputies, the secretary ...). A department head (Department.head) resolves
the cards of their department, and whoever is the main executor of an active resolution resolves further down the
chain. The control office is the officials of `control_departments` (and the admins)."""

from __future__ import annotations

from django.db.models import Q

from hromada.core.identity.actors import is_system
from hromada.core.identity.models import Department, Membership, Role
from hromada.core.identity.policies import department_ids_of, has_role

from . import policies
from .manifest import docflow_settings
from .models import Status

RESOLVABLE = (Status.REGISTERED, Status.IN_EXECUTION)


def setting_names(raw: str) -> set[str]:
    return {part.strip().casefold() for part in raw.split(",") if part.strip()}


def _cached(user, key: str, community, compute):
    cache = user.__dict__.setdefault("_docflow_exec", {})
    if (key, community.pk) not in cache:
        cache[(key, community.pk)] = compute()
    return cache[(key, community.pk)]


def is_resolver(user, community) -> bool:
    """Resolves any card: an admin or an official holding one of the resolver positions."""
    if is_system(user) or has_role(user, community, Role.ADMIN):
        return True
    if not has_role(user, community, Role.OFFICIAL):
        return False
    positions = setting_names(docflow_settings(community).resolver_positions)
    return _cached(user, "resolver", community, lambda: bool(positions) and any(
        position.strip().casefold() in positions for position in Membership.objects.filter(
            community=community, user=user, role=Role.OFFICIAL).values_list("position", flat=True)))


def headed_department_ids(user, community) -> set[int]:
    if getattr(user, "pk", None) is None:
        return set()
    return _cached(user, "heads", community, lambda: set(Department.objects.filter(
        community=community, head=user, is_active=True).values_list("pk", flat=True)))


def is_control_office(user, community) -> bool:
    """Sees every resolution's control, extends deadlines and marks completion: admins and control departments."""
    if is_system(user) or has_role(user, community, Role.ADMIN):
        return True
    names = setting_names(docflow_settings(community).control_departments)
    ids = department_ids_of(user, community)
    return bool(names and ids) and _cached(user, "control", community, lambda: any(
        short.strip().casefold() in names
        for short in Department.objects.filter(pk__in=ids).values_list("short_name", flat=True)))


def _executes(user, document) -> bool:
    """The user is the main executor of an active resolution of the card (resolves further down the chain)."""
    if getattr(user, "pk", None) is None:
        return False
    return document.resolutions.filter(state="active", main_executor=user).exists()


def can_resolve(user, community, document) -> bool:
    if document.status not in RESOLVABLE or not policies.can_see(user, community, document):
        return False
    if is_resolver(user, community):
        return True
    if document.department_id is not None and document.department_id in headed_department_ids(user, community):
        return True
    return _executes(user, document)


def can_complete(user, community, resolution) -> bool:
    """The main executor reports done; the author and the control office may mark it too."""
    if resolution.state != "active":
        return False
    uid = getattr(user, "pk", None)
    return uid in (resolution.main_executor_id, resolution.author_id) or is_control_office(user, community)


def can_extend(user, community, resolution) -> bool:
    """A new deadline with a reason: the resolution's author, a resolver or the control office."""
    if resolution.state != "active":
        return False
    return (getattr(user, "pk", None) == resolution.author_id or is_resolver(user, community)
            or is_control_office(user, community))


def can_take_off_control(user, community, document) -> bool:
    return document.under_control and (is_control_office(user, community) or is_resolver(user, community))


def can_reply(user, community, document) -> bool:
    """Draft the outgoing answer: an executor (main or co-) of an active resolution, or a clerk."""
    if document.status not in RESOLVABLE or not policies.can_see(user, community, document):
        return False
    if policies.is_clerk(user, community):
        return True
    uid = getattr(user, "pk", None)
    return uid is not None and document.resolutions.filter(state="active").filter(
        Q(main_executor_id=uid) | Q(co_executors__id=uid)).exists()


def can_start_route(user, community, document) -> bool:
    """The author of the outgoing draft (or a clerk) sends it for approval."""
    if document.status != Status.DRAFT or not policies.can_see(user, community, document):
        return False
    return policies.is_clerk(user, community) or (
        getattr(user, "pk", None) is not None and document.created_by_id == user.pk)


def can_change_route(user, community, route) -> bool:
    """Resubmit or withdraw: the route's author or a clerk."""
    return getattr(user, "pk", None) == route.author_id or policies.is_clerk(user, community)


def can_decide(user, step) -> bool:
    return step.state == "pending" and getattr(user, "pk", None) == step.approver_id


def can_sign(user, route) -> bool:
    return route.state == "approved" and getattr(user, "pk", None) == route.signer_id


def can_send(user, community, document) -> bool:
    """Registering and sending the signed letter: the office."""
    return policies.is_clerk(user, community)


def can_see_dashboard(user, community) -> bool:
    return (is_resolver(user, community) or is_control_office(user, community)
            or bool(headed_department_ids(user, community)))
