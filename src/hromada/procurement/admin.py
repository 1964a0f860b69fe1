"""Back office of Procurement: staff see their communities' entries; add, change, delete and "delete selected"
go through the services (ServiceAdmin), so the admin is audited and refused exactly as the API is."""

from __future__ import annotations

from django.contrib import admin

from hromada.core.web.admin_base import ServiceAdmin

from . import services
from .models import Tender

_FIELDS = ("title", "body", "is_public")


@admin.register(Tender)
class TenderAdmin(ServiceAdmin):
    list_display = ("title", "is_public", "created_at")
    list_filter = ("is_public",)
    search_fields = ("title",)
    fields = ("community", *_FIELDS)

    def create(self, request, community, data):
        return services.tender_create(actor=request.user, community=community, **{f: data[f] for f in _FIELDS})

    def update(self, request, obj, data):
        return services.tender_update(actor=request.user, community=obj.community, tender_id=obj.pk,
                                         **{f: data[f] for f in _FIELDS})

    def delete(self, request, obj):
        services.tender_delete(actor=request.user, community=obj.community, tender_id=obj.pk)
