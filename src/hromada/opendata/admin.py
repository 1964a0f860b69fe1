"""Back office of the portal: staff browse publishers, datasets, resources and datastore jobs of their
communities. Writes go through the portal's pages and services, so these views are read-only."""

from django.contrib import admin

from hromada.core.web.admin_scoping import CommunityScopedAdmin

from .models import Dataset, DatasetTemplate, DatastoreTable, Publisher, Resource


class ReadOnlyScopedAdmin(CommunityScopedAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Publisher)
class PublisherAdmin(ReadOnlyScopedAdmin):
    list_display = ("title", "name", "kind", "department")
    search_fields = ("title", "name")


@admin.register(Dataset)
class DatasetAdmin(ReadOnlyScopedAdmin):
    list_display = ("title", "publisher", "update_frequency", "private", "next_update_due", "metadata_modified")
    list_filter = ("update_frequency", "private")
    search_fields = ("title", "name")
    list_select_related = ("publisher",)


@admin.register(Resource)
class ResourceAdmin(ReadOnlyScopedAdmin):
    list_display = ("name", "dataset", "format", "last_modified")
    list_select_related = ("dataset",)


@admin.register(DatastoreTable)
class DatastoreTableAdmin(ReadOnlyScopedAdmin):
    list_display = ("table_name", "status", "rows_loaded", "rows_total", "started_at", "finished_at")
    list_filter = ("status",)


@admin.register(DatasetTemplate)
class DatasetTemplateAdmin(admin.ModelAdmin):
    list_display = ("title", "slug")

    def has_module_permission(self, request):
        return request.user.is_superuser
