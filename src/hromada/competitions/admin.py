"""Back office of grant competitions: staff see their communities' calls; deleting goes through the service
(refused once people have applied). Calls are announced and run on the staff pages and the API."""

from __future__ import annotations

from django.contrib import admin

from hromada.core.web.admin_base import ServiceAdmin

from . import services
from .models import Call


@admin.register(Call)
class CallAdmin(ServiceAdmin):
    list_display = ("title", "fund", "is_public", "awarded_at", "results_published_at", "created_at")
    list_filter = ("is_public",)
    search_fields = ("title",)
    fields = ("community", "title", "body", "fund", "tie_break", "is_public", "awarded_at", "results_published_at")
    readonly_fields = ("awarded_at", "results_published_at")

    def update(self, request, obj, data):
        return services.call_update(actor=request.user, community=obj.community, call_id=obj.pk,
                                    **{f: data[f] for f in ("title", "body", "fund", "tie_break", "is_public")})

    def delete(self, request, obj):
        services.call_delete(actor=request.user, community=obj.community, call_id=obj.pk)
