"""The services chat command, driven directly: categories, a category's services, one service with fee, term and
where, the catalogue search; hidden services and another community's are never shown."""

from __future__ import annotations

import pytest

from hromada.assistant.engine.types import DialogContext, Incoming, Kind
from hromada.core.identity.actors import SYSTEM
from hromada.services import services
from hromada.services.chat import ServicesDialog, search_services

from .factories import make_service

pytestmark = pytest.mark.django_db


def talk(community, *, payload="", text="", kind=None):
    context = DialogContext(community=community, channel="telegram", chat_id="1", state={})
    kind = kind or (Kind.BUTTON if payload else Kind.TEXT)
    return ServicesDialog(context).start(Incoming(channel="telegram", chat_id="1", kind=kind, text=text,
                                                  payload=payload))


def payloads(replies) -> list[str]:
    return [button.payload for reply in replies for row in reply.buttons for button in row if button.payload]


@pytest.fixture
def catalogue(community):
    category = services.category_create(actor=SYSTEM, community=community, title="Реєстрація")
    service = make_service(community, category_id=category.pk, where="ЦНАП, вул. Соборна, 1",
                           documents="Паспорт; заява")
    hidden = make_service(community, title="Прихована послуга", category_id=category.pk, is_public=False)
    return category, service, hidden


def test_categories_then_services_then_one_service(community, catalogue):
    category, service, hidden = catalogue
    assert f"services:cat:{category.pk}" in payloads(talk(community, kind=Kind.COMMAND, text="services"))
    replies = talk(community, payload=f"services:cat:{category.pk}")
    assert f"services:show:{service.pk}" in payloads(replies)
    assert f"services:show:{hidden.pk}" not in payloads(replies)
    replies = talk(community, payload=f"services:show:{service.pk}")
    text = replies[0].text
    assert service.title in text and "30" in text and "5" in text and "Соборна" in text and "Паспорт" in text
    assert replies[0].link.url.endswith(f"/services/{service.pk}/")


def test_search_is_the_catalogues_search(community, catalogue):
    _category, service, _hidden = catalogue
    assert search_services(community, "реєстрація місця", language="uk", limit=5) == [
        (service.title, f"services:show:{service.pk}")]
    assert search_services(community, "прихована", language="uk", limit=5) == []
    assert payloads(talk(community, text="місця проживання")) == [f"services:show:{service.pk}"]


def test_hidden_foreign_and_bad_ids_are_not_found(community, other_community, catalogue):
    _category, service, hidden = catalogue
    assert hidden.title not in talk(community, payload=f"services:show:{hidden.pk}")[0].text
    assert service.title not in talk(other_community, payload=f"services:show:{service.pk}")[0].text
    assert talk(community, payload="services:show:abc")[0].text
    assert talk(other_community, payload="services:cat:abc")[0].text


def test_browsing_through_the_engine(community, catalogue):
    from hromada.assistant.engine.dispatch import web_message

    category, service, _hidden = catalogue
    replies = web_message(community, "e2e", Incoming(channel="web", chat_id="e2e", kind=Kind.COMMAND,
                                                     text="services"))
    assert f"services:cat:{category.pk}" in payloads(replies)
    replies = web_message(community, "e2e", Incoming(channel="web", chat_id="e2e", kind=Kind.BUTTON,
                                                     payload=f"services:show:{service.pk}"))
    assert service.title in replies[0].text
