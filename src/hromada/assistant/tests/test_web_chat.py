"""The web chat on the community's site: works without JavaScript (post, redirect, the conversation shown) and
with it (the same post with fetch returns the conversation fragment); buttons, choices, a location and a photo;
a signed-in person's web chat is linked to them; nothing of another visitor's chat is shown."""

from __future__ import annotations

import io
import re

from django.test import Client
from PIL import Image

from hromada.assistant import faq
from hromada.assistant.channels import web
from hromada.assistant.models import Chat, OutboundMessage
from hromada.core.identity.actors import SYSTEM


def test_the_page_greets_without_creating_a_chat(community):
    page = Client().get(f"/c/{community.slug}/assistant/")
    assert page.status_code == 200
    body = page.content.decode()
    assert community.name_uk in body and '<html lang="uk"' in body and "<script src=" in body
    assert "<script>" not in body and " style=" not in body
    assert not Chat.objects.exists()


def test_a_conversation_without_javascript(chat_commands):
    client = Client()
    url = f"/c/{chat_commands.slug}/assistant/"
    response = client.post(url, {"payload": "echo:start"})
    assert response.status_code == 302 and response["Location"].endswith("#latest")
    page = client.get(url).content.decode()
    assert "echo started" in page and 'name="latitude"' in page  # the dialog asked for a location
    # with the map for a pin, hidden until the script shows it, starting at the community's centre
    assert 'class="chat-pin-map"' in page and f'data-lat="{chat_commands.center_lat or 49.0:f}"' in page
    client.post(url, {"latitude": "49.5890", "longitude": "34.5514"})
    client.post(url, {"text": "привіт"})
    page = client.get(url).content.decode()
    assert "at 49.5890,34.5514" in page and "привіт #2" in page
    assert 'value="yes"' in page  # the dialog's choices as buttons
    chat = Chat.objects.get(channel="web")
    assert chat.state == {"count": 2} and not OutboundMessage.objects.exists()  # nothing queued for the web
    # another visitor sees none of it
    assert "привіт" not in Client().get(url).content.decode()


def test_fetch_gets_the_conversation_fragment(chat_commands):
    client = Client()
    url = f"/c/{chat_commands.slug}/assistant/"
    response = client.post(url, {"text": "/echo"}, HTTP_X_REQUESTED_WITH="fetch")
    body = response.content.decode()
    assert response.status_code == 200 and "echo started" in body and "<html" not in body


def test_a_photo_is_checked_stripped_and_given_to_the_dialog(chat_commands):
    client = Client()
    url = f"/c/{chat_commands.slug}/assistant/"
    client.post(url, {"text": "/echo"})
    picture = io.BytesIO()
    Image.new("RGB", (20, 20), "blue").save(picture, format="PNG")
    picture.name = "photo.png"
    picture.seek(0)
    response = client.post(url, {"photo": picture})
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert "photo ffd8 #1" in client.get(url).content.decode()  # re-encoded as JPEG
    bad = io.BytesIO(b"not an image at all")
    bad.name = "x.jpg"
    response = client.post(url, {"photo": bad})
    assert response.status_code == 400 and "form-errors" in response.content.decode()


def test_a_signed_in_person_s_web_chat_is_linked(chat_commands, resident):
    client = Client()
    client.force_login(resident)
    client.post(f"/c/{chat_commands.slug}/assistant/", {"text": "/secret"})
    assert Chat.objects.get(channel="web").user == resident
    assert f"secret for {resident.email}" in client.get(f"/c/{chat_commands.slug}/assistant/").content.decode()


def test_bad_input_is_a_form_error_not_a_500(community):
    client = Client()
    url = f"/c/{community.slug}/assistant/"
    assert client.post(url, {"latitude": "north", "longitude": "1"}).status_code == 400
    assert client.post(url, {"text": "x" * 6000}).status_code == 400
    assert client.post(url, {"payload": "x" * 100}).status_code == 400
    assert client.post(url, {}).status_code == 302  # an empty message: nothing happens


def test_the_api_lists_the_chat_commands(chat_commands):
    response = Client().get(f"/c/{chat_commands.slug}/api/v1/assistant/commands")
    assert response.status_code == 200
    by_name = {c["name"]: c for c in response.json()}
    assert by_name["echo"] == {"name": "echo", "title": "Echo", "description": "repeats", "needs_link": False}
    assert by_name["secret"]["needs_link"] is True


def _my_messages(page: str) -> list[str]:
    """The texts of the resident's own entries in the conversation, as the page has them (escaped)."""
    return re.findall(r'chat-msg--me".*?<div class="chat-text">(.*?)</div>', page, flags=re.S)


def test_a_pressed_button_is_shown_by_its_own_label_escaped(community):
    topic = faq.faq_topic_create(actor=SYSTEM, community=community, title="Довідки <b>та</b> дозволи")
    faq.faq_entry_create(actor=SYSTEM, community=community, topic_id=topic.pk, question="Як?", answer="Так.")
    client = Client()
    url = f"/c/{community.slug}/assistant/"
    client.post(url, {"text": "/faq"})
    client.post(url, {"payload": f"faq:topic:{topic.pk}"})
    page = client.get(url).content.decode()
    assert _my_messages(page) == ["/faq", "Довідки &lt;b&gt;та&lt;/b&gt; дозволи"]
    assert "<b>та</b>" not in page and "натиснуто кнопку" not in page


def test_a_button_the_chat_never_showed_is_echoed_plainly_and_answered(community):
    client = Client()
    url = f"/c/{community.slug}/assistant/"
    client.post(url, {"payload": "faq:topic:<i>999</i>"})  # a made-up payload is never shown
    client.post(url, {"payload": "gone:away"})  # a command that no longer exists
    page = client.get(url).content.decode()
    assert _my_messages(page) == ["(натиснуто кнопку)", "(натиснуто кнопку)"]
    assert "<i>999" not in page and "&lt;i&gt;999" not in page and "gone:away" not in page
    assert "Цієї теми більше немає" in page  # each is still answered: the FAQ's topics, the engine's menu
    assert "Ця кнопка застаріла" in page


def test_button_label_takes_the_newest_button_with_the_payload():
    transcript = [
        {"from": "bot", "buttons": [[{"label": "▫️ Сквер", "payload": "budgets:pick:1.c.7"}]]},
        {"from": "me", "text": "▫️ Сквер"},
        {"from": "bot", "buttons": [[{"label": "✅ Сквер", "payload": "budgets:pick:1.c.7"},
                                     {"label": "Сайт", "payload": "", "url": "https://example.org/"}]]},
    ]
    assert web.button_label(transcript, "budgets:pick:1.c.7") == "✅ Сквер"
    assert web.button_label(transcript, "") == ""  # a url button has no payload to match
    assert web.button_label(transcript, "budgets:pick:1.c.8") == ""


def test_a_typed_command_is_echoed_as_typed():
    for typed, shown in (("/faq вивіз сміття", "/faq вивіз сміття"), ("/HELP", "/help"), ("/start link-x", "/start link-x"),
                         ("/polls", "/polls")):
        message = web.incoming("c", {"text": typed}, language="uk")
        assert web.resident_entry(message, "")["text"] == shown
