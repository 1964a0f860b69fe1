"""Loading a cycle's or project's row for a write, locked, within the community (another community's is NotFound),
and small checks every budget service shares (the current phase, amounts in kopiyky)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from hromada.core.errors import Conflict, NotFound
from hromada.core.phases import Schedule

from .models import Cycle, Project

MAX_AMOUNT = 10**14  # kopiyky: a trillion hryvnias, far above any city budget, within a 64-bit integer


def own_cycle(community, cycle_id, *, lock: bool = False) -> Cycle:
    rows = Cycle.objects.select_for_update() if lock else Cycle.objects
    try:
        return rows.get(community=community, pk=int(cycle_id))
    except (Cycle.DoesNotExist, TypeError, ValueError):
        raise NotFound() from None


def own_project(community, project_id, *, lock: bool = False) -> Project:
    rows = Project.objects.select_for_update() if lock else Project.objects
    try:
        return rows.select_related("cycle").get(community=community, pk=int(project_id))
    except (Project.DoesNotExist, TypeError, ValueError):
        raise NotFound() from None


def current_phase(cycle: Cycle, now=None) -> str | None:
    window = Schedule.from_json(cycle.schedule).current(now)
    return window.key if window else None


def expect_phase(cycle: Cycle, *phases: str) -> None:
    if current_phase(cycle) not in phases:
        raise Conflict(_("This cannot be done in the cycle's current phase."), code="wrong_phase")


def amount(value, field: str, errors: dict[str, list[str]], *, allow_zero: bool = True) -> int:
    """An amount in kopiyky from input: a whole non-negative number below MAX_AMOUNT, else a field error."""
    try:
        number = int(value)
        if isinstance(value, float) and value != number:
            raise ValueError
    except (TypeError, ValueError):
        errors.setdefault(field, []).append(_("Give a whole number of kopiyky."))
        return 0
    if number < 0 or number >= MAX_AMOUNT or (number == 0 and not allow_zero):
        errors.setdefault(field, []).append(_("Give an amount between 1 kopiyka and 1 trillion hryvnias.")
                                            if not allow_zero else _("Give an amount from 0 to 1 trillion hryvnias."))
    return number


def as_int(value) -> int:
    """A whole number from input, or 0 (never an id that exists) when it is not one."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
