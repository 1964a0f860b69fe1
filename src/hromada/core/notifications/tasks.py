"""Background delivery of notification emails, one message per notification or one digest per person,
and the sweep that gives every email left behind by a dead worker (or a lost enqueue) another task.

Delivery is at least once, never lost: a row is claimed ("sending", with the claim time) before its message
goes to the mail server and marked sent only after the server accepted it. A worker killed between those
two steps leaves one row claimed; once the claim is older than the task lease it is sent again, under the
same Message-ID so mail systems that deduplicate drop the copy. No mail protocol offers better (ADR 0007)."""

from __future__ import annotations

import logging
from email.headerregistry import Address
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from hromada.core.jobs.services import lease

from .channels import chat_channel_for
from .models import ChatStatus, EmailStatus, Notification

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


def absolute_url(url: str, community) -> str:
    """The link as the recipient can open it: the community's own host when it has one, else the site URL
    (HROMADA_SITE_URL, which `hromada serve` sets from its --host and --port when the operator did not)."""
    if not url or url.startswith(("http://", "https://")):
        return url
    if community is not None and community.domain:
        prefix = f"/c/{community.slug}/"
        return f"https://{community.domain}" + ("/" + url[len(prefix):] if url.startswith(prefix) else url)
    return settings.HROMADA_SITE_URL.rstrip("/") + url


_absolute = absolute_url


def _sender_name(community) -> str:
    return community.name if community is not None else str(_("Hromada"))


def _subject(text: str, community=None) -> str:
    # A title may come from user content; a newline in a mail header would make send() raise.
    return " ".join(f"{_sender_name(community)}: {text}".split())[:200]


def _from_email(community) -> str:
    """DEFAULT_FROM_EMAIL's address under the community's name, so the inbox shows who writes."""
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return str(Address(display_name=_sender_name(community), addr_spec=address or "noreply@hromada.local"))


def _message_id(key: str) -> str:
    # The same on every attempt, so a copy sent again after a crash is recognisably the same message.
    host = settings.HROMADA_SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "hromada.local"
    return f"<hromada.{key}@{host}>"


def _message(user, subject, template: str, context: dict, key: str, community=None) -> EmailMultiAlternatives:
    """The text and HTML alternatives of one email, in the recipient's language, from the community."""
    with translation.override(getattr(user, "language", "uk") or "uk"):
        context = {**context, **branding(community)}
        text = render_to_string(f"notifications/email/{template}.txt", context)
        html = render_to_string(f"notifications/email/{template}.html", context)
        subject = _subject(str(subject), community)
        sender = _from_email(community)
    message = EmailMultiAlternatives(subject=subject, body=text, from_email=sender, to=[user.email],
                                     headers={"Message-ID": _message_id(key)})
    message.attach_alternative(html, "text/html")
    return message


def branding(community, request=None) -> dict:
    """What the email layout (notifications/email/base.html) shows: the community, its coat of arms, the site
    and the settings link. With a request (account emails sent while a person waits), its own host is used."""
    if request is not None:
        # Inside the request the script prefix already carries the community's /c/<slug>/ when it has one.
        root = request.build_absolute_uri(get_script_prefix())
        settings_url = request.build_absolute_uri(reverse("web:profile"))
        arms = getattr(community, "coat_of_arms", None) if community is not None else None
        arms_url = request.build_absolute_uri(arms.url) if arms else ""
    else:
        root, settings_url, arms_url = (_absolute(_home_path(community), community),
                                        _absolute(_settings_path(community), community), _arms_url(community))
    return {"community": community, "site_url": root, "settings_url": settings_url, "arms_url": arms_url}


def _home_path(community) -> str:
    return f"/c/{community.slug}/" if community is not None else "/"


def _settings_path(community) -> str:
    from hromada.core.tenancy.urls import community_path

    return community_path(community, "web:profile") if community is not None else reverse("web:profile")


def _arms_url(community) -> str:
    """An absolute link to the community's coat of arms, when it has one (an email cannot embed our static files)."""
    arms = getattr(community, "coat_of_arms", None) if community is not None else None
    if not arms:
        return ""
    try:
        return _absolute(arms.url, community)
    except ValueError:
        return ""


def _claimable(now) -> Q:
    # Pending rows, and claims by a worker that died (older than a lease): nobody else is sending those.
    return Q(email_status=EmailStatus.PENDING) | Q(email_status=EmailStatus.SENDING,
                                                   email_claimed_at__lt=now - lease())


@task(queue_name="email")
def deliver_emails(notification_ids: list[int]) -> int:
    """Send the pending notifications of the batch, one email per person (and community); safe to run again.

    A batch is what one transaction created (notify() enqueues it after commit), so one event gives each person
    one email even when the service told them several things. A person's rows are claimed with one conditional
    UPDATE (-> sending, with the claim time) before their message is built, so two workers never send them at
    the same time; they are marked sent once the mail server took the message. A failed send puts the rows back
    to pending, or failed after MAX_ATTEMPTS."""
    people = list(
        Notification.objects.filter(_claimable(timezone.now()), pk__in=notification_ids,
                                    email_attempts__lt=MAX_ATTEMPTS)
        .values_list("user_id", "community_id").distinct().order_by("user_id", "community_id")
    )
    sent = 0
    with get_connection() as connection:
        for user_id, community_id in people:
            claimed_at = timezone.now()
            claimed = Notification.objects.filter(
                _claimable(claimed_at), pk__in=notification_ids, user_id=user_id, community_id=community_id,
                email_attempts__lt=MAX_ATTEMPTS,
            ).update(email_status=EmailStatus.SENDING, email_claimed_at=claimed_at,
                     email_attempts=F("email_attempts") + 1)
            if not claimed:
                continue
            ours = Notification.objects.filter(pk__in=notification_ids, user_id=user_id,
                                               email_status=EmailStatus.SENDING, email_claimed_at=claimed_at)
            items = list(ours.select_related("user", "community").order_by("pk"))
            if not items:
                continue
            first = items[0]
            try:
                if len(items) == 1:
                    context = {"notification": first, "user": first.user, "url": _absolute(first.url, first.community)}
                    message = _message(first.user, first.title, "notification", context,
                                       f"notification.{first.pk}", first.community)
                else:
                    context = {"user": first.user, "items": [(n, _absolute(n.url, n.community)) for n in items]}
                    with translation.override(getattr(first.user, "language", "uk") or "uk"):
                        subject = translation.ngettext(
                            "%(title)s (and %(count)d more)", "%(title)s (and %(count)d more)", len(items) - 1,
                        ) % {"title": first.title, "count": len(items) - 1}
                    message = _message(first.user, subject, "several", context,
                                       f"notification.{first.pk}.{items[-1].pk}", first.community)
                message.connection = connection
                message.send(fail_silently=False)
            except Exception:  # one failed SMTP send must not lose the other messages of the batch
                log.exception("email for notifications %s failed", [n.pk for n in items])
                ours.filter(email_attempts__gte=MAX_ATTEMPTS).update(email_status=EmailStatus.FAILED)
                ours.update(email_status=EmailStatus.PENDING)
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
        communities = {n.community_id for n in items}
        community = items[0].community if len(communities) == 1 else None
        context = {"user": user, "items": [(n, _absolute(n.url, n.community)) for n in items]}
        with translation.override(user.language or "uk"):
            subject = translation.ngettext(
                "%(count)d new notification for you", "%(count)d new notifications for you", len(items)
            ) % {"count": len(items)}
        try:
            _message(user, subject, "digest", context, f"digest.{user.pk}.{items[0].pk}.{items[-1].pk}",
                     community).send(fail_silently=False)
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
    mid-send). A claim that has used up its attempts is marked failed; stale digest claims wait again.
    Chat deliveries left behind the same way are queued again too (not counted in the result)."""
    from .services import CHUNK

    stale = timezone.now() - lease()
    Notification.objects.filter(email_status=EmailStatus.DIGESTING, email_claimed_at__lt=stale).update(
        email_status=EmailStatus.DIGEST, email_claimed_at=None)
    Notification.objects.filter(email_status=EmailStatus.SENDING, email_claimed_at__lt=stale,
                                email_attempts__gte=MAX_ATTEMPTS).update(email_status=EmailStatus.FAILED)
    _sweep_chats(stale)
    left = set(
        Notification.objects.filter(Q(email_status=EmailStatus.PENDING, created_at__lt=stale)
                                    | Q(email_status=EmailStatus.SENDING, email_claimed_at__lt=stale))
        .values_list("pk", flat=True)[: CHUNK * 100]
    ) - _ids_in_queue()
    ids = sorted(left)
    for start in range(0, len(ids), CHUNK):
        deliver_emails.enqueue(ids[start : start + CHUNK])
    return len(ids)


# --- the chat channel ------------------------------------------------------------------------------------------


def _chat_claimable(now) -> Q:
    return Q(chat_status=ChatStatus.PENDING) | Q(chat_status=ChatStatus.SENDING, chat_claimed_at__lt=now - lease())


@task()
def deliver_chats(notification_ids: list[int]) -> int:
    """Hand each pending notification of the batch to its community's chat channel; safe to run again.

    A row is claimed (-> sending, with the claim time and one more attempt) by a conditional UPDATE, so two
    workers never deliver it at once, and marked sent once the channel took it (the channel queues the chat
    messages; their sending, rate limits and retries are the channel's). A channel that raises puts the row back
    to pending (failed after MAX_ATTEMPTS); no channel any more (the capability was switched off) or no chat to
    reach: nothing to send, quietly."""
    now = timezone.now()
    claimed = Notification.objects.filter(_chat_claimable(now), pk__in=notification_ids,
                                          chat_attempts__lt=MAX_ATTEMPTS).update(
        chat_status=ChatStatus.SENDING, chat_claimed_at=now, chat_attempts=F("chat_attempts") + 1)
    if not claimed:
        return 0
    ours = Notification.objects.filter(pk__in=notification_ids, chat_status=ChatStatus.SENDING, chat_claimed_at=now)
    delivered = 0
    channels: dict[int, object] = {}
    for notification in ours.select_related("user", "community").order_by("pk"):
        community = notification.community
        if community is not None and community.pk not in channels:
            channels[community.pk] = chat_channel_for(community)
        channel = channels.get(community.pk) if community is not None else None
        row = Notification.objects.filter(pk=notification.pk, chat_claimed_at=now)
        if channel is None:
            row.update(chat_status=ChatStatus.NONE)
            continue
        try:
            handed = channel.deliver(notification)  # type: ignore[attr-defined]
        except Exception:  # one failing chat must not keep the others of the batch from theirs
            log.exception("chat delivery of notification %s failed", notification.pk)
            row.filter(chat_attempts__gte=MAX_ATTEMPTS).update(chat_status=ChatStatus.FAILED)
            row.filter(chat_attempts__lt=MAX_ATTEMPTS).update(chat_status=ChatStatus.PENDING)
            continue
        row.update(chat_status=ChatStatus.SENT if handed else ChatStatus.NONE)
        delivered += bool(handed)
    return delivered


def _sweep_chats(stale) -> int:
    """Chat deliveries nobody will make otherwise (a lost enqueue, a dead worker): queued again, by sweep_emails."""
    from .services import CHUNK

    Notification.objects.filter(chat_status=ChatStatus.SENDING, chat_claimed_at__lt=stale,
                                chat_attempts__gte=MAX_ATTEMPTS).update(chat_status=ChatStatus.FAILED)
    ids = sorted(Notification.objects.filter(Q(chat_status=ChatStatus.PENDING, created_at__lt=stale)
                                             | Q(chat_status=ChatStatus.SENDING, chat_claimed_at__lt=stale))
                 .values_list("pk", flat=True)[: CHUNK * 100])
    for start in range(0, len(ids), CHUNK):
        deliver_chats.enqueue(ids[start : start + CHUNK])
    return len(ids)
