"""What housing's writes accept and share: the fields each write takes and their limits, and the few steps every
write repeats (who the person is, refusing unknown fields, removing stored files after commit, finding a building
the actor keeps)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from hromada.core.errors import ValidationFailed
from hromada.core.identity.guard import require
from hromada.core.storage import private_storage
from hromada.core.tenancy.selectors import owned_for_update

from .. import policies
from ..models import (
    Building,
    Manager,
)

AREA_MAX = Decimal("9999999.99")
MONEY_MAX = Decimal("999999999999.99")
NOTES_MAX = 5_000
TITLE_MAX = 200
DESCRIPTION_MAX = 10_000
BUILDING_FIELDS = ("street", "number", "block", "lat", "lon", "year_built", "floors", "entrances", "flats",
                   "non_residential_units", "total_area", "living_area", "non_residential_area", "wall_material",
                   "roof_type", "energy_class", "manager_id", "is_public", "notes")
MANAGER_FIELDS = ("kind", "name", "edrpou", "address", "phone", "email", "website", "registered_on",
                  "department_id", "is_public")
WORK_FIELDS = ("system_kind", "kind", "title", "description", "contractor_name", "contractor_edrpou",
               "cost_planned", "cost_actual", "planned_start", "planned_end", "actual_start", "actual_end",
               "funded_by", "is_public")
EMERGENCY_FIELDS = ("system_kind", "severity", "description", "occurred_at", "resolved_at", "work_id", "is_public")
# Documents and work files: PDF, images (re-encoded without metadata) and office documents.
DOCUMENT_ACCEPT = frozenset({"pdf", "image", "office"})


def _person(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _refuse_unknown(values: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise ValidationFailed(fields={name: [_("Unknown field.")] for name in unknown})



def _remove_files(names: list[str]) -> None:
    for name in names:
        if name:
            private_storage.delete(name)



def _building_to_keep(actor, community, building_id, message: str) -> Building:
    """The building, locked, after asking whether the actor keeps it (an editor, or the manager's department)."""
    building = owned_for_update(Building, community, building_id)
    department_id = (Manager.objects.filter(pk=building.manager_id).values_list("department_id", flat=True).first()
                     if building.manager_id else None)
    require(policies.can_keep(actor, community, manager_department_id=department_id), message)
    return building

