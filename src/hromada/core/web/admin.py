"""Models of the libraries Hromada builds on, in its back office: superusers read them, nobody writes them here.

Roles live in memberships (not Django groups), email addresses change through sign-in and task results through
the worker; none has a service of ours, so each is shown through ServiceAdmin, read-only, like everything else."""

from allauth.account.models import EmailAddress
from django.contrib import admin
from django.contrib.auth.models import Group
from django_tasks_db.models import DBTaskResult

from .admin_base import ServiceAdmin


class LibraryModelAdmin(ServiceAdmin):
    community_field = None  # platform-wide rows: superusers only


for model, options in (
    (Group, {"list_display": ("name",)}),
    (EmailAddress, {"list_display": ("email", "user", "verified", "primary"), "search_fields": ("email",),
                    "raw_id_fields": ("user",)}),
    (DBTaskResult, {"list_display": ("id", "task_path", "status", "enqueued_at", "finished_at"),
                    "list_filter": ("status",)}),
):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, type(f"{model.__name__}Admin", (LibraryModelAdmin,), {"__module__": __name__, **options}))
