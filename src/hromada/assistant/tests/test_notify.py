"""The assistant as the kernel notifications' chat channel: a notification reaches the linked Telegram chat
through the outbox and the Bot API emulator (title and a link button); "never" for the capability, a chat not
linked, a blocked bot, a switched-off bot or the assistant disabled -> nothing is sent."""

from __future__ import annotations

import pytest
from conftest import make_member
from django.test import override_settings

from hromada.assistant import tasks
from hromada.assistant.models import Chat, OutboundMessage
from hromada.core.notifications.models import ChatStatus, Delivery, Notification
from hromada.core.notifications.services import notify, preference_set
from hromada.core.tenancy.selectors import invalidate_community_cache

pytestmark = pytest.mark.django_db


def _tell(community, person, callbacks, *, event="petitions.answered"):
    with callbacks(execute=True):
        notify(community=community, recipients=[person], event=event, title="Петицію {n} розглянуто",
               body="Відповідь міської ради опубліковано.", url=f"/c/{community.slug}/petitions/3/", params={"n": 3})
    tasks.deliver_outbox.call()


@pytest.fixture
def linked(community, telegram):
    person = make_member(community)
    Chat.objects.create(community=community, channel="telegram", chat_id="4242", user=person)
    return person


@override_settings(HROMADA_SITE_URL="https://hromada.example.ua")
def test_a_notification_reaches_the_linked_telegram_chat(community, linked, bot_api,
                                                         django_capture_on_commit_callbacks):
    _tell(community, linked, django_capture_on_commit_callbacks)
    [call] = bot_api.calls("sendMessage")
    assert call["chat_id"] == "4242" and call["text"].startswith("Петицію 3 розглянуто")
    urls = [b.get("url") for row in call["reply_markup"]["inline_keyboard"] for b in row]
    assert "https://hromada.example.ua/c/alpha/petitions/3/" in urls
    assert Notification.objects.get().chat_status == ChatStatus.SENT


def test_never_for_the_capability_sends_nothing(community, linked, bot_api, django_capture_on_commit_callbacks):
    preference_set(actor=linked, category="petitions", in_app=True, email=Delivery.IMMEDIATE, chat=Delivery.NEVER)
    _tell(community, linked, django_capture_on_commit_callbacks)
    assert bot_api.calls("sendMessage") == [] and not OutboundMessage.objects.exists()
    assert Notification.objects.get().chat_status == ChatStatus.NONE


def test_unlinked_blocked_web_and_switched_off_chats_get_nothing(community, telegram, bot_api,
                                                                  django_capture_on_commit_callbacks):
    from django.utils import timezone

    person = make_member(community)
    Chat.objects.create(community=community, channel="telegram", chat_id="1")  # not linked
    Chat.objects.create(community=community, channel="web", chat_id="w", user=person)  # no push in a web chat
    blocked = Chat.objects.create(community=community, channel="telegram", chat_id="2", user=person,
                                  blocked_at=timezone.now())
    _tell(community, person, django_capture_on_commit_callbacks)
    assert not OutboundMessage.objects.exists() and Notification.objects.get().chat_status == ChatStatus.NONE
    blocked.blocked_at = None
    blocked.save()
    telegram.is_enabled = False
    telegram.save()
    _tell(community, person, django_capture_on_commit_callbacks)
    assert not OutboundMessage.objects.exists()


def test_the_assistant_disabled_means_no_chat_channel(community, linked, bot_api, django_capture_on_commit_callbacks):
    community.enabled_capabilities = [s for s in community.enabled_capabilities if s != "assistant"]
    community.save()
    invalidate_community_cache()
    _tell(community, linked, django_capture_on_commit_callbacks)
    assert bot_api.calls("sendMessage") == [] and Notification.objects.get().chat_status == ChatStatus.NONE
