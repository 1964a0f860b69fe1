"""Back office for map layers and features, scoped to the staff's communities; every add, change and delete
goes through the map services, whose refusals (a bad schema, a point outside the community) show on the form."""

from __future__ import annotations

from django.contrib import admin

from hromada.core.identity.models import Role
from hromada.core.web.admin_base import ServiceAdmin

from . import services
from .models import Feature, Layer

_LAYER_FIELDS = ("slug", "name_uk", "name_en", "description", "icon", "colour", "is_public", "schema", "position")


@admin.register(Layer)
class LayerAdmin(ServiceAdmin):
    """Only moderators and admins change layers; the community of an existing layer is fixed."""

    list_display = ("name_uk", "slug", "is_public", "position")
    list_filter = ("is_public",)
    search_fields = ("name_uk", "name_en", "slug")
    manage_roles = (Role.MODERATOR, Role.ADMIN)
    fields = ("community", *_LAYER_FIELDS)

    def create(self, request, community, data):
        return services.layer_create(actor=request.user, community=community,
                                     **{f: data[f] for f in _LAYER_FIELDS if f in data})

    def update(self, request, obj, data):
        return services.layer_update(actor=request.user, community=obj.community, layer_id=obj.pk,
                                     **{f: data[f] for f in _LAYER_FIELDS if f in data})

    def delete(self, request, obj):
        services.layer_delete(actor=request.user, community=obj.community, layer_id=obj.pk)


@admin.register(Feature)
class FeatureAdmin(ServiceAdmin):
    list_display = ("name", "layer", "address", "geometry_type", "updated_at")
    list_filter = ("layer", "geometry_type")
    search_fields = ("name", "address")
    list_select_related = ("layer",)
    fields = ("community", "layer", "name", "address", "geometry", "properties", "geometry_type", "lat", "lon",
              "created_by", "created_at", "updated_at")
    readonly_fields = ("geometry_type", "lat", "lon", "created_by", "created_at", "updated_at")
    # A point's coordinates are the geometry's; the layer's typed properties are checked one by one.
    domain_error_aliases = {"lat": "geometry", "lon": "geometry", "layer_id": "layer"}

    def _values(self, data) -> dict:
        return {"name": data["name"], "address": data["address"], "geometry": data["geometry"],
                "properties": data["properties"], "layer_id": data["layer"].pk}

    def create(self, request, community, data):
        return services.feature_create(actor=request.user, community=community, **self._values(data))

    def update(self, request, obj, data):
        return services.feature_update(actor=request.user, community=obj.community, feature_id=obj.pk,
                                       **self._values(data))

    def delete(self, request, obj):
        services.feature_delete(actor=request.user, community=obj.community, feature_id=obj.pk)
