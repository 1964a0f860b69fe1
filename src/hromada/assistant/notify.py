"""The chat channel of the kernel's notifications (the assistant's manifest names `CHANNEL` as its
notification_channel): a notification's title and link, queued in the outbox to each Telegram or Viber chat the
person linked in that community whose bot is on and which has not blocked it. The outbox's delivery (with its
rate limits and retries) sends them; the web chat has no way to push, so it gets none."""

from __future__ import annotations

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from hromada.core.jobs.enqueue import enqueue_on_commit
from hromada.core.notifications.tasks import absolute_url

from .engine.dispatch import enqueue_replies
from .engine.types import Button, Reply
from .models import BOT_CHANNELS, ChannelConfig, Chat

TEXT_MAX = 1000


def reachable_chats(community):
    """Linked bot chats that did not block the bot, on channels whose bot is on."""
    enabled = ChannelConfig.objects.filter(community=community, is_enabled=True).values("channel")
    return Chat.objects.filter(community=community, channel__in=BOT_CHANNELS, user__isnull=False,
                               blocked_at__isnull=True).filter(channel__in=enabled)


def notification_reply(notification) -> Reply:
    """Title (and the first lines of the text), and a button to the page."""
    text = notification.title
    if notification.body:
        body = " ".join(notification.body.split())
        text += "\n\n" + (body if len(body) <= TEXT_MAX else body[: TEXT_MAX - 1].rstrip() + "…")
    url = absolute_url(notification.url, notification.community) if notification.url else ""
    return Reply(text=text, link=Button(_("Open"), url=url) if url else None)


class ChatNotificationChannel:
    def recipients(self, community, user_ids) -> set[int]:
        return set(reachable_chats(community).filter(user_id__in=list(user_ids)).values_list("user_id", flat=True))

    def deliver(self, notification) -> bool:
        """Queue the message to each of the person's chats (one transaction); False when there is none."""
        community = notification.community
        if community is None:
            return False
        chats = list(reachable_chats(community).filter(user_id=notification.user_id).select_related("community"))
        if not chats:
            return False
        with transaction.atomic():
            for chat in chats:
                with translation.override(chat.language or getattr(notification.user, "language", "uk")):
                    enqueue_replies(chat, [notification_reply(notification)])
            enqueue_on_commit("hromada.assistant.tasks.deliver_outbox")
        return True


CHANNEL = ChatNotificationChannel()
