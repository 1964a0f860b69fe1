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


def _subject(text: str) -> str:
    # A title may come from user content; a newline in a mail header would make send() raise.
    return " ".join(str(text).split())[:200]


def _message(user, subject: str, template: str, context: dict) -> EmailMultiAlternatives:
    with translation.override(getattr(user, "language", "uk") or "uk"):
        text = render_to_string(f"notifications/email/{template}.txt", context)
        html = render_to_string(f"notifications/email/{template}.html", context)
    message = EmailMultiAlternatives(subject=_subject(subject), body=text, to=[user.email])
    message.attach_alternative(html, "text/html")
    return message


@task(queue_name="email")
def deliver_emails(notification_ids: list[int]) -> int:
    """Send each pending notification as an email.

    Each row is claimed with a conditional UPDATE (pending -> sent) before its message is built, so two
    workers running the same batch (a retry, a duplicate enqueue) never send one notification twice;
    a failed send puts the row back to pending, or failed after MAX_ATTEMPTS."""
    candidates = list(
        Notification.objects.filter(pk__in=notification_ids, email_status=EmailStatus.PENDING)
        .select_related("user", "community")
        .order_by("pk")
    )
    sent = 0
    with get_connection() as connection:
        for notification in candidates:
            claimed = Notification.objects.filter(pk=notification.pk, email_status=EmailStatus.PENDING).update(
                email_status=EmailStatus.SENT, email_attempts=F("email_attempts") + 1
            )
            if not claimed:
                continue
            context = {
                "notification": notification,
                "user": notification.user,
                "community": notification.community,
                "url": _absolute(notification.url, notification.community),
            }
            try:
                message = _message(notification.user, notification.title, "notification", context)
                message.connection = connection
                message.send(fail_silently=False)
            except Exception:  # one failed SMTP send must not lose the other messages of the batch
                log.exception("email for notification %s failed", notification.pk)
                failed = notification.email_attempts + 1 >= MAX_ATTEMPTS
                Notification.objects.filter(pk=notification.pk).update(
                    email_status=EmailStatus.FAILED if failed else EmailStatus.PENDING
                )
                continue
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
                # of=("self",): PostgreSQL cannot lock the nullable side of the community outer join.
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
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
                subject = translation.ngettext(
                    "Your Hromada digest: %(count)d new item", "Your Hromada digest: %(count)d new items", len(items)
                ) % {"count": len(items)}
            try:
                _message(user, subject, "digest", context).send(fail_silently=False)
            except Exception:  # the others still get theirs; this person's items wait for the next digest
                log.exception("digest for user %s failed", user.pk)
                continue
            Notification.objects.filter(pk__in=[n.pk for n in items]).update(email_status=EmailStatus.SENT)
            sent += 1
    return sent
