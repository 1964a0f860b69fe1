"""ID.GOV.UA's OAuth 2.0 flow through IdGovUaProtocol against the emulator, a real HTTP server in its own process:
consent driven over HTTP, one-use short-lived codes, token checks, user info with the requested fields, and the
encrypted answer opened by a test double of the operator's crypto module."""

from __future__ import annotations

import io
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import make_member
from django.core.management import call_command
from django.test import Client

from hromada.core.identity.hashing import subject_hash
from hromada.core.identity.models import IdentityProvider, VerifiedIdentity
from hromada.core.identity.providers.base import ProviderError
from hromada.core.identity.providers.idgovua import IdGovUaProtocol
from hromada.core.identity.tests.peers.ua.common import refusal_by, running_peer
from hromada.core.identity.tests.peers.ua.drive import (
    CALLBACK,
    CLIENT_ID,
    SECRET_ENV,
    WEB_HOST,
    double_keys,
    refusal,
    sign_in,
    through_hromada,
)

PEER = "hromada.core.identity.tests.peers.ua.idgovua"
DOUBLE = "hromada.core.identity.tests.peers.ua.double_crypto.SymmetricTestDoubleCrypto"
SECRET = "idgovua-test-secret"  # noqa: S105 - the emulator's client secret
TAX_NUMBER = "3012345678"
PEOPLE = {
    "olena": {"id": "1001", "drfocode": TAX_NUMBER, "givenname": "Олена", "lastname": "Шевченко",
              "middlename": "Петрівна", "email": "olena@example.test", "phone": "+380501112233",
              "locality": "Бровари", "address": "вул. Тестова, 1"},
    "no-code": {"id": "1002", "givenname": "Іван", "lastname": "Безкодовий", "locality": "Бровари"},
}
LEVELS = {"dig_sign": 2, "bank_id": 2, "diia_id": 2, "mobile_id": 1}


def _config(keys: dict, **overrides) -> dict:
    client = {"secret": SECRET, "redirect_uris": [CALLBACK, WEB_HOST + "/c/alpha/identity/id-gov-ua/callback"],
              "cert": keys["certificate"], "plain_allowed": True}
    return {"clients": {CLIENT_ID: client}, "people": PEOPLE, "envelope_key": keys["envelope_key"],
            "signing_key": keys["signing_key"], **overrides}


@pytest.fixture(scope="module")
def keys():
    return double_keys()


@pytest.fixture(scope="module")
def peer(keys, tmp_path_factory):
    with running_peer(PEER, _config(keys), tmp_path_factory.mktemp("idgovua")) as running:
        yield running


def _provider(url: str, keys: dict, **options) -> IdentityProvider:
    return IdentityProvider(
        slug="id-gov-ua", kind="idgovua", label="ID.GOV.UA", authorization_endpoint=url + "/", client_id=CLIENT_ID,
        client_secret_env=SECRET_ENV, levels=LEVELS, residency_claims=["locality"],
        options={"crypto_module": DOUBLE, "test_double_keys": keys, **options},
    )


@pytest.fixture
def secret(monkeypatch):
    monkeypatch.setenv(SECRET_ENV, SECRET)


def _flow(protocol: IdGovUaProtocol, *, method: str | None, chosen: str, person: str = "olena"):
    url = protocol.authorization_url(redirect_uri=CALLBACK, state="state-1", nonce="n", code_verifier="v",
                                     method=method)
    params, offered = sign_in(url, {"method": chosen, "person": person})
    assert params["state"] == "state-1"
    return params, offered


@pytest.mark.parametrize("method", ["dig_sign", "bank_id", "diia_id", "mobile_id"])
def test_each_auth_type_is_recorded_as_the_method_with_its_level(peer, keys, secret, method):
    provider = _provider(peer.url, keys)
    protocol = IdGovUaProtocol(provider)
    params, offered = _flow(protocol, method=method, chosen=method)
    assert offered["method"] == [method]  # the person was offered only the way they chose here
    claims = protocol.complete(redirect_uri=CALLBACK, params=params, nonce="n", code_verifier="v")
    assert claims.method == method
    assert provider.level_for(claims.method) == LEVELS[method]
    assert claims.subject == TAX_NUMBER
    assert (claims.family_name, claims.given_name, claims.middle_name) == ("Шевченко", "Олена", "Петрівна")
    assert claims.full_name == "Шевченко Олена Петрівна"
    assert claims.email == "olena@example.test"
    assert claims.residence == ("Бровари",)


def test_without_a_chosen_method_every_offered_way_is_requested_and_the_answer_names_the_one_used(peer, keys,
                                                                                                  secret):
    protocol = IdGovUaProtocol(_provider(peer.url, keys, auth_types=["dig_sign", "diia_id"]))
    url = protocol.authorization_url(redirect_uri=CALLBACK, state="s", nonce="n", code_verifier="v")
    query = parse_qs(urlsplit(url).query)
    assert query["response_type"] == ["code"] and query["client_id"] == [CLIENT_ID]
    assert query["auth_type"] == ["dig_sign,diia_id"] and query["redirect_uri"] == [CALLBACK]
    assert protocol.methods() == [("dig_sign", protocol.methods()[0][1]), ("diia_id", protocol.methods()[1][1])]
    params, offered = sign_in(url, {"method": "diia_id", "person": "olena"})
    assert offered["method"] == ["dig_sign", "diia_id"]
    claims = protocol.complete(redirect_uri=CALLBACK, params=params, nonce="n", code_verifier="v")
    assert claims.method == "diia_id"


def test_a_method_not_offered_is_refused_before_leaving(peer, keys):
    protocol = IdGovUaProtocol(_provider(peer.url, keys, auth_types=["dig_sign"]))
    with pytest.raises(ProviderError) as refused:
        protocol.authorization_url(redirect_uri=CALLBACK, state="s", nonce="n", code_verifier="v", method="bank_id")
    assert refused.value.code == "provider_error"


def test_wrong_client_secret_is_a_configuration_error(peer, keys, monkeypatch):
    monkeypatch.setenv(SECRET_ENV, "not-the-secret")
    protocol = IdGovUaProtocol(_provider(peer.url, keys))
    params, _ = _flow(protocol, method="dig_sign", chosen="dig_sign")
    assert refusal(protocol, params) == "configuration"


def test_a_code_works_once(peer, keys, secret):
    protocol = IdGovUaProtocol(_provider(peer.url, keys))
    params, _ = _flow(protocol, method="dig_sign", chosen="dig_sign")
    protocol.complete(redirect_uri=CALLBACK, params=params, nonce="n", code_verifier="v")
    assert refusal(protocol, params) == "expired_code"


def _begin(keys):
    def begin(url: str):
        protocol = IdGovUaProtocol(_provider(url, keys))
        return protocol, _flow(protocol, method="dig_sign", chosen="dig_sign")[0]
    return begin


def test_an_expired_code_is_refused(keys, secret, tmp_path):
    assert refusal_by(PEER, _config(keys, code_ttl=0.3), tmp_path, _begin(keys), wait=0.6) == "expired_code"


def test_an_answer_without_the_identifier_is_refused_and_names_nobody(peer, keys, secret):
    protocol = IdGovUaProtocol(_provider(peer.url, keys))
    params, _ = _flow(protocol, method="bank_id", chosen="bank_id", person="no-code")
    with pytest.raises(ProviderError) as refused:
        protocol.complete(redirect_uri=CALLBACK, params=params, nonce="n", code_verifier="v")
    assert refused.value.code == "claims"
    assert "Безкодовий" not in str(refused.value) and "1002" not in str(refused.value)


def test_the_person_cancelling_is_denied(peer, keys, secret):
    protocol = IdGovUaProtocol(_provider(peer.url, keys))
    url = protocol.authorization_url(redirect_uri=CALLBACK, state="s", nonce="n", code_verifier="v")
    params, _ = sign_in(url, {"method": "dig_sign", "person": "olena"}, decision="deny")
    assert params["error"] == "access_denied"
    assert refusal(protocol, params) == "denied"


def test_provider_down_is_unavailable(keys, secret, tmp_path):
    assert refusal_by(PEER, _config(keys), tmp_path, _begin(keys), stop=True) == "provider_unavailable"


def test_encrypted_answers_without_a_crypto_module_are_a_configuration_error_and_spend_no_code(peer, keys, secret):
    protocol = IdGovUaProtocol(_provider(peer.url, keys, crypto_module=""))
    params, _ = _flow(protocol, method="dig_sign", chosen="dig_sign")
    assert refusal(protocol, params) == "configuration"
    working = IdGovUaProtocol(_provider(peer.url, keys))
    assert working.complete(redirect_uri=CALLBACK, params=params, nonce="n", code_verifier="v").subject == TAX_NUMBER


def test_a_crypto_module_path_that_does_not_import_is_a_configuration_error(peer, keys, secret):
    protocol = IdGovUaProtocol(_provider(peer.url, keys, crypto_module="hromada.nowhere.Crypto"))
    assert refusal(protocol, {"code": "x"}) == "configuration"


def test_an_envelope_the_module_cannot_open_is_a_crypto_error(peer, keys, secret):
    wrong = {**keys, "envelope_key": "00" * 32}
    protocol = IdGovUaProtocol(_provider(peer.url, wrong))
    params, _ = _flow(protocol, method="dig_sign", chosen="dig_sign")
    assert refusal(protocol, params) == "crypto"


def test_the_test_only_plain_mode_reads_plain_answers(peer, keys, secret):
    protocol = IdGovUaProtocol(_provider(peer.url, keys, encryption="test_plain", crypto_module=""))
    params, _ = _flow(protocol, method="mobile_id", chosen="mobile_id")
    claims = protocol.complete(redirect_uri=CALLBACK, params=params, nonce="n", code_verifier="v")
    assert (claims.subject, claims.method) == (TAX_NUMBER, "mobile_id")


def test_the_plain_mode_is_refused_for_the_production_service(keys, secret):
    provider = _provider("https://id.gov.ua", keys, encryption="test_plain")
    assert refusal(IdGovUaProtocol(provider), {"code": "x"}) == "configuration"


def test_the_tax_number_is_not_in_the_claims_repr(peer, keys, secret):
    protocol = IdGovUaProtocol(_provider(peer.url, keys))
    params, _ = _flow(protocol, method="dig_sign", chosen="dig_sign")
    claims = protocol.complete(redirect_uri=CALLBACK, params=params, nonce="n", code_verifier="v")
    assert TAX_NUMBER not in repr(claims)


# Through Hromada's own pages: the start and callback views with the Django test client.

def _saved(community, url: str, keys: dict, **options) -> IdentityProvider:
    provider = _provider(url, keys, **options)
    provider.community = community
    provider.save()
    return provider


@pytest.mark.django_db
def test_the_whole_flow_through_hromada_records_method_and_level_and_keeps_no_tax_number(peer, keys, secret,
                                                                                         community):
    _saved(community, peer.url, keys)
    person = make_member(community)
    client = Client()
    client.force_login(person)
    response, params = through_hromada(client, slug="id-gov-ua", method="mobile_id",
                                       choices={"method": "mobile_id", "person": "olena"})
    assert response.status_code == 302 and response["Location"].endswith("/profile/")
    identity = VerifiedIdentity.objects.get(user=person)
    assert (identity.method, identity.level) == ("mobile_id", LEVELS["mobile_id"])
    assert identity.subject_hash == subject_hash(TAX_NUMBER)
    assert identity.verified_name == "Шевченко Олена Петрівна"
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    assert TAX_NUMBER not in dump.getvalue()
    replay = client.get("/c/alpha/identity/id-gov-ua/callback", params)
    assert (replay.status_code, replay.context["code"]) == (400, "replay")
    assert TAX_NUMBER not in replay.content.decode()


@pytest.mark.django_db
def test_encrypted_answers_without_a_crypto_module_show_a_configuration_page_and_change_nothing(peer, keys,
                                                                                             secret, community):
    _saved(community, peer.url, keys, crypto_module="")
    person = make_member(community)
    client = Client()
    client.force_login(person)
    response, _ = through_hromada(client, slug="id-gov-ua", method="dig_sign",
                                  choices={"method": "dig_sign", "person": "olena"})
    assert response.status_code == 400
    assert response.context["code"] == "configuration"
    assert not VerifiedIdentity.objects.filter(user=person).exists()
