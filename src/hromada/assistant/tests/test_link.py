"""Linking a chat to an account: the "Chat bots" page (a one-time code shown once, the bots' deep links, the linked
chats with Unlink), the code's rules (hashed, 15 minutes, once, rate-limited issuing and guessing), the audit,
and a real Telegram deep link posted to the webhook and answered through the Bot API emulator."""

from __future__ import annotations

from datetime import timedelta

import pytest
from conftest import make_member
from django.test import Client
from django.utils import timezone, translation

from hromada.assistant.linking import REDEEM_RATE, chat_unlink, link_code_issue, link_code_redeem
from hromada.assistant.models import Chat, LinkCode
from hromada.core.audit.models import AuditEvent
from hromada.core.errors import NotFound, PermissionDenied, RateLimited, ValidationFailed
from hromada.core.tenancy.selectors import invalidate_community_cache

from .conftest import post_telegram, tg_message

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The replies' wording is checked in English (Ukrainian is the chats' default)."""
    with translation.override("en"):
        yield


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_page_shows_a_code_once_and_the_deep_links(community, viber):
    person = make_member(community)
    client = _client(person)
    page = client.get("/c/alpha/assistant/link/")
    assert page.status_code == 200 and 'action="/c/alpha/assistant/link/code/"' in page.content.decode()
    response = client.post("/c/alpha/assistant/link/code/")
    body = response.content.decode()
    code = LinkCode.objects.get(user=person)
    assert response.status_code == 200 and code.code_hash not in body
    shown = body.split('<strong class="link-code"><code>')[1][:8]
    assert len(shown) == 8 and shown not in code.code_hash
    assert f"viber://pa?chatURI=Громада&amp;context=link-{shown}" in body
    assert shown not in client.get("/c/alpha/assistant/link/").content.decode()  # shown once, never stored
    assert AuditEvent.objects.filter(action="assistant.link_code.issued", actor_id=person.pk).count() == 1


def test_the_page_needs_a_sign_in_and_the_capability(community, client):
    assert client.get("/c/alpha/assistant/link/").status_code == 302
    person = make_member(community)
    community.enabled_capabilities = [s for s in community.enabled_capabilities if s != "assistant"]
    community.save()
    invalidate_community_cache()
    assert _client(person).get("/c/alpha/assistant/link/").status_code == 404
    with pytest.raises(PermissionDenied):
        link_code_issue(actor=person, community=community)


def test_a_new_code_replaces_the_old_one_and_codes_expire(community, time_machine):
    person = make_member(community)
    chat = Chat.objects.create(community=community, channel="telegram", chat_id="1")
    first = link_code_issue(actor=person, community=community).code
    second = link_code_issue(actor=person, community=community).code
    with pytest.raises(ValidationFailed):
        link_code_redeem(actor=None, community=community, chat=chat, code=first)
    time_machine.move_to(timezone.now() + timedelta(minutes=16))
    with pytest.raises(ValidationFailed):
        link_code_redeem(actor=None, community=community, chat=chat, code=second)
    assert Chat.objects.get(pk=chat.pk).user is None


def test_a_code_of_another_community_does_not_link(community, other_community):
    person = make_member(community)
    code = link_code_issue(actor=person, community=community).code
    chat = Chat.objects.create(community=other_community, channel="telegram", chat_id="1")
    with pytest.raises(ValidationFailed):
        link_code_redeem(actor=None, community=other_community, chat=chat, code=code)
    with pytest.raises(NotFound):  # and a chat is redeemed only in its own community
        link_code_redeem(actor=None, community=community, chat=chat, code=code)


def test_guessing_is_rate_limited_per_chat(community, frozen_clock):
    person = make_member(community)
    chat = Chat.objects.create(community=community, channel="telegram", chat_id="1")
    code = link_code_issue(actor=person, community=community).code
    for _attempt in range(int(REDEEM_RATE.split("/")[0])):
        with pytest.raises(ValidationFailed):
            link_code_redeem(actor=None, community=community, chat=chat, code="AAAAAAAA")
    with pytest.raises(RateLimited):  # even the right code waits now
        link_code_redeem(actor=None, community=community, chat=chat, code=code)
    other = Chat.objects.create(community=community, channel="telegram", chat_id="2")
    assert link_code_redeem(actor=None, community=community, chat=other, code=code).user == person


def test_issuing_is_rate_limited(community, frozen_clock):
    person = make_member(community)
    client = _client(person)
    statuses = [client.post("/c/alpha/assistant/link/code/").status_code for _ in range(7)]
    assert statuses == [200] * 6 + [429]


def test_unlink_on_the_page_only_ones_own_chats(community):
    person, stranger = make_member(community), make_member(community)
    chat = Chat.objects.create(community=community, channel="telegram", chat_id="1", user=person)
    assert f'action="/c/alpha/assistant/link/{chat.pk}/unlink/"' in _client(person).get(
        "/c/alpha/assistant/link/").content.decode()
    _client(stranger).post(f"/c/alpha/assistant/link/{chat.pk}/unlink/")
    assert Chat.objects.get(pk=chat.pk).user == person
    with pytest.raises(NotFound):
        chat_unlink(actor=stranger, community=community, chat_id=chat.pk)
    response = _client(person).post(f"/c/alpha/assistant/link/{chat.pk}/unlink/")
    assert response.status_code == 302 and Chat.objects.get(pk=chat.pk).user is None
    assert AuditEvent.objects.filter(action="assistant.chat.unlinked", actor_id=person.pk).exists()


def test_the_profile_links_to_the_chat_bots_page(community):
    person = make_member(community)
    assert "/c/alpha/assistant/link/" in _client(person).get("/c/alpha/profile/").content.decode()


def test_a_telegram_deep_link_links_the_chat_end_to_end(community, telegram, bot_api,
                                                        django_capture_on_commit_callbacks):
    person = make_member(community, name="Олена Петренко")
    code = link_code_issue(actor=person, community=community).code
    with django_capture_on_commit_callbacks(execute=True):
        response = post_telegram(Client(), community, tg_message(text=f"/start link-{code}"),
                                 secret=telegram.webhook_secret)
    assert response.status_code == 200
    assert Chat.objects.get(community=community, channel="telegram", chat_id="4242").user == person
    [call] = bot_api.calls("sendMessage")
    assert "Олена Петренко" in call["text"]
    assert AuditEvent.objects.filter(action="assistant.chat.linked", actor_id=person.pk).exists()
