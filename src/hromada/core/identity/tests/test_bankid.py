"""BankID NBU's OAuth 2.0 flow through BankIdProtocol against the emulator of the NBU hub, a real HTTP server in its
own process: bank selection and consent over HTTP, one-use codes bound to the redirect address, the bearer token,
the customer-data request with the declared fields, and the signed, encrypted answer opened by a test double
of the operator's crypto module."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import make_member
from django.test import Client

from hromada.core.identity.hashing import subject_hash
from hromada.core.identity.models import IdentityProvider, Residency, ResidencyBasis, VerifiedIdentity
from hromada.core.identity.providers.bankid import BankIdProtocol
from hromada.core.identity.providers.base import ProviderError
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
from hromada.core.tenancy.models import ResidencyRule

PEER = "hromada.core.identity.tests.peers.ua.bankid"
DOUBLE = "hromada.core.identity.tests.peers.ua.double_crypto.SymmetricTestDoubleCrypto"
SECRET = "bankid-test-secret"  # noqa: S105 - the emulator's client secret
BANK_CERT = "VEVTVC1ET1VCTEUtQkFOSy1DRVJU"  # the bank's "certificate" in the test double's world
TAX_NUMBER = "2987654321"
TARAS = {"inn": TAX_NUMBER, "firstName": "Тарас", "lastName": "Коваленко", "middleName": "Іванович",
         "birthDay": "21.02.1982", "email": "taras@example.test", "phone": "+380671234567", "clId": "bank-internal-7",
         "addresses": [{"type": "factual", "country": "UA", "state": "Київська", "area": "Броварський",
                        "city": "Бровари", "street": "Тестова", "houseNo": "1"}]}
BANKS = {"privat": {"taras": TARAS}, "mono": {"taras": TARAS, "no-inn": {"firstName": "Ганна", "lastName": "Без"}}}


def _config(keys: dict, **overrides) -> dict:
    client = {"secret": SECRET, "redirect_uris": [CALLBACK, WEB_HOST + "/c/alpha/identity/bankid/callback"],
              "cert": keys["certificate"], "plain_allowed": True}
    return {"clients": {CLIENT_ID: client}, "banks": BANKS, "bank_cert": BANK_CERT,
            "envelope_key": keys["envelope_key"], "signing_key": keys["signing_key"], **overrides}


@pytest.fixture(scope="module")
def keys():
    return {**double_keys(), "sender_certificate": BANK_CERT}


@pytest.fixture(scope="module")
def peer(keys, tmp_path_factory):
    with running_peer(PEER, _config(keys), tmp_path_factory.mktemp("bankid")) as running:
        yield running


@pytest.fixture
def secret(monkeypatch):
    monkeypatch.setenv(SECRET_ENV, SECRET)


def _provider(url: str, keys: dict, **options) -> IdentityProvider:
    return IdentityProvider(
        slug="bankid", kind="bankid", label="BankID", client_id=CLIENT_ID, client_secret_env=SECRET_ENV,
        authorization_endpoint=url + "/v1/bank/oauth2/authorize", levels={"bank_id": 2},
        options={"crypto_module": DOUBLE, "test_double_keys": keys, "bank_ids": {"privat": "Приватбанк",
                                                                                "mono": "monobank"}, **options},
    )


def _flow(protocol: BankIdProtocol, *, bank: str | None, chosen: str, person: str = "taras"):
    url = protocol.authorization_url(redirect_uri=CALLBACK, state="state-b", nonce="n", code_verifier="v",
                                     method=bank)
    params, offered = sign_in(url, {"bank": chosen, "person": person})
    assert params["state"] == "state-b"
    return params, offered


def test_a_bank_chosen_here_signs_in_with_the_declared_fields(peer, keys, secret):
    provider = _provider(peer.url, keys)
    protocol = BankIdProtocol(provider)
    assert protocol.methods() == [("privat", "Приватбанк"), ("mono", "monobank")]
    params, offered = _flow(protocol, bank="privat", chosen="privat")
    assert offered["bank"] == ["privat"]
    claims = protocol.complete(redirect_uri=CALLBACK, params=params, nonce="n", code_verifier="v")
    assert claims.subject == TAX_NUMBER
    assert claims.full_name == "Коваленко Тарас Іванович"
    assert claims.birth_date == date(1982, 2, 21)
    assert claims.method == "bank_id" and provider.level_for(claims.method) == 2
    assert claims.email == "taras@example.test"
    assert claims.residence == ("Київська", "Броварський", "Бровари")


def test_the_hub_offers_every_bank_when_none_is_chosen_here(peer, keys, secret):
    protocol = BankIdProtocol(_provider(peer.url, keys))
    url = protocol.authorization_url(redirect_uri=CALLBACK, state="s", nonce="n", code_verifier="v")
    query = parse_qs(urlsplit(url).query)
    assert query == {"response_type": ["code"], "client_id": [CLIENT_ID], "redirect_uri": [CALLBACK], "state": ["s"]}
    params, offered = sign_in(url, {"bank": "mono", "person": "taras"})
    assert offered["bank"] == ["mono", "privat"]
    assert protocol.complete(redirect_uri=CALLBACK, params=params, nonce="n", code_verifier="v").subject == TAX_NUMBER


def test_a_bank_not_listed_is_refused_before_leaving(peer, keys):
    with pytest.raises(ProviderError) as refused:
        BankIdProtocol(_provider(peer.url, keys)).authorization_url(
            redirect_uri=CALLBACK, state="s", nonce="n", code_verifier="v", method="elsewhere")
    assert refused.value.code == "provider_error"


def test_wrong_client_secret_is_a_configuration_error(peer, keys, monkeypatch):
    monkeypatch.setenv(SECRET_ENV, "not-the-secret")
    protocol = BankIdProtocol(_provider(peer.url, keys))
    params, _ = _flow(protocol, bank="privat", chosen="privat")
    assert refusal(protocol, params) == "configuration"


def test_a_code_works_once_and_only_for_its_redirect_address(peer, keys, secret):
    protocol = BankIdProtocol(_provider(peer.url, keys))
    params, _ = _flow(protocol, bank="privat", chosen="privat")
    assert refusal(protocol, params, redirect_uri=CALLBACK + "other/") == "expired_code"
    assert refusal(protocol, params) == "expired_code"


def _begin(keys):
    def begin(url: str):
        protocol = BankIdProtocol(_provider(url, keys))
        return protocol, _flow(protocol, bank="privat", chosen="privat")[0]
    return begin


def test_an_expired_code_is_refused(keys, secret, tmp_path):
    assert refusal_by(PEER, _config(keys, code_ttl=0.3), tmp_path, _begin(keys), wait=0.6) == "expired_code"


def test_an_answer_without_the_tax_number_is_refused(peer, keys, secret):
    protocol = BankIdProtocol(_provider(peer.url, keys))
    params, _ = _flow(protocol, bank="mono", chosen="mono", person="no-inn")
    assert refusal(protocol, params) == "claims"


def test_provider_down_is_unavailable(keys, secret, tmp_path):
    assert refusal_by(PEER, _config(keys), tmp_path, _begin(keys), stop=True) == "provider_unavailable"


def test_encrypted_answers_without_a_crypto_module_are_a_configuration_error(peer, keys, secret):
    protocol = BankIdProtocol(_provider(peer.url, keys, crypto_module=""))
    params, _ = _flow(protocol, bank="privat", chosen="privat")
    assert refusal(protocol, params) == "configuration"


def test_an_answer_signed_by_another_certificate_is_a_crypto_error(peer, keys, secret):
    protocol = BankIdProtocol(_provider(peer.url, {**keys, "sender_certificate": "T1RIRVI="}))
    params, _ = _flow(protocol, bank="privat", chosen="privat")
    assert refusal(protocol, params) == "crypto"


def test_a_forged_signature_is_a_crypto_error(peer, keys, secret):
    protocol = BankIdProtocol(_provider(peer.url, {**keys, "signing_key": "11" * 32}))
    params, _ = _flow(protocol, bank="privat", chosen="privat")
    assert refusal(protocol, params) == "crypto"


def test_the_test_only_plain_mode_reads_plain_answers_and_is_refused_for_production(peer, keys, secret):
    protocol = BankIdProtocol(_provider(peer.url, keys, encryption="test_plain", crypto_module=""))
    params, _ = _flow(protocol, bank="mono", chosen="mono")
    assert protocol.complete(redirect_uri=CALLBACK, params=params, nonce="n", code_verifier="v").subject == TAX_NUMBER
    production = BankIdProtocol(_provider("https://id.bank.gov.ua", keys, encryption="test_plain"))
    assert refusal(production, {"code": "x"}) == "configuration"


def test_the_emulator_refuses_plain_answers_to_a_client_that_must_encrypt(keys, secret, tmp_path):
    config = _config(keys)
    config["clients"][CLIENT_ID]["plain_allowed"] = False
    with running_peer(PEER, config, tmp_path) as strict:
        protocol = BankIdProtocol(_provider(strict.url, keys, encryption="test_plain", crypto_module=""))
        params, _ = _flow(protocol, bank="privat", chosen="privat")
        assert refusal(protocol, params) == "provider_error"


# Through Hromada's own pages: the start and callback views with the Django test client.

@pytest.mark.django_db
@pytest.mark.parametrize(("localities", "resident"), [("Бровари\nКалита", True), ("Ірпінь", False)])
def test_the_whole_flow_through_hromada_verifies_and_decides_residency_from_the_bank_address(
        peer, keys, secret, community, localities, resident):
    community.residency_rule, community.localities = ResidencyRule.CLAIMS, localities
    community.save()
    provider = _provider(peer.url, keys)
    provider.community = community
    provider.residency_claims = ["address_factual.city"]
    provider.save()
    person = make_member(community)
    client = Client()
    client.force_login(person)
    response, params = through_hromada(client, slug="bankid", method="mono",
                                       choices={"bank": "mono", "person": "taras"})
    assert response.status_code == 302
    identity = VerifiedIdentity.objects.get(user=person)
    assert (identity.method, identity.level, identity.birth_date) == ("bank_id", 2, date(1982, 2, 21))
    assert identity.subject_hash == subject_hash(TAX_NUMBER)
    assert Residency.objects.filter(community=community, user=person, basis=ResidencyBasis.CLAIMS).exists() is resident
    replay = client.get("/c/alpha/identity/bankid/callback", params)
    assert (replay.status_code, replay.context["code"]) == (400, "replay")
