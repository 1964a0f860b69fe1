"""Back office of Housing: staff see their communities' buildings and managers; add, change, delete and "delete
selected" go through the services (ServiceAdmin), so the admin is audited and refused exactly as the API is."""

from __future__ import annotations

from django.contrib import admin

from hromada.core.web.admin_base import ServiceAdmin

from . import services
from .models import Building, Manager

_BUILDING_FIELDS = ("street", "number", "block", "lat", "lon", "year_built", "floors", "entrances", "flats",
                    "non_residential_units", "total_area", "living_area", "non_residential_area", "wall_material",
                    "roof_type", "energy_class", "manager", "is_public", "notes")
_MANAGER_FIELDS = ("kind", "name", "edrpou", "address", "phone", "email", "website", "registered_on", "department",
                   "is_public")


def _values(data, fields):
    """The form's cleaned values as the services take them (a chosen row becomes its id)."""
    values = {}
    for name in fields:
        value = data.get(name)
        if name in ("manager", "department"):
            values[f"{name}_id"] = value.pk if value is not None else None
        else:
            values[name] = value
    return values


@admin.register(Building)
class BuildingAdmin(ServiceAdmin):
    list_display = ("street", "number", "block", "manager", "energy_class", "is_public")
    list_filter = ("is_public", "energy_class")
    search_fields = ("search_text",)
    fields = ("community", *_BUILDING_FIELDS)

    def create(self, request, community, data):
        return services.building_create(actor=request.user, community=community, **_values(data, _BUILDING_FIELDS))

    def update(self, request, obj, data):
        return services.building_update(actor=request.user, community=obj.community, building_id=obj.pk,
                                        **_values(data, _BUILDING_FIELDS))

    def delete(self, request, obj):
        services.building_delete(actor=request.user, community=obj.community, building_id=obj.pk)


@admin.register(Manager)
class ManagerAdmin(ServiceAdmin):
    list_display = ("name", "kind", "edrpou", "is_public")
    list_filter = ("kind", "is_public")
    search_fields = ("name", "edrpou")
    fields = ("community", *_MANAGER_FIELDS)

    def create(self, request, community, data):
        return services.manager_create(actor=request.user, community=community, **_values(data, _MANAGER_FIELDS))

    def update(self, request, obj, data):
        return services.manager_update(actor=request.user, community=obj.community, manager_id=obj.pk,
                                       **_values(data, _MANAGER_FIELDS))

    def delete(self, request, obj):
        services.manager_delete(actor=request.user, community=obj.community, manager_id=obj.pk)
