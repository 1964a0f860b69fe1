"""Background work of appeals: the daily reminder to process owners about terms running out.

A thin wrapper over services.appeal_reminders_send, enqueued by the scheduler from the manifest."""

from __future__ import annotations

from django_tasks import task

from hromada.core.identity.actors import SYSTEM
from hromada.core.tenancy.models import Community

from .services import appeal_reminders_send


@task()
def send_due_reminders() -> int:
    sent = 0
    for community in Community.objects.filter(is_active=True):
        if community.capability_enabled("appeals"):
            sent += appeal_reminders_send(actor=SYSTEM, community=community)
    return sent
