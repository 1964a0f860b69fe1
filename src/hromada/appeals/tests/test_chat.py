"""The appeals chat command, driven directly: filing step by step through appeal_create, my appeals, fixed/reopen."""

from __future__ import annotations

import pytest
from conftest import make_member, make_user
from django.test import Client

from hromada.appeals import services
from hromada.appeals.chat import AppealsDialog
from hromada.appeals.models import Appeal, Channel, Source, Status
from hromada.appeals.selectors import dashboard
from hromada.appeals.tests.factories import jpeg_bytes, make_appeal, make_category, upload
from hromada.assistant.channels import web
from hromada.assistant.engine.types import DialogContext, Incoming, Kind, Photo
from hromada.core.identity.models import Role

pytestmark = pytest.mark.django_db


class Chat:
    """One chat with the dialog: the state carried from message to message as the engine carries it."""

    def __init__(self, community, user=None, channel="telegram"):
        self.community, self.user, self.state, self.finished = community, user, {}, False
        self.channel = channel

    def send(self, kind=Kind.TEXT, **fields):
        context = DialogContext(community=self.community, channel=self.channel, chat_id="1", user=self.user,
                                state=self.state)
        replies = AppealsDialog(context).handle(Incoming(channel=self.channel, chat_id="1", kind=kind, **fields))
        self.state, self.finished = context.state, context.finished
        return replies

    def press(self, payload):
        return self.send(Kind.BUTTON, payload=payload)


def payloads(replies) -> list[str]:
    return [button.payload for reply in replies for row in reply.buttons for button in row]


def file_until_confirm(chat, category, photo=None):
    replies = chat.press("appeals:new")
    assert f"appeals:cat:{category.pk}" in payloads(replies)
    chat.press(f"appeals:cat:{category.pk}")
    replies = chat.send(text="Не світить ліхтар біля школи")
    assert replies[0].ask == "location"
    replies = chat.send(Kind.TEXT, text="вул. Садова, 5")
    assert replies[0].ask == "location" and chat.state["address"] == "вул. Садова, 5"
    replies = chat.send(Kind.LOCATION, latitude=49.595, longitude=34.555)
    assert replies[0].ask == "photo"
    chat.send(Kind.PHOTO, photo=photo or Photo(channel_ref="file-1"))
    replies = chat.press("appeals:skip")
    assert "appeals:send" in payloads(replies)
    return replies


def test_filing_step_by_step_registers_the_appeal(community, resident, category):
    chat = Chat(community, resident)
    file_until_confirm(chat, category)
    assert not Appeal.objects.exists()  # nothing is written before the confirmation
    replies = chat.press("appeals:send")
    appeal = Appeal.objects.get()
    assert (appeal.author, appeal.category, appeal.address) == (resident, category, "вул. Садова, 5")
    assert appeal.description == "Не світить ліхтар біля школи"
    assert appeal.registration_index in replies[0].text
    assert replies[0].link.url.endswith(f"/appeals/{appeal.pk}/")
    assert chat.finished
    # The Telegram bot is not configured here, so its photo cannot be fetched: the appeal stands, the reply says so.
    assert len(replies) == 2 and not appeal.photos.exists()


def test_an_appeal_filed_in_the_chat_is_counted_as_the_chatbot(community, resident, category, community_admin, web):
    chat = Chat(community, resident)
    file_until_confirm(chat, category)
    chat.press("appeals:send")
    filed = Appeal.objects.get()
    assert filed.source == Source.CHATBOT and filed.get_source_display() == "чат-бот"
    services.appeal_create(actor=resident, community=community, category_code=category.code, description="Ліхтар",
                           lat=49.595, lon=34.555)  # the web form's, for contrast
    channels = {row.label: row.total for row in dashboard(community=community)["by_channel"]}
    assert channels == {str(Source.CHATBOT.label): 1, str(Channel.WEB.label): 1}
    assert "чат-бот" in web(community).get("appeals/dashboard/").content.decode()
    admin = Client()
    admin.force_login(community_admin)
    listed = admin.get("/admin/appeals/appeal/", {"source__exact": "chatbot"}).content.decode()
    assert filed.registration_index in listed and Appeal.objects.exclude(pk=filed.pk).get().registration_index \
        not in listed


def test_a_photo_sent_in_the_web_chat_is_attached(community, resident, category):
    chat = Chat(community, resident, channel="web")
    file_until_confirm(chat, category, photo=web.store_photo(community, upload(jpeg_bytes(exif_gps=True))))
    replies = chat.press("appeals:send")
    appeal = Appeal.objects.get()
    assert appeal.photos.count() == 1 and len(replies) == 1


def test_a_refused_filing_keeps_the_draft_and_asks_again(community, resident, category):
    chat = Chat(community, resident)
    file_until_confirm(chat, category)
    other = make_category(community, "roads")
    category.is_active = False
    category.save()
    replies = chat.press("appeals:send")
    assert not Appeal.objects.exists()
    assert chat.state["text"] == "Не світить ліхтар біля школи" and chat.state["step"] == "category"
    assert replies[0].text
    replies = chat.press(f"appeals:cat:{other.pk}")
    assert "appeals:send" in payloads(replies)  # straight back to the confirmation, the rest kept
    chat.press("appeals:send")
    assert Appeal.objects.get().category == other


def test_filing_needs_a_linked_account(community, category):
    chat = Chat(community, None)
    assert payloads(chat.press("appeals:new")) == ["link:start"]


def test_filing_needs_a_confirmed_email(community, category):
    unconfirmed = make_user(verified=False)
    chat = Chat(community, unconfirmed)
    file_until_confirm(chat, category)
    replies = chat.press("appeals:send")
    assert not Appeal.objects.exists() and replies[0].text


def test_too_long_text_is_refused_before_the_service(community, resident, category):
    chat = Chat(community, resident)
    chat.press("appeals:new")
    chat.press(f"appeals:cat:{category.pk}")
    chat.send(text="x" * 5000)
    assert chat.state["step"] == "text"


def test_my_appeals_show_status_and_reopen_or_fixed(community, resident, category, department):
    official = make_member(community, Role.OFFICIAL, department=department)
    appeal = make_appeal(community, resident, category)
    services.appeal_assign(actor=official, community=community, appeal_id=appeal.pk, owner_id=official.pk)
    services.appeal_answer(actor=official, community=community, appeal_id=appeal.pk, text="Лампу замінено.")
    chat = Chat(community, resident)
    assert payloads(chat.press("appeals:mine:1")) == [f"appeals:show:{appeal.pk}"]
    replies = chat.press(f"appeals:show:{appeal.pk}")
    assert "Лампу замінено." in replies[0].text
    assert set(payloads(replies)) == {f"appeals:fixed:{appeal.pk}", f"appeals:reopen:{appeal.pk}"}
    chat.press(f"appeals:fixed:{appeal.pk}")
    appeal.refresh_from_db()
    assert appeal.rating == 5
    chat.press(f"appeals:reopen:{appeal.pk}")
    assert chat.state["step"] == "reason"
    chat.send(text="Знову не світить")
    appeal.refresh_from_db()
    assert appeal.status in (Status.ASSIGNED, Status.REGISTERED) and appeal.reopened_count == 1


def test_someone_elses_or_another_communitys_appeal_is_not_found(community, other_community, resident, category):
    appeal = make_appeal(community, resident, category, public=False)
    stranger = make_member(other_community, Role.RESIDENT, strong=True)
    for chat in (Chat(other_community, stranger), Chat(community, make_member(community, Role.RESIDENT))):
        for action in ("show", "fixed", "reopen"):
            replies = chat.press(f"appeals:{action}:{appeal.pk}")
            assert appeal.description not in replies[0].text
    appeal.refresh_from_db()
    assert appeal.rating is None and appeal.reopened_count == 0


def test_stale_buttons_and_stray_messages_get_a_helpful_reply(community, resident, category):
    chat = Chat(community, resident)
    assert chat.press("appeals:send")[0].text
    assert chat.press("appeals:cat:999999")[0].text
    assert chat.send(Kind.PHOTO, photo=Photo(channel_ref="x"))[0].text
    assert not Appeal.objects.exists()


def test_filing_through_the_engine(community, resident, category):
    """The draft lives in the engine's stored chat state between the messages."""
    from hromada.assistant.engine.dispatch import web_message

    def send(**fields):
        return web_message(community, "e2e", Incoming(channel="web", chat_id="e2e", **fields), user=resident)

    send(kind=Kind.BUTTON, payload="appeals:new")
    send(kind=Kind.BUTTON, payload=f"appeals:cat:{category.pk}")
    send(kind=Kind.TEXT, text="Яма на дорозі")
    send(kind=Kind.LOCATION, latitude=49.595, longitude=34.555)
    send(kind=Kind.BUTTON, payload="appeals:skip")
    replies = send(kind=Kind.BUTTON, payload="appeals:send")
    appeal = Appeal.objects.get()
    assert appeal.description == "Яма на дорозі" and appeal.registration_index in replies[0].text
