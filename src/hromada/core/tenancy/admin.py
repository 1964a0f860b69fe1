"""Back office for communities: superusers manage all; a community's admins edit its contact details.

Enabled capabilities and their settings change through services so each change is audited."""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from hromada.core import capabilities
from hromada.core.audit.services import audit_record
from hromada.core.errors import DomainError
from hromada.core.web.admin_scoping import staff_community_ids

from .models import Community
from .selectors import invalidate_community_cache
from .services import community_set_capabilities, community_update_settings


def _setting_field(setting: capabilities.CapabilitySetting) -> forms.Field:
    common = {"label": setting.label, "help_text": setting.help_text, "required": False}
    if setting.choices:
        return forms.ChoiceField(choices=setting.choices, **common)
    if setting.kind is bool:
        return forms.BooleanField(**common)
    if setting.kind is int:
        return forms.IntegerField(min_value=0, **common)
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

# What a community admin may edit about their own community; identity fields belong to the operator.
ADMIN_EDITABLE = ("name_en", "email", "phone", "address", "website", "center_lat", "center_lon")


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["name_uk", "slug", "domain", "is_demo", "is_active"]
    search_fields = ["name_uk", "name_en", "slug", "domain"]
    list_filter = ["is_active", "is_demo"]

    def _admin_of(self, request) -> set[int]:
        return staff_community_ids(request.user, ("admin",))

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(pk__in=self._admin_of(request))

    def has_module_permission(self, request):
        return request.user.is_superuser or bool(self._admin_of(request))

    def has_view_permission(self, request, obj=None):
        if request.user.is_superuser:
            return True
        ids = self._admin_of(request)
        return bool(ids) and (obj is None or obj.pk in ids)

    has_change_permission = has_view_permission

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return False  # communities are deactivated, never deleted: their audit trail stays

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ["created_at"]
        return [f.name for f in Community._meta.fields if f.name not in ADMIN_EDITABLE]

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
            try:
                with transaction.atomic():  # all services and settings change together, or none does
                    community_set_capabilities(
                        actor=request.user, community=community,
                        enabled=[m.slug for m in capabilities.manifests() if data[f"enabled__{m.slug}"]],
                    )
                    for manifest in capabilities.manifests():
                        values = {s.key: data[f"{manifest.slug}__{s.key}"] for s in manifest.settings}
                        if values:
                            community = community_update_settings(
                                actor=request.user, community=community, capability=manifest.slug, values=values
                            )
            except DomainError as exc:
                for key, problems in exc.fields.items():
                    for problem in problems:
                        messages.error(request, f"{key}: {problem}")
                messages.error(request, str(exc.message))
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

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user, community=obj, action="core.community.changed" if change else "core.community.created",
            target=obj, data={"fields": sorted(form.changed_data)},
        )
        invalidate_community_cache()
