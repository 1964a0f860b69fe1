"""Back office for appeals: categories, routing rules, areas and response templates (a community's admins change
them through the catalogue and area services), appeals read-only, appeal transitions as admin actions."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from hromada.core.identity.models import Role
from hromada.core.web.admin_base import ReadOnlyInline, ServiceAdmin

from . import services
from .models import Appeal, Area, Category, ResponseTemplate, RoutingRule

_CATEGORY_FIELDS = ("code", "name", "description", "group", "keywords", "term_kind", "public_by_default",
                    "attributes", "fallback_department", "is_active", "order")


class ConfigAdmin(ServiceAdmin):
    """Configuration rows: staff read them, only community admins change them."""

    manage_roles = (Role.ADMIN,)


class RoutingRuleInline(ReadOnlyInline):
    """The category's rules at a glance; they are added and changed on the routing rules page."""

    model = RoutingRule
    fields = ("area", "department")


@admin.register(Category)
class CategoryAdmin(ConfigAdmin):
    list_display = ("name", "code", "term_kind", "public_by_default", "fallback_department", "is_active")
    list_filter = ("term_kind", "is_active")
    search_fields = ("name", "code")
    fields = ("community", *_CATEGORY_FIELDS)
    inlines = [RoutingRuleInline]

    def create(self, request, community, data):
        return services.category_save(actor=request.user, community=community,
                                      **{f: data[f] for f in _CATEGORY_FIELDS if f in data})

    def update(self, request, obj, data):
        return services.category_save(actor=request.user, community=obj.community, category=obj,
                                      **{f: data[f] for f in _CATEGORY_FIELDS if f in data})

    def delete(self, request, obj):
        services.category_delete(actor=request.user, community=obj.community, category=obj)


@admin.register(RoutingRule)
class RoutingRuleAdmin(ConfigAdmin):
    """Appeals of a category in an area (or anywhere else, with no area) go to a department."""

    list_display = ("category", "area", "department")
    list_filter = ("category",)
    list_select_related = ("category", "area", "department")
    fields = ("community", "category", "area", "department")

    def create(self, request, community, data):
        return services.routing_rule_save(actor=request.user, community=community, category=data["category"],
                                          area=data.get("area"), department=data["department"])

    def update(self, request, obj, data):
        return services.routing_rule_save(actor=request.user, community=obj.community, rule=obj,
                                          category=data["category"], area=data.get("area"),
                                          department=data["department"])

    def delete(self, request, obj):
        services.routing_rule_delete(actor=request.user, community=obj.community, rule=obj)


@admin.register(Area)
class AreaAdmin(ConfigAdmin):
    """Through area_save and area_delete, single or bulk, so every process rebuilds its routing index."""

    list_display = ("name", "kind", "priority", "updated_at")
    search_fields = ("name",)
    fields = ("community", "name", "kind", "priority", "geometry")

    def create(self, request, community, data):
        return services.area_save(actor=request.user, community=community, name=data["name"],
                                  geometry=data["geometry"], kind=data["kind"], priority=data["priority"])

    def update(self, request, obj, data):
        return services.area_save(actor=request.user, community=obj.community, name=data["name"],
                                  geometry=data["geometry"], kind=data["kind"], priority=data["priority"],
                                  area_id=obj.pk)

    def delete(self, request, obj):
        services.area_delete(actor=request.user, community=obj.community, area_id=obj.pk)


@admin.register(ResponseTemplate)
class ResponseTemplateAdmin(ConfigAdmin):
    """Reusable answer text, for every category or one, through the template services."""

    list_display = ("title", "category")
    search_fields = ("title",)
    fields = ("community", "title", "text", "category")

    def create(self, request, community, data):
        return services.response_template_save(actor=request.user, community=community, title=data["title"],
                                               text=data["text"], category=data.get("category"))

    def update(self, request, obj, data):
        return services.response_template_save(actor=request.user, community=obj.community, template=obj,
                                               title=data["title"], text=data["text"],
                                               category=data.get("category"))

    def delete(self, request, obj):
        services.response_template_delete(actor=request.user, community=obj.community, template=obj)


@admin.action(description=_("Close the selected answered, rejected or redirected appeals"))
def close_selected(modeladmin, request, queryset):
    modeladmin.run_each(request, queryset.select_related("community"), lambda appeal: services.appeal_close(
        actor=request.user, community=appeal.community, appeal_id=appeal.pk), _("Closed: %(n)s"))


@admin.register(Appeal)
class AppealAdmin(ServiceAdmin):
    """Appeals are filed by residents and handled on the staff pages; here they are read and closed."""

    list_display = ("registration_index", "category", "status", "department", "owner", "created_at", "due_at",
                    "is_public", "channel")
    list_filter = ("status", "is_public", "category", "channel", "source", "reply_by")
    search_fields = ("registration_index", "address")
    date_hierarchy = "created_at"
    actions = [close_selected]
    exclude = ("token",)
    readonly_fields = [f.name for f in Appeal._meta.fields if f.name != "token"]
