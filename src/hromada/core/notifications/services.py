"""notify(): the one way every capability tells people something; plus marking read and preferences.

Rows are written in the caller's transaction; email and chat delivery are enqueued only after it commits. notify() is
not a @service: it is called only by services, inside their transaction, after their policy said yes."""

from __future__ import annotations

import string
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hromada.core.errors import ValidationFailed
from hromada.core.identity.guard import consulted, require, service

from .channels import chat_channel_for, chat_choice, chat_recipients
from .models import ChatStatus, Delivery, EmailStatus, Notification, NotificationPreference
from .selectors import notification_scope

CHUNK = 500
PRIORITIES = ("normal", "low")


_FORMATTER = string.Formatter()


def _render(template, params: dict[str, Any], language: str) -> str:
    """Fill the translated template's plain {name} fields from params, each value inserted verbatim.

    Values are people's text (answers, reasons, titles): they are never parsed as a template, and a
    field that is not a plain known name ({x.__class__}, {0}) stays as written instead of reaching into
    objects. A translation with a stray brace is shown as written rather than failing the whole write."""
    with translation.override(language or "uk"):
        text = str(template)
        try:
            parts = list(_FORMATTER.parse(text))
        except ValueError:
            return text
        out = []
        for literal, field, spec, conversion in parts:
            out.append(literal)
            if field is None:
                continue
            if field in params:
                out.append(str(params[field]))
            else:
                out.append("{" + field + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}")
        return "".join(out)


def notify(
    *,
    community,
    recipients: Iterable,
    event: str,
    title,
    body="",
    url: str = "",
    params: dict[str, Any] | None = None,
    exclude=None,
    priority: str = "normal",
) -> int:
    """Create notifications for `recipients` (users) honouring their preferences; return how many.

    `title`/`body` are templates written in code: (lazy) translatable strings with {placeholders} filled
    from `params`, rendered in each recipient's language. Anything a person typed goes in `params`,
    never into a template. Email goes out after commit, in background tasks: one email per person for
    everything one transaction (one event) told them. `priority="low"` (news a person can read later)
    waits for the periodic digest unless the person chose "at once" for that capability.

    The chat (Telegram, Viber: the `notification_channel` an enabled capability of the community offers) gets the
    title and link of each notification at once, for people the channel reaches (a linked chat), unless they chose
    "never" for that capability; low-priority news goes to a chat only when they chose "at once"."""
    if priority not in PRIORITIES:
        raise ValueError(f"notify(priority=...) is one of {PRIORITIES}, not {priority!r}")
    params = params or {}
    if url and not url.startswith(("/", "https://", "http://")):
        # The link ends up in an <a href>: anything but a path or a web URL (javascript:, data:) is dropped.
        raise ValueError(f"notify(url=...) must be a path or an http(s) URL, not {url[:40]!r}")
    category = event.split(".", 1)[0]
    exclude_id = getattr(exclude, "pk", None)
    created_ids: list[tuple[int, int]] = []
    chat_ids: list[int] = []
    batch: list = []
    channel = chat_channel_for(community)

    def flush(users: list) -> None:
        prefs = {
            p.user_id: p
            for p in NotificationPreference.objects.filter(user__in=[u.pk for u in users], category=category)
        }
        reachable = chat_recipients(channel, community, [u.pk for u in users if u.is_active]) if channel else set()
        rows = []
        for user in users:
            pref = prefs.get(user.pk)
            in_app = pref.in_app if pref else True
            delivery = pref.email if pref else (Delivery.DAILY if priority == "low" else Delivery.IMMEDIATE)
            if not user.email or not user.is_active:
                delivery = Delivery.NEVER
            chat = chat_choice(pref, priority) if user.pk in reachable else Delivery.NEVER
            if not in_app and delivery == Delivery.NEVER and chat == Delivery.NEVER:
                continue
            language = getattr(user, "language", "uk")
            rows.append(
                Notification(
                    community=community,
                    user=user,
                    event=event,
                    title=_render(title, params, language)[:300],
                    body=_render(body, params, language) if body else "",
                    url=url,
                    in_app=in_app,
                    email_status={  # type: ignore[call-overload]  # TextChoices are their str values
                        Delivery.IMMEDIATE: EmailStatus.PENDING,
                        Delivery.DAILY: EmailStatus.DIGEST,
                    }.get(delivery, EmailStatus.NONE),
                    chat_status=ChatStatus.PENDING if chat == Delivery.IMMEDIATE else ChatStatus.NONE,
                )
            )
        created = Notification.objects.bulk_create(rows)
        # SQLite 3.35+ and PostgreSQL return primary keys from bulk_create.
        created_ids.extend((n.user_id, n.pk) for n in created if n.email_status == EmailStatus.PENDING)
        chat_ids.extend(n.pk for n in created if n.chat_status == ChatStatus.PENDING)

    seen: set[int] = set()
    total = 0
    for user in recipients:
        if user is None or user.pk in seen or user.pk == exclude_id:
            continue
        seen.add(user.pk)
        batch.append(user)
        total += 1
        if len(batch) >= CHUNK:
            flush(batch)
            batch = []
    if batch:
        flush(batch)
    _deliver_after_commit(created_ids)
    _chat_after_commit(chat_ids)
    return total


def _chat_after_commit(ids: list[int]) -> None:
    """One chat-delivery task per notify() call, enqueued once the caller's transaction commits (at once outside
    one); a rolled-back transaction enqueues nothing, and rows it wrote are gone with it."""
    if not ids:
        return
    from hromada.core.jobs.enqueue import enqueue_on_commit

    for start in range(0, len(ids), CHUNK):
        enqueue_on_commit("hromada.core.notifications.tasks.deliver_chats", ids[start : start + CHUNK])


class _CommitBatch:
    """The notification ids one transaction created, sent by one task after it commits: a service that calls
    notify() several times (an appeal filed: "registered" to the author, "received" to the department) still
    gives each person one email, which lists everything that transaction told them."""

    def __init__(self) -> None:
        self.ids: list[tuple[int, int]] = []  # (user id, notification id)

    def send(self) -> None:
        """Runs after the commit (or at once outside a transaction): enqueue the tasks now."""
        from .tasks import deliver_emails

        ids, self.ids = sorted(set(self.ids)), []
        chunk: list[int] = []
        previous_user = None
        for user_id, pk in ids:
            # A person's rows stay in one task: deliver_emails merges them per person within its batch.
            if len(chunk) >= CHUNK and user_id != previous_user:
                deliver_emails.enqueue(chunk)
                chunk = []
            chunk.append(pk)
            previous_user = user_id
        if chunk:
            deliver_emails.enqueue(chunk)


def _deliver_after_commit(ids: list[tuple[int, int]]) -> None:
    if not ids:
        return
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        now = _CommitBatch()
        now.ids.extend(ids)
        now.send()
        return
    batch: _CommitBatch | None = getattr(connection, "_hromada_email_batch", None)
    # A batch whose callbacks are gone (committed, or its transaction or savepoint rolled back) is not reused.
    if batch is None or not any(entry[1] == batch.send for entry in connection.run_on_commit):
        batch = _CommitBatch()
        connection._hromada_email_batch = batch  # type: ignore[attr-defined]
    batch.ids.extend(ids)
    # Every call registers the send; the first to run after the commit sends the whole batch, the rest find it
    # empty. (One registration would do in production; tests that capture callbacks see only their own.)
    transaction.on_commit(batch.send)


@service
def notification_mark_read(*, actor, community=None, notification_ids: list[int] | None = None,
                           platform_only: bool = False) -> int:
    """Mark the user's notifications read (all unread when no ids); other people's ids are ignored.

    With `community`, only that community's (and platform-wide) notifications: an API token is scoped
    to one community and must not touch the rest. `platform_only` (a page outside any community)
    limits it to platform-wide ones, the only ones such a page lists."""
    consulted()  # the rule is the filter: a person marks only their own notifications
    qs = Notification.objects.filter(user_id=getattr(actor, "pk", None) or 0, read_at__isnull=True)
    if community is not None or platform_only:
        qs = qs.filter(notification_scope(community))
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    return qs.update(read_at=timezone.now())


@service
def preference_set(*, actor, category: str, in_app: bool, email: str, chat: str | None = None) -> NotificationPreference:
    """A person's own choice of how they hear about one capability. `chat` is "immediate" or "never" (None keeps
    what was chosen before; "" goes back to the default)."""
    from hromada.core import capabilities

    require(bool(getattr(actor, "is_authenticated", False)))

    known = {m.slug for m in capabilities.manifests()} | {"core"}
    if category not in known:
        raise ValidationFailed(fields={"category": [_("Unknown capability.")]})
    if email not in Delivery.values:
        raise ValidationFailed(fields={"email": [_("Choose at once, daily digest or never.")]})
    if chat is not None and chat not in ("", Delivery.IMMEDIATE, Delivery.NEVER):
        raise ValidationFailed(fields={"chat": [_("Choose at once or never.")]})
    defaults: dict[str, Any] = {"in_app": bool(in_app), "email": email}
    if chat is not None:
        defaults["chat"] = chat
    pref, _created = NotificationPreference.objects.update_or_create(user=actor, category=category, defaults=defaults)
    return pref
