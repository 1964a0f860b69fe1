"""The assistant's own dialogs, driven directly with a DialogContext (the engine is tested in test_engine.py):
FAQ topics -> questions -> answer, the free-text search over the FAQ and the capabilities' searches, contacts
and hours from the site or the community, the social card without a provider, linking and unlinking; each with
wrong input, stale buttons, no link and a disabled capability."""

from __future__ import annotations

import pytest
from conftest import make_community, make_member, make_user
from django.utils import translation

from hromada.assistant import faq
from hromada.assistant.dialogs.contacts import ContactsDialog
from hromada.assistant.dialogs.faq import FaqDialog, SearchDialog
from hromada.assistant.dialogs.link import LinkDialog, UnlinkDialog
from hromada.assistant.dialogs.socialcard import SocialCardDialog
from hromada.assistant.engine.types import DialogContext, Incoming, Kind
from hromada.assistant.linking import link_code_issue
from hromada.assistant.models import Chat
from hromada.core import capabilities
from hromada.core.capabilities import CapabilityManifest, ChatCommand
from hromada.core.identity.actors import SYSTEM

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The replies' wording is checked in English (Ukrainian is the chats' default)."""
    with translation.override("en"):
        yield


def context(community, *, user=None, state=None, chat=None) -> DialogContext:
    return DialogContext(community=community, channel="telegram", chat_id="4242", user=user, state=state or {},
                         chat_ref=chat)


def text(value: str) -> Incoming:
    return Incoming(channel="telegram", chat_id="4242", kind=Kind.TEXT, text=value)


def button(payload: str) -> Incoming:
    return Incoming(channel="telegram", chat_id="4242", kind=Kind.BUTTON, payload=payload)


def command(name: str, argument: str = "") -> Incoming:
    return Incoming(channel="telegram", chat_id="4242", kind=Kind.COMMAND, text=name, argument=argument)


def payloads(reply) -> list[str]:
    return [b.payload for row in reply.buttons for b in row if b.payload]


def labels(reply) -> list[str]:
    return [b.label for row in reply.buttons for b in row]


@pytest.fixture
def faq_data(community):
    certificates = faq.faq_topic_create(actor=SYSTEM, community=community, title="Довідки", order=1)
    water = faq.faq_topic_create(actor=SYSTEM, community=community, title="Вода і тепло", order=2)
    entries = {
        "residence": faq.faq_entry_create(
            actor=SYSTEM, community=community, topic_id=certificates.pk,
            question="Як отримати довідку про місце проживання?", keywords="реєстрація, прописка",
            answer="Зверніться до **ЦНАП** з паспортом. Довідку видають *того ж дня*."),
        "draft": faq.faq_entry_create(actor=SYSTEM, community=community, topic_id=certificates.pk,
                                      question="Чернетка про довідку", answer="Ще не готово.", is_published=False),
        "outage": faq.faq_entry_create(actor=SYSTEM, community=community, topic_id=water.pk,
                                       question="Куди повідомити про відсутність води?",
                                       answer="Телефонуйте диспетчеру водоканалу: 15-80.", keywords="аварія"),
    }
    return {"certificates": certificates, "water": water, **entries}


# --- FAQ ---------------------------------------------------------------------------------------------------------


def test_faq_topics_questions_and_an_answer(community, faq_data):
    ctx = context(community)
    [topics] = FaqDialog(ctx).start(command("faq"))
    assert payloads(topics)[:2] == [f"faq:topic:{faq_data['certificates'].pk}", f"faq:topic:{faq_data['water'].pk}"]
    [questions] = FaqDialog(ctx).handle(button(f"faq:topic:{faq_data['certificates'].pk}"))
    assert questions.text == "Довідки"
    assert f"faq:entry:{faq_data['residence'].pk}" in payloads(questions)
    assert f"faq:entry:{faq_data['draft'].pk}" not in payloads(questions)  # a draft is never shown
    [answer] = FaqDialog(ctx).handle(button(f"faq:entry:{faq_data['residence'].pk}"))
    assert answer.text.startswith("Як отримати довідку") and "Зверніться до ЦНАП з паспортом" in answer.text
    assert "**" not in answer.text  # Markdown becomes plain text for the chat
    assert answer.link is not None and answer.link.url.endswith("/c/alpha/assistant/faq/")
    assert f"faq:topic:{faq_data['certificates'].pk}" in payloads(answer) and "menu:open" in payloads(answer)


def test_faq_long_topics_are_paged(community):
    topic = faq.faq_topic_create(actor=SYSTEM, community=community, title="Багато")
    for n in range(11):
        faq.faq_entry_create(actor=SYSTEM, community=community, topic_id=topic.pk, question=f"Питання {n}",
                             answer="Відповідь", order=n)
    [first] = FaqDialog(context(community)).start(button(f"faq:topic:{topic.pk}"))
    assert f"faq:topic:{topic.pk}-2" in payloads(first) and len([p for p in payloads(first) if "entry" in p]) == 8
    [second] = FaqDialog(context(community)).start(button(f"faq:topic:{topic.pk}-2"))
    assert len([p for p in payloads(second) if "entry" in p]) == 3 and f"faq:topic:{topic.pk}-3" not in payloads(second)


@pytest.mark.parametrize("payload", ["faq:entry:999999", "faq:entry:abc", "faq:topic:999999", "faq:topic:x-y",
                                     "faq:topic:1-999"])
def test_faq_stale_or_forged_buttons_get_the_topics_again(community, faq_data, payload):
    [reply] = FaqDialog(context(community)).handle(button(payload))
    assert "no longer" in reply.text and f"faq:topic:{faq_data['certificates'].pk}" in payloads(reply)


def test_faq_entries_of_another_community_and_drafts_are_stale(community, faq_data):
    other = make_community("gamma")
    [reply] = FaqDialog(context(other)).handle(button(f"faq:entry:{faq_data['residence'].pk}"))
    assert "no longer" not in reply.text or "Довідки" not in labels(reply)
    assert "ЦНАП" not in reply.text
    [draft] = FaqDialog(context(community)).handle(button(f"faq:entry:{faq_data['draft'].pk}"))
    assert "no longer available" in draft.text


def test_faq_without_entries_says_so_and_finishes(community):
    ctx = context(community)
    [reply] = FaqDialog(ctx).start(command("faq"))
    assert "no questions" in reply.text and payloads(reply) == ["menu:open"] and ctx.finished


def test_typing_while_browsing_the_faq_hands_over_to_the_search(community, faq_data):
    ctx = context(community, state={})
    assert FaqDialog(ctx).handle(text("довідка")) == [] and ctx.next_command == "search" and ctx.finished


# --- search ------------------------------------------------------------------------------------------------------


def test_search_finds_faq_entries_whatever_the_word_ending_and_apostrophe(community, faq_data):
    for query in ("довідку", "ДОВІДКА про проживання", "прописку", "де взяти довідки"):
        ctx = context(community)
        [reply] = SearchDialog(ctx).start(text(query))
        assert f"faq:entry:{faq_data['residence'].pk}" in payloads(reply), query
        assert f"faq:entry:{faq_data['draft'].pk}" not in payloads(reply)
        assert ctx.finished
    assert faq.normalise("Обʼєкт Об’єкт Об'єкт Ґанок") == "об'єкт об'єкт об'єкт ганок"


def test_search_merges_every_enabled_capabilitys_search(community, faq_data, monkeypatch):
    monkeypatch.setitem(capabilities._registry, SEARCHING.slug, SEARCHING)
    community.enabled_capabilities = [*community.enabled_capabilities, SEARCHING.slug]
    [reply] = SearchDialog(context(community)).start(text("вода"))
    assert f"faq:entry:{faq_data['outage'].pk}" in payloads(reply)
    assert "found:show:вода" in payloads(reply)  # the test capability's result
    # A capability's failing search leaves the others' results; a disabled capability is not asked.
    community.enabled_capabilities = [s for s in community.enabled_capabilities if s != SEARCHING.slug]
    [reply] = SearchDialog(context(community)).start(text("вода"))
    assert "found:show:вода" not in payloads(reply) and f"faq:entry:{faq_data['outage'].pk}" in payloads(reply)


def test_a_failing_capability_search_does_not_break_the_search(community, faq_data, monkeypatch):
    monkeypatch.setitem(capabilities._registry, BROKEN.slug, BROKEN)
    community.enabled_capabilities = [*community.enabled_capabilities, BROKEN.slug]
    [reply] = SearchDialog(context(community)).start(text("вода"))
    assert f"faq:entry:{faq_data['outage'].pk}" in payloads(reply)


@pytest.mark.parametrize("query", ["квантова хромодинаміка", "як і де", "???", "x" * 5000])
def test_nothing_found_says_so_with_the_menu(community, faq_data, query):
    ctx = context(community)
    [reply] = SearchDialog(ctx).start(text(query))
    assert ("nothing" in reply.text or "Type a few words" in reply.text) and "faq:start" in payloads(reply)
    assert ctx.finished and len(reply.text) < 400


def test_the_search_button_asks_for_words_then_searches(community, faq_data):
    ctx = context(community)
    [ask] = SearchDialog(ctx).start(button("search:start"))
    assert "What are you looking for" in ask.text and ctx.state == {"step": "query"} and not ctx.finished
    [reply] = SearchDialog(ctx).handle(text("аварія"))
    assert f"faq:entry:{faq_data['outage'].pk}" in payloads(reply)
    [by_command] = SearchDialog(context(community)).start(command("search", "довідка"))
    assert f"faq:entry:{faq_data['residence'].pk}" in payloads(by_command)


# --- contacts ----------------------------------------------------------------------------------------------------


def test_contacts_from_the_site_with_reception_hours(community):
    from hromada.site import services as site

    site.site_profile_update(actor=SYSTEM, community=community, contacts="**ЦНАП**: вул. Соборна, 1, тел. 0800 000 000")
    site.official_create(actor=SYSTEM, community=community, name="Олена Коваль", position="Міська голова",
                         reception_hours="пн 10:00–12:00")
    ctx = context(community)
    [reply] = ContactsDialog(ctx).start(command("contacts"))
    assert "ЦНАП: вул. Соборна, 1" in reply.text and "Олена Коваль, Міська голова: пн 10:00–12:00" in reply.text
    assert reply.link is not None and reply.link.url.endswith("/c/alpha/site/contacts/") and ctx.finished


def test_contacts_without_the_site_are_the_communitys_own(community):
    community.enabled_capabilities = [s for s in community.enabled_capabilities if s != "site"]
    community.phone, community.email, community.address = "+380 44 000 00 00", "rada@example.ua", "вул. Центральна, 5"
    [reply] = ContactsDialog(context(community)).start(command("contacts"))
    assert "+380 44 000 00 00" in reply.text and "rada@example.ua" in reply.text and reply.link is None
    community.phone = community.email = community.address = ""
    [empty] = ContactsDialog(context(community)).start(command("contacts"))
    assert "has not published its contacts" in empty.text


# --- social card -------------------------------------------------------------------------------------------------


def test_socialcard_without_a_provider_says_not_connected_with_the_contacts(community, settings):
    settings.HROMADA_SOCIAL_CARD_PROVIDER = ""
    community.phone = "+380 44 000 00 00"
    [reply] = SocialCardDialog(context(community, user=make_user())).start(command("socialcard"))
    assert "not connected" in reply.text and "+380 44 000 00 00" in reply.text
    assert not any(ch.isdigit() for ch in reply.text.split("+380")[0])  # no figure pretending to be a balance


def test_socialcard_needs_a_linked_account(community):
    [reply] = SocialCardDialog(context(community)).start(command("socialcard"))
    assert "Link this chat" in reply.text and "link:start" in payloads(reply)


# --- link and unlink ---------------------------------------------------------------------------------------------


@pytest.fixture
def chat(community):
    return Chat.objects.create(community=community, channel="telegram", chat_id="4242")


def test_link_by_typing_the_code(community, chat):
    person = make_member(community, name="Олена Петренко")
    code = link_code_issue(actor=person, community=community).code
    ctx = context(community, chat=chat)
    [ask] = LinkDialog(ctx).start(command("link"))
    assert "code" in ask.text and ctx.state == {"step": "code"}
    assert any(b.url.endswith("/c/alpha/assistant/link/") for row in ask.buttons for b in row if b.url)
    [done] = LinkDialog(ctx).handle(text(f" {code[:4].lower()}-{code[4:]} "))  # as typed on a phone
    assert "Олена Петренко" in done.text and ctx.finished and ctx.user == person
    assert Chat.objects.get(pk=chat.pk).user == person


def test_link_by_the_deep_link_and_a_wrong_code(community, chat):
    person = make_member(community)
    code = link_code_issue(actor=person, community=community).code
    ctx = context(community, chat=chat)
    [wrong] = LinkDialog(ctx).start(Incoming(channel="telegram", chat_id="4242", kind=Kind.START,
                                             argument="link-ABCDEFGH"))
    assert "wrong or has expired" in wrong.text and Chat.objects.get(pk=chat.pk).user is None
    [gibberish] = LinkDialog(ctx).handle(text("привіт"))
    assert "wrong or has expired" in gibberish.text and not ctx.finished
    [done] = LinkDialog(context(community, chat=chat)).start(
        Incoming(channel="telegram", chat_id="4242", kind=Kind.START, argument=f"link-{code}"))
    assert "linked" in done.text and Chat.objects.get(pk=chat.pk).user == person
    # The code works once.
    other_chat = Chat.objects.create(community=community, channel="viber", chat_id="v1")
    [again] = LinkDialog(context(community, chat=other_chat)).start(command("link", code))
    assert "wrong or has expired" in again.text and Chat.objects.get(pk=other_chat.pk).user is None


def test_a_linked_chat_offers_unlinking_and_unlinks(community, chat):
    person = make_member(community)
    chat.user = person
    chat.save()
    ctx = context(community, user=person, chat=chat)
    [linked] = LinkDialog(ctx).start(command("link"))
    assert "link:unlink" in payloads(linked)
    [question] = LinkDialog(ctx).start(button("link:unlink"))
    assert "link:unlink_yes" in payloads(question)
    [done] = LinkDialog(context(community, user=person, chat=chat)).start(button("link:unlink_yes"))
    assert "no longer linked" in done.text and Chat.objects.get(pk=chat.pk).user is None
    # A stale "yes" (already unlinked) is a plain answer, not an error.
    [stale] = LinkDialog(context(community, chat=Chat.objects.get(pk=chat.pk))).start(button("link:unlink_yes"))
    assert "not linked" in stale.text


def test_unlink_command_without_a_link(community, chat):
    ctx = context(community, chat=chat)
    [reply] = UnlinkDialog(ctx).start(command("unlink"))
    assert "not linked" in reply.text and ctx.finished


# --- test-only capabilities with a search ------------------------------------------------------------------------


def found_search(community, query, *, language, limit):
    return [(f"Знайдено: {query}", f"found:show:{query}")][:limit]


def broken_search(community, query, *, language, limit):
    raise RuntimeError("the index is gone")


SEARCHING = CapabilityManifest(
    slug="searchtest", name="Search test", description="Test only.", nav=False,
    chat_commands=(ChatCommand("found", "Found", "hromada.assistant.dialogs.faq.FaqDialog",
                               search="hromada.assistant.tests.test_dialogs.found_search"),))
BROKEN = CapabilityManifest(
    slug="brokentest", name="Broken test", description="Test only.", nav=False,
    chat_commands=(ChatCommand("broken", "Broken", "hromada.assistant.dialogs.faq.FaqDialog",
                               search="hromada.assistant.tests.test_dialogs.broken_search"),))
