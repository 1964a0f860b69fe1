"""The engine driven end to end: real Bot API updates posted to the webhook, the queued update run, the replies
delivered to the emulator, and the outgoing calls checked there. Dialog state lives in the database, so a fresh
engine (a restart) continues the conversation."""

from __future__ import annotations

import io

from django.test import Client
from django.utils import translation
from PIL import Image

from hromada.assistant import tasks
from hromada.assistant.engine import menu
from hromada.assistant.engine.dispatch import MAX_TEXT
from hromada.assistant.models import Chat, InboundUpdate, OutboundMessage

from .conftest import post_telegram, tg_callback, tg_message


def _send(community, telegram, update, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_telegram(Client(), community, update, secret=telegram.webhook_secret)
    assert response.status_code == 200
    return response


def _texts(bot_api) -> list[str]:
    return [call["text"] for call in bot_api.calls("sendMessage")]


def test_start_greets_with_the_menu_of_enabled_commands(chat_commands, telegram, bot_api,
                                                        django_capture_on_commit_callbacks):
    _send(chat_commands, telegram, tg_message(text="/start"), django_capture_on_commit_callbacks)
    [call] = bot_api.calls("sendMessage")
    assert call["chat_id"] == "4242" and chat_commands.name_uk in call["text"]
    payloads = [b.get("callback_data") for row in call["reply_markup"]["inline_keyboard"] for b in row]
    assert "echo:start" in payloads and "secret:start" in payloads
    labels = [b["text"] for row in call["reply_markup"]["inline_keyboard"] for b in row]
    assert "Secret 🔒" in labels  # needs a linked account
    assert InboundUpdate.objects.get().processed_at is not None


def test_a_dialog_keeps_its_state_between_updates_and_across_a_restart(chat_commands, telegram, bot_api,
                                                                       django_capture_on_commit_callbacks):
    send = lambda update: _send(chat_commands, telegram, update, django_capture_on_commit_callbacks)  # noqa: E731
    send(tg_message(text="/echo"))
    send(tg_message(text="перше"))
    chat = Chat.objects.get(channel="telegram", chat_id="4242")
    assert chat.active_command == "echo" and chat.state == {"count": 1}
    # A restart: nothing in memory survives, the next update is run from the stored state.
    InboundUpdate.objects.all().delete()
    update = tg_message(text="друге")
    with django_capture_on_commit_callbacks(execute=False):
        post_telegram(Client(), chat_commands, update, secret=telegram.webhook_secret)
    tasks.process_update.call(InboundUpdate.objects.get().pk)
    tasks.deliver_outbox.call()
    assert _texts(bot_api)[-2:] == ["перше #1", "друге #2"]
    choices = bot_api.calls("sendMessage")[-1]["reply_markup"]["keyboard"]
    assert [[k["text"] for k in row] for row in choices] == [["yes", "no"]]
    send(tg_message(text="bye"))
    chat.refresh_from_db()
    assert chat.active_command == "" and chat.state == {}


def test_buttons_locations_contacts_and_photos_reach_the_dialog(chat_commands, telegram, bot_api,
                                                                django_capture_on_commit_callbacks):
    send = lambda update: _send(chat_commands, telegram, update, django_capture_on_commit_callbacks)  # noqa: E731
    picture = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(picture, format="JPEG")
    bot_api.files["photos/file_7.jpg"] = picture.getvalue()
    send(tg_callback("echo:start"))
    first = bot_api.calls("sendMessage")[0]
    assert first["text"] == "echo started"
    assert first["reply_markup"]["inline_keyboard"] == [[{"text": "Again", "callback_data": "echo:again"}]]
    assert [b["request_location"] for b in bot_api.calls("sendMessage")[1]["reply_markup"]["keyboard"][0]] == [True]
    assert bot_api.calls("answerCallbackQuery")[0]["callback_query_id"].startswith("cb")
    send(tg_callback("echo:again"))
    send(tg_message(location={"latitude": 49.589, "longitude": 34.5514}))
    send(tg_message(contact={"phone_number": "+380501234567", "first_name": "Олена"}))
    send(tg_message(photo=[
        {"file_id": "small", "file_unique_id": "s", "width": 90, "height": 67, "file_size": 900},
        {"file_id": "photos/file_7.jpg", "file_unique_id": "b", "width": 1280, "height": 960, "file_size": 90000},
    ]))
    assert _texts(bot_api)[2:] == ["button echo:again #1", "at 49.5890,34.5514", "phone +380501234567",
                                   "photo ffd8 #4"]  # a JPEG's first bytes: the largest size was fetched
    assert bot_api.calls("getFile") == [{"file_id": "photos/file_7.jpg"}]


def test_bad_input_gets_a_helpful_reply(chat_commands, telegram, bot_api, django_capture_on_commit_callbacks):
    send = lambda update: _send(chat_commands, telegram, update, django_capture_on_commit_callbacks)  # noqa: E731
    send(tg_message(text="/nosuchthing"))
    send(tg_message(text="x" * (MAX_TEXT + 1)))
    send(tg_message(sticker={"file_id": "st", "file_unique_id": "st", "type": "regular", "width": 512,
                             "height": 512, "is_animated": False, "is_video": False}))
    send(tg_callback("vanished:show:5"))
    send(tg_message(location={"latitude": 1.0, "longitude": 2.0}))  # no dialog asked for it
    texts = _texts(bot_api)
    assert "/nosuchthing" in texts[0]
    assert str(MAX_TEXT) in texts[1]
    with translation.override("uk"):
        assert texts[2] == menu.unsupported().text
    assert len(texts) == 5 and all(texts)
    assert Chat.objects.get().active_command == ""


def test_a_failing_dialog_loses_nothing_and_is_retried(chat_commands, telegram, bot_api,
                                                       django_capture_on_commit_callbacks):
    send = lambda update: _send(chat_commands, telegram, update, django_capture_on_commit_callbacks)  # noqa: E731
    send(tg_message(text="/echo"))
    send(tg_message(text="boom"))
    update = InboundUpdate.objects.order_by("-pk").first()
    assert update.processed_at is None and update.attempts == 1 and "RuntimeError" in update.error
    chat = Chat.objects.get()
    assert chat.active_command == "echo" and chat.state == {"count": 0}  # the failed run's change rolled back
    apology = _texts(bot_api)[-1]
    assert apology and "boom" not in apology
    tasks.process_update.call(update.pk)  # the retry fails again: no second apology
    tasks.process_update.call(update.pk)  # the third time it is given up
    update.refresh_from_db()
    assert update.attempts == 3 and update.processed_at is not None
    assert OutboundMessage.objects.count() == 2  # echo's start, one apology


def test_commands_that_need_a_link_explain_it(chat_commands, telegram, bot_api, resident,
                                              django_capture_on_commit_callbacks):
    send = lambda update: _send(chat_commands, telegram, update, django_capture_on_commit_callbacks)  # noqa: E731
    send(tg_message(text="/secret"))
    assert "Secret" in _texts(bot_api)[0]
    Chat.objects.filter(chat_id="4242").update(user=resident)
    send(tg_message(text="/secret"))
    assert _texts(bot_api)[1] == f"secret for {resident.email}"


def test_deep_links_start_the_named_command_and_help_lists_commands(chat_commands, telegram, bot_api,
                                                                    django_capture_on_commit_callbacks):
    send = lambda update: _send(chat_commands, telegram, update, django_capture_on_commit_callbacks)  # noqa: E731
    send(tg_message(text="/start echo-42"))
    send(tg_message(text="/help"))
    send(tg_message(text="/language"))
    send(tg_callback("language:set:en"))
    texts = _texts(bot_api)
    assert texts[0] == "echo started echo-42"  # then the keyboard asking for a location
    assert "/echo — repeats" in texts[2] and "/secret 🔒" in texts[2]
    assert texts[-2] == "Done: I will answer in English." and Chat.objects.get().language == "en"


def test_viber_conversation_start_messages_and_unsubscribe(chat_commands, viber, bot_api,
                                                          django_capture_on_commit_callbacks):
    from .conftest import post_viber, viber_message

    def send(callback):
        with django_capture_on_commit_callbacks(execute=True):
            assert post_viber(Client(), chat_commands, callback).status_code == 200

    person = {"id": "01234567890A=", "name": "Олена", "language": "en-GB", "country": "UA", "api_version": 10}
    send({"event": "conversation_started", "timestamp": 1, "message_token": 9001, "type": "open",
          "context": "echo-7", "user": person, "subscribed": False})
    send(viber_message(type="text", text="btn|echo:again"))
    send(viber_message(type="location", location={"lat": 49.589, "lon": 34.5514}))
    send(viber_message(type="sticker", sticker_id=46105))
    texts = [c.get("text") for c in bot_api.calls("send_message") if c["type"] == "text"]
    assert texts[:3] == ["echo started echo-7", "button echo:again #1", "at 49.5890,34.5514"]
    assert Chat.objects.get(channel="viber").language == "en"
    send({"event": "unsubscribed", "timestamp": 2, "user_id": "01234567890A=", "message_token": 9002})
    assert Chat.objects.get(channel="viber").blocked_at is not None


def test_blocking_the_bot_in_telegram_stops_replies(chat_commands, telegram, bot_api,
                                                    django_capture_on_commit_callbacks):
    from .conftest import _updates

    send = lambda update: _send(chat_commands, telegram, update, django_capture_on_commit_callbacks)  # noqa: E731
    send(tg_message(text="/start"))
    person = {"id": 4242, "is_bot": False, "first_name": "Олена"}
    bot = {"id": 1, "is_bot": True, "first_name": "Bot", "username": "hromada_test_bot"}
    send({"update_id": next(_updates), "my_chat_member": {
        "chat": {"id": 4242, "type": "private"}, "from": person, "date": 1767225600,
        "old_chat_member": {"user": bot, "status": "member"},
        "new_chat_member": {"user": bot, "status": "kicked", "until_date": 0}}})
    chat = Chat.objects.get()
    assert chat.blocked_at is not None
    from hromada.assistant.engine.dispatch import enqueue_replies
    from hromada.assistant.engine.types import Reply

    assert enqueue_replies(chat, [Reply(text="news")]) == 0
    send(tg_message(text="/help"))  # writing again unblocks
    chat.refresh_from_db()
    assert chat.blocked_at is None and len(bot_api.calls("sendMessage")) == 2
