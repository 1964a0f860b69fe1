"""Delivery to the channels' APIs (the emulator): long texts split at the channel's limit, a 429 honoured for the
whole bot, 5xx retried with backoff up to a limit, a blocked bot stops all sending to that chat, one chat's
messages paced and in order; Viber's rich media and keyboards."""

from __future__ import annotations

from datetime import timedelta

from django.core.cache import caches
from django.utils import timezone

from hromada.assistant.delivery import MAX_ATTEMPTS, deliver_pending
from hromada.assistant.engine.dispatch import enqueue_replies, locked_chat
from hromada.assistant.engine.types import Button, Reply
from hromada.assistant.models import OutboundMessage, OutboundStatus


def _queue(community, channel, chat_id, *replies):
    chat = locked_chat(community, channel, chat_id)
    enqueue_replies(chat, list(replies))
    return chat


def test_long_text_is_split_at_telegram_s_limit(community, telegram, bot_api):
    text = ("слово " * 1200).strip()  # 7,199 characters
    _queue(community, "telegram", "1", Reply(text=text, link=Button("На сайті", url="https://example.org/x")))
    assert deliver_pending(budget=0)["sent"] == 1
    first, second = bot_api.calls("sendMessage")
    assert len(first["text"]) <= 4096 and len(second["text"]) <= 4096
    assert first["text"] + " " + second["text"] == text
    assert "reply_markup" in second and second["reply_markup"]["inline_keyboard"][0][0]["url"] == "https://example.org/x"


def test_429_pauses_the_bot_for_retry_after_and_then_sends(community, telegram, bot_api):
    _queue(community, "telegram", "1", Reply(text="one"))
    _queue(community, "telegram", "2", Reply(text="two"))
    bot_api.refuse("sendMessage", 429, retry_after=7)
    counts = deliver_pending(budget=0)
    assert counts["retry"] == 1
    held = OutboundMessage.objects.get(reply__text="one")
    assert held.status == OutboundStatus.PENDING and held.attempts == 1
    assert held.not_before >= timezone.now() + timedelta(seconds=6)
    # the other chat's message waits for the bot's pause too
    assert OutboundMessage.objects.get(reply__text="two").status == OutboundStatus.PENDING
    assert [c["text"] for c in bot_api.calls("sendMessage")] == ["one"]
    caches["shared"].delete(f"assistant:pause:{telegram.pk}")  # the pause is over
    OutboundMessage.objects.update(not_before=None)
    assert deliver_pending(budget=0)["sent"] == 2


def test_server_errors_back_off_and_finally_fail(community, telegram, bot_api):
    _queue(community, "telegram", "1", Reply(text="x"))
    bot_api.refuse("sendMessage", 500, times=MAX_ATTEMPTS)
    delays = []
    for _attempt in range(MAX_ATTEMPTS):
        deliver_pending(budget=0)
        message = OutboundMessage.objects.get()
        if message.not_before:
            delays.append(round((message.not_before - timezone.now()).total_seconds()))
        OutboundMessage.objects.filter(status=OutboundStatus.PENDING).update(not_before=None)
    message = OutboundMessage.objects.get()
    assert message.status == OutboundStatus.FAILED and message.attempts == MAX_ATTEMPTS
    assert delays == sorted(delays) and delays[0] >= 4


def test_a_blocked_bot_marks_the_chat_and_drops_its_messages(community, telegram, bot_api):
    chat = _queue(community, "telegram", "1", Reply(text="a"), Reply(text="b"))
    bot_api.refuse("sendMessage", 403)
    deliver_pending(budget=0)
    chat.refresh_from_db()
    assert chat.blocked_at is not None
    assert set(OutboundMessage.objects.values_list("status", flat=True)) == {OutboundStatus.DROPPED}
    assert enqueue_replies(chat, [Reply(text="c")]) == 0  # nothing more is queued for a blocked chat


def test_one_chat_is_paced_and_kept_in_order(community, telegram, bot_api, settings):
    settings.HROMADA_ASSISTANT_CHAT_INTERVAL = 1.0
    _queue(community, "telegram", "1", Reply(text="a"), Reply(text="b"))
    _queue(community, "telegram", "2", Reply(text="c"))
    deliver_pending(budget=0)
    assert [c["text"] for c in bot_api.calls("sendMessage")] == ["a", "c"]
    waiting = OutboundMessage.objects.get(reply__text="b")
    assert waiting.status == OutboundStatus.PENDING and waiting.not_before > timezone.now()


def test_the_bot_s_rate_limit_holds_messages_over_it(community, telegram, bot_api, settings, frozen_clock):
    settings.HROMADA_ASSISTANT_BOT_RATE = 2
    for chat_id in "1234":
        _queue(community, "telegram", chat_id, Reply(text=chat_id))
    counts = deliver_pending(budget=0)
    assert counts["sent"] == 2 and counts["waited"] == 2
    assert len(bot_api.calls("sendMessage")) == 2


def test_viber_gets_rich_media_for_buttons_and_a_keyboard_for_choices(community, viber, bot_api):
    _queue(community, "viber", "abc=", Reply(text="Оберіть", buttons=((Button("Так", payload="p:yes"),
                                                                        Button("Ні", payload="p:no")),),
                                             choices=("Один", "Два"), ask="location"))
    assert deliver_pending(budget=0)["sent"] == 1
    text, rich = bot_api.calls("send_message")
    assert text["type"] == "text" and text["text"] == "Оберіть" and text["receiver"] == "abc="
    assert text["sender"] == {"name": "Громада"}
    assert rich["type"] == "rich_media"
    assert [(b["ActionType"], b["ActionBody"], b["Columns"]) for b in rich["rich_media"]["Buttons"]] == [
        ("reply", "btn|p:yes", 3), ("reply", "btn|p:no", 3)]
    keys = rich["keyboard"]["Buttons"]
    assert [k["ActionType"] for k in keys] == ["location-picker", "reply", "reply"]


def test_viber_not_subscribed_blocks_the_chat(community, viber, bot_api):
    chat = _queue(community, "viber", "abc=", Reply(text="x"))
    bot_api.refuse("send_message", 200, viber_status=6)
    deliver_pending(budget=0)
    chat.refresh_from_db()
    assert chat.blocked_at is not None


def test_a_channel_without_a_token_fails_its_messages(community, bot_api):
    _queue(community, "telegram", "1", Reply(text="x"))
    assert deliver_pending(budget=0)["failed"] == 1
    assert bot_api.calls() == []


def test_a_delivery_run_leaves_its_connection_s_commit_setting_as_it_found_it(community, telegram, bot_api):
    from django.db import connection

    def commit_setting(value: str | None = None) -> str:
        with connection.cursor() as cursor:
            if value:
                cursor.execute("SELECT set_config('synchronous_commit', %s, false)", [value])
            cursor.execute("SHOW synchronous_commit")
            return cursor.fetchone()[0]

    _queue(community, "telegram", "1", Reply(text="Відповідь"))
    if connection.vendor != "postgresql":  # SQLite has no such setting: the run only has to deliver
        assert deliver_pending(budget=0)["sent"] == 1
        return
    assert commit_setting("local") == "local"  # anything but the run's own "off"
    assert deliver_pending(budget=0)["sent"] == 1
    assert commit_setting() == "local"
    assert OutboundMessage.objects.get().status == OutboundStatus.SENT
