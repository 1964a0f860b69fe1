"""Who may do what in Housing: small pure functions over the kernel's roles, asked by every service through
require() (and by selectors and templates to hide what a person may not do).

Housing editors are the community's admins and the officials of the departments named in the housing settings
("housing editor departments"); utility staff are the officials of the department a manager names: they keep the
systems, works and emergency events of that manager's buildings. Everybody else reads what is public."""

from __future__ import annotations

from hromada.core.identity.actors import is_system
from hromada.core.identity.models import Department, Role
from hromada.core.identity.policies import department_ids_of, has_role, is_staff_of

from .manifest import housing_settings


def _editor_department_ids(user, community) -> set[int]:
    """The user's departments named in the housing settings (read once per user object and community)."""
    cache = user.__dict__.setdefault("_housing_editor", {})
    if community.pk not in cache:
        names = {n.strip().casefold() for n in housing_settings(community).editor_departments.split(",") if n.strip()}
        ids = department_ids_of(user, community)
        cache[community.pk] = {
            pk for pk, name, short in Department.objects.filter(pk__in=ids).values_list("pk", "name", "short_name")
            if name.strip().casefold() in names or (short and short.strip().casefold() in names)
        } if ids and names else set()
    return cache[community.pk]


def is_editor(actor, community) -> bool:
    """Buildings, managers, boards, documents and appeal links: admins and housing editors (and the platform)."""
    if is_system(actor) or has_role(actor, community, Role.ADMIN):
        return True
    return has_role(actor, community, Role.OFFICIAL) and bool(_editor_department_ids(actor, community))


def can_keep(actor, community, *, manager_department_id: int | None) -> bool:
    """A building's systems, works, attachments and emergency events: editors, and the officials of the
    department that keeps the building's manager (a utility, a municipal managing company)."""
    if is_editor(actor, community):
        return True
    return manager_department_id is not None and manager_department_id in department_ids_of(actor, community)


def can_keep_any(actor, community) -> bool:
    """Whether the back office of housing is open to this person at all (an editor or an official)."""
    return is_editor(actor, community) or has_role(actor, community, Role.OFFICIAL)


def can_see_hidden(user, community) -> bool:
    """Entries that are not public (buildings, works, documents, events): the community's staff."""
    return is_system(user) or is_staff_of(user, community)


def can_see(user, community, entry) -> bool:
    return entry.is_public or can_see_hidden(user, community)


def can_see_person(user, community, member) -> bool:
    """A board member's name and contacts: when the person agreed to be shown, or to the staff."""
    return member.public or can_see_hidden(user, community)
