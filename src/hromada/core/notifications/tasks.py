"""Background delivery of notification emails, one message per notification or one digest per person,
and the sweep that gives every email left behind by a dead worker (or a lost enqueue) another task.

Delivery is at least once, never lost: a row is claimed ("sending", with the claim time) before its message
goes to the mail server and marked sent only after the server accepted it. A worker killed between those
two steps leaves one row claimed; once the claim is older than the task lease it is sent again, under the
same Message-ID so mail systems that deduplicate drop the copy. No mail protocol offers better (ADR 0007)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from hromada.core.jobs.services import lease

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


def _message_id(key: str) -> str:
    # The same on every attempt, so a copy sent again after a crash is recognisably the same message.
    host = settings.HROMADA_SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "hromada.local"
    return f"<hromada.{key}@{host}>"


def _message(user, subject: str, template: str, context: dict, key: str) -> EmailMultiAlternatives:
    with translation.override(getattr(user, "language", "uk") or "uk"):
        text = render_to_string(f"notifications/email/{template}.txt", context)
        html = render_to_string(f"notifications/email/{template}.html", context)
    message = EmailMultiAlternatives(subject=_subject(subject), body=text, to=[user.email],
                                     headers={"Message-ID": _message_id(key)})
    message.attach_alternative(html, "text/html")
    return message


def _claimable(now) -> Q:
    # Pending rows, and claims by a worker that died (older than a lease): nobody else is sending those.
    return Q(email_status=EmailStatus.PENDING) | Q(email_status=EmailStatus.SENDING,
                                                   email_claimed_at__lt=now - lease())


@task(queue_name="email")
def deliver_emails(notification_ids: list[int]) -> int:
    """Send each pending notification of the batch as an email; safe to run again, or twice at once.

    Each row is claimed with a conditional UPDATE (-> sending, with the claim time) before its message is
    built, so two workers never send one notification at the same time; it is marked sent once the mail
    server took it. A failed send puts the row back to pending, or failed after MAX_ATTEMPTS."""
    candidates = list(
        Notification.objects.filter(_claimable(timezone.now()), pk__in=notification_ids,
                                    email_attempts__lt=MAX_ATTEMPTS)
        .select_related("user", "community")
        .order_by("pk")
    )
    sent = 0
    with get_connection() as connection:
        for notification in candidates:
            claimed_at = timezone.now()
            claimed = Notification.objects.filter(
                _claimable(claimed_at), pk=notification.pk, email_attempts__lt=MAX_ATTEMPTS
            ).update(email_status=EmailStatus.SENDING, email_claimed_at=claimed_at,
                     email_attempts=F("email_attempts") + 1)
            if not claimed:
                continue
            ours = Notification.objects.filter(pk=notification.pk, email_status=EmailStatus.SENDING,
                                               email_claimed_at=claimed_at)
            context = {
                "notification": notification,
                "user": notification.user,
                "community": notification.community,
                "url": _absolute(notification.url, notification.community),
            }
            try:
                message = _message(notification.user, notification.title, "notification", context,
                                   f"notification.{notification.pk}")
                message.connection = connection
                message.send(fail_silently=False)
            except Exception:  # one failed SMTP send must not lose the other messages of the batch
                log.exception("email for notification %s failed", notification.pk)
                failed = notification.email_attempts + 1 >= MAX_ATTEMPTS
                ours.update(email_status=EmailStatus.FAILED if failed else EmailStatus.PENDING)
                continue
            ours.update(email_status=EmailStatus.SENT)
            sent += 1
    return sent


@task(queue_name="email")
def send_daily_digests() -> int:
    """One email per person who has digest notifications waiting; people with none cost nothing.

    A person's items are claimed (-> digesting) before the message is built and marked sent after the mail
    server took it; claims left by a worker that died go back to waiting, here and in sweep_emails."""
    from hromada.core.identity.models import User

    Notification.objects.filter(email_status=EmailStatus.DIGESTING,
                                email_claimed_at__lt=timezone.now() - lease()).update(
        email_status=EmailStatus.DIGEST, email_claimed_at=None)
    user_ids = list(
        Notification.objects.filter(email_status=EmailStatus.DIGEST).values_list("user_id", flat=True).distinct()
    )
    sent = 0
    for user in User.objects.filter(pk__in=user_ids, is_active=True):
        claimed_at = timezone.now()
        # One conditional UPDATE: a second digest run at the same time finds these rows taken.
        Notification.objects.filter(user=user, email_status=EmailStatus.DIGEST).update(
            email_status=EmailStatus.DIGESTING, email_claimed_at=claimed_at)
        ours = Notification.objects.filter(user=user, email_status=EmailStatus.DIGESTING, email_claimed_at=claimed_at)
        items = list(ours.select_related("community").order_by("created_at"))
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
            _message(user, subject, "digest", context, f"digest.{user.pk}.{items[0].pk}.{items[-1].pk}").send(
                fail_silently=False)
        except Exception:  # the others still get theirs; this person's items wait for the next digest
            log.exception("digest for user %s failed", user.pk)
            ours.update(email_status=EmailStatus.DIGEST, email_claimed_at=None)
            continue
        ours.update(email_status=EmailStatus.SENT)
        sent += 1
    return sent


def _ids_in_queue() -> set[int]:
    """Notification ids that a queued or running deliver_emails task will still look at."""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    if not isinstance(deliver_emails.get_backend(), DatabaseBackend):
        return set()  # a queue we cannot read: sending a batch twice is harmless, rows are claimed
    ids: set[int] = set()
    for args_kwargs in DBTaskResult.objects.filter(
        task_path=deliver_emails.module_path, status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
    ).values_list("args_kwargs", flat=True):
        args = args_kwargs.get("args") or [args_kwargs.get("kwargs", {}).get("notification_ids", [])]
        ids.update(args[0])
    return ids


@task(queue_name="email")
def sweep_emails() -> int:
    """Give a task to every email nobody will send otherwise; return how many were queued again.

    Those are pending rows older than a lease that no queued or running task holds (the enqueue after
    commit was lost with its process, or the task failed), and claims older than a lease (the worker died
    mid-send). A claim that has used up its attempts is marked failed; stale digest claims wait again."""
    from .services import CHUNK

    stale = timezone.now() - lease()
    Notification.objects.filter(email_status=EmailStatus.DIGESTING, email_claimed_at__lt=stale).update(
        email_status=EmailStatus.DIGEST, email_claimed_at=None)
    Notification.objects.filter(email_status=EmailStatus.SENDING, email_claimed_at__lt=stale,
                                email_attempts__gte=MAX_ATTEMPTS).update(email_status=EmailStatus.FAILED)
    left = set(
        Notification.objects.filter(Q(email_status=EmailStatus.PENDING, created_at__lt=stale)
                                    | Q(email_status=EmailStatus.SENDING, email_claimed_at__lt=stale))
        .values_list("pk", flat=True)[: CHUNK * 100]
    ) - _ids_in_queue()
    ids = sorted(left)
    for start in range(0, len(ids), CHUNK):
        deliver_emails.enqueue(ids[start : start + CHUNK])
    return len(ids)
