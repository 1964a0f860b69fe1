"""Back office of Surveys and polls: staff see their communities' surveys and add or change them through the
services (ServiceAdmin), so the admin is audited and refused exactly as the pages and the API are. Questions are
built on the survey's builder page (surveys:build), linked from here; responses are read as results and exports."""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from hromada.core.tenancy.urls import community_path
from hromada.core.web.admin_base import ServiceAdmin

from . import services
from .models import Survey

_FIELDS = ("title", "description", "audience", "one_per_person", "anonymous", "response_limit", "results_public",
           "quick", "opens_at", "closes_at")


@admin.register(Survey)
class SurveyAdmin(ServiceAdmin):
    list_display = ("title", "status", "quick", "audience", "response_count", "created_at", "builder")
    list_filter = ("status", "quick", "audience")
    search_fields = ("title",)
    fields = ("community", *_FIELDS)
    readonly_fields = ("response_count",)

    @admin.display(description=_("builder"))
    def builder(self, obj):
        url = community_path(obj.community, "surveys:build", survey_id=obj.pk)
        return format_html('<a href="{}">{}</a>', url, _("questions"))

    def create(self, request, community, data):
        return services.survey_create(actor=request.user, community=community, **{f: data[f] for f in _FIELDS})

    def update(self, request, obj, data):
        return services.survey_update(actor=request.user, community=obj.community, survey_id=obj.pk,
                                      **{f: data[f] for f in _FIELDS})
