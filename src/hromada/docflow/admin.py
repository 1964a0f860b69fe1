"""Back office of the document workflow: the community admin sets up registration journals (with their index
patterns) and the file plan; add and change go through the services, so they are checked and audited there."""

from __future__ import annotations

from django.contrib import admin

from hromada.core.web.admin_base import ADMINS, ServiceAdmin

from . import services
from .models import FilePlanCase, Journal

_JOURNAL_FIELDS = ("kind", "title", "index_pattern", "is_active")
_CASE_FIELDS = ("year", "index", "title", "retention", "is_active")


@admin.register(Journal)
class JournalAdmin(ServiceAdmin):
    list_display = ("title", "kind", "index_pattern", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("title",)
    fields = ("community", *_JOURNAL_FIELDS)
    view_roles = ADMINS
    manage_roles = ADMINS

    def create(self, request, community, data):
        return services.journal_create(actor=request.user, community=community,
                                       **{f: data[f] for f in _JOURNAL_FIELDS})

    def update(self, request, obj, data):
        return services.journal_update(actor=request.user, community=obj.community, journal_id=obj.pk,
                                       **{f: data[f] for f in _JOURNAL_FIELDS if f in data})


@admin.register(FilePlanCase)
class FilePlanCaseAdmin(ServiceAdmin):
    list_display = ("index", "title", "year", "retention", "department", "is_active")
    list_filter = ("year", "is_active")
    search_fields = ("index", "title")
    fields = ("community", *_CASE_FIELDS, "department")
    domain_error_aliases = {"department_id": "department"}
    view_roles = ADMINS
    manage_roles = ADMINS

    def create(self, request, community, data):
        department = data.get("department")
        return services.file_plan_case_create(actor=request.user, community=community,
                                              department_id=department.pk if department else None,
                                              **{f: data[f] for f in _CASE_FIELDS})

    def update(self, request, obj, data):
        department = data.get("department")
        return services.file_plan_case_update(actor=request.user, community=obj.community, case_id=obj.pk,
                                              department_id=department.pk if department else None,
                                              **{f: data[f] for f in _CASE_FIELDS if f in data})
