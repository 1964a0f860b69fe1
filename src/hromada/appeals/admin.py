"""Back office for appeals: categories, areas, routing rules, templates (scoped to the staff's communities),
and appeals read-only with their transitions as admin actions that call the services."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from hromada.core.audit.services import audit_record
from hromada.core.errors import DomainError
from hromada.core.identity.models import Role
from hromada.core.web.admin_scoping import CommunityScopedAdmin

from . import services
from .models import Appeal, Area, Category, ResponseTemplate, RoutingRule


class ConfigAdmin(CommunityScopedAdmin):
    """Configuration rows: only community admins change them; each change is audited."""

    manage_roles = (Role.ADMIN,)

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_record(actor=request.user, community=obj.community,
                         action=f"appeals.{obj._meta.model_name}.saved", target=obj)

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit_record(actor=request.user, community=obj.community,
                         action=f"appeals.{obj._meta.model_name}.deleted", target=obj)
            super().delete_model(request, obj)


class RoutingRuleInline(admin.TabularInline):
    model = RoutingRule
    extra = 1
    fields = ("area", "department")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None:
            form = formset.form
            form.base_fields["area"].queryset = Area.objects.filter(community=obj.community)
            from hromada.core.identity.models import Department

            form.base_fields["department"].queryset = Department.objects.filter(community=obj.community)
        return formset


@admin.register(Category)
class CategoryAdmin(ConfigAdmin):
    list_display = ("name", "code", "term_kind", "public_by_default", "fallback_department", "is_active")
    list_filter = ("term_kind", "is_active")
    search_fields = ("name", "code")
    inlines = [RoutingRuleInline]

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            if inline_form.instance is not None and not inline_form.instance.community_id:
                inline_form.instance.community = form.instance.community
        with transaction.atomic():
            super().save_formset(request, form, formset, change)
            audit_record(actor=request.user, community=form.instance.community,
                         action="appeals.routing_rule.saved", target=form.instance)


@admin.register(Area)
class AreaAdmin(ConfigAdmin):
    list_display = ("name", "kind", "priority", "updated_at")
    search_fields = ("name",)

    def save_model(self, request, obj, form, change):
        # Through the service, so the routing index of every process is rebuilt.
        try:
            saved = services.area_save(actor=request.user, community=obj.community, name=obj.name,
                                       geometry=obj.geometry, kind=obj.kind, priority=obj.priority,
                                       area_id=obj.pk if change else None)
        except DomainError as exc:
            messages.error(request, f"{exc.message} {exc.fields}")
            return
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.area_delete(actor=request.user, community=obj.community, area_id=obj.pk)


@admin.register(ResponseTemplate)
class ResponseTemplateAdmin(ConfigAdmin):
    list_display = ("title", "category")


@admin.register(Appeal)
class AppealAdmin(CommunityScopedAdmin):
    list_display = ("registration_index", "category", "status", "department", "owner", "created_at", "due_at",
                    "is_public")
    list_filter = ("status", "is_public", "category")
    search_fields = ("registration_index", "address")
    date_hierarchy = "created_at"
    actions = ["close_selected"]
    exclude = ("token",)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Appeal._meta.fields if f.name != "token"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Close the selected answered, rejected or redirected appeals"))
    def close_selected(self, request, queryset):
        done = 0
        for appeal in queryset:
            try:
                services.appeal_close(actor=request.user, community=appeal.community, appeal_id=appeal.pk)
                done += 1
            except DomainError as exc:
                messages.warning(request, f"{appeal}: {exc.message}")
        messages.success(request, _("Closed: %(n)s") % {"n": done})
