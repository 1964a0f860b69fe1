"""Back office of the document workflow: the community admin sets up registration journals (with their index
patterns), the file plan and the office mailboxes of the email intake (and reads what each mailbox took in); add
and change go through the services, so they are checked and audited there."""

from __future__ import annotations

from django.contrib import admin

from hromada.core.web.admin_base import ADMINS, ServiceAdmin

from . import services
from .intake import services as intake
from .intake.models import IntakeMailbox, IntakeMessage
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


@admin.register(IntakeMailbox)
class IntakeMailboxAdmin(ServiceAdmin):
    """Mail to an office address becomes draft cards in its incoming journal. No delete: the messages taken in
    keep their mailbox; a mailbox no longer used is switched off."""

    list_display = ("address", "journal", "is_active", "created_at")
    list_filter = ("is_active",)
    search_fields = ("address",)
    fields = ("community", "address", "journal", "is_active")
    domain_error_aliases = {"journal_id": "journal"}
    view_roles = ADMINS
    manage_roles = ADMINS

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "journal" and field is not None:  # mail becomes incoming letters only
            field.queryset = field.queryset.filter(kind="incoming", is_active=True)
        return field

    def create(self, request, community, data):
        journal = data.get("journal")
        return intake.intake_mailbox_create(actor=request.user, community=community, address=data["address"],
                                            journal_id=journal.pk if journal else None,
                                            is_active=data.get("is_active", True))

    def update(self, request, obj, data):
        journal = data.get("journal")
        return intake.intake_mailbox_update(actor=request.user, community=obj.community, mailbox_id=obj.pk,
                                            address=data["address"], journal_id=journal.pk if journal else None,
                                            is_active=data.get("is_active", obj.is_active))


@admin.register(IntakeMessage)
class IntakeMessageAdmin(ServiceAdmin):
    """What the gateway took in, read only: the sender, the draft card and the attachments it refused."""

    list_display = ("received_at", "mailbox", "sender_address", "document")
    list_filter = ("mailbox",)
    search_fields = ("sender_address", "message_id")
    fields = ("community", "mailbox", "received_at", "sender_address", "message_id", "document", "refused")
    readonly_fields = fields
    list_select_related = ("mailbox", "document")
    view_roles = ADMINS
    manage_roles = ADMINS
