"""The news chat command, driven directly: newest first with older pages, one item with its link, search;
drafts, scheduled items and another community's news are never shown."""

from __future__ import annotations

import pytest

from hromada.assistant.engine.types import DialogContext, Incoming, Kind
from hromada.core.identity.actors import SYSTEM
from hromada.site import services
from hromada.site.chat import NewsDialog, search_news

from .factories import news, scheduled

pytestmark = pytest.mark.django_db


def talk(community, *, payload="", text="", kind=None):
    context = DialogContext(community=community, channel="telegram", chat_id="1", state={})
    kind = kind or (Kind.BUTTON if payload else Kind.TEXT)
    return NewsDialog(context).start(Incoming(channel="telegram", chat_id="1", kind=kind, text=text, payload=payload))


def payloads(replies) -> list[str]:
    return [button.payload for reply in replies for row in reply.buttons for button in row]


def test_newest_first_with_older_pages(community):
    items = [news(community, f"Новина {n}", days_ago=10 - n) for n in range(7)]
    replies = talk(community, kind=Kind.COMMAND, text="news")
    assert payloads(replies)[0] == f"news:read:{items[-1].pk}" and "news:list:2" in payloads(replies)
    replies = talk(community, payload="news:list:2")
    assert payloads(replies) == [f"news:read:{items[1].pk}", f"news:read:{items[0].pk}"]


def test_one_item_is_shortened_with_a_link(community):
    item = news(community, "Ремонт мосту", summary="Міст закрито на тиждень.", body="Слово " * 400)
    replies = talk(community, payload=f"news:read:{item.pk}")
    assert "Ремонт мосту" in replies[0].text and "Міст закрито" in replies[0].text
    assert len(replies[0].text) < 1300
    assert replies[0].link.url.endswith(f"/news/{item.pk}/")


def test_search_finds_published_news_only(community):
    item = news(community, "Ремонт мосту")
    draft = services.news_create(actor=SYSTEM, community=community, title="Ремонт мосту (чернетка)",
                                 is_draft=True)
    later = scheduled(community, "Ремонт мосту наступного тижня")
    assert search_news(community, "мосту", language="uk", limit=5) == [(item.title, f"news:read:{item.pk}")]
    assert payloads(talk(community, text="ремонт")) == [f"news:read:{item.pk}"]
    for hidden in (draft, later):
        assert hidden.title not in talk(community, payload=f"news:read:{hidden.pk}")[0].text


def test_another_communitys_news_and_bad_ids_are_not_found(community, other_community):
    item = news(other_community, "Чужа новина")
    assert "Чужа" not in talk(community, payload=f"news:read:{item.pk}")[0].text
    assert talk(community, payload="news:read:abc")[0].text
    assert talk(community)[0].text  # no news yet: a plain answer


def test_reading_through_the_engine(community):
    from hromada.assistant.engine.dispatch import web_message

    item = news(community, "Ремонт мосту")
    replies = web_message(community, "e2e", Incoming(channel="web", chat_id="e2e", kind=Kind.COMMAND, text="news"))
    assert payloads(replies) == [f"news:read:{item.pk}"]
    replies = web_message(community, "e2e", Incoming(channel="web", chat_id="e2e", kind=Kind.BUTTON,
                                                     payload=f"news:read:{item.pk}"))
    assert "Ремонт мосту" in replies[0].text
