"""Back office of Enrolment: the community's admins keep institutions, groups and priority categories through the
services (ServiceAdmin); applications, claims, rounds and offers are shown read-only.

There is deliberately no field, action or inline that writes a queue position: no model has one, and staff change
an application only through the services' named steps (docs/decisions/0030)."""

from __future__ import annotations

from django.contrib import admin

from hromada.core.identity.models import Role
from hromada.core.web.admin_base import ServiceAdmin

from . import services
from .models import AllocationRound, Application, Group, Institution, Offer, PriorityCategory

_INSTITUTION = ("kind", "name", "address", "lat", "lon", "map_feature_id", "is_active")
_GROUP = ("name", "start_year", "age_from_months", "age_to_months", "grade", "capacity", "is_open")
_CATEGORY = ("name", "rank", "proof", "is_active")


@admin.register(Institution)
class InstitutionAdmin(ServiceAdmin):
    list_display = ("name", "kind", "address", "department", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "address")
    fields = ("community", *_INSTITUTION, "department")
    manage_roles = (Role.ADMIN,)

    def _values(self, data) -> dict:
        department = data.get("department")
        return {**{f: data.get(f) for f in _INSTITUTION}, "department_id": department.pk if department else None}

    def create(self, request, community, data):
        return services.institution_save(actor=request.user, community=community, **self._values(data))

    def update(self, request, obj, data):
        return services.institution_save(actor=request.user, community=obj.community, institution_id=obj.pk,
                                         **self._values(data))

    def delete(self, request, obj):
        services.institution_delete(actor=request.user, community=obj.community, institution_id=obj.pk)


@admin.register(Group)
class GroupAdmin(ServiceAdmin):
    list_display = ("name", "institution", "start_year", "capacity", "taken", "is_open")
    list_filter = ("start_year", "is_open", "institution__kind")
    list_select_related = ("institution",)
    search_fields = ("name", "institution__name")
    fields = ("community", "institution", *_GROUP)
    readonly_fields = ("taken",)
    manage_roles = (Role.ADMIN,)
    domain_error_aliases = {"institution_id": "institution"}

    def create(self, request, community, data):
        institution = data.get("institution")
        return services.group_save(actor=request.user, community=community,
                                   institution_id=institution.pk if institution else 0,
                                   **{f: data.get(f) for f in _GROUP})

    def update(self, request, obj, data):
        return services.group_save(actor=request.user, community=obj.community, institution_id=obj.institution_id,
                                   group_id=obj.pk, **{f: data.get(f) for f in _GROUP})

    def delete(self, request, obj):
        services.group_delete(actor=request.user, community=obj.community, group_id=obj.pk)

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        return (*fields, "institution") if obj is not None else fields


@admin.register(PriorityCategory)
class PriorityCategoryAdmin(ServiceAdmin):
    list_display = ("rank", "name", "is_active")
    list_display_links = ("name",)
    list_filter = ("is_active",)
    search_fields = ("name",)
    fields = ("community", *_CATEGORY)
    manage_roles = (Role.ADMIN,)

    def create(self, request, community, data):
        return services.category_save(actor=request.user, community=community, **{f: data.get(f) for f in _CATEGORY})

    def update(self, request, obj, data):
        return services.category_save(actor=request.user, community=obj.community, category_id=obj.pk,
                                      **{f: data.get(f) for f in _CATEGORY})

    def delete(self, request, obj):
        services.category_delete(actor=request.user, community=obj.community, category_id=obj.pk)


@admin.register(Application)
class ApplicationAdmin(ServiceAdmin):
    """Read-only: applications change only through the services' steps (verify, grant, offer …) on the staff
    pages; nothing here can move one in a queue."""

    list_display = ("code", "kind", "start_year", "status", "filed_at")
    list_filter = ("status", "kind", "start_year")
    search_fields = ("code",)
    readonly_fields = ("community", "code", "kind", "start_year", "status", "filed_at", "wanted_start")
    exclude = ("child_key", "tie_break", "child_name", "child_birth_date", "address", "lat", "lon", "parent")


@admin.register(AllocationRound)
class AllocationRoundAdmin(ServiceAdmin):
    list_display = ("group", "number", "state", "opened_at", "closed_at")
    list_filter = ("state",)
    list_select_related = ("group__institution",)
    readonly_fields = ("community", "group", "number", "accept_days", "state", "opened_at", "closed_at")


@admin.register(Offer)
class OfferAdmin(ServiceAdmin):
    list_display = ("application", "group", "state", "deadline", "created_at")
    list_filter = ("state",)
    list_select_related = ("application", "group__institution")
    readonly_fields = ("community", "application", "group", "round", "deadline", "state", "created_at", "decided_at")
