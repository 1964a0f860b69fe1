"""Back office for communities: superusers manage all; a community's admins edit its contact details.

Enabled capabilities and their settings change through services so each change is audited."""

from django.contrib import admin

from hromada.core.audit.services import audit_record
from hromada.core.web.admin_scoping import staff_community_ids

from .models import Community
from .selectors import invalidate_community_cache

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

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user, community=obj, action="core.community.changed" if change else "core.community.created",
            target=obj, data={"fields": sorted(form.changed_data)},
        )
        invalidate_community_cache()
