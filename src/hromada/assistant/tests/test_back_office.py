"""The back office of the bots: administrators only; the token is write-only (stored encrypted, shown as its
last four characters), webhook registration calls setWebhook / set_webhook on the channel with our secret."""

from __future__ import annotations

from django.test import Client

from hromada.assistant import services, tokens
from hromada.assistant.models import ChannelConfig
from hromada.core.errors import PermissionDenied, ValidationFailed

from .conftest import TELEGRAM_TOKEN, VIBER_TOKEN


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_only_administrators_see_the_page(community, resident, moderator, community_admin):
    url = f"/c/{community.slug}/assistant/staff/channels/"
    assert Client().get(url).status_code == 302  # to sign in
    assert _client(resident).get(url).status_code == 404
    assert _client(moderator).get(url).status_code == 404
    page = _client(community_admin).get(url)
    assert page.status_code == 200 and "Telegram" in page.content.decode() and "Viber" in page.content.decode()
    assert _client(community_admin).get(f"/c/{community.slug}/assistant/staff/channels/sms/").status_code == 404


def test_the_token_is_stored_encrypted_and_never_shown(community, community_admin, bot_api):
    client = _client(community_admin)
    url = f"/c/{community.slug}/assistant/staff/channels/telegram/"
    response = client.post(url, {"action": "save", "token": TELEGRAM_TOKEN, "api_base_url": bot_api.telegram_url,
                                 "bot_username": "@hromada_bot", "is_enabled": "on"})
    assert response.status_code == 302
    config = ChannelConfig.objects.get(community=community, channel="telegram")
    assert TELEGRAM_TOKEN not in config.token_encrypted and tokens.token_of(config) == TELEGRAM_TOKEN
    assert config.is_enabled and config.bot_username == "hromada_bot" and len(config.webhook_secret) >= 32
    page = client.get(url).content.decode()
    assert TELEGRAM_TOKEN not in page and TELEGRAM_TOKEN[-4:] in page
    # saving again without a token keeps it
    client.post(url, {"action": "save", "api_base_url": bot_api.telegram_url, "is_enabled": "on"})
    config.refresh_from_db()
    assert tokens.token_of(config) == TELEGRAM_TOKEN


def test_bad_settings_are_form_errors(community, community_admin):
    client = _client(community_admin)
    url = f"/c/{community.slug}/assistant/staff/channels/telegram/"
    response = client.post(url, {"action": "save", "token": "not a token", "api_base_url": "ftp://x",
                                 "token_env": "lower case"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "form-errors" in body
    assert not ChannelConfig.objects.exists()
    response = client.post(url, {"action": "save", "is_enabled": "on"})
    assert response.status_code == 400  # no token to enable with


def test_a_token_from_the_environment(community, monkeypatch):
    from hromada.core.identity.actors import SYSTEM

    monkeypatch.setenv("HROMADA_TEST_VIBER_TOKEN", VIBER_TOKEN)
    config = services.channel_config_save(actor=SYSTEM, community=community, channel="viber",
                                          token_env="HROMADA_TEST_VIBER_TOKEN", is_enabled=True)
    assert config.token_encrypted == "" and tokens.token_of(config) == VIBER_TOKEN


def test_register_and_remove_the_webhook_at_the_channel(community, community_admin, telegram, viber, bot_api):
    client = _client(community_admin)
    url = f"/c/{community.slug}/assistant/staff/channels/telegram/"
    assert client.post(url, {"action": "register"}).status_code == 302
    [call] = bot_api.calls("setWebhook")
    assert call["url"].endswith(f"/c/{community.slug}/assistant/telegram/webhook/")
    assert call["secret_token"] == telegram.webhook_secret and "callback_query" in call["allowed_updates"]
    page = client.get(url + "?check=1").content.decode()
    assert "hromada_test_bot" in page and "/assistant/telegram/webhook/" in page
    assert client.post(url, {"action": "remove"}).status_code == 302
    assert bot_api.calls("deleteWebhook") == [{}]
    viber_url = f"/c/{community.slug}/assistant/staff/channels/viber/"
    assert client.post(viber_url, {"action": "register"}).status_code == 302
    [call] = bot_api.calls("set_webhook")
    assert call["url"].endswith("/assistant/viber/webhook/") and "conversation_started" in call["event_types"]


def test_a_refusal_by_the_channel_is_shown_and_kept(community, community_admin, telegram, bot_api):
    bot_api.refuse("setWebhook", 400)
    response = _client(community_admin).post(f"/c/{community.slug}/assistant/staff/channels/telegram/",
                                             {"action": "register"})
    assert response.status_code == 409 and "chat not found" in response.content.decode()
    telegram.refresh_from_db()
    assert telegram.last_error and telegram.webhook_registered_at is None


def test_the_services_refuse_non_administrators(community, resident):
    import pytest

    with pytest.raises(PermissionDenied):
        services.channel_config_save(actor=resident, community=community, channel="telegram", token=TELEGRAM_TOKEN)
    from hromada.core.identity.actors import SYSTEM

    with pytest.raises(ValidationFailed):
        services.channel_config_save(actor=SYSTEM, community=community, channel="sms")
