"""Fixtures of the assistant's tests: a Bot API emulator on a free port, configured Telegram and Viber bots of
the test community, and a test-only capability whose chat commands are small dialogs the engine drives.

Delivery waits for nothing in tests (budget 0, no per-chat pause) unless a test sets the pace itself."""

from __future__ import annotations

import itertools
import json

import pytest
from django.test import Client

from hromada.assistant import services
from hromada.assistant.engine.photos import fetch_photo
from hromada.assistant.engine.types import Button, Dialog, Incoming, Kind, Reply
from hromada.core import capabilities
from hromada.core.capabilities import CapabilityManifest, ChatCommand
from hromada.core.identity.actors import SYSTEM
from hromada.core.tenancy.selectors import invalidate_community_cache

from .botapi import BotApi

TELEGRAM_TOKEN = "123456:" + "A" * 35  # noqa: S105 - a test bot's token
VIBER_TOKEN = "4a5b6c7d8e9f0a1b-2c3d4e5f6a7b8c9d-0e1f2a3b4c5d6e7f"  # noqa: S105
_updates = itertools.count(1000)


class EchoDialog(Dialog):
    """Counts the messages of its conversation (state survives between updates), echoes what it got."""

    command = "echo"

    def start(self, message: Incoming) -> list[Reply]:
        self.context.state = {"count": 0}
        if message.kind == Kind.BUTTON and message.payload != "echo:start":
            return self.handle(message)
        return [Reply(text=f"echo started {message.argument}".strip(),
                      buttons=((Button("Again", payload=self.payload("again")),),), ask="location")]

    def handle(self, message: Incoming) -> list[Reply]:
        count = self.context.state.get("count", 0) + 1
        self.context.state["count"] = count
        if message.kind == Kind.TEXT and message.text == "bye":
            self.context.finish()
            return [Reply(text="bye")]
        if message.kind == Kind.TEXT and message.text == "boom":
            raise RuntimeError("the dialog broke")
        if message.kind == Kind.LOCATION:
            return [Reply(text=f"at {message.latitude:.4f},{message.longitude:.4f}")]
        if message.kind == Kind.PHOTO:
            data = fetch_photo(self.context, message.photo)
            return [Reply(text=f"photo {data[:2].hex()} #{count}")]
        if message.kind == Kind.CONTACT:
            return [Reply(text=f"phone {message.phone}")]
        if message.kind == Kind.BUTTON:
            return [Reply(text=f"button {message.payload} #{count}")]
        return [Reply(text=f"{message.text} #{count}", choices=("yes", "no"))]


class SecretDialog(Dialog):
    command = "secret"

    def start(self, message: Incoming) -> list[Reply]:
        self.context.finish()
        return [Reply(text=f"secret for {self.context.user.email}")]


TEST_MANIFEST = CapabilityManifest(
    slug="assistanttest", name="Assistant test", description="Test-only chat commands.", nav=False,
    chat_commands=(
        ChatCommand(name="echo", title="Echo", dialog="hromada.assistant.tests.conftest.EchoDialog",
                    description="repeats", order=10),
        ChatCommand(name="secret", title="Secret", dialog="hromada.assistant.tests.conftest.SecretDialog",
                    needs_link=True, order=20),
    ),
)


@pytest.fixture(autouse=True)
def _quick_delivery(settings):
    settings.HROMADA_ASSISTANT_DELIVERY_BUDGET = 0
    settings.HROMADA_ASSISTANT_CHAT_INTERVAL = 0


@pytest.fixture
def chat_commands(community, monkeypatch):
    """The test community with the test-only capability's commands enabled."""
    monkeypatch.setitem(capabilities._registry, TEST_MANIFEST.slug, TEST_MANIFEST)
    community.enabled_capabilities = [*community.enabled_capabilities, TEST_MANIFEST.slug]
    community.save(update_fields=["enabled_capabilities"])
    invalidate_community_cache()
    return community


@pytest.fixture
def bot_api():
    with BotApi(token=TELEGRAM_TOKEN, viber_token=VIBER_TOKEN) as api:
        yield api


@pytest.fixture
def telegram(community, bot_api):
    return services.channel_config_save(actor=SYSTEM, community=community, channel="telegram",
                                        token=TELEGRAM_TOKEN, api_base_url=bot_api.telegram_url, is_enabled=True)


@pytest.fixture
def viber(community, bot_api):
    return services.channel_config_save(actor=SYSTEM, community=community, channel="viber", token=VIBER_TOKEN,
                                        api_base_url=bot_api.viber_url, bot_username="Громада", is_enabled=True)


def tg_message(chat_id: int = 4242, *, language: str = "uk", **content) -> dict:
    """A Telegram update with a private message, as the Bot API sends it."""
    update_id = next(_updates)
    message = {"message_id": update_id, "date": 1767225600,
               "chat": {"id": chat_id, "type": "private", "first_name": "Олена"},
               "from": {"id": chat_id, "is_bot": False, "first_name": "Олена", "language_code": language}, **content}
    if str(content.get("text", "")).startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(content["text"].split()[0])}]
    return {"update_id": update_id, "message": message}


def tg_callback(data: str, chat_id: int = 4242) -> dict:
    update_id = next(_updates)
    person = {"id": chat_id, "is_bot": False, "first_name": "Олена", "language_code": "uk"}
    return {"update_id": update_id, "callback_query": {
        "id": f"cb{update_id}", "from": person, "chat_instance": "1", "data": data,
        "message": {"message_id": 1, "date": 1767225600, "chat": {"id": chat_id, "type": "private"},
                    "from": {"id": 1, "is_bot": True, "first_name": "Bot"}, "text": "menu"}}}


def viber_message(user_id: str = "01234567890A=", **message) -> dict:
    return {"event": "message", "timestamp": 1767225600000, "chat_hostname": "SN-1", "message_token": next(_updates),
            "sender": {"id": user_id, "name": "Олена", "language": "uk", "country": "UA", "api_version": 10},
            "message": message, "silent": False}


def post_telegram(client: Client, community, update: dict, *, secret: str | None):
    headers = {} if secret is None else {"HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN": secret}
    return client.post(f"/c/{community.slug}/assistant/telegram/webhook/", data=json.dumps(update),
                       content_type="application/json", **headers)


def post_viber(client: Client, community, callback: dict, *, token: str = VIBER_TOKEN, body: bytes | None = None):
    import hashlib
    import hmac

    raw = body if body is not None else json.dumps(callback).encode()
    signature = hmac.new(token.encode(), raw, hashlib.sha256).hexdigest()
    return client.post(f"/c/{community.slug}/assistant/viber/webhook/", data=raw, content_type="application/json",
                       HTTP_X_VIBER_CONTENT_SIGNATURE=signature)
