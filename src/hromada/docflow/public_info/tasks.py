"""Background work of public information requests: the emails to the requester (the confirmation with the
private link, the notice of an extended term, the answer or refusal), sent through the configured backend."""

from __future__ import annotations

from django_tasks import task

EVENTS = {"received", "extended", "answered", "refused"}


@task()
def email_requester(info_request_id: int, event: str) -> bool:
    from django.conf import settings
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.utils import translation

    from .links import tracking_url
    from .models import InfoRequest

    if event not in EVENTS:
        return False
    found = InfoRequest.objects.select_related("community", "document").filter(pk=info_request_id).first()
    if found is None or not found.email:
        return False
    with translation.override("uk"):
        context = {"request": found, "community": found.community, "event": event, "url": tracking_url(found)}
        subject = render_to_string("docflow/public_info/email_subject.txt", context).strip()
        body = render_to_string("docflow/public_info/email.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [found.email])
    return True
