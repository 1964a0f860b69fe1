"""The social-card seam proven with a provider of the documented shape: an operator's HTTP service (started by the
test on a free port) answering GET /balance?person=<ref> with {"balance": "123.45", "currency": "UAH",
"as_of": "<ISO 8601>"} (404: no card), reached through the provider class named in HROMADA_SOCIAL_CARD_PROVIDER.
No provider -> "not connected"; a provider that fails -> "try later"; never a made-up figure."""

from __future__ import annotations

import json
import socket
import threading
from datetime import datetime
from decimal import Decimal, InvalidOperation
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from conftest import make_user
from django.conf import settings
from django.utils import translation

from hromada.assistant import socialcard
from hromada.assistant.dialogs.socialcard import SocialCardDialog
from hromada.assistant.engine.types import DialogContext, Incoming, Kind

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The replies' wording is checked in English (Ukrainian is the chats' default)."""
    with translation.override("en"):
        yield

CARDS: dict[str, dict] = {}  # person ref -> the operator's answer


class OperatorHandler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - the http.server API
        url = urlparse(self.path)
        person = parse_qs(url.query).get("person", [""])[0]
        if url.path != "/balance" or self.headers.get("Authorization") != "Bearer test-operator-key":
            self.send_response(403)
            self.end_headers()
            return
        answer = CARDS.get(person)
        body = json.dumps(answer or {"error": "no card"}).encode()
        self.send_response(200 if answer else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class HttpJsonProvider:
    """A test provider speaking the documented JSON shape to the operator's service at
    settings.TEST_SOCIAL_CARD_URL; the person is referred to by their account's id (an operator would map it)."""

    def balance(self, card_or_person, community) -> socialcard.Balance:
        try:
            response = requests.get(f"{settings.TEST_SOCIAL_CARD_URL}/balance",
                                    params={"person": f"{community.slug}:{card_or_person.pk}"},
                                    headers={"Authorization": "Bearer test-operator-key"}, timeout=5)
        except requests.RequestException as exc:
            raise socialcard.Unavailable(type(exc).__name__) from None
        if response.status_code == 404:
            raise socialcard.NotFound()
        if response.status_code != 200:
            raise socialcard.Unavailable(str(response.status_code))
        data = response.json()
        try:
            return socialcard.Balance(amount=Decimal(str(data["balance"])),
                                      as_of=datetime.fromisoformat(data["as_of"]), currency=data.get("currency", "UAH"))
        except (KeyError, ValueError, InvalidOperation):
            raise socialcard.Unavailable("unreadable answer") from None


class BrokenProvider:
    def balance(self, card_or_person, community):
        return 100  # not a Balance: refused, never shown


@pytest.fixture
def operator(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), OperatorHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.TEST_SOCIAL_CARD_URL = f"http://127.0.0.1:{server.server_address[1]}"
    settings.HROMADA_SOCIAL_CARD_PROVIDER = {"alpha": "hromada.assistant.tests.test_socialcard.HttpJsonProvider"}
    CARDS.clear()
    yield CARDS
    server.shutdown()
    server.server_close()


def _ask(community, user):
    ctx = DialogContext(community=community, channel="telegram", chat_id="1", user=user)
    [reply] = SocialCardDialog(ctx).start(Incoming(channel="telegram", chat_id="1", kind=Kind.COMMAND,
                                                   text="socialcard"))
    assert ctx.finished
    return reply.text


def test_the_balance_comes_from_the_operators_service(community, operator):
    person = make_user()
    operator[f"alpha:{person.pk}"] = {"balance": "1234.50", "currency": "UAH", "as_of": "2026-11-30T10:15:00+02:00"}
    answer = _ask(community, person)
    assert "1,234.50 UAH" in answer and "30.11.2026 10:15" in answer
    assert socialcard.balance_of(person, community).amount == Decimal("1234.50")


def test_no_card_and_another_community_without_a_provider(community, other_community, operator):
    person = make_user()
    assert "no social card" in _ask(community, person)
    assert "not connected" in _ask(other_community, person)  # the setting names only alpha's provider


def test_an_unreachable_or_broken_provider_says_try_later(community, operator, settings):
    person = make_user()
    with socket.socket() as closed:  # a port the OS gave and nobody listens on any more
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    settings.TEST_SOCIAL_CARD_URL = f"http://127.0.0.1:{port}"
    assert "try again later" in _ask(community, person)
    settings.HROMADA_SOCIAL_CARD_PROVIDER = "hromada.assistant.tests.test_socialcard.BrokenProvider"
    assert "try again later" in _ask(community, person)
    settings.HROMADA_SOCIAL_CARD_PROVIDER = "hromada.assistant.tests.test_socialcard.Missing"
    assert "not connected" in _ask(community, person)
