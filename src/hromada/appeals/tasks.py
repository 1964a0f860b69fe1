"""Background work of appeals: the daily reminder to process owners about terms running out.

A thin wrapper over services.appeal_reminders_send, enqueued by the scheduler from the manifest."""

from __future__ import annotations

from django_tasks import task

from hromada.core.identity.actors import SYSTEM
from hromada.core.tenancy.models import Community

from .services import appeal_reminders_send

EMAIL_EVENTS = {"assigned", "started", "answered", "rejected", "redirected", "extended", "closed"}


@task()
def send_due_reminders() -> int:
    sent = 0
    for community in Community.objects.filter(is_active=True):
        if community.capability_enabled("appeals"):
            sent += appeal_reminders_send(actor=SYSTEM, community=community)
    return sent


@task()
def email_resident(appeal_id: int, event: str) -> bool:
    """One email to the contact address of an appeal staff registered for a resident who chose email."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.utils import translation

    from .models import Appeal

    if event not in EMAIL_EVENTS:
        return False
    appeal = Appeal.objects.select_related("community", "department", "category").filter(pk=appeal_id).first()
    if appeal is None or not appeal.contact_email or appeal.reply_by != "email":
        return False
    with translation.override("uk"):
        context = {"appeal": appeal, "community": appeal.community, "event": event}
        subject = render_to_string("appeals/email/resident_subject.txt", context).strip()
        body = render_to_string("appeals/email/resident.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [appeal.contact_email])
    return True
