"""The FAQ's services (validation, staff only, audited, tenancy), its back office pages and the public page."""

from __future__ import annotations

import pytest
from conftest import make_member
from django.test import Client

from hromada.assistant import faq
from hromada.assistant.models import FaqEntry, FaqTopic
from hromada.core.audit.models import AuditEvent
from hromada.core.errors import NotFound, PermissionDenied, ValidationFailed
from hromada.core.identity.actors import SYSTEM

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def topic(community):
    return faq.faq_topic_create(actor=SYSTEM, community=community, title="Довідки")


def test_staff_write_residents_may_not(community, official, resident, topic):
    entry = faq.faq_entry_create(actor=official, community=community, topic_id=topic.pk, question="Як?",
                                 answer="Так.")
    assert AuditEvent.objects.filter(action="assistant.faq_entry.created", actor_id=official.pk).exists()
    with pytest.raises(PermissionDenied):
        faq.faq_entry_update(actor=resident, community=community, entry_id=entry.pk, question="Інакше?")
    with pytest.raises(PermissionDenied):
        faq.faq_topic_create(actor=resident, community=community, title="Моя тема")
    assert FaqTopic.objects.count() == 1


@pytest.mark.parametrize(("values", "field"), [
    ({"question": "   ", "answer": "Так."}, "question"),
    ({"question": "Як?", "answer": ""}, "answer"),
    ({"question": "Як?" * 200, "answer": "Так."}, "question"),
    ({"question": "Як?", "answer": "Так.", "order": -1}, "order"),
    ({"question": "Як?", "answer": "Так.", "topic_id": 999999}, "topic_id"),
])
def test_bad_entries_are_refused_with_the_field(community, topic, values, field):
    with pytest.raises(ValidationFailed) as refused:
        faq.faq_entry_create(actor=SYSTEM, community=community, **{"topic_id": topic.pk, **values})
    assert field in refused.value.fields and not FaqEntry.objects.exists()


def test_another_communitys_topic_and_entry_are_not_found(community, other_community, topic):
    with pytest.raises(ValidationFailed):
        faq.faq_entry_create(actor=SYSTEM, community=other_community, topic_id=topic.pk, question="Як?", answer="Так.")
    entry = faq.faq_entry_create(actor=SYSTEM, community=community, topic_id=topic.pk, question="Як?", answer="Так.")
    with pytest.raises(NotFound):
        faq.faq_entry_delete(actor=SYSTEM, community=other_community, entry_id=entry.pk)
    with pytest.raises(NotFound):
        faq.faq_topic_update(actor=SYSTEM, community=other_community, topic_id=topic.pk, title="Чуже")


def test_the_back_office_creates_edits_and_deletes(community, official, topic):
    client = _client(official)
    assert client.get("/c/alpha/assistant/staff/faq/").status_code == 200
    bad = client.post("/c/alpha/assistant/staff/faq/entries/new/", {"topic_id": topic.pk, "question": "",
                                                                    "answer": "", "order": 1})
    assert bad.status_code == 400 and not FaqEntry.objects.exists()
    response = client.post("/c/alpha/assistant/staff/faq/entries/new/", {
        "topic_id": topic.pk, "question": "Де ЦНАП?", "answer": "Вул. Соборна, 1.", "keywords": "адреса",
        "is_published": "on", "order": 5})
    assert response.status_code == 302
    entry = FaqEntry.objects.get()
    client.post(f"/c/alpha/assistant/staff/faq/entries/{entry.pk}/", {
        "topic_id": topic.pk, "question": "Де ЦНАП?", "answer": "Вул. Соборна, 1.", "order": 5})
    assert FaqEntry.objects.get().is_published is False  # unticked: a draft
    page = client.get("/c/alpha/assistant/staff/faq/").content.decode()
    assert "Де ЦНАП?" in page
    client.post(f"/c/alpha/assistant/staff/faq/topics/{topic.pk}/delete/")
    assert not FaqTopic.objects.exists() and not FaqEntry.objects.exists()


def test_the_back_office_is_staff_only(community, resident, other_community, topic):
    assert _client(resident).get("/c/alpha/assistant/staff/faq/").status_code == 404
    outsider = make_member(other_community, "admin")
    assert _client(outsider).get("/c/alpha/assistant/staff/faq/").status_code == 404
    assert _client(outsider).post(f"/c/alpha/assistant/staff/faq/topics/{topic.pk}/delete/").status_code == 404
    assert FaqTopic.objects.exists()


def test_the_public_page_lists_published_answers_by_topic(community, client, topic, django_assert_max_num_queries):
    for n in range(5):
        faq.faq_entry_create(actor=SYSTEM, community=community, topic_id=topic.pk, question=f"Питання {n}?",
                             answer=f"**Відповідь** {n} <script>alert(1)</script>")
    faq.faq_entry_create(actor=SYSTEM, community=community, topic_id=topic.pk, question="Чернетка?", answer="—",
                         is_published=False)
    with django_assert_max_num_queries(12):
        page = client.get("/c/alpha/assistant/faq/").content.decode()
    assert "Питання 4?" in page and "<strong>Відповідь</strong>" in page
    assert "Чернетка?" not in page and "<script>alert" not in page


def test_the_public_page_without_entries(community, client):
    page = client.get("/c/alpha/assistant/faq/")
    assert page.status_code == 200 and 'class="empty"' in page.content.decode()


def test_free_text_in_telegram_is_searched_in_the_faq_end_to_end(community, topic, telegram, bot_api,
                                                                  django_capture_on_commit_callbacks):
    from .conftest import post_telegram, tg_callback, tg_message

    entry = faq.faq_entry_create(actor=SYSTEM, community=community, topic_id=topic.pk,
                                 question="Як отримати довідку про склад сім'ї?", answer="У **ЦНАП**, того ж дня.")
    for update in (tg_message(text="Де взяти довідку"), tg_callback(f"faq:entry:{entry.pk}")):
        with django_capture_on_commit_callbacks(execute=True):
            assert post_telegram(Client(), community, update, secret=telegram.webhook_secret).status_code == 200
    found, answer = bot_api.calls("sendMessage")
    payloads = [b.get("callback_data") for row in found["reply_markup"]["inline_keyboard"] for b in row]
    assert f"faq:entry:{entry.pk}" in payloads
    assert "У ЦНАП, того ж дня." in answer["text"]
