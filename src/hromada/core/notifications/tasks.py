"""Background delivery of notification emails, one message per notification or one digest per person."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from .models import EmailStatus, Notification

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


def _absolute(url: str, community) -> str:
    if not url or url.startswith("http"):
        return url
    base = f"https://{community.domain}" if community is not None and community.domain else settings.HROMADA_SITE_URL
    return base + url


def _message(user, subject: str, template: str, context: dict) -> EmailMultiAlternatives:
    with translation.override(getattr(user, "language", "uk") or "uk"):
        text = render_to_string(f"notifications/email/{template}.txt", context)
        html = render_to_string(f"notifications/email/{template}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[user.email])
    message.attach_alternative(html, "text/html")
    return message


@task(queue_name="email")
def deliver_emails(notification_ids: list[int]) -> int:
    """Send each pending notification as an email; rows are claimed first so two workers never double-send."""
    with transaction.atomic():
        claimed = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(pk__in=notification_ids, email_status=EmailStatus.PENDING)
            .select_related("user", "community")
        )
        Notification.objects.filter(pk__in=[n.pk for n in claimed]).update(email_attempts=F("email_attempts") + 1)
    sent = 0
    with get_connection() as connection:
        for notification in claimed:
            context = {
                "notification": notification,
                "user": notification.user,
                "community": notification.community,
                "url": _absolute(notification.url, notification.community),
            }
            message = _message(notification.user, notification.title, "notification", context)
            message.connection = connection
            try:
                message.send(fail_silently=False)
            except Exception:  # one failed SMTP send must not lose the other messages of the batch
                log.exception("email for notification %s failed", notification.pk)
                failed = notification.email_attempts + 1 >= MAX_ATTEMPTS
                Notification.objects.filter(pk=notification.pk).update(
                    email_status=EmailStatus.FAILED if failed else EmailStatus.PENDING
                )
                continue
            Notification.objects.filter(pk=notification.pk).update(email_status=EmailStatus.SENT)
            sent += 1
    return sent


@task(queue_name="email")
def send_daily_digests() -> int:
    """One email per person who has digest notifications waiting; people with none cost nothing."""
    from hromada.core.identity.models import User

    user_ids = list(
        Notification.objects.filter(email_status=EmailStatus.DIGEST).values_list("user_id", flat=True).distinct()
    )
    sent = 0
    for user in User.objects.filter(pk__in=user_ids, is_active=True):
        with transaction.atomic():
            items = list(
                Notification.objects.select_for_update(skip_locked=True)
                .filter(user=user, email_status=EmailStatus.DIGEST)
                .select_related("community")
                .order_by("created_at")
            )
            if not items:
                continue
            context = {
                "user": user,
                "items": [(n, _absolute(n.url, n.community)) for n in items],
            }
            with translation.override(user.language or "uk"):
                subject = translation.gettext("Your Hromada digest: %(count)d new") % {"count": len(items)}
            _message(user, subject, "digest", context).send(fail_silently=False)
            Notification.objects.filter(pk__in=[n.pk for n in items]).update(email_status=EmailStatus.SENT)
            sent += 1
    return sent
