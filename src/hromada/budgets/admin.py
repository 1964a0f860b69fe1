"""Back office of Participatory budget: staff see their communities' cycles, funds and projects; the funds' writes go
through the services (ServiceAdmin), so the admin is audited and refused exactly as the API is.

Cycles (phases, eligibility, results), projects (proposals, reviews, implementation) and paper ballots have their
own staff pages with the workflow's steps, so here they are read-only; ballots are not shown at all (a voter key
with its choices is for the tally, not for reading)."""

from __future__ import annotations

from django.contrib import admin

from hromada.core.identity.models import Role
from hromada.core.web.admin_base import ServiceAdmin

from . import services
from .models import Category, Cycle, District, Project

_FUND_FIELDS = ("name", "order", "fund", "ballot_rule", "min_projects", "max_projects", "threshold_percent")


class FundAdmin(ServiceAdmin):
    """A category's or a district's fund: added, changed and deleted by fund_save and fund_delete."""

    kind = ""
    list_display = ("name", "cycle", "fund", "ballot_rule", "community")
    list_select_related = ("cycle", "community")
    search_fields = ("name",)
    fields = ("community", "cycle", *_FUND_FIELDS)
    manage_roles = (Role.ADMIN,)
    domain_error_aliases = {"kind": "name"}

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        return (*fields, "cycle") if obj is not None else fields  # a fund stays in its cycle

    def create(self, request, community, data):
        return services.fund_save(actor=request.user, community=community, cycle_id=data["cycle"].pk,
                                  kind=self.kind, **{name: data[name] for name in _FUND_FIELDS if name in data})

    def update(self, request, obj, data):
        return services.fund_save(actor=request.user, community=obj.community, cycle_id=obj.cycle_id,
                                  kind=self.kind, fund_id=obj.pk,
                                  **{name: data[name] for name in _FUND_FIELDS if name in data})

    def delete(self, request, obj):
        services.fund_delete(actor=request.user, community=obj.community, cycle_id=obj.cycle_id, kind=self.kind,
                             fund_id=obj.pk)


@admin.register(Category)
class CategoryAdmin(FundAdmin):
    kind = "category"


@admin.register(District)
class DistrictAdmin(FundAdmin):
    kind = "district"


@admin.register(Cycle)
class CycleAdmin(ServiceAdmin):
    """Cycles are set up and moved through their phases on the staff pages (Participatory budget → Manage)."""

    list_display = ("title", "year", "kind", "eligibility", "tally_rule", "results_published_at")
    list_filter = ("kind", "year")
    search_fields = ("title",)
    readonly_fields = [f.name for f in Cycle._meta.fields if f.name != "id"]


@admin.register(Project)
class ProjectAdmin(ServiceAdmin):
    """Projects are proposed, reviewed and tracked on the site's pages, each step through its service."""

    list_display = ("title", "cycle", "status", "cost", "votes", "implementation_status")
    list_filter = ("status",)
    list_select_related = ("cycle",)
    search_fields = ("title",)
    readonly_fields = [f.name for f in Project._meta.fields if f.name not in ("id", "search_text")]
    exclude = ("co_authors",)
