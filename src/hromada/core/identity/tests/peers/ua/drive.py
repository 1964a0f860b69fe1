"""The person's side of a sign-in, driven over HTTP by the tests: open the provider's page, choose, consent,
follow nothing further (the callback's query is handed back). Also the shared test keys of the crypto double."""

from __future__ import annotations

import html
import re
import secrets
from urllib.parse import parse_qsl, urljoin, urlsplit

import requests

from hromada.core.identity.providers.base import ProviderError

from .double_crypto import double_certificate

CALLBACK = "https://hromada.test/c/demo/identity/callback/"
WEB_HOST = "http://testserver"  # Django's test client
CLIENT_ID = "hromada-test-client"
SECRET_ENV = "HROMADA_TEST_UA_PROVIDER_SECRET"


def double_keys(*, key_id: str = "integrator-1") -> dict:
    """Fresh keys shared by an emulator and the crypto double (hex), and the double's certificate."""
    return {"key_id": key_id, "envelope_key": secrets.token_hex(32), "signing_key": secrets.token_hex(32),
            "certificate": double_certificate(key_id)}


def sign_in(authorization_url: str, choices: dict[str, str], *, decision: str = "allow",
            callback: str = CALLBACK) -> tuple[dict, dict]:
    """Consent at the provider; returns (the callback's query parameters, the options each select offered)."""
    page = requests.get(authorization_url, timeout=10)
    if page.status_code != 200:
        raise AssertionError(f"the provider refused the authorization request: {page.status_code} {page.text}")
    action_match = re.search(r'<form method="post" action="([^"]+)"', page.text)
    if action_match is None:
        raise AssertionError("no consent form on the provider's page")
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page.text))
    offered = {name: [html.unescape(v) for v in re.findall(r'<option value="([^"]*)">', body)]
               for name, body in re.findall(r'<select name="([^"]+)">(.*?)</select>', page.text)}
    answer = requests.post(urljoin(authorization_url, html.unescape(action_match.group(1))),
                           data={**hidden, **choices, "decision": decision}, allow_redirects=False, timeout=10)
    if answer.status_code != 302:
        raise AssertionError(f"the provider did not send the browser back: {answer.status_code} {answer.text}")
    location = answer.headers["Location"]
    if not location.startswith(callback):
        raise AssertionError("the provider sent the browser somewhere else")
    return dict(parse_qsl(urlsplit(location).query)), offered


def through_hromada(client, *, slug: str, method: str | None, choices: dict[str, str], community: str = "alpha"):
    """The whole flow through Hromada's own pages: start (POST), the provider's consent, the callback (GET).
    Returns (the callback's response, the callback's query parameters) so a test can also replay them."""
    start = client.post(f"/c/{community}/identity/{slug}/start", {"method": method or ""})
    if start.status_code != 302:
        raise AssertionError(f"the start page refused: {start.status_code}")
    callback = f"/c/{community}/identity/{slug}/callback"
    params, _offered = sign_in(start["Location"], choices, callback=WEB_HOST + callback)
    return client.get(callback, params), params


def refusal(protocol, params: dict, *, redirect_uri: str = CALLBACK) -> str:
    """The code of the ProviderError with which the protocol refuses to complete; fails if it completes."""
    try:
        protocol.complete(redirect_uri=redirect_uri, params=params, nonce="n", code_verifier="v")
    except ProviderError as exc:
        return exc.code
    raise AssertionError("the protocol completed a flow it should have refused")
