"""Back office of the transparency self-check: staff see their communities' snapshots (read-only: they are computed)
and the hand assessments; deleting goes through the services, so the admin is audited and refused as the pages are."""

from __future__ import annotations

from django.contrib import admin

from hromada.core.web.admin_base import ServiceAdmin

from . import services
from .models import ManualAssessment, SelfCheck


@admin.register(SelfCheck)
class SelfCheckAdmin(ServiceAdmin):
    list_display = ("period_start", "period_end", "points", "max_points", "computed_at")
    fields = ("community", "period_start", "period_end", "points", "max_points", "methodology", "computed_at")
    readonly_fields = fields

    def delete(self, request, obj):
        services.selfcheck_delete(actor=request.user, community=obj.community, selfcheck_id=obj.pk)


@admin.register(ManualAssessment)
class ManualAssessmentAdmin(ServiceAdmin):
    list_display = ("code", "period_start", "period_end", "score_percent", "entered_at")
    list_filter = ("score_percent",)
    search_fields = ("code",)
    fields = ("community", "code", "period_start", "period_end", "score_percent", "evidence_url", "note")

    def create(self, request, community, data):
        return services.manual_assessment_set(actor=request.user, community=community,
                                              **{f: data[f] for f in self.fields if f != "community"})

    def update(self, request, obj, data):
        return services.manual_assessment_set(actor=request.user, community=obj.community,
                                              **{f: data[f] for f in self.fields if f != "community"})

    def delete(self, request, obj):
        services.manual_assessment_delete(actor=request.user, community=obj.community, assessment_id=obj.pk)
