"""Back office of Site and news: staff see their communities' entries; add, change, delete and "delete selected"
go through the services (ServiceAdmin), so the admin is audited and refused exactly as the API is."""

from __future__ import annotations

from django.contrib import admin

from hromada.core.web.admin_base import ServiceAdmin

from . import services
from .models import Page

_FIELDS = ("title", "body", "is_public")


@admin.register(Page)
class PageAdmin(ServiceAdmin):
    list_display = ("title", "is_public", "created_at")
    list_filter = ("is_public",)
    search_fields = ("title",)
    fields = ("community", *_FIELDS)

    def create(self, request, community, data):
        return services.page_create(actor=request.user, community=community, **{f: data[f] for f in _FIELDS})

    def update(self, request, obj, data):
        return services.page_update(actor=request.user, community=obj.community, page_id=obj.pk,
                                         **{f: data[f] for f in _FIELDS})

    def delete(self, request, obj):
        services.page_delete(actor=request.user, community=obj.community, page_id=obj.pk)
