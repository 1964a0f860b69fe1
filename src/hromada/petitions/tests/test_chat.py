"""The petitions chat command, driven directly: browse, search, read, sign through the signing service, refusals."""

from __future__ import annotations

import pytest
from conftest import make_member

from hromada.assistant.engine.types import DialogContext, Incoming, Kind
from hromada.core.identity.models import Role
from hromada.core.tenancy.services import community_set_capabilities
from hromada.petitions.chat import PetitionsDialog, search_petitions
from hromada.petitions.models import Signature

from .factories import collecting, set_settings

pytestmark = pytest.mark.django_db


def talk(community, user=None, state=None, *, payload="", text="", kind=None):
    context = DialogContext(community=community, channel="telegram", chat_id="1", user=user, state=state or {})
    kind = kind or (Kind.BUTTON if payload else Kind.TEXT)
    replies = PetitionsDialog(context).start(Incoming(channel="telegram", chat_id="1", kind=kind, text=text,
                                                      payload=payload))
    return replies, context


def payloads(reply) -> list[str]:
    return [button.payload for row in reply.buttons for button in row]


@pytest.fixture
def petition(community, resident):
    return collecting(community, resident)


def test_browse_lists_collecting_petitions_with_more_pages(community, resident):
    petitions = [collecting(community, resident, title=f"Петиція номер {n}") for n in range(7)]
    replies, _ = talk(community, kind=Kind.COMMAND, text="petitions")
    assert f"petitions:read:{petitions[-1].pk}" in payloads(replies[0])
    assert "petitions:list:2" in payloads(replies[0])
    replies, _ = talk(community, payload="petitions:list:2")
    assert f"petitions:read:{petitions[0].pk}" in payloads(replies[0])
    assert "petitions:list:3" not in payloads(replies[0])


def test_search_finds_by_words_and_is_the_free_text_search(community, petition):
    assert search_petitions(community, "велодоріжка", language="uk", limit=5) == [
        (petition.title, f"petitions:read:{petition.pk}")]
    assert search_petitions(community, "космодром", language="uk", limit=5) == []
    replies, context = talk(community, payload="petitions:find")
    assert context.state["awaiting"] == "query"
    replies, context = talk(community, state=context.state, text="велодоріжку")
    assert payloads(replies[0]) == [f"petitions:read:{petition.pk}"]


def test_read_shows_count_threshold_and_link(community, petition):
    replies, _ = talk(community, payload=f"petitions:read:{petition.pk}")
    assert petition.title in replies[0].text
    assert f"0 з {petition.threshold}" in replies[0].text or f"0 of {petition.threshold}" in replies[0].text
    assert replies[0].link.url.endswith(f"/petitions/{petition.pk}/")
    assert f"petitions:sign:{petition.pk}" in payloads(replies[0])


def test_sign_with_a_linked_strong_account_counts_once(community, petition):
    signer = make_member(community, Role.RESIDENT, strong=True)
    replies, _ = talk(community, signer, payload=f"petitions:sign:{petition.pk}")
    assert f"petitions:signok:{petition.pk}" in payloads(replies[0])
    replies, _ = talk(community, signer, payload=f"petitions:signok:{petition.pk}")
    assert Signature.objects.filter(petition=petition, user=signer).count() == 1
    replies, _ = talk(community, signer, payload=f"petitions:signok:{petition.pk}")
    assert Signature.objects.filter(petition=petition, user=signer).count() == 1
    assert "вже підписали" in replies[0].text or "already signed" in replies[0].text


def test_sign_without_a_link_offers_linking(community, petition):
    replies, _ = talk(community, None, payload=f"petitions:signok:{petition.pk}")
    assert payloads(replies[0]) == ["link:start"]
    assert not Signature.objects.filter(petition=petition).exists()


def test_sign_with_too_low_identity_points_to_the_site(community, petition):
    weak = make_member(community, Role.RESIDENT)  # email only; the petition needs strong identity
    replies, _ = talk(community, weak, payload=f"petitions:signok:{petition.pk}")
    assert not Signature.objects.filter(petition=petition).exists()
    assert replies[0].link.url.endswith(f"/petitions/{petition.pk}/")


def test_email_level_community_lets_a_verified_email_sign(community, resident):
    set_settings(community, identity_level="email")
    petition = collecting(community, resident)
    weak = make_member(community, Role.RESIDENT)
    talk(community, weak, payload=f"petitions:signok:{petition.pk}")
    assert Signature.objects.filter(petition=petition, user=weak).exists()


def test_another_communitys_petition_is_not_found(community, other_community, petition):
    signer = make_member(other_community, Role.RESIDENT, strong=True)
    for action in ("read", "sign", "signok"):
        replies, _ = talk(other_community, signer, payload=f"petitions:{action}:{petition.pk}")
        assert petition.title not in replies[0].text
    assert not Signature.objects.filter(petition=petition).exists()
    replies, _ = talk(community, payload="petitions:read:not-a-number")
    assert replies[0].text


def test_disabled_capability_answers_politely(community, petition):
    admin = make_member(community, Role.ADMIN)
    community_set_capabilities(actor=admin, community=community,
                               enabled=[slug for slug in community.enabled_capabilities if slug != "petitions"])
    community.refresh_from_db()
    replies, context = talk(community, payload=f"petitions:read:{petition.pk}")
    assert context.finished and replies[0].text


def test_signing_through_the_engine(community, petition):
    """The engine routes /petitions and the buttons to this dialog and keeps its state between messages."""
    from hromada.assistant.engine.dispatch import web_message

    signer = make_member(community, Role.RESIDENT, strong=True)
    replies = web_message(community, "e2e", Incoming(channel="web", chat_id="e2e", kind=Kind.COMMAND,
                                                     text="petitions"), user=signer)
    assert f"petitions:read:{petition.pk}" in payloads(replies[0])
    for action in ("read", "sign", "signok"):
        replies = web_message(community, "e2e", Incoming(channel="web", chat_id="e2e", kind=Kind.BUTTON,
                                                         payload=f"petitions:{action}:{petition.pk}"), user=signer)
    assert Signature.objects.filter(petition=petition, user=signer).exists()
