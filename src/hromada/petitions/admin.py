"""Back office for petitions, scoped to the staff member's communities; transitions run through services.

Raw edits are not offered: publish and close are admin actions calling the petition services; categories are
kept by the community's admins through category_save and category_delete."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from hromada.core.identity.models import Role
from hromada.core.web.admin_base import ServiceAdmin

from . import services
from .models import Category, Petition, Signature


@admin.register(Category)
class CategoryAdmin(ServiceAdmin):
    list_display = ("name", "community", "is_active")
    search_fields = ("name",)
    fields = ("community", "name", "is_active")
    manage_roles = (Role.ADMIN,)

    def create(self, request, community, data):
        return services.category_save(actor=request.user, community=community, name=data["name"],
                                      is_active=data.get("is_active", True))

    def update(self, request, obj, data):
        return services.category_save(actor=request.user, community=obj.community, category=obj,
                                      name=data["name"], is_active=data.get("is_active", True))

    def delete(self, request, obj):
        services.category_delete(actor=request.user, community=obj.community, category=obj)


@admin.action(description=_("Publish (start collecting signatures)"))
def publish(modeladmin, request, queryset):
    modeladmin.run_each(request, queryset.select_related("community"), lambda petition: services.petition_publish(
        actor=request.user, community=petition.community, petition=petition), _("Published: %(n)s"))


@admin.action(description=_("Close if the collection period has ended"))
def close_expired(modeladmin, request, queryset):
    modeladmin.run_each(request, queryset.select_related("community"),
                        lambda petition: services.petition_close_if_expired(
                            actor=request.user, community=petition.community, petition=petition),
                        _("Checked: %(n)s"))


@admin.register(Petition)
class PetitionAdmin(ServiceAdmin):
    """Petitions are filed by residents on the site and change state through the actions above."""

    list_display = ("pk", "title", "status", "category", "published_at", "collection_ends_at",
                    "consideration_deadline", "department")
    list_filter = ("status", "category")
    search_fields = ("title",)
    actions = [publish, close_expired]
    readonly_fields = [f.name for f in Petition._meta.fields if f.name not in ("id", "search_text")] + ["co_authors"]
    exclude = ("search_text",)


@admin.register(Signature)
class SignatureAdmin(ServiceAdmin):
    """Signatures are a legal record, and deleting one would desynchronise the public counter: read-only."""

    list_display = ("public_name", "petition", "created_at")
    list_select_related = ("petition",)
    search_fields = ("public_name",)
    readonly_fields = ("community", "petition", "user", "public_name", "created_at")
    exclude = ("identity_hash",)
