"""Back office of Commitments: community admins keep plans, commitments and milestones and appoint the independent
monitoring body; every add, change and delete goes through the services (audited, refused exactly as the API is)."""

from __future__ import annotations

from django.contrib import admin

from hromada.core.identity.models import Role
from hromada.core.web.admin_base import ServiceAdmin

from . import services
from .models import Commitment, Milestone, Monitor, Plan

_PLAN_FIELDS = ("title", "kind", "body", "period_start", "period_end", "monitoring_months", "is_public")


@admin.register(Plan)
class PlanAdmin(ServiceAdmin):
    list_display = ("title", "kind", "period_start", "period_end", "is_public")
    list_filter = ("kind", "is_public")
    search_fields = ("title",)
    fields = ("community", *_PLAN_FIELDS)
    manage_roles = (Role.ADMIN,)

    def create(self, request, community, data):
        return services.plan_create(actor=request.user, community=community, **{f: data[f] for f in _PLAN_FIELDS})

    def update(self, request, obj, data):
        return services.plan_update(actor=request.user, community=obj.community, plan_id=obj.pk,
                                    **{f: data[f] for f in _PLAN_FIELDS})

    def delete(self, request, obj):
        services.plan_delete(actor=request.user, community=obj.community, plan_id=obj.pk)


@admin.register(Commitment)
class CommitmentAdmin(ServiceAdmin):
    """Commitments are added through the API (with their responsible bodies); here they are corrected or removed."""

    list_display = ("title", "plan", "status", "progress")
    list_filter = ("status",)
    search_fields = ("title",)
    fields = ("title", "body", "officials", "status", "progress")
    manage_roles = (Role.ADMIN,)

    def update(self, request, obj, data):
        return services.commitment_update(actor=request.user, community=obj.community, commitment_id=obj.pk,
                                          **{f: data[f] for f in self.fields})

    def delete(self, request, obj):
        services.commitment_delete(actor=request.user, community=obj.community, commitment_id=obj.pk)


@admin.register(Milestone)
class MilestoneAdmin(ServiceAdmin):
    list_display = ("title", "commitment", "due_on", "status", "done_on")
    list_filter = ("status",)
    fields = ("title", "due_on", "status", "done_on")
    manage_roles = (Role.ADMIN,)

    def update(self, request, obj, data):
        return services.milestone_update(actor=request.user, community=obj.community, milestone_id=obj.pk,
                                         **{f: data[f] for f in self.fields})

    def delete(self, request, obj):
        services.milestone_delete(actor=request.user, community=obj.community, milestone_id=obj.pk)


@admin.register(Monitor)
class MonitorAdmin(ServiceAdmin):
    list_display = ("user", "organisation", "appointed_at")
    fields = ("community", "user", "organisation")
    raw_id_fields = ("user",)
    manage_roles = (Role.ADMIN,)

    def create(self, request, community, data):
        return services.monitor_appoint(actor=request.user, community=community, user_id=data["user"].pk,
                                        organisation=data["organisation"])

    def delete(self, request, obj):
        services.monitor_remove(actor=request.user, community=obj.community, monitor_id=obj.pk)
