"""Superusers read the notifications sent (to trace a delivery problem); they are written only by notify()."""

from django.contrib import admin

from hromada.core.web.admin_base import ServiceAdmin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(ServiceAdmin):
    community_field = None  # personal messages, some platform-wide: not for community staff
    list_display = ["created_at", "user", "event", "title", "email_status", "read_at"]
    list_filter = ["email_status", "event"]
    search_fields = ["title", "user__email"]
