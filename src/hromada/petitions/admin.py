"""Back office for petitions, scoped to the staff member's communities; transitions run through services.

Raw edits of status fields are not offered: publish, close and the like are admin actions calling services."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from hromada.core.errors import DomainError
from hromada.core.web.admin_scoping import CommunityScopedAdmin

from . import services
from .models import Category, Petition, Signature


@admin.register(Category)
class CategoryAdmin(CommunityScopedAdmin):
    list_display = ("name", "community", "is_active")
    search_fields = ("name",)


def _run(modeladmin, request, queryset, call, done):
    ok = 0
    for petition in queryset.select_related("community"):
        try:
            call(actor=request.user, community=petition.community, petition=petition)
            ok += 1
        except DomainError as exc:
            modeladmin.message_user(request, f"{petition}: {exc.message}", messages.WARNING)
    modeladmin.message_user(request, done % {"n": ok}, messages.SUCCESS)


@admin.action(description=_("Publish (start collecting signatures)"))
def publish(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, services.petition_publish, _("Published: %(n)s"))


@admin.action(description=_("Close if the collection period has ended"))
def close_expired(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, services.petition_close_if_expired, _("Checked: %(n)s"))


@admin.register(Petition)
class PetitionAdmin(CommunityScopedAdmin):
    list_display = ("pk", "title", "status", "category", "published_at", "collection_ends_at",
                    "consideration_deadline", "department")
    list_filter = ("status", "category")
    search_fields = ("title",)
    actions = [publish, close_expired]
    readonly_fields = [f.name for f in Petition._meta.fields if f.name not in ("id", "search_text")] + ["co_authors"]
    exclude = ("search_text",)

    def has_add_permission(self, request):
        # Petitions are filed by residents on the site, never created in the back office.
        return False


@admin.register(Signature)
class SignatureAdmin(CommunityScopedAdmin):
    list_display = ("public_name", "petition", "created_at")
    list_select_related = ("petition",)
    search_fields = ("public_name",)
    readonly_fields = ("community", "petition", "user", "public_name", "created_at")
    exclude = ("identity_hash",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Deleting a signature would silently desynchronise the public counter; signatures are a legal record.
        return False
