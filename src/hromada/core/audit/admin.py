"""Staff browse the audit trail of their community; nobody can add, change or delete an event (no service
writes one from the back office, so the base offers none of those)."""

from django.contrib import admin

from hromada.core.web.admin_base import ServiceAdmin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ServiceAdmin):
    list_display = ["created_at", "action", "actor", "target_repr"]
    list_filter = ["action"]
    search_fields = ["action", "target_repr", "target_id"]
    date_hierarchy = "created_at"
    # A LEFT JOIN yields None for an actor whose account was deleted (the FK has no constraint).
    list_select_related = ["actor"]
    readonly_fields = ["community", "actor", "action", "target_type", "target_id", "target_repr", "data", "created_at"]
