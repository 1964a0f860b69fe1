"""Who may do what in the document workflow: the back office of a community's officials and admins.

Readers are officials and admins; clerks (registration, journals' daily work) are the admins and the officials
of the office departments named in the community's settings; journals and the file plan are the admins'."""

from __future__ import annotations

from hromada.core.identity.actors import is_system
from hromada.core.identity.models import Department, Role
from hromada.core.identity.policies import department_ids_of, has_role

from .manifest import docflow_settings
from .models import Access, Status


def _office_department_ids(user, community) -> set[int]:
    """The user's departments that are office departments (read once per user object and community)."""
    cache = user.__dict__.setdefault("_docflow_office", {})
    if community.pk not in cache:
        names = {n.strip().casefold() for n in docflow_settings(community).office_departments.split(",") if n.strip()}
        ids = department_ids_of(user, community)
        cache[community.pk] = {pk for pk, short in Department.objects.filter(pk__in=ids).values_list("pk", "short_name")
                               if short.strip().casefold() in names} if ids and names else set()
    return cache[community.pk]


def can_read(user, community) -> bool:
    """The journals and cards at all: the community's officials and admins (and the platform)."""
    return is_system(user) or has_role(user, community, Role.OFFICIAL, Role.ADMIN)


def is_clerk(user, community) -> bool:
    """Registers documents and keeps the journals: an admin or an official of an office department."""
    if is_system(user) or has_role(user, community, Role.ADMIN):
        return True
    return has_role(user, community, Role.OFFICIAL) and bool(_office_department_ids(user, community))


def can_manage_journals(actor, community) -> bool:
    """Journals, their index patterns and the file plan: the community's admins (and the platform)."""
    return is_system(actor) or has_role(actor, community, Role.ADMIN)


def can_create_draft(actor, community) -> bool:
    """Any official may draft a card (an outgoing letter, an order); clerks register it."""
    return can_read(actor, community)


def can_register(actor, community) -> bool:
    return is_clerk(actor, community)


def _is_own(user, community, document) -> bool:
    return (getattr(user, "pk", None) is not None and document.created_by_id == user.pk) or (
        document.department_id is not None and document.department_id in department_ids_of(user, community))


def can_see(user, community, document) -> bool:
    """A card without restriction: every reader. For official use or with personal data: clerks, its author and the
    officials of its responsible department."""
    if not can_read(user, community):
        return False
    if document.access == Access.PUBLIC or is_clerk(user, community):
        return True
    return _is_own(user, community, document)


def can_edit(actor, community, document) -> bool:
    """A draft: clerks, its author and its department. After registration: clerks only (and only some fields)."""
    if not can_see(actor, community, document) or document.status == Status.CANCELLED:
        return False
    if is_clerk(actor, community):
        return True
    return document.status == Status.DRAFT and _is_own(actor, community, document)


def can_add_attachment(actor, community, document) -> bool:
    """Files of a card: whoever may edit it, and its department's officials while it is being executed."""
    if can_edit(actor, community, document):
        return True
    return (document.status == Status.IN_EXECUTION and can_see(actor, community, document)
            and _is_own(actor, community, document))


def can_link(actor, community, document) -> bool:
    return can_edit(actor, community, document)
