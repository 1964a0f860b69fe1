"""The webhooks only verify and enqueue: Telegram's secret token and Viber's signature are checked (a forged or
missing one is 403 and stores nothing), bad bodies are 400/413, a redelivered update is stored once."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from hromada.assistant.models import InboundUpdate

from .conftest import post_telegram, post_viber, tg_message, viber_message


def test_a_telegram_update_with_the_secret_is_queued_once(community, telegram):
    client = Client()
    update = tg_message(text="привіт")
    first = post_telegram(client, community, update, secret=telegram.webhook_secret)
    again = post_telegram(client, community, update, secret=telegram.webhook_secret)
    assert first.status_code == 200 and first.json()["stored"] is True
    assert again.status_code == 200 and again.json()["stored"] is False
    stored = InboundUpdate.objects.get()
    assert stored.community == community and stored.update_id == str(update["update_id"])
    assert stored.payload == update


def test_a_forged_or_missing_telegram_secret_is_403_and_stores_nothing(community, telegram):
    client = Client()
    assert post_telegram(client, community, tg_message(text="x"), secret="forged").status_code == 403
    assert post_telegram(client, community, tg_message(text="x"), secret=None).status_code == 403
    assert post_telegram(client, community, tg_message(text="x"), secret="").status_code == 403
    assert not InboundUpdate.objects.exists()


def test_a_disabled_channel_or_another_community_refuses(community, other_community, telegram):
    from hromada.assistant import services
    from hromada.core.identity.actors import SYSTEM

    client = Client()
    # the right secret on another community's address
    assert post_telegram(client, other_community, tg_message(text="x"), secret=telegram.webhook_secret).status_code == 403
    services.channel_config_save(actor=SYSTEM, community=community, channel="telegram", is_enabled=False)
    assert post_telegram(client, community, tg_message(text="x"), secret=telegram.webhook_secret).status_code == 403
    assert not InboundUpdate.objects.exists()


def test_bad_bodies_are_refused_without_a_500(community, telegram):
    client = Client()
    url = f"/c/{community.slug}/assistant/telegram/webhook/"
    headers = {"HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN": telegram.webhook_secret}
    assert client.post(url, data=b"{not json", content_type="application/json", **headers).status_code == 400
    huge = json.dumps({"update_id": 1, "message": {"text": "x" * (1024 * 1024)}})
    assert client.post(url, data=huge, content_type="application/json", **headers).status_code == 413
    # JSON that is no update: accepted (no redelivery) and dropped
    dropped = client.post(url, data=json.dumps(["a list"]), content_type="application/json", **headers)
    assert dropped.status_code == 200 and dropped.json()["stored"] is False
    assert client.get(url).status_code == 405
    assert not InboundUpdate.objects.exists()


def test_a_viber_callback_must_carry_the_body_signature(community, viber):
    client = Client()
    callback = viber_message(type="text", text="привіт")
    assert post_viber(client, community, callback).status_code == 200
    assert post_viber(client, community, viber_message(type="text", text="x"), token="forged-token").status_code == 403
    raw = json.dumps(viber_message(type="text", text="x")).encode()
    response = client.post(f"/c/{community.slug}/assistant/viber/webhook/", data=raw,
                           content_type="application/json")
    assert response.status_code == 403
    assert list(InboundUpdate.objects.values_list("update_id", flat=True)) == [str(callback["message_token"])]


def test_viber_s_webhook_check_is_answered_and_not_stored(community, viber):
    response = post_viber(Client(), community, {"event": "webhook", "timestamp": 1, "message_token": 7})
    assert response.status_code == 200 and not InboundUpdate.objects.exists()


def test_the_pages_rate_limit_does_not_refuse_a_busy_bot(community, telegram, settings, frozen_clock):
    settings.HROMADA_RATE_PAGES = "2/m"
    client = Client()
    codes = [post_telegram(client, community, tg_message(text=str(n)), secret=telegram.webhook_secret).status_code
             for n in range(4)]
    assert codes == [200] * 4 and InboundUpdate.objects.count() == 4


def test_a_channel_disabled_or_given_a_new_secret_refuses_at_once_though_its_row_was_in_memory(community, telegram):
    from hromada.assistant import services
    from hromada.core.identity.actors import SYSTEM

    client = Client()
    old_secret = telegram.webhook_secret
    assert post_telegram(client, community, tg_message(text="1"), secret=old_secret).status_code == 200
    services.channel_config_save(actor=SYSTEM, community=community, channel="telegram", is_enabled=False)
    assert post_telegram(client, community, tg_message(text="2"), secret=old_secret).status_code == 403
    services.channel_config_save(actor=SYSTEM, community=community, channel="telegram", is_enabled=True)
    assert post_telegram(client, community, tg_message(text="3"), secret=old_secret).status_code == 200
    config = type(telegram).objects.get(pk=telegram.pk)
    config.webhook_secret = "a-new-secret-of-the-channel"
    config.save(update_fields=["webhook_secret"])
    assert post_telegram(client, community, tg_message(text="4"), secret=old_secret).status_code == 403
    assert post_telegram(client, community, tg_message(text="5"), secret=config.webhook_secret).status_code == 200
    assert InboundUpdate.objects.count() == 3


def test_a_batch_stores_each_update_once_and_reports_the_redelivered(community, telegram):
    from hromada.assistant.webhooks import store_updates

    def arrival(update_id: str) -> InboundUpdate:
        return InboundUpdate(community=community, channel="telegram", update_id=update_id, payload={"n": update_id})

    assert store_updates([arrival("1")]) == [True]
    assert store_updates([arrival("2"), arrival("1"), arrival("3"), arrival("2")]) == [True, False, True, False]
    assert sorted(InboundUpdate.objects.values_list("update_id", flat=True)) == ["1", "2", "3"]


@pytest.mark.django_db(transaction=True)
def test_updates_posted_at_once_on_many_connections_are_each_stored_exactly_once(community, telegram):
    from tests.concurrency import at_once

    updates = [tg_message(text=f"повідомлення {n}") for n in range(12)]

    def post(n: int):  # 24 threads: each update posted twice at the same moment, as a channel's redelivery may
        return post_telegram(Client(), community, updates[n % 12], secret=telegram.webhook_secret).json()["stored"]

    outcomes = at_once(24, post)
    assert sorted(outcomes) == [False] * 12 + [True] * 12, outcomes
    assert sorted(InboundUpdate.objects.values_list("update_id", flat=True)) == sorted(
        str(update["update_id"]) for update in updates)
