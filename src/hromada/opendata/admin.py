"""Back office of the portal: staff browse publishers, themes, datasets, resources and datastore jobs of their
communities; a community's admins add and change publishers (CKAN organizations) and themes (CKAN groups).

Every addition and change goes through publisher_create / theme_create and publisher_update / theme_update
(policy, validation, audit, catalogue refresh), whose refusals are form errors. Short names stay as created
(they are in every link and harvested record); nothing is deleted here, since datasets and subscriptions hang
on these rows. Datasets, resources and templates are written on the portal's own pages, through services."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from hromada.core.identity.models import Role
from hromada.core.web.admin_base import ServiceAdmin

from . import services
from .models import Dataset, DatasetTemplate, DatastoreTable, Publisher, PublisherKind, Resource, Theme


class ShortNameForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "name" in self.fields:  # on the add form; a change form shows the short name read-only
            self.fields["name"].required = False
            self.fields["name"].help_text = _("Leave empty to make one from the title.")
        if "kind" in self.fields:  # platform publishers are made only by the platform's own refresh
            self.fields["kind"].choices = [c for c in self.fields["kind"].choices if c[0] != PublisherKind.PLATFORM]


class CatalogueAdmin(ServiceAdmin):
    """Staff of the community browse; its admins add and change (policies.can_manage_publishers)."""

    manage_roles = (Role.ADMIN,)
    form = ShortNameForm
    write_fields: tuple[str, ...] = ()

    def get_readonly_fields(self, request, obj=None):
        return ("community", "name") if obj is not None else ()

    def _values(self, data, *, adding: bool) -> dict:
        return {name: data[name] for name in self.write_fields if name in data and (adding or name != "name")}


@admin.register(Publisher)
class PublisherAdmin(CatalogueAdmin):
    list_display = ("title", "name", "kind", "department")
    search_fields = ("title", "name")
    fields = ("community", "title", "name", "description", "kind", "department", "email", "edrpou")
    write_fields = ("title", "name", "description", "kind", "department", "email", "edrpou")

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.kind == PublisherKind.PLATFORM:
            return False  # the platform's own publisher is kept by the platform
        return super().has_change_permission(request, obj)

    def create(self, request, community, data):
        return services.publisher_create(actor=request.user, community=community, **self._values(data, adding=True))

    def update(self, request, obj, data):
        return services.publisher_update(actor=request.user, community=obj.community, publisher=obj,
                                         **self._values(data, adding=False))


@admin.register(Theme)
class ThemeAdmin(CatalogueAdmin):
    list_display = ("title", "name", "created_at")
    search_fields = ("title", "name")
    fields = ("community", "title", "name", "description")
    write_fields = ("title", "name", "description")

    def create(self, request, community, data):
        return services.theme_create(actor=request.user, community=community, **self._values(data, adding=True))

    def update(self, request, obj, data):
        return services.theme_update(actor=request.user, community=obj.community, theme=obj,
                                     **self._values(data, adding=False))


@admin.register(Dataset)
class DatasetAdmin(ServiceAdmin):
    list_display = ("title", "publisher", "update_frequency", "private", "next_update_due", "metadata_modified")
    list_filter = ("update_frequency", "private")
    search_fields = ("title", "name")
    list_select_related = ("publisher",)


@admin.register(Resource)
class ResourceAdmin(ServiceAdmin):
    list_display = ("name", "dataset", "format", "last_modified")
    list_select_related = ("dataset",)


@admin.register(DatastoreTable)
class DatastoreTableAdmin(ServiceAdmin):
    list_display = ("table_name", "status", "rows_loaded", "rows_total", "started_at", "finished_at")
    list_filter = ("status",)


@admin.register(DatasetTemplate)
class DatasetTemplateAdmin(ServiceAdmin):
    """Templates are shared by every community: superusers read them here (template_create writes them)."""

    community_field = None
    list_display = ("title", "slug")
