"""Back office for map layers and features, scoped to the staff's communities; writes go through services.

Forms validate with the services' own rules first, so refusals show on the form instead of after saving."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hromada.core.errors import DomainError
from hromada.core.identity.models import Role
from hromada.core.web.admin_scoping import CommunityScopedAdmin

from . import services
from .models import Feature, Layer
from .schema import validate_schema

_LAYER_FIELDS = ("slug", "name_uk", "name_en", "description", "icon", "colour", "is_public", "schema", "position")


def _as_validation_error(exc: DomainError, form_fields) -> ValidationError:
    """Service field errors on the admin form: typed property errors belong to the properties field."""
    errors: dict = {}
    for name, messages_ in exc.fields.items():
        target = name if name in form_fields else "geometry" if name in ("lat", "lon") else "properties"
        errors.setdefault(target, []).extend(f"{name}: {m}" if target != name else m for m in messages_)
    return ValidationError(errors or str(exc.message))


def _through_service(request, obj, service, **kwargs) -> None:
    """Save with the service (its policy, audit and derived columns); the forms checked the input already."""
    try:
        obj.pk = service(actor=request.user, **kwargs).pk
    except DomainError as exc:  # a race, e.g. the slug taken meanwhile
        messages.error(request, f"{exc.message} {exc.fields or ''}")


class LayerAdminForm(forms.ModelForm):
    class Meta:
        model = Layer
        fields = ("community", *_LAYER_FIELDS)

    def clean_schema(self):
        try:
            return validate_schema(self.cleaned_data.get("schema"))
        except DomainError as exc:
            raise ValidationError(exc.fields.get("schema") or str(exc.message)) from None

    def clean(self):
        data = super().clean()
        errors = services._layer_fields(**{f: data.get(f) or "" for f in ("slug", "name_uk", "name_en",
                                                                          "description", "icon", "colour")})
        if errors:
            raise ValidationError(errors)
        return data


class FeatureAdminForm(forms.ModelForm):
    class Meta:
        model = Feature
        fields = ("community", "layer", "name", "address", "geometry", "properties")

    def clean(self):
        data = super().clean()
        layer = data.get("layer")
        community = data.get("community") or (self.instance.community if self.instance.pk else None)
        if layer is not None and community is not None and layer.community_id != community.pk:
            raise ValidationError({"layer": _("The layer belongs to another community.")})
        if layer is not None:
            try:
                services._build_feature(layer, name=data.get("name"), address=data.get("address"),
                                        geometry=data.get("geometry"), properties=data.get("properties"), actor=None)
            except DomainError as exc:
                raise _as_validation_error(exc, self.fields) from None
        return data


@admin.register(Layer)
class LayerAdmin(CommunityScopedAdmin):
    """Only moderators and admins change layers; the community of an existing layer is fixed."""

    form = LayerAdminForm
    list_display = ("name_uk", "slug", "is_public", "position")
    list_filter = ("is_public",)
    search_fields = ("name_uk", "name_en", "slug")
    manage_roles = (Role.MODERATOR, Role.ADMIN)

    def get_readonly_fields(self, request, obj=None):
        return ("community",) if obj is not None else ()

    def save_model(self, request, obj, form, change):
        values = {f: form.cleaned_data[f] for f in _LAYER_FIELDS}
        if change:
            _through_service(request, obj, services.layer_update, community=obj.community, layer_id=obj.pk, **values)
        else:
            _through_service(request, obj, services.layer_create, community=form.cleaned_data["community"], **values)

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

    def get_readonly_fields(self, request, obj=None):
        return (("community",) if obj is not None else ()) + self.readonly_fields

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        values = {"name": data["name"], "address": data["address"], "geometry": data["geometry"],
                  "properties": data["properties"], "layer_id": data["layer"].pk}
        if change:
            _through_service(request, obj, services.feature_update, community=obj.community, feature_id=obj.pk,
                             **values)
        else:
            _through_service(request, obj, services.feature_create, community=data["community"], **values)

    def delete_model(self, request, obj):
        services.feature_delete(actor=request.user, community=obj.community, feature_id=obj.pk)

    def delete_queryset(self, request, queryset):
        for feature in queryset.select_related("community"):
            self.delete_model(request, feature)
