"""Back office of Services: staff keep their community's catalogue (categories and services, the online form as
JSON); add, change and delete go through the services, so the admin is audited and refused exactly as the API.
Applications are handled on the staff queue's pages, not here (they are personal data)."""

from __future__ import annotations

from django.contrib import admin

from hromada.core.web.admin_base import ServiceAdmin

from . import services
from .models import Category, Service

_FIELDS = ("title", "category", "summary", "who_may_apply", "documents", "fee_kind", "fee_amount", "term_days",
           "legal_basis", "where", "in_person", "online", "diia_url", "identity_level", "form", "is_public")


def _values(data) -> dict:
    values = {name: data[name] for name in _FIELDS if name != "category"}
    values["category_id"] = data["category"].pk if data.get("category") else None
    return values


@admin.register(Service)
class ServiceCatalogueAdmin(ServiceAdmin):
    list_display = ("title", "category", "fee_kind", "term_days", "online", "is_public")
    list_filter = ("online", "is_public", "fee_kind")
    search_fields = ("title",)
    fields = ("community", *_FIELDS)

    def get_form(self, request, obj=None, change=False, **kwargs):
        """The category drop-down lists the categories of the service's own community only (the kernel narrows it
        to the staff member's communities, which for someone in several, or a superuser, is more than one)."""
        form_class = super().get_form(request, obj, change=change, **kwargs)
        field = form_class.base_fields.get("category")
        community_id = obj.community_id if obj is not None else self.get_changeform_initial_data(request).get(
            "community")
        if field is not None and community_id is not None:
            field.queryset = field.queryset.filter(community_id=community_id)  # type: ignore[attr-defined]
        return form_class

    def create(self, request, community, data):
        values = _values(data)
        return services.service_create(actor=request.user, community=community, **values)

    def update(self, request, obj, data):
        return services.service_update(actor=request.user, community=obj.community, service_id=obj.pk,
                                       **_values(data))

    def delete(self, request, obj):
        services.service_delete(actor=request.user, community=obj.community, service_id=obj.pk)


@admin.register(Category)
class CategoryAdmin(ServiceAdmin):
    list_display = ("title", "position")
    fields = ("community", "title", "position")

    def create(self, request, community, data):
        return services.category_create(actor=request.user, community=community, title=data["title"],
                                        position=data["position"])

    def update(self, request, obj, data):
        return services.category_update(actor=request.user, community=obj.community, category_id=obj.pk,
                                        title=data["title"], position=data["position"])

    def delete(self, request, obj):
        services.category_delete(actor=request.user, community=obj.community, category_id=obj.pk)
