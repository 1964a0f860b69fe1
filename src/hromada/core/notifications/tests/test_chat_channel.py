"""The chat channel of notifications, as the kernel sees it: a `notification_channel` found through an enabled
manifest of the notification's community (here a recording test channel; the assistant's own is tested in its
app), delivery after commit with a visible, retried status, the person's per-capability choice, and the profile's
chat column shown only where a channel is offered and reaches the person."""

from __future__ import annotations

import pytest
from conftest import make_member, make_user
from django.db import transaction
from django.test import Client

from hromada.core import capabilities
from hromada.core.capabilities import CapabilityManifest
from hromada.core.errors import ValidationFailed
from hromada.core.notifications.models import ChatStatus, Delivery, Notification, NotificationPreference
from hromada.core.notifications.services import notify, preference_set
from hromada.core.notifications.tasks import MAX_ATTEMPTS, deliver_chats, sweep_emails
from hromada.core.tenancy.selectors import invalidate_community_cache


class RecordingChannel:
    """A chat channel for the kernel's tests: it reaches the people in `reachable` and records what it was given."""

    def __init__(self):
        self.reachable: set[int] = set()
        self.delivered: list[tuple[int, str, str]] = []
        self.fail = False

    def recipients(self, community, user_ids):
        return {pk for pk in user_ids if pk in self.reachable}

    def deliver(self, notification) -> bool:
        if self.fail:
            raise ConnectionError("the chat outbox is unavailable")
        self.delivered.append((notification.user_id, notification.title, notification.url))
        return True


CHANNEL = RecordingChannel()
CHAT_MANIFEST = CapabilityManifest(
    slug="testchat", name="Test chat", description="Only in the notifications tests.",
    notification_channel="hromada.core.notifications.tests.test_chat_channel:CHANNEL",
)


@pytest.fixture
def chat_community(community):
    capabilities._registry[CHAT_MANIFEST.slug] = CHAT_MANIFEST
    CHANNEL.reachable.clear()
    CHANNEL.delivered.clear()
    CHANNEL.fail = False
    community.enabled_capabilities = ["testchat", "petitions"]
    community.save()
    invalidate_community_cache()
    yield community
    capabilities._registry.pop(CHAT_MANIFEST.slug, None)


def _tell(community, people, *, event="petitions.answered", priority="normal"):
    with transaction.atomic():
        notify(community=community, recipients=people, event=event, title="Petition {n} is answered",
               url=f"/c/{community.slug}/petitions/3/", params={"n": 3}, priority=priority)


@pytest.mark.django_db(transaction=True)
def test_a_notification_reaches_the_chat_after_commit_with_its_title_and_link(chat_community):
    linked, unlinked = make_user(), make_user()
    CHANNEL.reachable.add(linked.pk)
    with transaction.atomic():
        notify(community=chat_community, recipients=[linked, unlinked], event="petitions.answered",
               title="Petition {n} is answered", url="/c/alpha/petitions/3/", params={"n": 3})
        assert CHANNEL.delivered == []  # nothing leaves before the commit
    assert CHANNEL.delivered == [(linked.pk, "Petition 3 is answered", "/c/alpha/petitions/3/")]
    statuses = dict(Notification.objects.values_list("user_id", "chat_status"))
    assert statuses == {linked.pk: ChatStatus.SENT, unlinked.pk: ChatStatus.NONE}


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_sends_nothing_to_the_chat(chat_community):
    person = make_user()
    CHANNEL.reachable.add(person.pk)
    with pytest.raises(RuntimeError), transaction.atomic():
        _tell(chat_community, [person])
        raise RuntimeError("the service failed after notify()")
    assert CHANNEL.delivered == [] and not Notification.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_never_for_the_capability_means_no_chat_message(chat_community):
    person = make_user()
    CHANNEL.reachable.add(person.pk)
    preference_set(actor=person, category="petitions", in_app=True, email=Delivery.IMMEDIATE, chat=Delivery.NEVER)
    _tell(chat_community, [person])
    assert CHANNEL.delivered == []
    assert Notification.objects.get().chat_status == ChatStatus.NONE
    # Another capability's notifications still come: the choice is per capability.
    _tell(chat_community, [person], event="core.account")
    assert len(CHANNEL.delivered) == 1


@pytest.mark.django_db(transaction=True)
def test_chat_only_still_writes_the_notification(chat_community):
    person = make_user()
    CHANNEL.reachable.add(person.pk)
    preference_set(actor=person, category="petitions", in_app=False, email=Delivery.NEVER, chat=Delivery.IMMEDIATE)
    _tell(chat_community, [person])
    assert len(CHANNEL.delivered) == 1 and Notification.objects.get().in_app is False


@pytest.mark.django_db(transaction=True)
def test_no_channel_when_the_capability_is_disabled_in_the_community(chat_community):
    person = make_user()
    CHANNEL.reachable.add(person.pk)
    chat_community.enabled_capabilities = ["petitions"]
    chat_community.save()
    _tell(chat_community, [person])
    assert CHANNEL.delivered == [] and Notification.objects.get().chat_status == ChatStatus.NONE


@pytest.mark.django_db(transaction=True)
def test_switched_off_between_notify_and_delivery_is_skipped_quietly(chat_community):
    person = make_user()
    CHANNEL.reachable.add(person.pk)
    CHANNEL.fail = True
    _tell(chat_community, [person])  # the first attempt fails: the row waits, pending
    row = Notification.objects.get()
    assert (row.chat_status, row.chat_attempts) == (ChatStatus.PENDING, 1)
    chat_community.enabled_capabilities = ["petitions"]
    chat_community.save()
    CHANNEL.fail = False
    assert deliver_chats.call([row.pk]) == 0
    assert Notification.objects.get().chat_status == ChatStatus.NONE and CHANNEL.delivered == []


@pytest.mark.django_db(transaction=True)
def test_low_priority_news_goes_to_the_chat_only_when_chosen(chat_community):
    quiet, keen = make_user(), make_user()
    CHANNEL.reachable.update({quiet.pk, keen.pk})
    preference_set(actor=keen, category="petitions", in_app=True, email=Delivery.DAILY, chat=Delivery.IMMEDIATE)
    _tell(chat_community, [quiet, keen], priority="low")
    assert [user_id for user_id, _t, _u in CHANNEL.delivered] == [keen.pk]


@pytest.mark.django_db(transaction=True)
def test_a_failing_channel_is_retried_then_marked_failed_and_the_sweep_requeues(chat_community, time_machine):
    from datetime import timedelta

    from django.utils import timezone

    person = make_user()
    CHANNEL.reachable.add(person.pk)
    CHANNEL.fail = True
    _tell(chat_community, [person])
    pk = Notification.objects.get().pk
    for _attempt in range(MAX_ATTEMPTS - 1):
        deliver_chats.call([pk])
    row = Notification.objects.get()
    assert (row.chat_status, row.chat_attempts) == (ChatStatus.FAILED, MAX_ATTEMPTS)
    # A pending row whose task was lost is queued again by the periodic sweep (the immediate test queue runs it).
    Notification.objects.filter(pk=pk).update(chat_status=ChatStatus.PENDING, chat_attempts=0)
    CHANNEL.fail = False
    time_machine.move_to(timezone.now() + timedelta(hours=2))
    sweep_emails.call()
    assert Notification.objects.get().chat_status == ChatStatus.SENT and len(CHANNEL.delivered) == 1


@pytest.mark.django_db(transaction=True)
def test_a_platform_wide_notification_has_no_chat(chat_community):
    person = make_user()
    CHANNEL.reachable.add(person.pk)
    notify(community=None, recipients=[person], event="core.account", title="Welcome")
    assert CHANNEL.delivered == [] and Notification.objects.get().chat_status == ChatStatus.NONE


@pytest.mark.parametrize("chat", ["daily", "sometimes"])
def test_the_chat_choice_is_at_once_or_never(db, chat):
    person = make_user()
    with pytest.raises(ValidationFailed) as refused:
        preference_set(actor=person, category="core", in_app=True, email=Delivery.IMMEDIATE, chat=chat)
    assert "chat" in refused.value.fields and not NotificationPreference.objects.exists()


def test_leaving_the_chat_out_keeps_the_earlier_choice(db):
    person = make_user()
    preference_set(actor=person, category="core", in_app=True, email=Delivery.IMMEDIATE, chat=Delivery.NEVER)
    preference_set(actor=person, category="core", in_app=False, email=Delivery.DAILY)
    pref = NotificationPreference.objects.get()
    assert (pref.in_app, pref.email, pref.chat) == (False, Delivery.DAILY, Delivery.NEVER)


def test_the_profile_shows_the_chat_column_only_where_a_channel_reaches_the_person(chat_community):
    person = make_member(chat_community)
    client = Client()
    client.force_login(person)
    page = client.get("/c/alpha/profile/").content.decode()
    assert 'name="chat-petitions"' not in page  # no linked chat: no column
    CHANNEL.reachable.add(person.pk)
    page = client.get("/c/alpha/profile/").content.decode()
    assert 'name="chat-petitions"' in page and 'name="chat-core"' in page
    form = {"in_app-core": "on", "email-core": "immediate", "chat-core": "immediate",
            "in_app-petitions": "on", "email-petitions": "daily", "chat-petitions": "never"}
    response = client.post("/c/alpha/profile/preferences", form)
    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=person, category="petitions").chat == Delivery.NEVER
    # Without a channel in the community the column is gone and a saved form keeps the earlier chat choice.
    chat_community.enabled_capabilities = ["petitions"]
    chat_community.save()
    invalidate_community_cache()
    assert 'name="chat-petitions"' not in client.get("/c/alpha/profile/").content.decode()
    client.post("/c/alpha/profile/preferences", {**form, "chat-petitions": "immediate"})
    assert NotificationPreference.objects.get(user=person, category="petitions").chat == Delivery.NEVER
