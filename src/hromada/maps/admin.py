"""Back office for map layers and features, scoped to the staff's communities; writes go through services.

Forms validate with the services' own rules first, so refusals show on the form instead of after saving."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hromada.core.errors import DomainError
from hromada.core.web.admin_scoping import CommunityScopedAdmin

from . import services
from .models import Feature, Layer
from .schema import validate_schema

_LAYER_FIELDS = ("slug", "name_uk", "name_en", "description", "icon", "colour", "is_public", "schema", "position")


def _as_validation_error(exc: DomainError) -> ValidationError:
    return ValidationError({name if name != "__all__" else None: msgs for name, msgs in exc.fields.items()}
                           or str(exc.message))


class LayerAdminForm(forms.ModelForm):
    class Meta:
        model = Layer
        fields = ("community", *_LAYER_FIELDS)

    def clean_schema(self):
        try:
            return validate_schema(self.cleaned_data.get("schema"))
        except DomainError as exc:
            raise ValidationError(exc.fields.get("schema") or str(exc.message)) from None


class FeatureAdminForm(forms.ModelForm):
    class Meta:
        model = Feature
        fields = ("community", "layer", "name", "address", "geometry", "properties")

    def clean(self):
        data = super().clean()
        layer = data.get("layer")
        if layer is not None and data.get("community") is not None and layer.community_id != data["community"].pk:
            raise ValidationError({"layer": _("The layer belongs to another community.")})
        if layer is not None:
            try:
                services._build_feature(layer, name=data.get("name"), address=data.get("address"),
                                        geometry=data.get("geometry"), properties=data.get("properties"), actor=None)
            except DomainError as exc:
                raise _as_validation_error(exc) from None
        return data


@admin.register(Layer)
class LayerAdmin(CommunityScopedAdmin):
    form = LayerAdminForm
    list_display = ("name_uk", "slug", "is_public", "position")
    list_filter = ("is_public",)
    search_fields = ("name_uk", "name_en", "slug")
    manage_roles = ("moderator", "admin")

    def save_model(self, request, obj, form, change):
        values = {f: form.cleaned_data[f] for f in _LAYER_FIELDS}
        try:
            if change:
                saved = services.layer_update(actor=request.user, community=obj.community, layer_id=obj.pk, **values)
            else:
                saved = services.layer_create(actor=request.user, community=form.cleaned_data["community"], **values)
        except DomainError as exc:
            messages.error(request, f"{exc.message} {exc.fields}")
            return
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.layer_delete(actor=request.user, community=obj.community, layer_id=obj.pk)

    def delete_queryset(self, request, queryset):
        for layer in queryset.select_related("community"):
            self.delete_model(request, layer)


@admin.register(Feature)
class FeatureAdmin(CommunityScopedAdmin):
    form = FeatureAdminForm
    list_display = ("name", "layer", "address", "geometry_type", "updated_at")
    list_filter = ("layer", "geometry_type")
    search_fields = ("name", "address")
    list_select_related = ("layer",)
    readonly_fields = ("geometry_type", "lat", "lon", "created_by", "created_at", "updated_at")

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        values = {"name": data["name"], "address": data["address"], "geometry": data["geometry"],
                  "properties": data["properties"]}
        try:
            if change:
                saved = services.feature_update(actor=request.user, community=obj.community, feature_id=obj.pk,
                                                layer_id=data["layer"].pk, **values)
            else:
                saved = services.feature_create(actor=request.user, community=data["community"],
                                                layer_id=data["layer"].pk, **values)
        except DomainError as exc:
            messages.error(request, f"{exc.message} {exc.fields}")
            return
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.feature_delete(actor=request.user, community=obj.community, feature_id=obj.pk)

    def delete_queryset(self, request, queryset):
        for feature in queryset.select_related("community"):
            self.delete_model(request, feature)
