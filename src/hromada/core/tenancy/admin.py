"""Back office for communities: superusers add them and manage all; a community's admins edit its contacts.

Details, enabled capabilities and settings change only through the tenancy services, so each change is audited."""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from hromada.core import capabilities
from hromada.core.errors import DomainError
from hromada.core.web.admin_base import ADMINS, ServiceAdmin
from hromada.core.web.form_errors import add_domain_error

from .models import Community
from .services import (
    CONTACT_FIELDS,
    community_create,
    community_set_capabilities,
    community_update,
    community_update_settings,
)


def _setting_field(setting: capabilities.CapabilitySetting) -> forms.Field:
    common = {"label": setting.label, "help_text": setting.help_text, "required": False}
    if setting.choices:
        return forms.ChoiceField(choices=setting.choices, **common)
    if setting.kind is bool:
        return forms.BooleanField(**common)
    if setting.kind is int:
        return forms.IntegerField(min_value=setting.min_value or 0, max_value=setting.max_value, **common)
    return forms.CharField(max_length=2000, **common)


def services_form_class(community: Community) -> type[forms.Form]:
    """One checkbox per capability and one field per declared setting, prefilled with current values."""
    fields: dict[str, forms.Field] = {}
    for manifest in capabilities.manifests():
        fields[f"enabled__{manifest.slug}"] = forms.BooleanField(
            label=_("Enabled"), required=False, initial=community.capability_enabled(manifest.slug)
        )
        for setting in manifest.settings:
            field = _setting_field(setting)
            field.initial = community.setting(manifest.slug, setting.key)
            fields[f"{manifest.slug}__{setting.key}"] = field
    return type("CommunityServicesForm", (forms.Form,), fields)

@admin.register(Community)
class CommunityAdmin(ServiceAdmin):
    """Superusers add communities and edit everything; a community's admins edit its contacts. Communities are
    deactivated, never deleted here: their audit trail stays."""

    community_field = "pk"
    view_roles = manage_roles = ADMINS
    list_display = ["name_uk", "slug", "domain", "is_demo", "is_active"]
    search_fields = ["name_uk", "name_en", "slug", "domain"]
    list_filter = ["is_active", "is_demo"]
    add_fields = ("slug", "name_uk", "name_en", "katottg", "edrpou", "domain", "email", "is_demo",
                  "center_lat", "center_lon", "boundary")

    def has_add_permission(self, request):
        return request.user.is_superuser and super().has_add_permission(request)

    def get_fields(self, request, obj=None):
        return list(self.add_fields) if obj is None else super().get_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        if request.user.is_superuser:
            # Capabilities and their settings change on the services page, through their own services.
            return ["created_at", "enabled_capabilities", "capability_settings"]
        return [f.name for f in Community._meta.fields if f.name not in CONTACT_FIELDS]

    def create(self, request, community, data):
        lat, lon = data.pop("center_lat", None), data.pop("center_lon", None)
        center = (lat, lon) if lat is not None and lon is not None else None
        return community_create(actor=request.user, center=center, **data)

    def update(self, request, obj, data):
        return community_update(actor=request.user, community=obj, **data)

    def get_urls(self):
        own = [path("<int:community_id>/services/", self.admin_site.admin_view(self.services_view),
                    name="tenancy_community_services")]
        return own + super().get_urls()

    def services_view(self, request, community_id: int):
        """Enable capabilities and edit their settings; every change goes through the audited services."""
        community = get_object_or_404(self.get_queryset(request), pk=community_id)
        form_class = services_form_class(community)
        form = form_class(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            fields_of: dict[str, str] = {}  # the service's field name -> this form's field, for the call that refused
            try:
                with transaction.atomic():  # all services and settings change together, or none does
                    community_set_capabilities(
                        actor=request.user, community=community,
                        enabled=[m.slug for m in capabilities.manifests() if data[f"enabled__{m.slug}"]],
                    )
                    for manifest in capabilities.manifests():
                        values = {s.key: data[f"{manifest.slug}__{s.key}"] for s in manifest.settings}
                        fields_of = {key: f"{manifest.slug}__{key}" for key in values}
                        if values:
                            community = community_update_settings(
                                actor=request.user, community=community, capability=manifest.slug, values=values
                            )
            except DomainError as exc:
                add_domain_error(form, exc, fields_of)
            else:
                messages.success(request, _("Services and settings saved."))
                return redirect("admin:tenancy_community_services", community.pk)
        sections = [
            {"manifest": m, "enabled": form[f"enabled__{m.slug}"],
             "fields": [form[f"{m.slug}__{s.key}"] for s in m.settings]}
            for m in capabilities.manifests()
        ]
        context = {**self.admin_site.each_context(request), "title": _("Services and settings"),
                   "community": community, "form": form, "sections": sections, "opts": self.model._meta}
        return TemplateResponse(request, "admin/tenancy/community_services.html", context)
