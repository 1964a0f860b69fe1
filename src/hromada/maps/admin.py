"""Back office for map layers and features, scoped to the staff's communities; every add, change and delete
goes through the map services, whose refusals (a bad schema, a point outside the community) show on the form."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from hromada.core.identity.models import Role
from hromada.core.web.admin_base import ServiceAdmin

from . import services
from .forms import PROPERTY_PREFIX, property_fields, property_initial
from .models import Feature, Layer

_LAYER_FIELDS = ("slug", "name_uk", "name_en", "description", "icon", "colour", "is_public", "schema", "position")


@admin.register(Layer)
class LayerAdmin(ServiceAdmin):
    """Only moderators and admins change layers; the community of an existing layer is fixed."""

    list_display = ("name_uk", "slug", "is_public", "position", "add_feature")
    list_filter = ("is_public",)
    search_fields = ("name_uk", "name_en", "slug")
    manage_roles = (Role.MODERATOR, Role.ADMIN)
    fields = ("community", *_LAYER_FIELDS)

    @admin.display(description=_("Features"))
    def add_feature(self, obj):
        url = reverse("admin:maps_feature_add") + f"?layer={obj.pk}&community={obj.community_id}"
        return format_html('<a href="{}">{}</a>', url, _("Add a feature"))

    def create(self, request, community, data):
        return services.layer_create(actor=request.user, community=community,
                                     **{f: data[f] for f in _LAYER_FIELDS if f in data})

    def update(self, request, obj, data):
        return services.layer_update(actor=request.user, community=obj.community, layer_id=obj.pk,
                                     **{f: data[f] for f in _LAYER_FIELDS if f in data})

    def delete(self, request, obj):
        services.layer_delete(actor=request.user, community=obj.community, layer_id=obj.pk)


_FEATURE_FIELDS = {"community", "layer", "layer_id", "name", "address", "geometry", "properties", "lat", "lon",
                   "__all__", ""}


class _PropertyAliases(dict):
    """Where a service's field error goes: a feature's own fields as named, any other name (a property's key,
    which can never be one of those) on that property's p_<key> field."""

    def get(self, name, default=None):
        if name in self:
            return self[name]
        return default if name in _FEATURE_FIELDS else PROPERTY_PREFIX + name


class FeatureForm(forms.ModelForm):
    """The back office's feature form: the layer's properties as typed fields (built per layer by the admin)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name, value in property_initial(self.instance.properties).items():
                if name in self.fields:
                    self.initial.setdefault(name, value)


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
    domain_error_aliases = _PropertyAliases({"lat": "geometry", "lon": "geometry", "layer_id": "layer"})

    def _layer_for(self, request, obj) -> Layer | None:
        """The feature's layer; on the add page the layer chosen (a re-shown form) or linked (?layer=<id>)."""
        if obj is not None:
            return obj.layer
        raw = request.POST.get("layer") or request.GET.get("layer") or ""
        if not raw.isdigit():
            return None
        layers = Layer.objects.filter(pk=int(raw))
        if not request.user.is_superuser:
            layers = layers.filter(community_id__in=self._ids(request))
        return layers.first()

    def get_fields(self, request, obj=None):
        layer = self._layer_for(request, obj)
        names = list(property_fields(layer)) if layer is not None else []
        fields = []
        for name in super().get_fields(request, obj):
            fields.extend(names if name == "properties" else [name])
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        layer = self._layer_for(request, obj)
        kwargs["form"] = type("FeatureForm", (FeatureForm,), property_fields(layer) if layer is not None else {})
        return super().get_form(request, obj, change=change, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "layer" and field is not None:
            field.help_text = _("The layer's properties appear here as fields once the layer is chosen: "
                                "choose it and save, or use “Add a feature” in the list of layers.")
        return field

    def _values(self, data) -> dict:
        properties = {name[len(PROPERTY_PREFIX):]: value for name, value in data.items()
                      if name.startswith(PROPERTY_PREFIX)}
        return {"name": data["name"], "address": data["address"], "geometry": data["geometry"],
                "properties": properties, "layer_id": data["layer"].pk}

    def create(self, request, community, data):
        return services.feature_create(actor=request.user, community=community, **self._values(data))

    def update(self, request, obj, data):
        return services.feature_update(actor=request.user, community=obj.community, feature_id=obj.pk,
                                       **self._values(data))

    def delete(self, request, obj):
        services.feature_delete(actor=request.user, community=obj.community, feature_id=obj.pk)
